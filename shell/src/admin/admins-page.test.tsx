import { cleanup, screen, within } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeGql, renderShell } from '../testing';
import { AdminsPage } from './admins-page';

afterEach(cleanup);
beforeEach(() => localStorage.clear());

describe(AdminsPage.name, () => {
  it('lists the admins with access to all customers, each leading to their roles', async () => {
    const { gql } = createFakeGql({
      signedIn: () => true,
      answers: {
        AllCustomerAdmins: () => ({
          allCustomerAdmins: [
            { id: 'u3', email: 'readonly@demo.example', displayName: 'Rita Read', role: 'READ_ONLY', seesAllCustomers: true, createdAt: '2026-01-01T00:00:00Z' },
            { id: 'u1', email: 'full@demo.example', displayName: 'Fran Full', role: 'FULL_ADMIN', seesAllCustomers: true, createdAt: '2026-01-01T00:00:00Z' },
          ],
        }),
      },
    });
    await renderShell({ gql, path: '/admins' });
    const table = await screen.findByRole('table', { name: 'Administrators with access to all customers' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getByRole('rowheader').textContent)).toEqual(['Fran Full', 'Rita Read']);
    expect(within(rows[1]).getByText('Read-only partner administrator')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Rita Read: change the admin role' }).getAttribute('href')).toBe('/users/u3');
    expect(screen.getByRole('link', { name: 'Admins' }).getAttribute('aria-current')).toBe('page');
  });
});
