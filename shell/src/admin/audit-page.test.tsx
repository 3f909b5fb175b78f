import { ErrorCode } from '@ph/contracts';
import { GraphQLRequestError } from '@ph/ui';
import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeGql, renderShell } from '../testing';
import { AuditPage, auditCsvHref, toAuditFilter, type AuditEventRow } from './audit-page';

afterEach(cleanup);
beforeEach(() => localStorage.clear());

/** The outcome and reason of the first events: an error code, reasons only the audit log has, and one the UI does not know. */
const REASONS: Record<number, [string, string]> = {
  0: ['DENIED', 'FORBIDDEN'],
  2: ['DENIED', 'NO_POLICY'],
  4: ['FAILURE', 'TOKEN_EXPIRED'],
  6: ['FAILURE', 'SOMETHING_NEW'],
};

function event(index: number): AuditEventRow {
  return {
    id: `e${index}`,
    at: new Date(Date.UTC(2026, 2, 1, 12, 0, 0) - index * 60_000).toISOString(),
    actorEmail: index % 2 ? 'admin@demo.example' : 'full@demo.example',
    action: index % 2 ? 'users.invite' : 'users.changeRole',
    targetType: 'user',
    targetId: `t${index}`,
    customerId: null,
    region: null,
    outcome: REASONS[index]?.[0] ?? 'SUCCESS',
    reason: REASONS[index]?.[1] ?? null,
    before: index === 1 ? '{"role":"ADMIN"}' : null,
    after: index === 1 ? '{"role":"READ_ONLY"}' : null,
  };
}

function fakeBff(options: { failMore?: boolean } = {}) {
  const all = Array.from({ length: 120 }, (_, index) => event(index));
  const { gql, calls } = createFakeGql({
    signedIn: () => true,
    answers: {
      Users: () => ({ users: [{ id: 'u2', email: 'admin@demo.example', displayName: 'Ada Admin', role: 'ADMIN', seesAllCustomers: false, createdAt: '2026-01-01T00:00:00Z' }] }),
      AuditEvents: (variables) => {
        const filter = (variables?.filter ?? {}) as { action?: string };
        const rows = all.filter((row) => !filter.action || row.action === filter.action);
        const start = variables?.after ? Number(variables.after) : 0;
        if (start > 0 && options.failMore) throw new GraphQLRequestError(ErrorCode.Network);
        const first = Number(variables?.first);
        const page = rows.slice(start, start + first);
        return { auditEvents: { events: page, nextCursor: start + first < rows.length ? String(start + first) : null } };
      },
    },
  });
  return { gql, calls };
}

