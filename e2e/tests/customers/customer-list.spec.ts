import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { ConsolePage } from '../../pom/console-page';

async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test.describe('customer list', () => {
  test('filters Expiring soon, opens a customer and comes back with Back to the same filtered page', async ({ page }) => {
    const ui = new ConsolePage(page);
    await ui.open('/customers');
    await page.getByLabel('Region').selectOption('US');
    const rows = ui.main.getByTestId('customer-row');
    await expect(rows.first()).toBeVisible();
    const facet = await ui.graphql<{ customerFacets: { statuses: { value: string; count: number }[] } }>(
      '{ customerFacets(region: US) { statuses { value count } } }',
    );
    const soon = facet.customerFacets.statuses.find((s) => s.value === 'EXPIRING_SOON')!.count;
    expect(soon).toBeGreaterThan(0);

    await ui.main.getByRole('checkbox', { name: /Expiring soon/ }).check();
    await expect(page).toHaveURL(/status=EXPIRING_SOON/);
    await expect(ui.main.getByTestId('result-count')).toContainText(`${soon} customer`);
    for (const row of await rows.all()) await expect(row).toContainText('Expiring soon');
    await expectNoSeriousViolations(page);

    // Sort by the renewal date, keyboard only.
    await ui.main.getByRole('button', { name: /Renewal \/ expiry/ }).focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/sort=NEXT_END_DATE/);
    const filteredUrl = page.url();
    const first = rows.first().getByRole('link').first();
    const name = (await first.textContent())!;
    await first.click();
    await expect(ui.main.getByRole('heading', { name })).toBeVisible();
    await expect(ui.main.getByTestId('detail-statuses')).toContainText('Expiring soon');
    await expectNoSeriousViolations(page);

    await page.goBack();
    await expect(page).toHaveURL(filteredUrl);
    await expect(ui.main.getByRole('checkbox', { name: /Expiring soon/ })).toBeChecked();
    await expect(rows.first().getByRole('link').first()).toHaveText(name);

    // A bookmarked view opens as it was.
    await page.goto(filteredUrl);
    await expect(ui.main.getByRole('checkbox', { name: /Expiring soon/ })).toBeChecked();
    await expect(ui.main.getByTestId('result-count')).toContainText(`${soon} customer`);
  });
});
