import { expect, test, type Page } from '@playwright/test';
import { ConsolePage } from '../../pom/console-page';

/**
 * Opens Customers with its manifest (or entry) answered by `handler`, checks the fallback and that
 * the shell survives, then lets the module load again via Retry. Returns how long the fallback took.
 */
async function expectIsolatedFailure(page: Page, pattern: string, handler: Parameters<Page['route']>[1]) {
  const ui = new ConsolePage(page);
  await page.route(pattern, handler);
  const started = Date.now();
  await ui.open('/customers');
  await expect(ui.moduleAlert).toContainText('The Customers module could not be loaded.', { timeout: 20_000 });
  const fallbackAfterMs = Date.now() - started;
  const retry = ui.main.getByRole('button', { name: 'Retry' });
  await expect(retry).toBeVisible();

  // The shell and the other modules keep working.
  await expect(ui.nav).toBeVisible();
  await page.getByRole('banner').getByLabel('Language').selectOption('nl');
  await expect(ui.moduleAlert).toContainText('De module Klanten kan niet worden geladen.');
  await page.getByRole('banner').getByLabel('Taal').selectOption('en');
  await ui.nav.getByRole('link', { name: 'Reports' }).click();
  await expect(ui.main.getByRole('heading', { name: 'Reports' })).toBeVisible();
  await ui.nav.getByRole('link', { name: 'Customers' }).click();
  await expect(ui.moduleAlert).toContainText('The Customers module could not be loaded.', { timeout: 20_000 });

  // Once the module is back, Retry mounts it without a reload.
  await page.unroute(pattern);
  await ui.main.getByRole('button', { name: 'Retry' }).click();
  await expect(ui.main.getByRole('heading', { name: 'Customers' })).toBeVisible();
  return fallbackAfterMs;
}

test.describe('a module that fails to load', () => {
  test('manifest answers 404', async ({ page }) => {
    await expectIsolatedFailure(page, '**/modules/customers/mf-manifest.json', (route) => route.fulfill({ status: 404, body: 'gone' }));
  });

  test('manifest answers 500', async ({ page }) => {
    await expectIsolatedFailure(page, '**/modules/customers/mf-manifest.json', (route) => route.fulfill({ status: 500, body: 'boom' }));
  });

  test('entry script answers 404', async ({ page }) => {
    await expectIsolatedFailure(page, '**/modules/customers/**/*.js*', (route) => route.fulfill({ status: 404, body: '' }));
  });

  test('manifest hangs: the fallback appears after the configured timeout, well under 20 s', async ({ page }) => {
    const manifest = (await (await page.request.get('/config/remotes.json')).json()) as { timeoutMs: number };
    expect(manifest.timeoutMs).toBeLessThan(20_000);
    const fallbackAfterMs = await expectIsolatedFailure(page, '**/modules/customers/mf-manifest.json', () => {
      /* never answered */
    });
    // One attempt plus one automatic retry, each cut off at the manifest's timeout.
    expect(fallbackAfterMs).toBeLessThan(2 * manifest.timeoutMs + 3_000);
    expect(fallbackAfterMs).toBeLessThan(20_000);
  });
});
