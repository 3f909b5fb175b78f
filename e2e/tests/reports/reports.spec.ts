import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { ConsolePage } from '../../pom/console-page';

// better-sqlite3 ships no types; the slice used here.
interface Db {
  prepare(sql: string): { get(...params: unknown[]): Record<string, unknown>; all(...params: unknown[]): Record<string, unknown>[] };
  close(): void;
}
const Database = createRequire(import.meta.url)('better-sqlite3') as new (file: string, options: { readonly: boolean }) => Db;

const DUTCH_DEVICE_HEADERS = [
  'Externe id',
  'Klant',
  'Klantorganisatie-id',
  'Locatie-id',
  'Locatienaam',
  'Product',
  'MAC',
  'Firmware',
  'Telefoonnummer',
  'Extensie',
  'Gebruikers-id',
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

function sqliteAll<T>(file: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(join(process.env.E2E_DATA_DIR!, file), { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
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
    const row = ui.main.getByTestId('report-schedules').locator('tbody tr').filter({ hasText: 'Telefoonnummers' });
    await expect(row).toContainText('Elke vrijdag om 06:45');
    await expect(row).toContainText('Europe/Amsterdam');
    await expect(row).toContainText('full@demo.example');
  });

  test('creates a custom template with a tag filter from the keyboard, generates it and finds exactly the tagged customers\' call legs', async ({ page }) => {
    const ui = new ConsolePage(page);
    await ui.open('/reports');
    await page.getByRole('banner').getByLabel('Region').selectOption('EU');
    await expect(ui.main.getByRole('heading', { name: 'Reports', exact: true })).toBeVisible();

    // A tag on three EU customers with calls in the period (put on through the API, as the customers page does).
    const today = new Date().toISOString().slice(0, 10);
    const fromDay = new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 10);
    const from = Date.parse(`${fromDay}T00:00:00.000Z`);
    const to = Date.parse(`${today}T00:00:00.000Z`) + 86_400_000;
    const { id: partnerId } = sqlite<{ id: string }>('directory.sqlite', "select id from partner where name = 'Demo Partner'");
    const tagged = sqliteAll<{ id: string }>(
      'region-eu.sqlite',
      'select distinct c.id from customer c join call_leg l on l.customer_id = c.id where c.partner_id = ? and l.started_at >= ? and l.started_at < ? order by c.id limit 3',
      partnerId,
      from,
      to,
    ).map((c) => c.id);
    expect(tagged.length).toBeGreaterThan(0);
    const tagName = `Gold ${Date.now() % 100000}`;
    const { createTag } = await ui.graphql<{ createTag: { id: string } }>('mutation($input: CreateTagInput!) { createTag(input: $input) { id } }', { input: { name: tagName, color: '#225588' } });
    await ui.graphql('mutation($input: TagCustomersInput!) { assignTag(input: $input) }', { input: { region: 'EU', tagId: createTag.id, customerIds: tagged } });

    await ui.main.getByRole('button', { name: 'New custom template' }).click();
    const form = ui.main.getByRole('form', { name: 'New custom template' });
    await expect(form.getByLabel('Template name')).toBeFocused();
    // Saving without a name: a translated reason by the field and in the summary.
    await form.getByRole('button', { name: 'Save template' }).click();
    await expect(form.getByRole('alert')).toContainText('This is required.');
    await expect(form.getByLabel('Template name')).toHaveAttribute('aria-invalid', 'true');

    await form.getByLabel('Template name').fill('Gold call legs');
    await form.getByLabel('Based on').selectOption('call-history');
    const columns = form.getByRole('list', { name: 'Columns in the file' });
    for (const column of ['Customer', 'Location', 'Direction', 'Endpoint type', 'Audio/video', 'Jitter (ms)', 'Latency (ms)', 'Packet loss (%)', 'Poor quality', 'Feature', 'Queue outcome']) {
      await form.getByRole('button', { name: `Remove ${column}`, exact: true }).focus();
      await page.keyboard.press('Enter');
    }
    await form.getByRole('button', { name: 'Move Start time (UTC) up' }).focus();
    await page.keyboard.press('Enter');
    await expect(form.getByRole('status')).toHaveText('Start time (UTC) is now column 1 of 3.');
    await expect(columns.getByRole('listitem')).toHaveText([/^Start time \(UTC\)/, /^Org ID/, /^Duration \(s\)/]);
    await form.getByRole('checkbox', { name: tagName }).check();
    await form.getByLabel('From').fill(fromDay);
    await form.getByLabel('To (included)').fill(today);
    const axe = await new AxeBuilder({ page }).include('main').analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    await form.getByRole('button', { name: 'Save template' }).click();
    await expect(ui.main.getByText('The template Gold call legs was saved.')).toBeVisible();
    await expect(ui.main.getByRole('button', { name: 'Generate Gold call legs now' })).toBeFocused();

    await page.keyboard.press('Enter');
    const row = ui.main.getByTestId('report-runs').locator('tbody tr').first();
    await expect(row).toContainText('Gold call legs');
    await expect(row).toHaveAttribute('data-status', 'SUCCEEDED', { timeout: 30_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('link', { name: 'Download' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^Gold call legs_[A-Za-z0-9]+_\d{4}-\d{2}-\d{2}\.csv$/);
    const records = parse(readFileSync(await download.path()), { bom: true }) as string[][];
    expect(records[0]).toEqual(['Start time (UTC)', 'Org ID', 'Duration (s)']);

    const legs = sqliteAll<{ started_at: number; customer_id: string; duration_seconds: number }>(
      'region-eu.sqlite',
      `select l.started_at, l.customer_id, l.duration_seconds from call_leg l join customer c on c.id = l.customer_id
       where c.partner_id = ? and l.customer_id in (${tagged.map(() => '?').join(', ')}) and l.started_at >= ? and l.started_at < ?`,
      partnerId,
      ...tagged,
      from,
      to,
    );
    expect(legs.length).toBeGreaterThan(0);
    const expected = legs.map((l) => [new Date(l.started_at).toISOString(), l.customer_id, String(l.duration_seconds)].join('|')).sort();
    expect(records.slice(1).map((r) => r.join('|')).sort()).toEqual(expected);
  });
});
