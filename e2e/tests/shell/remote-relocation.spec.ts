import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startConsole } from '../../fixtures/console-server.mjs';
import { serveFolder } from '../../fixtures/static-server';
import { ConsolePage } from '../../pom/console-page';

const fixture = join(import.meta.dirname, '../../fixtures/alt-remote');
const rsbuild = join(import.meta.dirname, '../../../node_modules/@rsbuild/core/bin/rsbuild.js');

test.describe('remotes come from the BFF manifest at run time', () => {
  let remote: Awaited<ReturnType<typeof serveFolder>>;
  let console2: Awaited<ReturnType<typeof startConsole>>;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    const build = spawnSync(process.execPath, [rsbuild, 'build'], { cwd: fixture, stdio: 'inherit' });
    expect(build.status).toBe(0);
    remote = await serveFolder(join(fixture, 'dist'));
    console2 = await startConsole({ port: 3991, env: { REMOTE_REPORTS_URL: `${remote.url}/mf-manifest.json` } });
  });

  test.afterAll(async () => {
    await console2?.stop();
    await remote?.close();
  });

  test('a module moved to another host with a different build loads without rebuilding the shell', async ({ page }) => {
    const manifest = (await (await page.request.get(`${console2.baseUrl}/config/remotes.json`)).json()) as { remotes: { id: string; entry: string }[] };
    expect(manifest.remotes.find((r) => r.id === 'reports')?.entry).toBe(`${remote.url}/mf-manifest.json`);

    const ui = new ConsolePage(page);
    await ui.signIn('full@demo.example', { baseUrl: console2.baseUrl });
    await ui.open(`${console2.baseUrl}/reports`);
    await expect(ui.main.getByRole('heading', { name: 'Alternate reports build' })).toBeVisible();
    await expect(ui.main).toContainText('Region');
    // The other modules still come from the BFF itself.
    await ui.nav.getByRole('link', { name: 'Customers' }).click();
    await expect(ui.main.getByRole('heading', { name: 'Customers' })).toBeVisible();
  });

  test('a module that throws while mounting is contained by the shell', async ({ page }) => {
    await page.addInitScript(() => localStorage.setItem('fixture:throw-on-mount', '1'));
    const ui = new ConsolePage(page);
    await ui.signIn('full@demo.example', { baseUrl: console2.baseUrl });
    await ui.open(`${console2.baseUrl}/reports`);
    await expect(ui.moduleAlert).toContainText('The Reports module could not be loaded.');
    await expect(ui.main.getByRole('button', { name: 'Retry' })).toBeVisible();
    await ui.nav.getByRole('link', { name: 'Customers' }).click();
    await expect(ui.main.getByRole('heading', { name: 'Customers' })).toBeVisible();
    await ui.nav.getByRole('link', { name: 'Reports' }).click();
    await expect(ui.moduleAlert).toContainText('The Reports module could not be loaded.');

    // Fixed remote + Retry: it mounts, without a reload.
    await page.evaluate(() => localStorage.removeItem('fixture:throw-on-mount'));
    await ui.main.getByRole('button', { name: 'Retry' }).click();
    await expect(ui.main.getByRole('heading', { name: 'Alternate reports build' })).toBeVisible();
  });
});
