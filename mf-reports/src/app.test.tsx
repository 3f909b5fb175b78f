import type { GraphQLClient, Locale, ModuleHost, Region } from '@ph/contracts';
import { GraphQLRequestError } from '@ph/ui';
import { cleanup, render, screen } from '@solidjs/testing-library';
import i18next from 'i18next';
import { createSignal } from 'solid-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App, type ReportRun, type ReportTemplate } from './app';

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
const stub = (result: ReportTemplate[], runs: ReportRun[] = []): GraphQLClient => ({ request: async <T,>() => ({ reportTemplates: result, reportRuns: runs }) as T });

describe(App.name, () => {
  it('lists the templates and re-renders in Dutch', async () => {
    const sut = await fakeHost(stub(templates));
    render(() => <App host={sut.host} />);
    expect(await screen.findByText('Call detail report', { selector: 'li span' })).toBeTruthy();
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
    // Both the templates and the runs report the error.
    expect((await screen.findAllByRole('alert'))[0].textContent).toContain('You do not have permission to see this.');
    sut.setLocale('nl');
    expect(screen.getAllByRole('alert')[0].textContent).toContain('U hebt geen toestemming om dit te bekijken.');
  });

  it('generates a report now with the header option and lists runs with status, rows, size and a session download link', async () => {
    const run: ReportRun = {
      id: 'r1', templateName: 'Devices', kind: 'devices', region: 'EU', status: 'SUCCEEDED', rows: 1234, bytes: 2048,
      createdBy: 'full@demo.example', createdAt: '2026-11-25T10:00:00.000Z', downloadUrl: '/api/reports/runs/r1/download',
    };
    const calls: { query: string; variables?: Record<string, unknown> }[] = [];
    const gql: GraphQLClient = {
      request: async <T,>(query: string, variables?: Record<string, unknown>) => {
        calls.push({ query, variables });
        return { reportTemplates: templates.map((t) => ({ ...t, key: t.key === 'callDetail' ? 'call-detail' : t.key })), reportRuns: [run], runReport: { id: 'r2' } } as T;
      },
    };
    const sut = await fakeHost(gql);
    render(() => <App host={sut.host} />);
    sut.setLocale('nl');
    expect(await screen.findByText('Apparaten', { selector: 'td' })).toBeTruthy();
    expect(screen.getByText('1.234')).toBeTruthy();
    expect(screen.getByText('Gereed')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Downloaden' }).getAttribute('href')).toBe('/api/reports/runs/r1/download');
    screen.getByRole('checkbox').click();
    screen.getByRole('button', { name: 'Apparaten nu genereren' }).click();
    await vi.waitFor(() => expect(calls.some((c) => c.query.includes('runReport'))).toBe(true));
    expect(calls.find((c) => c.query.includes('runReport'))!.variables).toEqual({ input: { templateId: '2', region: 'US', locale: 'nl', headers: 'IDS' } });
  });

  it('creates a weekly schedule in the chosen time zone and lists it', async () => {
    const calls: { query: string; variables?: Record<string, unknown> }[] = [];
    const schedule = { id: 's1', templateName: 'Devices', frequency: 'WEEKLY', timeOfDay: '07:30', weekday: 3, dayOfMonth: null, timeZone: 'Europe/Amsterdam', owner: 'full@demo.example', nextRunAt: '2026-12-02T06:30:00.000Z' };
    const gql: GraphQLClient = {
      request: async <T,>(query: string, variables?: Record<string, unknown>) => {
        calls.push({ query, variables });
        const created = calls.some((c) => c.query.includes('createReportSchedule'));
        return { reportTemplates: templates, reportRuns: [], reportSchedules: created ? [schedule] : [], createReportSchedule: { id: 's1' } } as T;
      },
    };
    const sut = await fakeHost(gql);
    render(() => <App host={sut.host} />);
    sut.setLocale('nl');
    expect(await screen.findByText('Er zijn nog geen planningen.')).toBeTruthy();
    const weekday = screen.getByLabelText('Weekdag') as HTMLSelectElement;
    weekday.value = '3';
    weekday.dispatchEvent(new Event('change', { bubbles: true }));
    const time = screen.getByLabelText('Tijd') as HTMLInputElement;
    time.value = '07:30';
    time.dispatchEvent(new Event('input', { bubbles: true }));
    const zone = screen.getByLabelText('Tijdzone') as HTMLInputElement;
    zone.value = 'Europe/Amsterdam';
    zone.dispatchEvent(new Event('input', { bubbles: true }));
    screen.getByRole('button', { name: 'Planning toevoegen' }).click();
    expect(await screen.findByText('Elke woensdag om 07:30')).toBeTruthy();
    expect(calls.find((c) => c.query.includes('createReportSchedule'))!.variables).toEqual({
      input: { templateId: '1', region: 'US', locale: 'nl', frequency: 'WEEKLY', timeOfDay: '07:30', weekday: 3, dayOfMonth: null, timeZone: 'Europe/Amsterdam' },
    });
  });

  it('offers a region choice with "all regions" only when the customers span more than one region', async () => {
    const calls: { query: string; variables?: Record<string, unknown> }[] = [];
    const client = (regions: string[]): GraphQLClient => ({
      request: async <T,>(query: string, variables?: Record<string, unknown>) => {
        calls.push({ query, variables });
        return { reportTemplates: templates, reportRuns: [], reportSchedules: [], reportRegions: regions, runReport: { id: 'r' } } as T;
      },
    });
    const one = await fakeHost(client(['EU']));
    render(() => <App host={one.host} />);
    await screen.findByText('Call detail report', { selector: 'li span' });
    expect(screen.queryByLabelText('Region')).toBeNull();
    screen.getByRole('button', { name: 'Generate Devices now' }).click();
    await vi.waitFor(() => expect(calls.some((c) => c.query.includes('runReport'))).toBe(true));
    expect(calls.find((c) => c.query.includes('runReport'))!.variables).toMatchObject({ input: { region: 'EU' } });
    cleanup();
    calls.length = 0;

    const many = await fakeHost(client(['US', 'EU']));
    render(() => <App host={many.host} />);
    const select = (await screen.findByLabelText('Region')) as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(['US', 'EU', 'All regions (one file)']);
    select.value = 'ALL';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    screen.getByRole('button', { name: 'Generate Devices now' }).click();
    await vi.waitFor(() => expect(calls.some((c) => c.query.includes('runReport'))).toBe(true));
    expect(calls.find((c) => c.query.includes('runReport'))!.variables).toMatchObject({ input: { allRegions: true } });
  });

  it('cancels a running report of the signed-in user and shows a cancelled one as such', async () => {
    const running: ReportRun = {
      id: 'r9', templateName: 'Detailed call history', kind: 'call-history', region: 'US', status: 'RUNNING', rows: 5000, bytes: null,
      createdBy: 'readonly@demo.example', createdAt: '2026-11-25T10:00:00.000Z', downloadUrl: null,
    };
    const stopped: ReportRun = { ...running, id: 'r8', status: 'CANCELLED', createdBy: 'someone@demo.example' };
    const calls: { query: string; variables?: Record<string, unknown> }[] = [];
    const gql: GraphQLClient = {
      request: async <T,>(query: string, variables?: Record<string, unknown>) => {
        calls.push({ query, variables });
        return { reportTemplates: templates, reportRuns: [running, stopped], reportSchedules: [], cancelReportRun: { id: 'r9', status: 'CANCELLED' } } as T;
      },
    };
    const sut = await fakeHost(gql);
    const user = { id: 'u', email: 'readonly@demo.example', displayName: 'R', role: 'READ_ONLY' as const, partnerId: 'p', partnerName: 'P' };
    render(() => <App host={{ ...sut.host, user: () => user }} />);
    const button = await screen.findByRole('button', { name: 'Cancel generating Detailed call history' });
    // Only the user's own run can be cancelled by a read-only admin.
    expect(screen.getAllByRole('button', { name: /^Cancel generating/ })).toHaveLength(1);
    expect(screen.getByText('Cancelled')).toBeTruthy();
    button.click();
    await vi.waitFor(() => expect(calls.find((c) => c.query.includes('cancelReportRun'))?.variables).toEqual({ id: 'r9' }));
    sut.setLocale('nl');
    expect(screen.getByText('Geannuleerd')).toBeTruthy();
  });
});
