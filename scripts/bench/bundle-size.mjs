// Bytes (gzip) the browser downloads: for the shell before its first paint, and for each
// module on first navigation — the code requested until the module asks the BFF for its
// data. Code requested after that (Chart.js, when a chart is first shown) is reported apart.
// Baseline = the budget from the platform issue, so ratio ≤ 1 means within budget.
import { chromium } from '@playwright/test';
import { gzipSync } from 'node:zlib';
import { startConsole } from '../../e2e/fixtures/console-server.mjs';

const KB = 1024;
const SHELL_BUDGET = 100 * KB;
const MODULE_BUDGET = 60 * KB;
const MODULES = ['customers', 'analytics', 'reports'];

const isCode = (request) => ['document', 'script', 'stylesheet', 'font'].includes(request.resourceType());

/** Records the gzip size of code responses, tagged by whether data was requested before them. */
function recorder(page) {
  const downloads = [];
  const pending = [];
  let inflight = 0;
  let lastChange = Date.now();
  let dataRequested = false;
  const track = (delta) => {
    inflight += delta;
    lastChange = Date.now();
  };
  page.on('request', (request) => {
    track(1);
    if (request.url().endsWith('/graphql')) dataRequested = true;
    if (isCode(request)) request.phBeforeData = !dataRequested;
  });
  page.on('requestfailed', () => track(-1));
  page.on('requestfinished', async (request) => {
    if (isCode(request)) {
      const body = request
        .response()
        .then((response) => response?.body())
        .then((bytes) => bytes && downloads.push({ url: request.url(), bytes: gzipSync(bytes).length, beforeData: request.phBeforeData }))
        .catch(() => undefined);
      pending.push(body);
    }
    track(-1);
  });
  return {
    /** Waits until no request has been in flight for `quietMs`, then returns and clears what was recorded. */
    async settle(quietMs = 750) {
      while (inflight > 0 || Date.now() - lastChange < quietMs) await new Promise((r) => setTimeout(r, 50));
      await Promise.all(pending.splice(0));
      dataRequested = false;
      return downloads.splice(0);
    },
  };
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
    const record = recorder(page);
    // Shell: its first paint is the sign-in page (nothing is signed in yet, no module is mounted).
    await page.goto(`${server.baseUrl}/sign-in?next=%2Fresources`);
    await page.locator('input[type=email]').waitFor();
    const shell = await record.settle();
    entries.push({ name: 'shell first paint (gzip)', value: sum(shell), unit: 'bytes', baseline: SHELL_BUDGET });

    // Signing in adds the signed-in frame and the lazily loaded Resources page, still no module.
    await page.locator('input[type=email]').fill('full@demo.example');
    await page.locator('input[type=password]').fill(process.env.DEMO_PASSWORD ?? 'demo-partner-hub');
    await page.locator('form button[type=submit]').click();
    await page.locator('nav').waitFor();
    const signedIn = await record.settle();
    entries.push({ name: 'shell after sign-in, Resources page included (gzip)', value: sum(signedIn), unit: 'bytes', baseline: SHELL_BUDGET });

    for (const id of MODULES) {
      await page.locator(`nav a[href="/${id}"]`).click();
      await page.locator('main h1').first().waitFor({ timeout: 30_000 });
      const downloads = await record.settle();
      const firstLoad = downloads.filter((d) => d.beforeData);
      const lazy = downloads.filter((d) => !d.beforeData);
      entries.push({ name: `mf-${id} first load (gzip)`, value: sum(firstLoad), unit: 'bytes', baseline: MODULE_BUDGET });
      if (lazy.length) entries.push({ name: `mf-${id} lazy chunks after data, e.g. Chart.js (gzip)`, value: sum(lazy), unit: 'bytes', baseline: MODULE_BUDGET * 2 });
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  return entries;
}
