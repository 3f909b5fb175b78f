import { expect, test } from '@playwright/test';
import { ConsolePage } from '../../pom/console-page';
import { expectNoSeriousA11yViolations } from './axe';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test('a full admin creates an API key shown once, copies it and revokes it', async ({ page }) => {
  const ui = new ConsolePage(page);
  await ui.open('/customers');
  await ui.nav.getByRole('link', { name: 'API keys' }).click();
  await expect(ui.main.getByRole('heading', { name: 'API keys', level: 1 })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  const name = `e2e-${Date.now()}`;
  await ui.main.getByLabel('Key name').fill(name);
  await ui.main.getByRole('button', { name: 'Create key' }).click();
  const raw = ui.main.getByTestId('raw-api-key');
  await expect(raw).toBeVisible();
  const rawKey = (await raw.textContent())!;
  await ui.main.getByRole('button', { name: 'Copy' }).click();
  await expect(ui.main.getByText('Copied to the clipboard.')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(rawKey);
  await expectNoSeriousA11yViolations(page);

  // Shown once: after a reload only the prefix is listed.
  await page.reload();
  const row = ui.main.getByRole('row', { name: new RegExp(name) });
  await expect(row).toBeVisible();
  await expect(ui.main.getByTestId('raw-api-key')).toHaveCount(0);
  await expect(ui.main).not.toContainText(rawKey);
  await row.getByRole('button', { name: `Revoke the key ${name}` }).click();
  await expect(row).toContainText('Revoked');
  const { apiKeys } = await ui.graphql<{ apiKeys: { name: string; revokedAt: string | null }[] }>('{ apiKeys { name revokedAt } }');
  expect(apiKeys.find((key) => key.name === name)?.revokedAt).toBeTruthy();
});
