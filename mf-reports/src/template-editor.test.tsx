import type { FieldError, GraphQLClient, Locale, ModuleHost, PartnerRole, Region } from '@ph/contracts';
import { GraphQLRequestError } from '@ph/ui';
import { cleanup, fireEvent, render, screen, within } from '@solidjs/testing-library';
import i18next from 'i18next';
import { createSignal } from 'solid-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App, type ReportTemplate } from './app';
import { TemplateEditor } from './template-editor';

afterEach(cleanup);

const KINDS = [
  { key: 'call-detail', periodAllowed: true, maxPeriodDays: 366, columns: [{ id: 'customer_name', header: 'Customer name' }, { id: 'org_id', header: 'Org ID' }] },
  { key: 'devices', periodAllowed: false, maxPeriodDays: null, columns: [{ id: 'customer', header: 'Customer' }, { id: 'mac', header: 'MAC' }] },
  {
    key: 'call-history',
    periodAllowed: true,
    maxPeriodDays: 31,
    columns: [
      { id: 'customer', header: 'Customer' },
      { id: 'org_id', header: 'Org ID' },
      { id: 'start_time_utc', header: 'Start time (UTC)' },
      { id: 'duration_seconds', header: 'Duration (s)' },
    ],
  },
];
const KINDS_NL = KINDS.map((k) => ({ ...k, columns: k.columns.map((c) => ({ ...c, header: c.id === 'start_time_utc' ? 'Starttijd (UTC)' : c.header })) }));
const TAGS = [
  { id: 't-gold', name: 'Gold', color: '#aa8800' },
  { id: 't-silver', name: 'Silver', color: '#888888' },
];

interface Call {
  query: string;
  variables?: Record<string, unknown>;
}

/** A GraphQL client that answers by operation and records every call; `fail` makes a mutation answer an error. */
function client(templates: ReportTemplate[], options: { fail?: (query: string) => Error | null } = {}) {
  const calls: Call[] = [];
  const gql: GraphQLClient = {
    request: async <T,>(query: string, variables?: Record<string, unknown>) => {
      calls.push({ query, variables });
      const failure = options.fail?.(query);
      if (failure) throw failure;
      if (query.includes('reportKinds')) return { reportKinds: variables?.locale === 'nl' ? KINDS_NL : KINDS } as T;
      if (query.includes('ReportTags')) return { tags: TAGS } as T;
      if (query.includes('ReportCustomerSearch')) return { customers: { nodes: [{ id: 'c-acme', name: 'Acme Corp' }, { id: 'c-globex', name: 'Globex' }] } } as T;
      if (query.includes('createReportTemplate')) return { createReportTemplate: { id: 'new-1', name: variables!.input && (variables!.input as { name: string }).name } } as T;
      if (query.includes('updateReportTemplate')) return { updateReportTemplate: { id: 'x1', name: (variables!.input as { name: string }).name } } as T;
      if (query.includes('deleteReportTemplate')) return { deleteReportTemplate: true } as T;
      return { reportTemplates: templates, reportRuns: [], reportSchedules: [], reportRegions: ['US'] } as T;
    },
  };
  return { gql, calls };
}

async function fakeHost(gql: GraphQLClient, role: PartnerRole | null = 'FULL_ADMIN') {
  const i18n = i18next.createInstance();
  await i18n.init({ lng: 'en', fallbackLng: 'en', resources: {}, interpolation: { escapeValue: false } });
  const [locale, setLocale] = createSignal<Locale>('en');
  const [region] = createSignal<Region>('EU');
  const user = role ? { id: 'u1', email: 'full@demo.example', displayName: 'F', role, partnerId: 'p1', partnerName: 'P' } : null;
  const host: ModuleHost = { i18n, locale, region, user: () => user, gql, basePath: '/reports', navigate: vi.fn() };
  return { host, setLocale };
}

const DEFAULTS: ReportTemplate[] = [
  { id: 'd1', key: 'call-detail', name: 'Call detail', kind: 'call-detail', custom: false, canEdit: false },
  { id: 'd2', key: 'devices', name: 'Devices', kind: 'devices', custom: false, canEdit: false },
];
const mine: ReportTemplate = {
  id: 'x1',
  key: 'custom:x1',
  name: 'Gold history',
  kind: 'call-history',
  custom: true,
  columns: ['start_time_utc', 'org_id'],
  customers: [{ id: 'c-acme', name: 'Acme Corp' }],
  tagIds: ['t-gold', 't-deleted'],
  tags: [{ id: 't-gold', name: 'Gold' }],
  from: '2026-01-01T00:00:00.000Z',
  to: '2026-01-11T00:00:00.000Z',
  canEdit: true,
};

