import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { ConsolePage } from '../../pom/console-page';

const REGION = 'EU';
const WEEK = `query($region: Region!) { callingWeek(region: $region) { weekStart weekEnd computedAt } }`;
const USAGE = `query($region: Region!) { callingUsage(region: $region) { trend { activeUsers } customers { name calls declining } } }`;
const QUALITY = `query($region: Region!) { callingQuality(region: $region) { customers { name legs poorLegs } } }`;
const FEATURES = `query($region: Region!) { callingFeatures(region: $region) { customerCount features { feature calls } } }`;
const QUEUE = `query($region: Region!) { callQueueInsights(region: $region) { abandonRate averageTimeToAnswerSeconds customers { name callQueueCalls transferCalls parkCalls pickupCalls } } }`;

interface Answers {
  usage: { trend: { activeUsers: number }[]; customers: { name: string; calls: number; declining: boolean }[] };
  quality: { customers: { name: string; legs: number; poorLegs: number }[] };
  features: { customerCount: number; features: { feature: string; calls: number }[] };
  queue: {
    abandonRate: number | null;
    averageTimeToAnswerSeconds: number | null;
    customers: { name: string; callQueueCalls: number; transferCalls: number; parkCalls: number; pickupCalls: number }[];
  };
}

const TEXTS = {
  en: {
    tab: 'Calling',
    headings: ['Call usage last week', 'Call quality last week', 'Advanced calling features last week', 'Call queue insights last week'],
    tables: ['Customers and usage', 'Customers and call quality', 'Customers and feature usage'],
    kpi: 'Average time to answer',
    declining: 'Declining',
    feature: { AUTO_ATTENDANT: 'Auto attendant', CALL_QUEUE: 'Call queue', HUNT_GROUP: 'Hunt group', TRANSFER: 'Transfer', PARK: 'Call park', PICKUP: 'Call pickup' } as Record<string, string>,
    featureColumns: ['Calls transferred', 'Calls parked', 'Calls picked up'],
  },
  nl: {
    tab: 'Bellen',
    headings: ['Belgebruik in de afgelopen week', 'Gesprekskwaliteit in de afgelopen week', 'Geavanceerde belfuncties in de afgelopen week', 'Inzichten in oproepwachtrijen in de afgelopen week'],
    tables: ['Klanten en gebruik', 'Klanten en gesprekskwaliteit', 'Klanten en functiegebruik'],
    kpi: 'Gemiddelde tijd om te antwoorden',
    declining: 'Dalend',
    feature: {
      AUTO_ATTENDANT: 'Automatische telefonist',
      CALL_QUEUE: 'Oproepwachtrij',
      HUNT_GROUP: 'Huntgroep',
      TRANSFER: 'Doorverbinden',
      PARK: 'Oproep parkeren',
      PICKUP: 'Oproep aannemen',
    } as Record<string, string>,
    featureColumns: ['Doorverbonden oproepen', 'Geparkeerde oproepen', 'Aangenomen oproepen (oproep aannemen)'],
  },
};

async function answers(ui: ConsolePage): Promise<Answers> {
  // The demo seed's rollup runs at BFF start: wait until the region has a computed week.
  await expect.poll(async () => (await ui.graphql<{ callingWeek: unknown }>(WEEK, { region: REGION })).callingWeek, { timeout: 30_000 }).not.toBeNull();
  const [usage, quality, features, queue] = await Promise.all([
    ui.graphql<{ callingUsage: Answers['usage'] }>(USAGE, { region: REGION }),
    ui.graphql<{ callingQuality: Answers['quality'] }>(QUALITY, { region: REGION }),
    ui.graphql<{ callingFeatures: Answers['features'] }>(FEATURES, { region: REGION }),
    ui.graphql<{ callQueueInsights: Answers['queue'] }>(QUEUE, { region: REGION }),
  ]);
  return { usage: usage.callingUsage, quality: quality.callingQuality, features: features.callingFeatures, queue: queue.callQueueInsights };
}

const first = (data: Answers) => data.usage.customers[0]!;

