import type { GraphQLClient, Locale, ModuleHost, Region } from '@ph/contracts';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import i18next from 'i18next';
import { createSignal } from 'solid-js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from './app';
import type { LicenseRow, LicenseSectionPage, LicenseWeek } from './queries';

afterEach(cleanup);

const chartMock = vi.hoisted(() => ({ created: 0, updated: 0 }));
vi.mock('chart.js', () => {
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
  return { Chart, LineController: {}, LineElement: {}, PointElement: {}, BarController: {}, BarElement: {}, CategoryScale: {}, LinearScale: {}, Tooltip: {}, Legend: {} };
});

async function fakeHost(gql: GraphQLClient) {
  const i18n = i18next.createInstance();
  await i18n.init({ lng: 'en', fallbackLng: 'en', resources: {}, interpolation: { escapeValue: false } });
  const [locale, setLocale] = createSignal<Locale>('en');
  const [region, setRegion] = createSignal<Region>('EU');
  const host: ModuleHost = { i18n, locale, region, user: () => null, gql, basePath: '/analytics', navigate: vi.fn() };
  return { host, setLocale, setRegion };
}

const row = (over: Partial<LicenseRow>): LicenseRow => ({
  customerId: 'c1', customerName: 'Acme', subscriptionId: 'Sub-1', trial: false, daysSinceAdded: 12, monthsSinceAdded: 0, daysToEnd: 30,
  monthsRemaining: 1, autoRenew: false, total: 20, assigned: 15, used: 12, weeklyAssignmentChange: 2, weeklyUsageChange: -1, usage3MonthsPct: 55, ...over,
});
const weeks: LicenseWeek[] = [
  { weekStart: '2026-11-09', purchased: 1000, assigned: 800, used: 600 },
  { weekStart: '2026-11-16', purchased: 1200, assigned: 900, used: 700 },
];