const input = (label: string) => screen.getByLabelText(label) as HTMLInputElement;
const type = (label: string, value: string) => fireEvent.input(input(label), { target: { value } });

// Generous: the first test also compiles the lazily loaded editor, on a busy machine.
describe(TemplateEditor.name, { timeout: 30_000 }, () => {
  it('creates a custom template from the keyboard: columns reordered and removed, a customer found and added, a tag, a period', async () => {
    const { gql, calls } = client(DEFAULTS);
    const sut = await fakeHost(gql);
    render(() => <App host={sut.host} />);
    (await screen.findByRole('button', { name: 'New custom template' })).click();
    const form = await screen.findByRole('form', { name: 'New custom template' });
    expect(document.activeElement).toBe(input('Template name'));
    type('Template name', 'Gold calls');
    fireEvent.change(within(form).getByLabelText('Based on'), { target: { value: 'call-history' } });
    const columns = () => within(screen.getByRole('list', { name: 'Columns in the file' })).getAllByRole('listitem').map((li) => li.dataset.column);
    expect(columns()).toEqual(['customer', 'org_id', 'start_time_utc', 'duration_seconds']);
    screen.getByRole('button', { name: 'Move Start time (UTC) up' }).click();
    expect(columns()).toEqual(['customer', 'start_time_utc', 'org_id', 'duration_seconds']);
    expect(within(form).getByRole('status').textContent).toBe('Start time (UTC) is now column 2 of 4.');
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Move Start time (UTC) up' })));
    screen.getByRole('button', { name: 'Remove Duration (s)' }).click();
    expect(columns()).toEqual(['customer', 'start_time_utc', 'org_id']);
    screen.getByRole('button', { name: 'Add Duration (s)' }).click();
    expect(columns()).toEqual(['customer', 'start_time_utc', 'org_id', 'duration_seconds']);
    type('Search customers', 'ac');
    fireEvent.keyDown(input('Search customers'), { key: 'Enter' });
    (await screen.findByRole('button', { name: 'Add Acme Corp' })).click();
    expect(within(screen.getByRole('list', { name: 'Chosen customers' })).getByText('Acme Corp')).toBeTruthy();
    (screen.getByRole('checkbox', { name: 'Gold' }) as HTMLInputElement).click();
    type('From', '2026-01-01');
    type('To (included)', '2026-01-31');
    screen.getByRole('button', { name: 'Save template' }).click();
    await vi.waitFor(() => expect(calls.some((c) => c.query.includes('createReportTemplate'))).toBe(true));
    expect(calls.find((c) => c.query.includes('ReportCustomerSearch'))!.variables).toEqual({ region: 'EU', filter: { search: 'ac' } });
    expect(calls.find((c) => c.query.includes('createReportTemplate'))!.variables).toEqual({
      input: {
        name: 'Gold calls',
        baseKey: 'call-history',
        columns: ['customer', 'start_time_utc', 'org_id', 'duration_seconds'],
        customerIds: ['c-acme'],
        tagIds: ['t-gold'],
        from: '2026-01-01T00:00:00.000Z',
        to: '2026-02-01T00:00:00.000Z',
      },
    });
    expect(await screen.findByText('The template Gold calls was saved.')).toBeTruthy();
    expect(screen.queryByRole('form', { name: 'New custom template' })).toBeNull();
  });

  it("shows the BFF's reasons next to each field and in a focused summary, in English and Dutch", async () => {
    const fields: FieldError[] = [
      { field: 'input.name', reason: 'duplicateName' },
      { field: 'input.columns', reason: 'unknownColumn', params: { column: 'start_time_utc' } },
      { field: 'input.columns', reason: 'required' },
      { field: 'input.to', reason: 'periodTooLong', params: { max: 31 } },
    ];
    const { gql } = client(DEFAULTS, { fail: (q) => (q.includes('createReportTemplate') ? new GraphQLRequestError('BAD_USER_INPUT', 'raw', fields) : null) });
    const sut = await fakeHost(gql);
    render(() => <App host={sut.host} />);
    (await screen.findByRole('button', { name: 'New custom template' })).click();
    await screen.findByRole('form', { name: 'New custom template' });
    type('Template name', 'Devices');
    fireEvent.change(screen.getByLabelText('Based on'), { target: { value: 'call-history' } });
    screen.getByRole('button', { name: 'Save template' }).click();
    const summary = await screen.findByTestId('template-errors');
    await vi.waitFor(() => expect(document.activeElement).toBe(summary));
    expect(summary.getAttribute('role')).toBe('alert');
    expect(summary.textContent).toContain('Correct 4 problems to save the template:');
    expect(summary.textContent).toContain('A template with this name already exists.');
    expect(summary.textContent).toContain('Start time (UTC) is not a column of this template.');
    expect(summary.textContent).toContain('This is required.');
    expect(summary.textContent).toContain('The period can be at most 31 days.');
    const name = input('Template name');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(name.getAttribute('aria-describedby')!)!.textContent).toBe('A template with this name already exists.');
    expect(screen.getByLabelText('From').getAttribute('aria-invalid')).toBe('true');
    sut.setLocale('nl');
    await vi.waitFor(() => expect(screen.getByTestId('template-errors').textContent).toContain('Er bestaat al een sjabloon met deze naam.'));
    const nl = screen.getByTestId('template-errors').textContent!;
    expect(nl).toContain('Corrigeer 4 problemen om het sjabloon op te slaan:');
    expect(nl).toContain('Starttijd (UTC) is geen kolom van dit sjabloon.');
    expect(nl).toContain('De periode mag maximaal 31 dagen zijn.');
    expect(nl).toContain('Dit is verplicht.');
  });

  it('edits a template with its saved choices (a deleted tag is pointed out) and deletes one after confirming', async () => {
    const { gql, calls } = client([...DEFAULTS, mine]);
    const sut = await fakeHost(gql, 'ADMIN');
    render(() => <App host={sut.host} />);
    (await screen.findByRole('button', { name: 'Edit Gold history' })).click();
    const form = await screen.findByRole('form', { name: 'Edit Gold history' });
    expect(input('Template name').value).toBe('Gold history');
    await vi.waitFor(() => expect(within(form).getByRole('list', { name: 'Columns in the file' }).textContent).toContain('Start time (UTC)'));
    expect((screen.getByRole('checkbox', { name: 'Gold' }) as HTMLInputElement).checked).toBe(true);
    expect(screen.getByText('1 tag of this template was deleted; it matches no customer.')).toBeTruthy();
    expect(input('From').value).toBe('2026-01-01');
    expect(input('To (included)').value).toBe('2026-01-10');
    type('Template name', 'Gold history 2');
    screen.getByRole('button', { name: 'Save template' }).click();
    await vi.waitFor(() => expect(calls.some((c) => c.query.includes('updateReportTemplate'))).toBe(true));
    expect(calls.find((c) => c.query.includes('updateReportTemplate'))!.variables).toEqual({
      input: {
        id: 'x1',
        name: 'Gold history 2',
        baseKey: 'call-history',
        columns: ['start_time_utc', 'org_id'],
        customerIds: ['c-acme'],
        tagIds: ['t-gold', 't-deleted'],
        from: '2026-01-01T00:00:00.000Z',
        to: '2026-01-11T00:00:00.000Z',
      },
    });
    expect(await screen.findByText('The template Gold history 2 was saved.')).toBeTruthy();
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Generate Gold history now' })));
    screen.getByRole('button', { name: 'Delete Gold history' }).click();
    const confirm = screen.getByRole('group', { name: 'Delete the template Gold history? Files already generated are kept.' });
    await vi.waitFor(() => expect(document.activeElement).toBe(within(confirm).getByRole('button', { name: 'Yes, delete' })));
    within(confirm).getByRole('button', { name: 'Yes, delete' }).click();
    await vi.waitFor(() => expect(calls.find((c) => c.query.includes('deleteReportTemplate'))?.variables).toEqual({ id: 'x1' }));
    expect(await screen.findByText('The template Gold history was deleted.')).toBeTruthy();
  });

  it('explains a refused delete (schedules still run the template) and offers no management to read-only admins', async () => {
    const inUse = new GraphQLRequestError('BAD_USER_INPUT', 'raw', [{ field: 'id', reason: 'templateInUse', params: { count: 2 } }]);
    const { gql } = client([...DEFAULTS, mine], { fail: (q) => (q.includes('deleteReportTemplate') ? inUse : null) });
    const sut = await fakeHost(gql);
    render(() => <App host={sut.host} />);
    (await screen.findByRole('button', { name: 'Delete Gold history' })).click();
    screen.getByRole('button', { name: 'Yes, delete' }).click();
    expect((await screen.findByText(/could not be deleted/)).textContent).toBe('The template could not be deleted. 2 schedules still run this template; delete them first.');
    cleanup();

    const readOnly = await fakeHost(client([...DEFAULTS, { ...mine, canEdit: false }]).gql, 'READ_ONLY');
    render(() => <App host={readOnly.host} />);
    await screen.findByText('Gold history', { selector: 'li span' });
    expect(screen.queryByRole('button', { name: 'New custom template' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Edit Gold history' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete Gold history' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Generate Gold history now' })).toBeTruthy();
  });
});
