import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { ConsolePage } from '../../pom/console-page';
import { expectNoSeriousA11yViolations } from '../admin/axe';

/** No axe violation of any impact inside the list's tools (menu, dialogs), none serious on the page. */
async function expectAxeClean(page: Page) {
  const tools = await new AxeBuilder({ page }).include('.ph-list-tools').analyze();
  expect(tools.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await expectNoSeriousA11yViolations(page);
}

/** True when keyboard focus is inside `locator`. */
const focusInside = (locator: Locator) => locator.evaluate((element) => element.contains(document.activeElement));

async function openList(ui: ConsolePage) {
  await ui.open('/customers');
  await ui.page.getByRole('banner').getByLabel('Region').selectOption('US');
  await expect(ui.main.getByTestId('customer-row').first()).toBeVisible();
}

test.describe('saved views', () => {
  test('full@ saves a shared and a private view by keyboard; admin@ opens the shared one from the menu and never sees the private one', async ({ page, browser, baseURL }) => {
    // Two sessions and many keyboard steps: give it three times the default time on a loaded machine.
    test.slow();
    const ui = new ConsolePage(page);
    const stamp = Date.now().toString(36);
    await openList(ui);
    await ui.main.getByTestId('filter-statuses').getByRole('checkbox', { name: /Expiring soon/ }).check();
    await ui.main.getByRole('button', { name: /Renewal \/ expiry/ }).click();
    await expect(page).toHaveURL(/status=EXPIRING_SOON&sort=NEXT_END_DATE/);
    const filteredUrl = new URL(page.url());
    const filteredCount = await ui.main.getByTestId('result-count').textContent();

    // The menu button, by keyboard: Enter opens on the first item, End/Home move, Escape closes and gives focus back.
    const button = ui.main.getByRole('button', { name: 'Saved views' });
    await expect(button).toHaveAttribute('aria-haspopup', 'menu');
    await button.focus();
    await page.keyboard.press('Enter');
    const menu = ui.main.getByRole('menu', { name: 'Saved views' });
    await expect(menu).toBeVisible();
    await expect(button).toHaveAttribute('aria-expanded', 'true');
    await expect(menu.getByRole('menuitem', { name: 'Save current view…' })).toBeFocused();
    await expectAxeClean(page);
    await page.keyboard.press('Escape');
    await expect(menu).toBeHidden();
    await expect(button).toBeFocused();

    // Save dialog: labelled, focus on the name, kept inside the dialog, errors announced.
    for (const [name, shared] of [[`Shared ${stamp}`, true], [`Private ${stamp}`, false]] as const) {
      // Up opens on the last item: "Save current view…" while there is no view, then "Manage saved views…" below it.
      await page.keyboard.press('ArrowUp');
      if (!shared) await page.keyboard.press('ArrowUp');
      await expect(menu.getByRole('menuitem', { name: 'Save current view…' })).toBeFocused();
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: 'Save current view' });
      await expect(dialog).toBeVisible();
      const input = dialog.getByLabel('Name of the view');
      await expect(input).toBeFocused();
      if (shared) {
        for (let i = 0; i < 6; i++) {
          await page.keyboard.press('Tab');
          expect(await focusInside(dialog), `Tab ${i + 1} keeps focus in the dialog`).toBe(true);
        }
        await input.focus();
        await page.keyboard.press('Enter');
        await expect(dialog.getByRole('alert').filter({ hasText: 'Name of the view is required.' })).toBeVisible();
        await expect(input).toHaveAttribute('aria-invalid', 'true');
        await expectAxeClean(page);
      }
      await input.fill(name);
      if (shared) await dialog.getByLabel('Share with the other administrators of my partner organisation').check();
      await input.press('Enter');
      await expect(dialog).toBeHidden();
      await expect(ui.main.getByTestId('saved-views-status')).toHaveText(`View “${name}” saved.`);
      await expect(button).toBeFocused();
    }
    // The same name again (ignoring case) is refused with a translated message; the typed name stays.
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Home');
    await page.keyboard.press('End');
    await expect(menu.getByRole('menuitem', { name: 'Manage saved views…' })).toBeFocused();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Save current view' });
    await dialog.getByLabel('Name of the view').fill(`PRIVATE ${stamp}`);
    await dialog.getByRole('button', { name: 'Save view' }).click();
    await expect(dialog.getByText('The name is already in use (ignoring case).')).toBeVisible();
    await expect(dialog.getByLabel('Name of the view')).toHaveValue(`PRIVATE ${stamp}`);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(button).toBeFocused();

    // Open the shared view from the unfiltered list; Back returns to it.
    await openList(ui);
    await expect(page).not.toHaveURL(/status=/);
    await button.click();
    await menu.getByRole('menuitemradio', { name: `Shared ${stamp} (shared)` }).click();
    await expect(page).toHaveURL(filteredUrl.href);
    await expect(ui.main.getByTestId('filter-statuses').getByRole('checkbox', { name: /Expiring soon/ })).toBeChecked();
    await expect(ui.main.getByTestId('result-count')).toHaveText(filteredCount!);
    await button.click();
    await expect(menu.getByRole('menuitemradio', { name: `Shared ${stamp} (shared)` })).toHaveAttribute('aria-checked', 'true');
    await page.keyboard.press('Escape');
    await page.goBack();
    await expect(page).not.toHaveURL(/status=/);
    await expect(ui.main.getByTestId('filter-statuses').getByRole('checkbox', { name: /Expiring soon/ })).not.toBeChecked();

    // admin@ (another administrator of the partner) sees the shared view, not the private one, and opens it.
    const context = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
    try {
      const other = new ConsolePage(await context.newPage());
      await other.signIn('admin@demo.example');
      await other.open('/customers');
      await other.page.getByRole('banner').getByLabel('Region').selectOption('US');
      const otherButton = other.main.getByRole('button', { name: 'Saved views' });
      await otherButton.focus();
      await other.page.keyboard.press('ArrowDown');
      const otherMenu = other.main.getByRole('menu', { name: 'Saved views' });
      const sharedItem = otherMenu.getByRole('menuitemradio', { name: `Shared ${stamp} — shared by Fiona Full` });
      await expect(sharedItem).toBeVisible();
      await expect(otherMenu.getByText(`Private ${stamp}`)).toHaveCount(0);
      await expect(otherMenu.getByRole('menuitem', { name: 'Manage saved views…' })).toHaveCount(0);
      await expectAxeClean(other.page);
      await sharedItem.focus();
      await other.page.keyboard.press('Enter');
      await expect(other.page).toHaveURL(/status=EXPIRING_SOON&sort=NEXT_END_DATE/);
      await expect(other.main.getByTestId('filter-statuses').getByRole('checkbox', { name: /Expiring soon/ })).toBeChecked();
      await expect(other.main.getByTestId('saved-views-status')).toHaveText(`Showing the view “Shared ${stamp}”.`);
      await expect(otherButton).toBeFocused();
    } finally {
      await context.close();
    }

    // The owner unshares it and deletes the private one from the manage dialog.
    await button.click();
    await menu.getByRole('menuitem', { name: 'Manage saved views…' }).click();
    const manage = page.getByRole('dialog', { name: 'Manage saved views' });
    await manage.getByRole('checkbox', { name: `Share Shared ${stamp}` }).uncheck();
    await expect(manage.getByRole('status')).toHaveText(`“Shared ${stamp}” is no longer shared.`);
    await manage.getByRole('button', { name: `Delete Private ${stamp}` }).click();
    await expect(manage.getByRole('status')).toHaveText(`View “Private ${stamp}” deleted.`);
    await expectAxeClean(page);
    await manage.getByRole('button', { name: 'Close' }).click();
    await expect(button).toBeFocused();
    const views = await ui.graphql<{ savedViews: { name: string; shared: boolean }[] }>('{ savedViews { name shared } }');
    expect(views.savedViews.filter((v) => v.name.endsWith(stamp))).toEqual([{ name: `Shared ${stamp}`, shared: false }]);
  });
});

