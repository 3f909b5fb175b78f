import { expect, test } from '@playwright/test';
import { ConsolePage, DEMO_PASSWORD } from '../../pom/console-page';

// These specs start signed out.
test.use({ storageState: { cookies: [], origins: [] } });

test.describe('sign-in', () => {
  test('a deep link while signed out goes through sign-in and back to the page', async ({ page }) => {
    await page.goto('/reports');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Freports$/);
    await expect(page.getByRole('navigation')).toHaveCount(0);
    await page.getByLabel('Email address').fill('readonly@demo.example');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page).toHaveURL(/\/reports$/);
    await expect(page.getByRole('banner')).toContainText('Read-only partner administrator');
  });

  test('a wrong password gets a translated error and no session', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByLabel('Email address').fill('full@demo.example');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText('The email address or password is not correct.');
    const me = await page.request.post('/graphql', {
      data: { query: '{ me { id } }' },
      headers: { 'content-type': 'application/json', 'x-partner-hub': '1' },
    });
    expect((await me.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  test('signing out ends the session on the server', async ({ page }) => {
    const ui = new ConsolePage(page);
    await ui.signIn('helpdesk@demo.example');
    await expect(page.getByRole('banner')).toContainText('Help desk administrator');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await page.goto('/customers');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fcustomers$/);
  });
});
