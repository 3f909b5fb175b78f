import { expect, test, type Page } from '@playwright/test';
import { ConsolePage } from '../../pom/console-page';

/** Opens Customers with its manifest (or entry) answered by `handler`, and checks the shell survives. */
async function expectIsolatedFailure(page: Page, pattern: string, handler: Parameters<Page['route']>[1]) {
  const ui = new ConsolePage(page);
  await page.route(pattern, handler);
  const started = Date.now();
  await ui.open('/customers');
  await expect(ui.moduleAlert).toContainText('The Customers module could not be loaded.', { timeout: 20_000 });
  const retry = ui.main.getByRole('button', { name: 'Retry' });
  await expect(retry).toBeVisible();

  // The shell and the other modules keep working.
  await expect(ui.nav).toBeVisible();
  await page.getByLabel('Language').selectOption('nl');
  await expect(ui.moduleAlert).toContainText('De module Klanten kan niet worden geladen.');
  await page.getByLabel('Taal').selectOption('en');
  await ui.nav.getByRole('link', { name: 'Reports' }).click();
  await expect(ui.main.getByRole('heading', { name: 'Reports' })).toBeVisible();

  // Once the module is back, Retry mounts it without a reload.
  await page.unroute(pattern);
  await ui.nav.getByRole('link', { name: 'Customers' }).click();
  await ui.main.getByRole('button', { name: 'Retry' }).click();
  await expect(ui.main.getByRole('heading', { name: 'Customers' })).toBeVisible();
  return Date.now() - started;
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
    const elapsed = await expectIsolatedFailure(page, '**/modules/customers/mf-manifest.json', () => {
      /* never answered */
    });
    expect(elapsed).toBeLessThan(60_000);
  });
});