describe(AuditPage.name, () => {
  it('lists events newest first and loads the next page with the cursor', async () => {
    const { gql, calls } = fakeBff();
    await renderShell({ gql, path: '/audit' });
    const table = await screen.findByRole('table', { name: 'Audit events' });
    expect(within(table).getAllByRole('row')).toHaveLength(51);
    expect(within(table).getByText('Refused · The role does not allow this')).toBeTruthy();
    // Before and after sit in a disclosure on the row that has them.
    expect(within(table).getAllByText('Before and after')).toHaveLength(1);
    expect(within(table).getByText('{"role":"READ_ONLY"}')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(101));
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(121));
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(calls.filter((call) => call.operation === 'AuditEvents').map((call) => call.variables?.after)).toEqual([null, '50', '100']);
  });

  it('translates the reason of a refused or failed event in both languages, showing an unknown code as it is', async () => {
    const { gql } = fakeBff();
    await renderShell({ gql, path: '/audit' });
    const table = await screen.findByRole('table', { name: 'Audit events' });
    const outcomes = () => within(table).getAllByRole('row').slice(1, 8).map((row) => row.querySelectorAll('td')[4].textContent);
    expect(outcomes()).toEqual([
      'Refused · The role does not allow this',
      'Done',
      'Refused · No access rule covers this action',
      'Done',
      'Failed · The set-password link had expired',
      'Done',
      'Failed · SOMETHING_NEW',
    ]);
    fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'nl' } });
    await waitFor(() => expect(outcomes()[0]).toBe('Geweigerd · De rol staat dit niet toe'));
    expect(outcomes()[2]).toBe('Geweigerd · Geen toegangsregel voor deze actie');
    expect(outcomes()[4]).toBe('Mislukt · De link om het wachtwoord in te stellen was verlopen');
    expect(outcomes()[6]).toBe('Mislukt · SOMETHING_NEW');
  });

  it('puts the filters in the URL, queries with them and exports the same filters', async () => {
    const { gql, calls } = fakeBff();
    const history = await renderShell({ gql, path: '/audit' });
    await screen.findByRole('table');
    await screen.findByRole('option', { name: 'Ada Admin (admin@demo.example)' });
    fireEvent.change(screen.getByLabelText('Who'), { target: { value: 'u2' } });
    fireEvent.input(screen.getByLabelText('Action'), { target: { value: 'users.invite' } });
    fireEvent.input(screen.getByLabelText('From'), { target: { value: '2026-03-01' } });
    fireEvent.input(screen.getByLabelText('To'), { target: { value: '2026-03-02' } });
    fireEvent.click(screen.getByRole('button', { name: 'Filter' }));
    await waitFor(() => expect(history.get()).toBe('/audit?actor=u2&action=users.invite&from=2026-03-01&to=2026-03-02'));
    const expected = { actorId: 'u2', action: 'users.invite', from: new Date(2026, 2, 1).toISOString(), to: new Date(2026, 2, 3).toISOString() };
    await waitFor(() => expect(calls.filter((call) => call.operation === 'AuditEvents').at(-1)?.variables?.filter).toEqual(expected));
    const href = screen.getByRole('link', { name: 'Export CSV' }).getAttribute('href')!;
    expect(href.startsWith('/api/audit.csv?')).toBe(true);
    expect(Object.fromEntries(new URLSearchParams(href.split('?')[1]))).toEqual(expected);
    await waitFor(() => expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(51));
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(history.get()).toBe('/audit'));
    expect(screen.getByRole('link', { name: 'Export CSV' }).getAttribute('href')).toBe('/api/audit.csv');
  });

  it('refuses a customer filter that is not an organisation id at the field, in both languages, without querying', async () => {
    const { gql, calls } = fakeBff();
    const history = await renderShell({ gql, path: '/audit' });
    await screen.findByRole('table');
    const queries = () => calls.filter((call) => call.operation === 'AuditEvents').length;
    const before = queries();
    const customer = screen.getByLabelText('Customer ID') as HTMLInputElement;
    fireEvent.input(customer, { target: { value: 'acme' } });
    fireEvent.click(screen.getByRole('button', { name: 'Filter' }));
    const error = await screen.findByRole('alert');
    expect(error.textContent).toContain("Enter a customer's organisation ID");
    expect(customer.getAttribute('aria-invalid')).toBe('true');
    expect(customer.getAttribute('aria-describedby')).toBe(error.id);
    expect(document.activeElement).toBe(customer);
    expect(history.get()).toBe('/audit');
    expect(queries()).toBe(before);
    fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'nl' } });
    await waitFor(() => expect(error.textContent).toContain('Voer de organisatie-id van een klant in'));
    // Clearing the filters (here: the URL changes to another filter) takes the complaint away.
    history.set({ value: '/audit?action=users.invite' });
    await waitFor(() => expect(customer.getAttribute('aria-invalid')).toBeNull());
    expect(screen.queryByRole('alert')).toBeNull();
    // A real id clears the error and filters.
    fireEvent.input(customer, { target: { value: '0f8fad5b-d9cb-469f-a165-70867728950e' } });
    expect(customer.getAttribute('aria-invalid')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Filteren' }));
    await waitFor(() => expect(history.get()).toBe('/audit?action=users.invite&customer=0f8fad5b-d9cb-469f-a165-70867728950e'));
  });

  it('empties the fields and the complaint on Clear also when the URL has no filter to remove', async () => {
    const { gql } = fakeBff();
    const history = await renderShell({ gql, path: '/audit' });
    await screen.findByRole('table');
    const customer = screen.getByLabelText('Customer ID') as HTMLInputElement;
    fireEvent.input(customer, { target: { value: 'abc' } });
    fireEvent.click(screen.getByRole('button', { name: 'Filter' }));
    expect(await screen.findByRole('alert')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(customer.value).toBe(''));
    expect(customer.getAttribute('aria-invalid')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(history.get()).toBe('/audit');
  });

  it('reads the filters from a shared link and reports a failed next page', async () => {
    const { gql, calls } = fakeBff({ failMore: true });
    await renderShell({ gql, path: '/audit?action=users.changeRole' });
    await screen.findByRole('table');
    expect((screen.getByLabelText('Action') as HTMLInputElement).value).toBe('users.changeRole');
    expect(calls.find((call) => call.operation === 'AuditEvents')?.variables?.filter).toEqual({ action: 'users.changeRole' });
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByText('Partner Hub could not be reached. Check your connection and try again.')).toBeTruthy();
  });
});

describe('toAuditFilter', () => {
  it('drops empty and malformed values and makes the end date inclusive', () => {
    expect(toAuditFilter({ actor: '', action: ' ', customer: '', from: 'yesterday', to: '' })).toEqual({});
    expect(auditCsvHref({ actor: '', action: '', customer: 'c1', from: '', to: '2026-12-31' })).toBe(
      `/api/audit.csv?customerId=c1&to=${encodeURIComponent(new Date(2027, 0, 1).toISOString())}`,
    );
  });
});
