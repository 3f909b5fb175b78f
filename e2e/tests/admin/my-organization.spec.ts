import { expect, test } from '@playwright/test';
import { ConsolePage } from '../../pom/console-page';
import { expectNoSeriousA11yViolations } from './axe';

test('a full admin starts the organisation: subscription, terms, Get started, then the next steps', async ({ page }) => {
  const ui = new ConsolePage(page);
  await ui.open('/customers');
  await ui.nav.getByRole('link', { name: 'Start my organisation' }).click();
  await expect(ui.main.getByRole('heading', { name: 'Set up your organisation' })).toBeVisible();
  await expect(ui.main.getByRole('heading', { name: 'Subscription overview' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await ui.main.getByRole('button', { name: 'Get started' }).click();
  await expect(ui.main.getByRole('alert')).toHaveText('Accept the terms to continue.');
  await ui.main.getByRole('checkbox', { name: /I accept the terms/ }).check();
  await ui.main.getByRole('button', { name: 'Get started' }).click();
  await expect(ui.main.getByRole('heading', { name: 'Your organisation is set up' })).toBeVisible();
  await expect(ui.main).toContainText('Set up by');
  await expectNoSeriousA11yViolations(page);

  // It stays set up, and the next steps lead on.
  await page.reload();
  await expect(ui.main.getByRole('heading', { name: 'Your organisation is set up' })).toBeVisible();
  const data = await ui.graphql<{ myOrganization: { setUp: boolean; acceptedTermsVersion: string } }>('{ myOrganization { setUp acceptedTermsVersion } }');
  expect(data.myOrganization.setUp).toBe(true);
  await ui.main.getByRole('link', { name: 'Add users' }).click();
  await expect(page).toHaveURL(/\/users$/);
});
