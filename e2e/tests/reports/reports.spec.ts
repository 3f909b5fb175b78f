import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { ConsolePage } from '../../pom/console-page';

// better-sqlite3 ships no types; the slice used here.
interface Db {
  prepare(sql: string): { get(...params: unknown[]): Record<string, unknown> };
  close(): void;
}
const Database = createRequire(import.meta.url)('better-sqlite3') as new (file: string, options: { readonly: boolean }) => Db;

const DUTCH_DEVICE_HEADERS = [
  'Externe ID',
  'Klant',
  'Organisatie-ID klant',
  'Locatie-ID',
  'Locatienaam',
  'Product',
  'MAC',
  'Firmware',
  'Telefoonnummer',
  'Toestelnummer',
  'Gebruikers-ID',
  'Gebruikers-UUID',
];

function sqlite<T>(file: string, sql: string, ...params: unknown[]): T {
  const db = new Database(join(process.env.E2E_DATA_DIR!, file), { readonly: true });
  try {
    return db.prepare(sql).get(...params) as T;
  } finally {
    db.close();
  }
}

test.describe('reports', () => {
  test('in Dutch, generates a Devices report, downloads it and finds every device of the region in it', async ({ page }) => {
    const ui = new ConsolePage(page);
    await ui.open('/reports');
    await page.getByRole('banner').getByLabel('Language').selectOption('nl');
    await page.getByRole('banner').getByLabel('Regio').selectOption('EU');
    await expect(ui.main.getByRole('heading', { name: 'Rapporten', exact: true })).toBeVisible();

    await ui.main.getByRole('button', { name: 'Apparaten nu genereren' }).click();
    const row = ui.main.getByTestId('report-runs').locator('tbody tr').first();
    await expect(row).toHaveAttribute('data-status', 'SUCCEEDED', { timeout: 30_000 });
    await expect(row).toContainText('Gereed');

    const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('link', { name: 'Downloaden' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^Devices_[A-Za-z0-9]+_\d{4}-\d{2}-\d{2}\.csv$/);
    const records = parse(readFileSync(await download.path()), { bom: true }) as string[][];
    expect(records[0]).toEqual(DUTCH_DEVICE_HEADERS);

    const { id: partnerId } = sqlite<{ id: string }>('directory.sqlite', "select id from partner where name = 'Demo Partner'");
    const { n } = sqlite<{ n: number }>('region-eu.sqlite', 'select count(*) as n from device d join customer c on c.id = d.customer_id where c.partner_id = ?', partnerId);
    expect(n).toBeGreaterThan(0);
    expect(records.length - 1).toBe(n);
    // The run list shows the same number of rows (Dutch number format).
    await expect(row).toContainText(new Intl.NumberFormat('nl').format(n));

    const axe = await new AxeBuilder({ page }).include('main').analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  });

  test('in Dutch, creates a weekly schedule and sees it listed', async ({ page }) => {
    const ui = new ConsolePage(page);
    await ui.open('/reports');
    await page.getByRole('banner').getByLabel('Language').selectOption('nl');
    await expect(ui.main.getByRole('heading', { name: 'Planningen' })).toBeVisible();
    await ui.main.getByLabel('Rapport', { exact: true }).selectOption({ label: 'Telefoonnummers' });
    await ui.main.getByLabel('Frequentie').selectOption('WEEKLY');
    await ui.main.getByLabel('Weekdag').selectOption('5');
    await ui.main.getByLabel('Tijd', { exact: true }).fill('06:45');
    await ui.main.getByLabel('Tijdzone').fill('Europe/Amsterdam');
    await ui.main.getByRole('button', { name: 'Planning toevoegen' }).click();
    const row = ui.main.getByTestId('report-schedules').locator('tbody tr').filter({ hasText: 'Phone numbers' });
    await expect(row).toContainText('Elke vrijdag om 06:45');
    await expect(row).toContainText('Europe/Amsterdam');
    await expect(row).toContainText('full@demo.example');
  });
});
