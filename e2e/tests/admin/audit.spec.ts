import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { ConsolePage } from '../../pom/console-page';
import { expectNoSeriousA11yViolations } from './axe';

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const char = body[i];
    if (quoted) {
      if (char === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && body[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

test('the audit log filters through the URL and exports the same events as CSV', async ({ page }) => {
  const ui = new ConsolePage(page);
  await ui.open('/customers');
  // Two changes to find: users added by the full admin.
  const stamp = Date.now();
  for (const n of [1, 2]) {
    await ui.graphql('mutation($input: InviteUserInput!) { inviteUser(input: $input) { user { id } } }', {
      input: { email: `audit.${stamp}.${n}@demo.example`, displayName: `Audit ${n}`, role: 'HELP_DESK' },
    });
  }
  const { users } = await ui.graphql<{ users: { id: string; email: string }[] }>('{ users { id email } }');
  const fullId = users.find((user) => user.email === 'full@demo.example')!.id;

  await ui.nav.getByRole('link', { name: 'Audit log' }).click();
  await expect(ui.main.getByRole('heading', { name: 'Audit log', level: 1 })).toBeVisible();
  await expect(ui.main.getByRole('table', { name: 'Audit events' })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  const today = new Date();
  const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
  await ui.main.getByLabel('Who', { exact: true }).selectOption(fullId);
  await ui.main.getByLabel('Action', { exact: true }).fill('users.invite');
  await ui.main.getByLabel('From', { exact: true }).fill(day);
  await ui.main.getByLabel('To', { exact: true }).fill(day);
  await ui.main.getByRole('button', { name: 'Filter', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/audit\\?actor=${fullId}&action=users\\.invite&from=${day}&to=${day}$`));
  const bodyRows = ui.main.getByRole('table', { name: 'Audit events' }).locator('tbody tr');
  await expect(bodyRows.first()).toContainText('users.invite');
  const shown = await bodyRows.count();
  expect(shown).toBeGreaterThanOrEqual(2);
  for (const text of await bodyRows.allTextContents()) expect(text).toContain('users.invite');

  // A reload keeps the filters: they live in the URL.
  await page.reload();
  await expect(ui.main.getByLabel('Action', { exact: true })).toHaveValue('users.invite');
  await expect(bodyRows).toHaveCount(shown);

  const [download] = await Promise.all([page.waitForEvent('download'), ui.main.getByRole('link', { name: 'Export CSV' }).click()]);
  const csv = parseCsv(await readFile((await download.path())!, 'utf8'));
  const [header, ...records] = csv;
  expect(header).toEqual(['id', 'at', 'actorType', 'actorId', 'actorEmail', 'actorName', 'region', 'action', 'targetType', 'targetId', 'customerId', 'before', 'after', 'outcome', 'reason', 'requestId']);
  expect(records).toHaveLength(shown);
  for (const record of records) {
    expect(record[header.indexOf('action')]).toBe('users.invite');
    expect(record[header.indexOf('actorEmail')]).toBe('full@demo.example');
    expect(record[header.indexOf('actorType')]).toBe('USER');
  }
  const invited = records.map((record) => JSON.parse(record[header.indexOf('after')]) as { email: string }).map((after) => after.email);
  expect(invited).toEqual(expect.arrayContaining([`audit.${stamp}.1@demo.example`, `audit.${stamp}.2@demo.example`]));
});
