import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { ConsolePage } from '../../pom/console-page';

async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test.describe('customer list', () => {
  // As a full partner administrator (the suite's signed-in user): the demo's plain partner administrator
  // has only two customers per region, too few to filter down to two expiring-soon tagged ones.
  test('filters Expiring soon + a tag, opens a customer, tags it, starts a trial and comes back with Back to the same filtered page (axe on list and detail)', async ({ page }) => {
    const ui = new ConsolePage(page);
    await ui.open('/customers');
    await page.getByRole('banner').getByLabel('Region').selectOption('US');
    const rows = ui.main.getByTestId('customer-row');
    await expect(rows.first()).toBeVisible();

    // A tag on two expiring-soon customers and one other (set up through the API).
    const stamp = Date.now().toString(36);
    const watch = (await ui.graphql<{ createTag: { id: string } }>('mutation($i: CreateTagInput!) { createTag(input: $i) { id } }', { i: { name: `Watch ${stamp}`, color: '#aa3300' } })).createTag;
    const followUp = `Follow-up ${stamp}`;
    await ui.graphql('mutation($i: CreateTagInput!) { createTag(input: $i) { id } }', { i: { name: followUp, color: '#0033aa' } });
    const soonList = await ui.graphql<{ customers: { nodes: { id: string; statuses: string[] }[] } }>(
      '{ customers(region: US, first: 50, filter: { statuses: [EXPIRING_SOON] }) { nodes { id statuses } } }',
    );
    soonList.customers.nodes = soonList.customers.nodes.filter((n) => !n.statuses.includes('TRIAL')).slice(0, 2);
    const other = await ui.graphql<{ customers: { nodes: { id: string }[] } }>('{ customers(region: US, first: 1, filter: { statuses: [EXPIRED] }) { nodes { id } } }');
    const tagged = soonList.customers.nodes.map((n) => n.id);
    expect(tagged.length).toBe(2);
    await ui.graphql('mutation($i: TagCustomersInput!) { assignTag(input: $i) }', { i: { region: 'US', tagId: watch.id, customerIds: [...tagged, other.customers.nodes[0].id] } });
    await page.reload();

    await ui.main.getByRole('checkbox', { name: /Expiring soon/ }).check();
    await expect(page).toHaveURL(/status=EXPIRING_SOON/);
    await ui.main.getByRole('checkbox', { name: new RegExp(`Watch ${stamp}`) }).check();
    await expect(page).toHaveURL(new RegExp(`tag=${watch.id}`));
    await expect(ui.main.getByTestId('result-count')).toContainText('2 customers');
    await expect(rows).toHaveCount(2);
    for (const row of await rows.all()) {
      await expect(row).toContainText('Expiring soon');
      await expect(row).toContainText(`Watch ${stamp}`);
    }
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

    // Tag it from the detail page, by keyboard.
    await ui.main.getByRole('combobox', { name: 'Tag' }).selectOption({ label: followUp });
    await ui.main.getByRole('button', { name: 'Add tag' }).press('Enter');
    await expect(ui.main.getByTestId('detail-tags')).toContainText(followUp);

    // The tabs work by keyboard; start a trial from the Trials tab.
    await ui.main.getByRole('tab', { name: 'Subscriptions' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(ui.main.getByRole('tab', { name: 'Trials' })).toHaveAttribute('aria-selected', 'true');
    await expect(ui.main.getByTestId('running-trial')).toHaveCount(0);
    await ui.main.getByRole('checkbox', { name: 'Real-Time Translations' }).check();
    await ui.main.getByLabel('Licenses per product').fill('15');
    await expect(ui.main.getByLabel('Length in days')).toHaveValue('30');
    await ui.main.getByRole('button', { name: 'Start trial' }).click();
    await expect(ui.main.getByTestId('running-trial')).toHaveCount(1);
    await expect(ui.main.getByTestId('running-trial')).toContainText('Real-Time Translations');
    // A second trial of the same product is refused with a translated message.
    await ui.main.getByRole('checkbox', { name: 'Real-Time Translations' }).check();
    await ui.main.getByRole('button', { name: 'Start trial' }).click();
    await expect(ui.main.getByText('A trial of RTT is already running for this customer.')).toBeVisible();
    await expectNoSeriousViolations(page);

    await page.goBack();
    await expect(page).toHaveURL(filteredUrl);
    await expect(ui.main.getByRole('checkbox', { name: /Expiring soon/ })).toBeChecked();
    await expect(rows.first().getByRole('link').first()).toHaveText(name);
    await expect(rows).toHaveCount(2);

    // A bookmarked view opens as it was.
    await page.goto(filteredUrl);
    await expect(ui.main.getByRole('checkbox', { name: /Expiring soon/ })).toBeChecked();
    await expect(ui.main.getByTestId('result-count')).toContainText('2 customers');
    await expect(ui.main.getByRole('row', { name: new RegExp(name) })).toContainText(followUp);
  });
});

test.describe('customer list across regions', () => {
  test('adds a region by keyboard, merges both regions by name, sorts by tags and managed by, and each row opens in its own region', async ({ page }) => {
    const ui = new ConsolePage(page);
    await ui.open('/customers');
    await page.getByRole('banner').getByLabel('Region').selectOption('US');
    const rows = ui.main.getByTestId('customer-row');
    await expect(rows.first()).toBeVisible();
    const regions = ui.main.getByTestId('filter-regions');
    const counts = await ui.graphql<{ customerFacets: { regions: { value: string; count: number }[] } }>('{ customerFacets(region: US) { regions { value count } } }');
    const count = (region: string) => counts.customerFacets.regions.find((r) => r.value === region)!.count;
    await expect(regions.getByRole('checkbox', { name: `European Union (EU) (${count('EU')})` })).toBeVisible();
    // The header's region is the default and cannot be unticked alone.
    await expect(regions.getByRole('checkbox', { name: /United States \(US\)/ })).toBeChecked();
    await expect(regions.getByRole('checkbox', { name: /United States \(US\)/ })).toBeDisabled();

    await regions.getByRole('checkbox', { name: /European Union \(EU\)/ }).focus();
    await page.keyboard.press('Space');
    await expect(page).toHaveURL(/regions=US%2CEU/);
    await expect(ui.main.getByTestId('result-count')).toContainText(`${(count('US') + count('EU')).toLocaleString('en-US')} customers in US, EU`);
    // Merged by name across both stores: the first page is the first names of the union.
    const expected = await ui.graphql<{ customers: { nodes: { name: string; region: string }[] } }>(
      '{ customers(region: US, first: 25, filter: { regions: [US, EU] }) { nodes { name region } } }',
    );
    await expect(rows.first().getByRole('link').first()).toHaveText(expected.customers.nodes[0].name);
    const shown = await rows.evaluateAll((trs) => trs.map((tr) => tr.children[2]?.textContent?.trim()));
    expect(new Set(shown)).toEqual(new Set(expected.customers.nodes.map((n) => n.region)));
    await expectNoSeriousViolations(page);

    for (const column of ['Tags', 'Managed by']) {
      await ui.main.getByRole('button', { name: new RegExp(`^${column}`) }).focus();
      await page.keyboard.press('Enter');
      await expect(ui.main.getByRole('columnheader', { name: new RegExp(`^${column}`) })).toHaveAttribute('aria-sort', 'ascending');
    }
    await expect(page).toHaveURL(/sort=MANAGED_BY/);
    await expect(rows.first()).toContainText('Me as external admin');

    // A row of the other region opens that region's detail.
    // The row's text runs its cells together ("B.V.EUSubscription"): match the region cell itself.
    const euRow = rows.filter({ has: page.getByRole('cell', { name: 'EU', exact: true }) }).first();
    const name = (await euRow.getByRole('link').first().textContent())!;
    await euRow.getByRole('link').first().click();
    await expect(page).toHaveURL(/region=EU/);
    await expect(ui.main.getByRole('heading', { name })).toBeVisible();
    await expect(ui.main.getByText(/data in EU/)).toBeVisible();
    await page.goBack();
    await expect(page).toHaveURL(/regions=US%2CEU/);
  });
});

test.describe('customer list as a read-only admin', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('shows no edit controls, and a forced tag mutation is refused and changes nothing', async ({ page }) => {
    const ui = new ConsolePage(page);
    await ui.signIn('readonly@demo.example');
    await ui.open('/customers');
    await page.getByRole('banner').getByLabel('Region').selectOption('US');
    await expect(ui.main.getByTestId('customer-row').first()).toBeVisible();
    await expect(ui.main.getByRole('button', { name: 'Manage tags' })).toHaveCount(0);
    await expect(ui.main.getByRole('button', { name: 'Add tag' })).toHaveCount(0);
    await expect(ui.main.getByRole('checkbox', { name: /^Select / })).toHaveCount(0);
    await expectNoSeriousViolations(page);
    await ui.main.getByTestId('customer-row').first().getByRole('link').first().click();
    await expect(ui.main.getByRole('tab', { name: 'Subscriptions' })).toBeVisible();
    await expect(ui.main.getByRole('button', { name: 'Add tag' })).toHaveCount(0);
    await ui.main.getByRole('tab', { name: 'Trials' }).click();
    await expect(ui.main.getByRole('button', { name: 'Start trial' })).toHaveCount(0);
    await expectNoSeriousViolations(page);

    const before = await ui.graphql<{ tags: { id: string; name: string }[] }>('{ tags { id name } }');
    const forced = await page.evaluate(async () => {
      const response = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-partner-hub': '1' },
        body: JSON.stringify({ query: 'mutation { createTag(input: { name: "Forced", color: "#000000" }) { id } }' }),
      });
      return (await response.json()) as { data: unknown; errors?: { extensions?: { code?: string } }[] };
    });
    expect(forced.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await ui.graphql('{ tags { id name } }')).toEqual(before);
  });
});
