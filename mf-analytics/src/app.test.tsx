import type { GraphQLClient, Locale, ModuleHost, Region } from '@ph/contracts';
import { cleanup, render, screen, waitFor } from '@solidjs/testing-library';
import i18next from 'i18next';
import { createSignal } from 'solid-js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App, type LicenseSummary } from './app';

afterEach(cleanup);

const chartMock = vi.hoisted(() => ({ created: 0, updated: 0, imported: 0 }));
vi.mock('chart.js', () => {
  chartMock.imported++;
  class Chart {
    static register() {}
    data: { labels: string[]; datasets: { data: number[]; label: string }[] };
    options: Record<string, unknown>;
    constructor(_canvas: unknown, config: { data: Chart['data']; options: Record<string, unknown> }) {
      chartMock.created++;
      this.data = config.data;
      this.options = config.options;
    }
    update() {
      chartMock.updated++;
    }
    destroy() {}
  }
  return { Chart, BarController: {}, BarElement: {}, CategoryScale: {}, LinearScale: {}, Tooltip: {} };
});

async function fakeHost(gql: GraphQLClient) {
  const i18n = i18next.createInstance();
  await i18n.init({ lng: 'en', fallbackLng: 'en', resources: {}, interpolation: { escapeValue: false } });
  const [locale, setLocale] = createSignal<Locale>('en');
  const [region, setRegion] = createSignal<Region>('EU');
  const host: ModuleHost = { i18n, locale, region, user: () => null, gql, basePath: '/analytics', navigate: vi.fn() };
  return { host, setLocale, setRegion };
}

const summaries: Partial<Record<Region, LicenseSummary>> = {
  EU: { region: 'EU', licensesPurchased: 12500, licensesAssigned: 9800, licensesUsed: 7100 },
  US: { region: 'US', licensesPurchased: 0, licensesAssigned: 0, licensesUsed: 0 },
};
const stubGql: GraphQLClient = {
  request: async <T,>(_query: string, variables?: Record<string, unknown>) =>
    ({ regionSummary: summaries[variables!.region as Region] }) as T,
};

describe(App.name, () => {
  beforeEach(() => {
    chartMock.created = 0;
  });

  it('renders the license numbers, loads the chart lazily and re-renders in Dutch', async () => {
    const sut = await fakeHost(stubGql);
    render(() => <App host={sut.host} />);
    expect(await screen.findByText('12,500')).toBeTruthy();
    expect(screen.getByText('9,800')).toBeTruthy();
    expect(screen.getByText('7,100')).toBeTruthy();
    expect(screen.getByText('Purchased')).toBeTruthy();
    await waitFor(() => expect(chartMock.created).toBe(1));
    expect(screen.getByRole('img').getAttribute('aria-label')).toContain('12,500 purchased');

    const updatesBefore = chartMock.updated;
    sut.setLocale('nl');
    expect(screen.getByRole('heading', { name: 'Analyses' })).toBeTruthy();
    expect(screen.getByText('12.500')).toBeTruthy();
    expect(screen.getByText('Gekocht')).toBeTruthy();
    expect(screen.getByText('Toegewezen')).toBeTruthy();
    expect(chartMock.updated).toBeGreaterThan(updatesBefore);
  });

  it('shows the empty state without a chart', async () => {
    const sut = await fakeHost(stubGql);
    sut.setRegion('US');
    render(() => <App host={sut.host} />);
    expect(await screen.findByText('There are no licenses in US yet.')).toBeTruthy();
    expect(chartMock.created).toBe(0);
  });
});