test.describe('list settings', () => {
  test('a full admin changes the Expiring soon threshold with translated validation, and the list follows', async ({ page }) => {
    const ui = new ConsolePage(page);
    await openList(ui);
    await ui.main.getByTestId('filter-statuses').getByRole('checkbox', { name: /Expiring soon/ }).check();
    const count = async () => Number((await ui.main.getByTestId('result-count').textContent())!.replace(/[^\d]/g, ''));
    await expect(ui.main.getByTestId('result-count')).toBeVisible();
    const before = await count();
    try {
      const open = ui.main.getByRole('button', { name: 'List settings' });
      await open.click();
      const dialog = page.getByRole('dialog', { name: 'Customer list settings' });
      const expiring = dialog.getByLabel('Expiring soon: days before the end');
      await expect(expiring).toHaveValue('30');
      await expect(dialog.getByLabel('No recent activity: days without a sign-in')).toHaveValue('30');
      await expect(dialog).toContainText('A customer is “Expiring soon” when one of its subscriptions or trials ends within this many days. Whole days from 1 to 365; default 30.');
      await expect(expiring).toBeFocused();

      await expiring.fill('400');
      await dialog.getByRole('button', { name: 'Save thresholds' }).click();
      await expect(dialog.getByRole('alert').filter({ hasText: 'The “Expiring soon” threshold must be between 1 and 365.' })).toBeVisible();
      await expect(expiring).toHaveValue('400');
      await expect(expiring).toHaveAttribute('aria-invalid', 'true');
      await expectAxeClean(page);

      await expiring.fill('90');
      await expiring.press('Enter');
      await expect(dialog.getByRole('status')).toHaveText('Thresholds saved. The list now shows the statuses with these thresholds.');
      await page.keyboard.press('Escape');
      await expect(open).toBeFocused();
      await expect.poll(count).toBeGreaterThan(before);
      const listed = await ui.graphql<{ customers: { totalCount: number } }>('{ customers(region: US, filter: { statuses: [EXPIRING_SOON] }) { totalCount } }');
      expect(await count()).toBe(listed.customers.totalCount);
    } finally {
      await ui.graphql('mutation { updateCustomerListSettings(input: { expiringSoonDays: 30, noRecentActivityDays: 30 }) { expiringSoonDays } }');
    }
  });
});

test.describe('list settings as a read-only admin', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('shows the thresholds read-only; a forced update is refused', async ({ page }) => {
    const ui = new ConsolePage(page);
    await ui.signIn('readonly@demo.example');
    await openList(ui);
    await ui.main.getByRole('button', { name: 'List settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Customer list settings' });
    await expect(dialog.getByTestId('list-settings-values')).toContainText('Expiring soon: days before the end30 days');
    await expect(dialog.getByText('Only full partner administrators can change these thresholds.')).toBeVisible();
    await expect(dialog.getByRole('spinbutton')).toHaveCount(0);
    await expectAxeClean(page);
    const forced = await page.evaluate(async () => {
      const response = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-partner-hub': '1' },
        body: JSON.stringify({ query: 'mutation { updateCustomerListSettings(input: { expiringSoonDays: 5, noRecentActivityDays: 5 }) { expiringSoonDays } }' }),
      });
      return (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    });
    expect(forced.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await ui.graphql('{ customerListSettings { expiringSoonDays noRecentActivityDays } }')).toEqual({ customerListSettings: { expiringSoonDays: 30, noRecentActivityDays: 30 } });
  });
});
