import { ErrorCode } from '@ph/contracts';
import { GraphQLRequestError } from '@ph/ui';
import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeGql, renderShell, TEST_USER } from '../testing';
import type { PartnerUserRow } from './admin-api';
import { UserPage, UsersPage } from './users-page';

afterEach(cleanup);
beforeEach(() => localStorage.clear());

function users(): PartnerUserRow[] {
  return [
    { id: 'u1', email: 'full@demo.example', displayName: 'Fran Full', role: 'FULL_ADMIN', seesAllCustomers: true, createdAt: '2026-01-02T10:00:00Z' },
    { id: 'u2', email: 'admin@demo.example', displayName: 'Ada Admin', role: 'ADMIN', seesAllCustomers: false, createdAt: '2026-01-03T10:00:00Z' },
  ];
}

function fakeBff(options: { role?: PartnerUserRow['role'] } = {}) {
  let rows = users();
  const { gql, calls } = createFakeGql({
    signedIn: () => true,
    user: { ...TEST_USER, role: options.role ?? 'FULL_ADMIN' },
    answers: {
      Users: () => {
        if ((options.role ?? 'FULL_ADMIN') !== 'FULL_ADMIN') throw new GraphQLRequestError(ErrorCode.Forbidden);
        return { users: rows };
      },
      InviteUser: (variables) => {
        const input = variables?.input as { email: string; displayName: string; role: PartnerUserRow['role'] };
        if (rows.some((row) => row.email === input.email)) {
          throw new GraphQLRequestError(ErrorCode.Conflict, 'exists', [{ field: 'input.email', reason: 'taken' }]);
        }
        const created = { id: `u${rows.length + 1}`, ...input, seesAllCustomers: false, createdAt: '2026-02-01T10:00:00Z' };
        rows = [...rows, created];
        return { inviteUser: created };
      },
      ChangeUserRole: (variables) => {
        if (variables?.userId === 'u1') throw new GraphQLRequestError(ErrorCode.Conflict, 'last', [{ field: 'role', reason: 'lastFullAdmin' }]);
        rows = rows.map((row) => (row.id === variables?.userId ? { ...row, role: variables?.role as PartnerUserRow['role'] } : row));
        return { changeUserRole: rows.find((row) => row.id === variables?.userId) };
      },
    },
  });
  return { gql, calls, rows: () => rows };
}

describe(UsersPage.name, () => {
  it('lists the users with translated roles and shows the admin navigation to full admins', async () => {
    const { gql } = fakeBff();
    await renderShell({ gql, path: '/users' });
    const table = await screen.findByRole('table', { name: 'Users' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getByRole('rowheader').textContent)).toEqual(['Ada Admin', 'Fran Full']);
    expect(within(rows[1]).getByText('Full partner administrator')).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Main navigation' });
    expect(within(nav).getByRole('link', { name: 'Users' }).getAttribute('aria-current')).toBe('page');
    expect(within(nav).getByRole('link', { name: 'Audit log' })).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'nl' } });
    expect(await screen.findByRole('heading', { name: 'Gebruikers', level: 1 })).toBeTruthy();
    expect(within(screen.getByRole('table')).getByText('Volledige partnerbeheerder')).toBeTruthy();
  });

  it('checks the e-mail address, shows the server’s field error and adds a user', async () => {
    const { gql, calls } = fakeBff();
    await renderShell({ gql, path: '/users' });
    await screen.findByRole('table');
    const email = screen.getByLabelText('Email address', { selector: '#invite-email' });
    fireEvent.input(email, { target: { value: 'not-an-address' } });
    fireEvent.input(screen.getByLabelText('Name', { selector: '#invite-name' }), { target: { value: 'Nina New' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add user' }));
    expect(await screen.findByText('Enter a valid email address, like name@example.com.')).toBeTruthy();
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(calls.some((call) => call.operation === 'InviteUser')).toBe(false);

    fireEvent.input(email, { target: { value: 'admin@demo.example' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add user' }));
    expect(await screen.findByText('A user with this email address already exists.')).toBeTruthy();

    fireEvent.input(email, { target: { value: 'nina@demo.example' } });
    fireEvent.change(screen.getByLabelText('Role'), { target: { value: 'SALES_ADMIN' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add user' }));
    expect(await screen.findByRole('link', { name: 'Nina New' })).toBeTruthy();
    expect(calls.find((call) => call.operation === 'InviteUser' && (call.variables?.input as { email: string }).email === 'nina@demo.example')?.variables).toEqual({
      input: { email: 'nina@demo.example', displayName: 'Nina New', role: 'SALES_ADMIN' },
    });
    expect(within(screen.getByRole('table')).getByText('Sales administrator')).toBeTruthy();
  });

  it('hides the admin navigation and the invite form from other roles; the BFF refusal is shown translated', async () => {
    const { gql } = fakeBff({ role: 'READ_ONLY' });
    await renderShell({ gql, path: '/users' });
    expect(await screen.findByText('Your role does not allow this.')).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Main navigation' });
    expect(within(nav).queryByRole('link', { name: 'Users' })).toBeNull();
    expect(within(nav).queryByRole('link', { name: 'Audit log' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add user' })).toBeNull();
  });
});

describe(UserPage.name, () => {
  it('changes the role under Roles & security → Admin roles', async () => {
    const { gql, rows } = fakeBff();
    await renderShell({ gql, path: '/users/u2' });
    expect(await screen.findByRole('heading', { name: 'Ada Admin', level: 1 })).toBeTruthy();
    const group = screen.getByRole('group', { name: 'Admin roles' });
    expect(within(group).getAllByRole('radio')).toHaveLength(6);
    fireEvent.click(within(group).getByRole('radio', { name: 'Help desk administrator' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save role' }));
    expect(await screen.findByText('The role was changed.')).toBeTruthy();
    expect(rows().find((row) => row.id === 'u2')?.role).toBe('HELP_DESK');
  });

  it('explains that the last full admin cannot lose the role', async () => {
    const { gql, rows } = fakeBff();
    await renderShell({ gql, path: '/users/u1' });
    await screen.findByRole('heading', { name: 'Fran Full', level: 1 });
    fireEvent.click(screen.getByRole('radio', { name: 'Partner administrator' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save role' }));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe('This is the last full partner administrator. Give another user that role first.'),
    );
    expect(rows().find((row) => row.id === 'u1')?.role).toBe('FULL_ADMIN');
  });
});