async function expectSections(page: Page, ui: ConsolePage, data: Answers, locale: 'en' | 'nl') {
  const texts = TEXTS[locale];
  const n = (v: number) => new Intl.NumberFormat(locale).format(v);
  const pct = (v: number) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(v);
  const sec = (v: number) => new Intl.NumberFormat(locale, { style: 'unit', unit: 'second', unitDisplay: 'short', maximumFractionDigits: 0 }).format(v);
  for (const heading of texts.headings) await expect(ui.main.getByRole('heading', { level: 2, name: heading })).toBeVisible();
  for (const table of texts.tables) await expect(ui.main.getByRole('table', { name: table })).toBeVisible();
  await expect(ui.main.getByTestId('calling-week')).toContainText('2026');
  // Open the charts' table views (the accessible equivalent of the charts).
  await expect(ui.main.locator('details')).toHaveCount(4);
  await ui.main.locator('details').evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));

  // Call usage: the first customer's calls; the users-calling trend's table view has the last week's figure.
  const usage = ui.main.getByTestId('calling-usage');
  const top = first(data);
  const firstRow = usage.getByRole('table', { name: texts.tables[0] }).getByRole('row').filter({ hasText: top.name }).first();
  await expect(firstRow).toContainText(n(top.calls));
  if (top.declining) await expect(firstRow).toContainText(texts.declining);
  await expect(usage.getByTestId('calling-usage-chart').getByRole('table')).toContainText(n(data.usage.trend.at(-1)!.activeUsers));

  // Call quality: the worst customer's poor-quality legs.
  const worst = data.quality.customers[0]!;
  await expect(ui.main.getByTestId('calling-quality-table').getByRole('row').filter({ hasText: worst.name }).first()).toContainText(n(worst.poorLegs));

  // Advanced features: calls per feature (hunt group … transfer, park, pickup) in the chart's table view.
  expect(data.features.features.map((f) => f.feature)).toEqual(['HUNT_GROUP', 'AUTO_ATTENDANT', 'CALL_QUEUE', 'TRANSFER', 'PARK', 'PICKUP']);
  for (const feature of data.features.features) {
    expect(feature.calls, `${feature.feature} has demo data`).toBeGreaterThan(0);
    const row = ui.main.getByTestId('calling-features-chart').getByRole('row').filter({ has: page.getByRole('rowheader', { name: texts.feature[feature.feature]!, exact: true }) });
    await expect(row).toContainText(n(feature.calls));
  }

  // Call queue insights: the KPIs and the first customer's call queue calls.
  await expect(ui.main.getByTestId('kpi-averageTimeToAnswer')).toContainText(texts.kpi);
  if (data.queue.averageTimeToAnswerSeconds !== null) await expect(ui.main.getByTestId('kpi-averageTimeToAnswer')).toContainText(sec(data.queue.averageTimeToAnswerSeconds));
  if (data.queue.abandonRate !== null) await expect(ui.main.getByTestId('kpi-abandonRate')).toContainText(pct(data.queue.abandonRate));
  const queued = data.queue.customers[0]!;
  const queueTable = ui.main.getByTestId('calling-queue-table');
  await expect(queueTable.getByRole('row').filter({ hasText: queued.name }).first()).toContainText(n(queued.callQueueCalls));
  // The transfer, park and pickup columns, last in the table, carry the first customer's calls.
  const headers = await queueTable.getByRole('columnheader').allTextContents();
  expect(headers.slice(-3)).toEqual(texts.featureColumns);
  const cells = await queueTable.getByRole('row').filter({ hasText: queued.name }).first().getByRole('cell').allTextContents();
  expect(cells.slice(-3)).toEqual([n(queued.transferCalls), n(queued.parkCalls), n(queued.pickupCalls)]);

  const axe = await new AxeBuilder({ page }).include('main').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}

test.describe('calling analytics', () => {
  test('renders every section with the demo data in English and Dutch, without serious accessibility violations', async ({ page }) => {
    // Two full passes (en, nl) with an axe scan each: more than the default minute on a busy machine.
    test.setTimeout(180_000);
    const ui = new ConsolePage(page);
    await ui.open('/analytics');
    await ui.regionSelect.selectOption(REGION);
    const data = await answers(ui);
    expect(data.usage.customers.length, 'the demo seed has calling customers in EU').toBeGreaterThan(0);
    expect(data.quality.customers.length).toBeGreaterThan(0);
    expect(data.queue.customers.length).toBeGreaterThan(0);

    await ui.main.getByRole('tab', { name: TEXTS.en.tab }).click();
    await expect(ui.main.getByRole('tab', { name: TEXTS.en.tab })).toHaveAttribute('aria-selected', 'true');
    await expectSections(page, ui, data, 'en');

    // The region selector applies: the US answer replaces the EU one.
    const us = (await ui.graphql<{ callingUsage: Answers['usage'] }>(USAGE, { region: 'US' })).callingUsage;
    await ui.regionSelect.selectOption('US');
    const usUsage = ui.main.getByTestId('calling-usage');
    if (us.customers.length > 0) {
      await expect(usUsage.getByRole('row').filter({ hasText: us.customers[0]!.name }).first()).toContainText(new Intl.NumberFormat('en').format(us.customers[0]!.calls));
    } else {
      await expect(usUsage).toContainText('There are no calling figures for US yet.');
    }
    await ui.regionSelect.selectOption(REGION);

    await ui.languageSelect.selectOption('nl');
    await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
    await expect(ui.main.getByRole('tab', { name: TEXTS.nl.tab })).toHaveAttribute('aria-selected', 'true');
    await expectSections(page, ui, data, 'nl');
    await ui.languageSelect.selectOption('en');
  });
});
