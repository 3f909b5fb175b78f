import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FULL_ADMIN_STATE } from './pom/console-page';
import { HELPDESK_HOOK_PORT } from './pom/helpdesk-hook';

/** Port of the console the suite starts; E2E_PORT overrides it. */
const port = Number(process.env.E2E_PORT ?? 3990);
/** A fresh data folder per run, so the demo seed runs exactly as on a first `npm start`. */
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'ph-e2e-'));
// Workers load this file again: they must see the same folder (specs read its SQLite files to check results).
process.env.E2E_DATA_DIR = dataDir;

export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: chromiumLaunchOptions,
    locale: 'en-US',
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'setup', testMatch: /.*\.setup\.ts/ },
    { name: 'console', dependencies: ['setup'], use: { storageState: FULL_ADMIN_STATE } },
  ],
  webServer: {
    // Exactly what `npm start` runs, minus the build (the test command builds first).
    command: 'node ../scripts/start.mjs --skip-build',
    url: `http://127.0.0.1:${port}/readyz`,
    env: {
      PORT: String(port),
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      // Helpdesk requests go to a receiver that tests/resources starts on loopback; quick retries.
      HELPDESK_WEBHOOK_URL: `http://127.0.0.1:${HELPDESK_HOOK_PORT}/helpdesk`,
      HELPDESK_WORKER_INTERVAL_MS: '500',
      HELPDESK_RETRY_BASE_MS: '500',
    },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
