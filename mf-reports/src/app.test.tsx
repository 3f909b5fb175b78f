import type { GraphQLClient, Locale, ModuleHost, Region } from '@ph/contracts';
import { GraphQLRequestError } from '@ph/ui';
import { cleanup, fireEvent, render, screen, within } from '@solidjs/testing-library';
import i18next from 'i18next';
import { createSignal, Suspense } from 'solid-js';
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
    expect([...select.options].map((o) => o.textContent)).toEqual(['US — United States', 'EU — European Union', 'All regions (one file)']);
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

describe('review fixes', () => {
  const defaults: ReportTemplate[] = [
    { id: 'd1', key: 'call-detail', name: 'Call detail' },
    { id: 'd2', key: 'devices', name: 'Devices' },
    { id: 'c1', key: 'custom-1', name: 'Gold call legs', kind: 'call-history', custom: true },
  ];
  const user = { id: 'u', email: 'full@demo.example', displayName: 'F', role: 'FULL_ADMIN' as const, partnerId: 'p', partnerName: 'P' };
  const baseRun: ReportRun = {
    id: 'r1', templateName: 'Devices', kind: 'devices', region: 'US', status: 'SUCCEEDED', rows: 3, bytes: 2048,
    createdBy: 'full@demo.example', createdAt: '2026-11-25T10:00:00.000Z', downloadUrl: '/api/reports/runs/r1/download',
  };

  it('shows default templates of schedules and the Cancel button by their translated name, custom ones as named', async () => {
    const running: ReportRun = { ...baseRun, id: 'r2', templateName: 'Call detail', kind: 'call-detail', status: 'RUNNING', bytes: null, downloadUrl: null };
    const schedules = [
      { id: 's1', templateName: 'Call detail', frequency: 'DAILY', timeOfDay: '07:30', weekday: null, dayOfMonth: null, timeZone: 'UTC', owner: 'full@demo.example', nextRunAt: '2026-12-02T07:30:00.000Z' },
      { id: 's2', templateName: 'Gold call legs', frequency: 'DAILY', timeOfDay: '08:00', weekday: null, dayOfMonth: null, timeZone: 'UTC', owner: 'full@demo.example', nextRunAt: '2026-12-02T08:00:00.000Z' },
    ];
    const sut = await fakeHost({ request: async <T,>() => ({ reportTemplates: defaults, reportRuns: [running], reportSchedules: schedules }) as T });
    render(() => <App host={{ ...sut.host, user: () => user }} />);
    sut.setLocale('nl');
    const table = await screen.findByTestId('report-schedules');
    expect(within(table).getByText('Gespreksdetails', { selector: 'td' })).toBeTruthy();
    expect(within(table).queryByText('Call detail')).toBeNull();
    expect(within(table).getByText('Gold call legs', { selector: 'td' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Genereren van Gespreksdetails annuleren' })).toBeTruthy();
    sut.setLocale('en');
    expect(within(table).getByText('Call detail', { selector: 'td' })).toBeTruthy();
  });

  it('keeps keyboard focus on a row\'s Download link and Cancel button across polls, and announces a finished run in one live region', async () => {
    const running: ReportRun = { ...baseRun, id: 'r2', status: 'RUNNING', bytes: null, downloadUrl: null };
    // The runs as each poll returns them (new objects every time, as from the network).
    // Another administrator's run that appears finished in the last poll is not announced to this user.
    const others: ReportRun = { ...baseRun, id: 'r3', templateName: 'Call detail', kind: 'call-detail', createdBy: 'other@demo.example' };
    const polls: ReportRun[][] = [[running, baseRun], [running, baseRun], [{ ...running, status: 'SUCCEEDED', downloadUrl: '/api/reports/runs/r2/download' }, baseRun, others]];
    let runQueries = 0;
    const gql: GraphQLClient = {
      request: async <T,>(query: string) => {
        if (query.includes('reportRuns')) {
          const list = polls[Math.min(runQueries++, polls.length - 1)]!;
          return { reportRuns: list.map((run) => ({ ...run })) } as T;
        }
        return { reportTemplates: defaults, reportSchedules: [], reportRegions: ['US'] } as T;
      },
    };
    const sut = await fakeHost(gql);
    // As in the shell, the module renders inside a <Suspense>.
    render(() => (
      <Suspense fallback={<p>loading module</p>}>
        <App host={{ ...sut.host, user: () => user }} />
      </Suspense>
    ));
    const live = await screen.findByTestId('run-announcements');
    expect(live.getAttribute('role')).toBe('status');
    expect(live.textContent).toBe('');
    const cancel = await screen.findByRole('button', { name: 'Cancel generating Devices' });
    cancel.focus();
    // First poll: still running; the same button keeps the focus.
    await vi.waitFor(() => expect(runQueries).toBeGreaterThanOrEqual(2), { timeout: 3000 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(cancel.isConnected).toBe(true);
    expect(document.activeElement).toBe(cancel);

    const download = within(screen.getByTestId('report-runs').querySelector('[data-run-id="r1"]') as HTMLElement).getByRole('link', { name: 'Download' });
    download.focus();
    // Second poll: r2 is ready — announced, and the focus stays on r1's Download link.
    await vi.waitFor(() => expect(live.textContent).toBe('Devices is ready to download.'), { timeout: 3000 });
    expect(screen.getByTestId('run-announcements')).toBe(live);
    expect(download.isConnected).toBe(true);
    expect(document.activeElement).toBe(download);
    expect(screen.getByTestId('report-runs').querySelector('[data-run-id="r2"]')!.getAttribute('data-status')).toBe('SUCCEEDED');
    sut.setLocale('nl');
    expect(live.textContent).toBe('Apparaten is gereed om te downloaden.');
  });

  it('keeps the module and the schedule form on screen while the templates reload after a delete, falling back to an existing template', async () => {
    let templates = defaults.map((t) => ({ ...t, canEdit: t.custom === true }));
    let templateQueries = 0;
    const created: string[] = [];
    const gql: GraphQLClient = {
      request: async <T,>(query: string, variables?: Record<string, unknown>) => {
        if (query.includes('createReportSchedule')) {
          created.push((variables!.input as { templateId: string }).templateId);
          return { createReportSchedule: { id: 's9' } } as T;
        }
        if (query.includes('deleteReportTemplate')) {
          templates = templates.filter((t) => t.id !== 'c1');
          return { deleteReportTemplate: true } as T;
        }
        if (query.includes('reportTemplates')) {
          templateQueries++;
          return { reportTemplates: templates } as T;
        }
        return { reportRuns: [], reportSchedules: [], reportRegions: ['US'] } as T;
      },
    };
    const sut = await fakeHost(gql);
    const fallbacks: number[] = [];
    render(() => (
      <Suspense fallback={<p ref={() => fallbacks.push(templateQueries)}>loading module</p>}>
        <App host={{ ...sut.host, user: () => user }} />
      </Suspense>
    ));
    const time = (await screen.findByLabelText('Time', { exact: true })) as HTMLInputElement;
    fireEvent.input(time, { target: { value: '06:45' } });
    fireEvent.change(screen.getByLabelText('Report', { selector: '#schedule-template' }), { target: { value: 'c1' } });
    const shownBefore = fallbacks.length;
    fireEvent.click(screen.getByRole('button', { name: 'Delete Gold call legs' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Yes, delete' }));
    expect(await screen.findByText('The template Gold call legs was deleted.')).toBeTruthy();
    await vi.waitFor(() => expect(templateQueries).toBe(2));
    // No loading view in place of the module, and the schedule form kept what was typed.
    expect(fallbacks.length).toBe(shownBefore);
    expect(time.isConnected).toBe(true);
    expect(time.value).toBe('06:45');
    // The deleted template was the chosen one: the form now uses, and shows, the first one.
    const report = screen.getByLabelText('Report', { selector: '#schedule-template' }) as HTMLSelectElement;
    expect(report.value).toBe('d1');
    fireEvent.click(screen.getByRole('button', { name: 'Add schedule' }));
    await vi.waitFor(() => expect(created).toEqual(['d1']));
  });

  it('shows the BFF\'s reason next to each invalid schedule field, linked with aria-describedby, and keeps what was typed', async () => {
    const gql: GraphQLClient = {
      request: async <T,>(query: string) => {
        if (query.includes('createReportSchedule')) {
          throw new GraphQLRequestError('BAD_USER_INPUT', 'The schedule is not valid', [
            { field: 'input.timeZone', reason: 'unknownTimeZone' },
            { field: 'input.weekday', reason: 'invalidWeekday' },
          ]);
        }
        return { reportTemplates: defaults, reportRuns: [], reportSchedules: [], reportRegions: ['US'] } as T;
      },
    };
    const sut = await fakeHost(gql);
    render(() => <App host={sut.host} />);
    await screen.findByText('There are no schedules yet.');
    const zone = screen.getByLabelText('Time zone') as HTMLInputElement;
    zone.value = 'Mars/Olympus';
    zone.dispatchEvent(new Event('input', { bubbles: true }));
    screen.getByRole('button', { name: 'Add schedule' }).click();

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The schedule could not be saved.');
    expect(alert.textContent).not.toContain('The request was not valid.');
    expect(zone.getAttribute('aria-invalid')).toBe('true');
    const zoneError = document.getElementById(zone.getAttribute('aria-describedby')!)!;
    expect(zoneError.textContent).toBe('Enter a known time zone, such as Europe/Amsterdam.');
    expect(zone.parentElement!.contains(zoneError)).toBe(true);
    const weekday = screen.getByLabelText('Weekday') as HTMLSelectElement;
    expect(weekday.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(weekday.getAttribute('aria-describedby')!)!.textContent).toBe('Choose a weekday.');
    const time = screen.getByLabelText('Time') as HTMLInputElement;
    expect(time.getAttribute('aria-invalid')).toBeNull();
    expect(time.getAttribute('aria-describedby')).toBeNull();
    expect(zone.value).toBe('Mars/Olympus');

    sut.setLocale('nl');
    expect(zoneError.textContent).toBe('Voer een bekende tijdzone in, zoals Europe/Amsterdam.');
    // Correcting the time zone takes its old reason away (the weekday's stays until it is changed or saved).
    zone.value = 'Europe/Amsterdam';
    zone.dispatchEvent(new Event('input', { bubbles: true }));
    expect(zone.getAttribute('aria-invalid')).toBeNull();
    expect(zone.getAttribute('aria-describedby')).toBeNull();
    expect(weekday.getAttribute('aria-invalid')).toBe('true');
    // Once every named field is corrected the alert keeps only its first sentence (no generic reason).
    fireEvent.change(weekday, { target: { value: '3' } });
    expect(alert.textContent).toBe('De planning kan niet worden opgeslagen.');
  });

  it('names the regions in the region choice in Dutch, keeping the region codes as values', async () => {
    const sut = await fakeHost({ request: async <T,>() => ({ reportTemplates: defaults, reportRuns: [], reportSchedules: [], reportRegions: ['US', 'CA', 'EU', 'AE'] }) as T });
    render(() => <App host={sut.host} />);
    sut.setLocale('nl');
    const select = (await screen.findByLabelText('Regio')) as HTMLSelectElement;
    expect([...select.options].map((o) => [o.value, o.textContent])).toEqual([
      ['US', 'VS — Verenigde Staten'],
      ['CA', 'CA — Canada'],
      ['EU', 'EU — Europese Unie'],
      ['AE', 'VAE — Verenigde Arabische Emiraten'],
      ['ALL', "Alle regio's (één bestand)"],
    ]);
  });
});
