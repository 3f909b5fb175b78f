import { expect, test } from '@playwright/test';
import { ConsolePage } from '../../pom/console-page';
import { expectNoSeriousA11yViolations } from './axe';

test('a full admin adds a user and changes their role under Roles & security', async ({ page }) => {
  const ui = new ConsolePage(page);
  await ui.open('/customers');
  await ui.nav.getByRole('link', { name: 'Users', exact: true }).click();
  await expect(ui.main.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
  await expect(ui.main.getByRole('table', { name: 'Users' })).toContainText('full@demo.example');
  await expectNoSeriousA11yViolations(page);

  const email = `e2e.${Date.now()}@demo.example`;
  await ui.main.getByLabel('Email address').fill('no-at-sign');
  await ui.main.getByLabel('Name', { exact: true }).fill('Erin E2E');
  await ui.main.getByRole('button', { name: 'Add user' }).click();
  await expect(ui.main.getByText('Enter a valid email address, like name@example.com.')).toBeVisible();

  // The server's field error: the address is taken.
  await ui.main.getByLabel('Email address').fill('admin@demo.example');
  await ui.main.getByRole('button', { name: 'Add user' }).click();
  await expect(ui.main.getByText('A user with this email address already exists.')).toBeVisible();

  await ui.main.getByLabel('Email address').fill(email);
  await ui.main.getByLabel('Role').selectOption('ADMIN');
  await ui.main.getByRole('button', { name: 'Add user' }).click();
  await expect(ui.main.getByRole('status').filter({ hasText: 'was added' })).toContainText(`${email} was added`);
  // The set-password link is shown once (tests/auth/set-password.spec.ts follows it).
  await expect(ui.main.getByLabel('Set-password link')).toHaveValue(/\/set-password#token=/);
  const row = ui.main.getByRole('row', { name: /Erin E2E/ });
  await expect(row).toContainText('Partner administrator');

  await row.getByRole('link', { name: 'Erin E2E' }).click();
  await expect(ui.main.getByRole('heading', { name: 'Erin E2E', level: 1 })).toBeVisible();
  await expect(ui.main.getByRole('heading', { name: 'Roles & security' })).toBeVisible();
  const roles = ui.main.getByRole('group', { name: 'Admin roles' });
  await expect(roles.getByRole('radio')).toHaveCount(6);
  await roles.getByRole('radio', { name: 'Read-only partner administrator' }).check();
  await ui.main.getByRole('button', { name: 'Save role' }).click();
  await expect(ui.main.getByRole('status').filter({ hasText: 'role' })).toHaveText('The role was changed.');
  await expectNoSeriousA11yViolations(page);

  const data = await ui.graphql<{ users: { email: string; role: string }[] }>('{ users { email role } }');
  expect(data.users.find((user) => user.email === email)?.role).toBe('READ_ONLY');

  // It shows on the Admins tab now: read-only admins see all customers.
  await ui.nav.getByRole('link', { name: 'Admins', exact: true }).click();
  await expect(ui.main.getByRole('table')).toContainText(email);
  await expectNoSeriousA11yViolations(page);
});
