import type { GraphQLClient, Locale, ModuleHost, Region } from '@ph/contracts';
import { GraphQLRequestError } from '@ph/ui';
import { cleanup, render, screen } from '@solidjs/testing-library';
import i18next from 'i18next';
import { createSignal } from 'solid-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App, type ReportTemplate } from './app';

afterEach(cleanup);

async function fakeHost(gql: GraphQLClient) {
  const i18n = i18next.createInstance();
  await i18n.init({ lng: 'en', fallbackLng: 'en', resources: {}, interpolation: { escapeValue: false } });
  const [locale, setLocale] = createSignal<Locale>('en');
  const [region] = createSignal<Region>('US');
  const host: ModuleHost = { i18n, locale, region, user: () => null, gql, basePath: '/reports', navigate: vi.fn() };
  return { host, setLocale };
}

const templates: ReportTemplate[] = [
  { id: '1', key: 'callDetail', name: 'Call detail report' },
  { id: '2', key: 'devices', name: 'Devices report' },
];
const stub = (result: ReportTemplate[]): GraphQLClient => ({ request: async <T,>() => ({ reportTemplates: result }) as T });

describe(App.name, () => {
  it('lists the templates and re-renders in Dutch', async () => {
    const sut = await fakeHost(stub(templates));
    render(() => <App host={sut.host} />);
    expect(await screen.findByText('Call detail report')).toBeTruthy();
    expect(screen.getByText('2 templates')).toBeTruthy();
    sut.setLocale('nl');
    expect(screen.getByRole('heading', { name: 'Rapporten' })).toBeTruthy();
    expect(screen.getByText('2 sjablonen')).toBeTruthy();
  });

  it('shows the empty state', async () => {
    const sut = await fakeHost(stub([]));
    render(() => <App host={sut.host} />);
    expect(await screen.findByText('There are no report templates yet.')).toBeTruthy();
  });

  it('translates errors by code', async () => {
    const sut = await fakeHost({ request: async () => Promise.reject(new GraphQLRequestError('FORBIDDEN', 'raw')) });
    render(() => <App host={sut.host} />);
    expect((await screen.findByRole('alert')).textContent).toContain('You do not have permission to see this.');
    sut.setLocale('nl');
    expect(screen.getByRole('alert').textContent).toContain('U hebt geen toestemming om dit te bekijken.');
  });
});
