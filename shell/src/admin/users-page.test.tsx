import { ErrorCode } from '@ph/contracts';
import { GraphQLRequestError } from '@ph/ui';
import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeGql, renderShell, TEST_USER } from '../testing';
import type { PartnerUserRow } from './admin-api';
import { UserPage, UsersPage } from './users-page';

afterEach(cleanup);
beforeEach(() => localStorage.clear());

function users(): PartnerUserRow[] {
  return [
    { id: 'u1', email: 'full@demo.example', displayName: 'Fran Full', role: 'FULL_ADMIN', seesAllCustomers: true, hasPassword: true, singleSignOn: false, createdAt: '2026-01-02T10:00:00Z' },
    { id: 'u2', email: 'admin@demo.example', displayName: 'Ada Admin', role: 'ADMIN', seesAllCustomers: false, hasPassword: true, singleSignOn: false, createdAt: '2026-01-03T10:00:00Z' },
    { id: 'u3', email: 'sso@demo.example', displayName: 'Sam Sso', role: 'READ_ONLY', seesAllCustomers: true, hasPassword: false, singleSignOn: true, createdAt: '2026-01-04T10:00:00Z' },
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
        const created = { id: `u${rows.length + 1}`, ...input, seesAllCustomers: false, hasPassword: false, singleSignOn: false, createdAt: '2026-02-01T10:00:00Z' };
        rows = [...rows, created];
        return { inviteUser: { user: created, passwordLink: { url: `http://console.example/set-password#token=invite-${created.id}`, expiresAt: '2026-02-08T10:00:00Z' } } };
      },
      ResetUserPassword: (variables) => {
        rows = rows.map((row) => (row.id === variables?.userId ? { ...row, hasPassword: false } : row));
        return { resetUserPassword: { url: `http://console.example/set-password#token=reset-${String(variables?.userId)}`, expiresAt: '2026-02-08T10:00:00Z' } };
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
    expect(rows.map((row) => within(row).getByRole('rowheader').textContent)).toEqual(['Ada Admin', 'Fran Full', 'Sam Sso']);
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
    // The set-password link, shown once, focused, with Copy.
    const heading = await screen.findByRole('heading', { name: 'Set-password link for nina@demo.example' });
    expect(document.activeElement).toBe(heading);
    const link = screen.getByLabelText('Set-password link') as HTMLInputElement;
    expect(link.value).toBe('http://console.example/set-password#token=invite-u4');
    expect(link.readOnly).toBe(true);
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    fireEvent.click(screen.getByRole('button', { name: 'Copy link' }));
    expect(await screen.findByText('Link copied to the clipboard.')).toBeTruthy();
    expect(writeText).toHaveBeenCalledWith('http://console.example/set-password#token=invite-u4');
  });

  it('says so when the link cannot be copied, and selects it', async () => {
    const { gql } = fakeBff();
    await renderShell({ gql, path: '/users' });
    await screen.findByRole('table');
    fireEvent.input(screen.getByLabelText('Email address', { selector: '#invite-email' }), { target: { value: 'cy@demo.example' } });
    fireEvent.input(screen.getByLabelText('Name', { selector: '#invite-name' }), { target: { value: 'Cy Copy' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add user' }));
    await screen.findByLabelText('Set-password link');
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: async () => Promise.reject(new Error('denied')) }, configurable: true });
    fireEvent.click(screen.getByRole('button', { name: 'Copy link' }));
    expect(await screen.findByText('The link could not be copied. It is selected: copy it yourself.')).toBeTruthy();
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
  it('resets a password after confirmation and shows the new link once', async () => {
    const { gql, calls, rows } = fakeBff();
    await renderShell({ gql, path: '/users/u2' });
    await screen.findByRole('heading', { name: 'Ada Admin', level: 1 });
    expect(screen.getByText('This user signs in with a password.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Reset password' }));
    const confirm = screen.getByRole('group', { name: /current password and any earlier set-password link stop working/ });
    expect(calls.some((call) => call.operation === 'ResetUserPassword')).toBe(false);
    fireEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('group', { name: /stop working/ })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Reset password' }));
    fireEvent.click(within(screen.getByRole('group', { name: /stop working/ })).getByRole('button', { name: 'Reset password' }));
    const link = (await screen.findByLabelText('Set-password link')) as HTMLInputElement;
    expect(link.value).toBe('http://console.example/set-password#token=reset-u2');
    expect(calls.filter((call) => call.operation === 'ResetUserPassword').map((call) => call.variables)).toEqual([{ userId: 'u2' }]);
    expect(rows().find((row) => row.id === 'u2')?.hasPassword).toBe(false);
    expect(screen.getByText('This user has not set a password yet.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Make a new set-password link' })).toBeTruthy();
  });

  it('offers no reset for single sign-on users or for oneself', async () => {
    const { gql } = fakeBff();
    await renderShell({ gql, path: '/users/u3' });
    await screen.findByRole('heading', { name: 'Sam Sso', level: 1 });
    expect(screen.getByText(/signs in with single sign-on; there is no Partner Hub password to reset/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Reset password' })).toBeNull();
    cleanup();
    await renderShell({ gql, path: '/users/u1' });
    await screen.findByRole('heading', { name: 'Fran Full', level: 1 });
    expect(screen.getByText('You cannot reset your own password here.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Reset password' })).toBeNull();
  });

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
