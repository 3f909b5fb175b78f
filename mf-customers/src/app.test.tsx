import type { GraphQLClient, Locale, ModuleHost, Region } from '@ph/contracts';
import { GraphQLRequestError } from '@ph/ui';
import { cleanup, render, screen } from '@solidjs/testing-library';
import i18next from 'i18next';
import { createSignal } from 'solid-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App, namespace, type CustomerSummary } from './app';

afterEach(cleanup);

async function fakeHost(gql: GraphQLClient) {
  const i18n = i18next.createInstance();
  await i18n.init({ lng: 'en', fallbackLng: 'en', resources: {}, interpolation: { escapeValue: false } });
  const [locale, setLocale] = createSignal<Locale>('en');
  const [region, setRegion] = createSignal<Region>('US');
  const host: ModuleHost = { i18n, locale, region, user: () => null, gql, basePath: '/customers', navigate: vi.fn() };
  return { host, setLocale, setRegion };
}

const summaries: Record<Region, CustomerSummary> = {
  US: { region: 'US', customerCount: 1234, subscriptionCount: 1000, trialCount: 1 },
  CA: { region: 'CA', customerCount: 0, subscriptionCount: 0, trialCount: 0 },
  EU: { region: 'EU', customerCount: 7, subscriptionCount: 5, trialCount: 2 },
  AE: { region: 'AE', customerCount: 1, subscriptionCount: 1, trialCount: 0 },
};

const stubGql: GraphQLClient = {
  request: async <T,>(_query: string, variables?: Record<string, unknown>) =>
    ({ regionSummary: summaries[variables!.region as Region] }) as T,
};

describe(App.name, () => {
  it('renders the region summary and re-renders in Dutch', async () => {
    const sut = await fakeHost(stubGql);
    render(() => <App host={sut.host} />);
    expect(await screen.findByText('1,234 customers in US')).toBeTruthy();
    expect(screen.getByText('1 running trial')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Customers' })).toBeTruthy();

    sut.setLocale('nl');
    expect(screen.getByRole('heading', { name: 'Klanten' })).toBeTruthy();
    expect(screen.getByText('1.234 klanten in US')).toBeTruthy();
    expect(screen.getByText('1 lopende proefperiode')).toBeTruthy();
  });

  it('refetches when the region changes and shows the empty state', async () => {
    const sut = await fakeHost(stubGql);
    render(() => <App host={sut.host} />);
    await screen.findByText('1,234 customers in US');
    sut.setRegion('EU');
    expect(await screen.findByText('7 customers in EU')).toBeTruthy();
    sut.setRegion('CA');
    expect(await screen.findByText('There are no customers in CA yet.')).toBeTruthy();
  });

  it('translates an error by code and retries', async () => {
    let fail = true;
    const gql: GraphQLClient = {
      request: async <T,>(query: string, variables?: Record<string, unknown>) => {
        if (fail) throw new GraphQLRequestError('UNAVAILABLE', 'db down at 10.0.0.3');
        return stubGql.request<T>(query, variables);
      },
    };
    const sut = await fakeHost(gql);
    render(() => <App host={sut.host} />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The service is temporarily unavailable.');
    expect(alert.textContent).not.toContain('10.0.0.3');
    fail = false;
    screen.getByRole('button', { name: 'Retry' }).click();
    expect(await screen.findByText('1,234 customers in US')).toBeTruthy();
  });

  it('registers its own namespace', async () => {
    const sut = await fakeHost(stubGql);
    render(() => <App host={sut.host} />);
    expect(sut.host.i18n.hasResourceBundle('nl', namespace)).toBe(true);
  });
});