/** A BFF stub: Meetings and Calling answer different numbers; the US has nothing. */
function stub(calls: Record<string, unknown>[]): GraphQLClient {
  return {
    request: async <T,>(query: string, variables?: Record<string, unknown>) => {
      calls.push({ query: query.match(/query (\w+)/)![1], ...variables });
      const empty = variables!.region === 'US';
      if (query.includes('licenseKpis(')) {
        return { licenseKpis: empty ? { totalCustomers: 0, expiringSoon: 0, renewingSoon: 0, lowAssignment: 0, overage: 0 } : { totalCustomers: 1234, expiringSoon: 56, renewingSoon: 78, lowAssignment: 9, overage: 4 } } as T;
      }
      const calling = variables!.product === 'CALLING';
      const page: LicenseSectionPage = empty
        ? { totalCount: 0, kpis: { customers: 0, licenses: 0, assignmentPct: null, usagePct: null, usageAtAssignmentPct: null, unassigned: 0, overageLicenses: 0, averageOverage: null }, rows: [] }
        : {
            totalCount: 25,
            kpis: { customers: calling ? 7 : 11, licenses: 500, assignmentPct: 75, usagePct: 60, usageAtAssignmentPct: 80, unassigned: 40, overageLicenses: 12, averageOverage: 3.5 },
            rows: [row({ customerName: calling ? 'Calling Co' : 'Meeting Co' }), row({ subscriptionId: 'Trial-9', trial: true, customerName: 'Trial Co' })],
          };
      if (!query.includes('licenseTrend(')) return { licenseSection: page } as T;
      // The view: the trend and each section's first page under its alias.
      const view: Record<string, unknown> = { licenseTrend: empty ? [] : weeks };
      for (const [, alias] of query.matchAll(/(\w+): licenseSection\(/g)) view[alias!] = page;
      return view as T;
    },
  };
}

describe(App.name, () => {
  beforeEach(() => {
    chartMock.created = 0;
  });

  it('shows the KPIs, the trend with a table view and the five sections; the switch drives trend and sections', async () => {
    const calls: Record<string, unknown>[] = [];
    const sut = await fakeHost(stub(calls));
    render(() => <App host={sut.host} />);
    expect(await screen.findByText('1,234')).toBeTruthy();
    expect(within(screen.getByTestId('kpi-overage')).getByText('4')).toBeTruthy();
    await waitFor(() => expect(chartMock.created).toBe(1));
    expect(screen.getByRole('img', { name: /last week 1,200 purchased, 900 assigned, 700 used/ })).toBeTruthy();
    expect(screen.getByRole('table', { name: 'License distribution trend' })).toBeTruthy();
    const expiring = within(await screen.findByTestId('section-EXPIRING'));
    expect(await expiring.findByText('Meeting Co')).toBeTruthy();
    expect(expiring.getByText('75%')).toBeTruthy();
    expect(expiring.getAllByRole('columnheader').map((h) => h.textContent?.replace(/[▲▼]/g, '').trim())).toEqual([
      'Customer', 'Subscription ID', 'Days to expiry', 'Total licenses', 'Used/Assigned/Available licenses', 'Usage in the last 3 months',
    ]);
    expect(expiring.getAllByRole('img', { name: '12 used, 15 assigned, 5 available of 20 licenses' }).length).toBe(2);
    const overage = within(screen.getByTestId('section-OVERAGE'));
    expect(await overage.findByText('3.5')).toBeTruthy();
    expect(overage.getAllByText('15 (75%)').length).toBe(2);

    fireEvent.click(screen.getByRole('radio', { name: 'Calling' }));
    expect(await expiring.findByText('Calling Co')).toBeTruthy();
    // One request for the trend and the five sections, per product shown; none of a section's own yet.
    expect(calls.map((c) => c.query)).toEqual(['LicenseKpis', 'LicenseView', 'LicenseView']);
    expect(calls.filter((c) => c.query === 'LicenseView').map((c) => c.product)).toEqual(['MEETINGS', 'CALLING']);
  });

  it('sorts and pages on the server', async () => {
    const calls: Record<string, unknown>[] = [];
    const sut = await fakeHost(stub(calls));
    render(() => <App host={sut.host} />);
    const expiring = within(await screen.findByTestId('section-EXPIRING'));
    await expiring.findByText('Meeting Co');
    fireEvent.click(expiring.getByRole('button', { name: 'Total licenses' }));
    await waitFor(() => expect(calls.at(-1)).toMatchObject({ section: 'EXPIRING', sort: 'TOTAL', descending: false, offset: 0 }));
    expect(expiring.getByRole('columnheader', { name: /Total licenses/ }).getAttribute('aria-sort')).toBe('ascending');
    fireEvent.click(expiring.getByRole('button', { name: 'Total licenses' }));
    await waitFor(() => expect(calls.at(-1)).toMatchObject({ sort: 'TOTAL', descending: true }));
    fireEvent.click(expiring.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(calls.at(-1)).toMatchObject({ section: 'EXPIRING', offset: 10 }));
    // Back to the default order and first page: the page's answer again, no request of its own.
    const asked = calls.length;
    fireEvent.click(expiring.getByRole('button', { name: 'Previous' }));
    fireEvent.click(expiring.getByRole('button', { name: /Days to expiry/ }));
    await waitFor(() => expect(expiring.getByRole('columnheader', { name: /Days to expiry/ }).getAttribute('aria-sort')).toBe('ascending'));
    expect(calls.slice(asked)).toEqual([expect.objectContaining({ query: 'LicenseSection', sort: 'TOTAL', descending: true, offset: 0 })]);
    expect(expiring.getByText('Meeting Co')).toBeTruthy();
  });

  it('shows designed empty states for a region without data and re-renders in Dutch', async () => {
    const sut = await fakeHost(stub([]));
    sut.setRegion('US');
    render(() => <App host={sut.host} />);
    expect(await screen.findByText('No subscriptions or trials expire in the next 90 days.')).toBeTruthy();
    expect(await screen.findByText('There are no weekly license figures for Meetings in US yet.')).toBeTruthy();
    expect(chartMock.created).toBe(0);
    sut.setLocale('nl');
    expect(screen.getByRole('heading', { name: 'Analyses' })).toBeTruthy();
    expect(screen.getByText('Verloopt bijna')).toBeTruthy();
    expect(screen.getByText('Overschrijding licentielimiet')).toBeTruthy();
    expect(screen.getByRole('radio', { name: 'Vergaderingen' })).toBeTruthy();
  });

  it('explains low license assignment in a tooltip on keyboard focus', async () => {
    const sut = await fakeHost(stub([]));
    render(() => <App host={sut.host} />);
    const info = await screen.findByRole('button', { name: 'How is low license assignment defined?' });
    expect(screen.getByRole('tooltip', { hidden: true }).hidden).toBe(true);
    info.focus();
    const tip = screen.getByRole('tooltip');
    expect(tip.textContent).toContain('bottom quartile');
    expect(info.getAttribute('aria-describedby')).toBe(tip.id);
  });
});
