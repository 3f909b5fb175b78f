import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { ConsolePage } from '../../pom/console-page';

const SECTION = `query($region: Region!, $product: AnalyticsProduct!, $section: LicenseSection!) {
  licenseSection(region: $region, product: $product, section: $section, first: 10) { kpis { customers } rows { customerName } }
}`;
const KPIS = `query($region: Region!) { licenseKpis(region: $region) { totalCustomers expiringSoon renewingSoon lowAssignment overage } }`;
type SectionData = { licenseSection: { kpis: { customers: number }; rows: { customerName: string }[] } };

test.describe('partner licence analytics', () => {
  test('shows the KPIs of the selected region; the Meetings/Calling switch changes the sections', async ({ page }) => {
    const ui = new ConsolePage(page);
    await ui.open('/analytics');
    await page.getByRole('banner').getByLabel('Region').selectOption('EU');
    const { licenseKpis } = await ui.graphql<{ licenseKpis: Record<string, number> }>(KPIS, { region: 'EU' });
    const fmt = (n: number) => new Intl.NumberFormat('en').format(n);
    for (const [key, value] of Object.entries(licenseKpis)) await expect(ui.main.getByTestId(`kpi-${key}`)).toContainText(fmt(value));

    const expiring = ui.main.getByTestId('section-EXPIRING');
    const meetings = await ui.graphql<SectionData>(SECTION, { region: 'EU', product: 'MEETINGS', section: 'EXPIRING' });
    const calling = await ui.graphql<SectionData>(SECTION, { region: 'EU', product: 'CALLING', section: 'EXPIRING' });
    expect(meetings.licenseSection.rows.map((r) => r.customerName)).not.toEqual(calling.licenseSection.rows.map((r) => r.customerName));
    await expect(expiring.getByTestId('EXPIRING-customers')).toContainText(fmt(meetings.licenseSection.kpis.customers));
    await expect(expiring.getByRole('row').nth(1)).toContainText(meetings.licenseSection.rows[0]!.customerName);

    await ui.main.getByRole('radio', { name: 'Calling' }).check();
    await expect(expiring.getByTestId('EXPIRING-customers')).toContainText(fmt(calling.licenseSection.kpis.customers));
    await expect(expiring.getByRole('row').nth(1)).toContainText(calling.licenseSection.rows[0]!.customerName);

    // The usage bar tells its numbers on keyboard focus; the trend has a table view.
    const bar = expiring.getByRole('img').first();
    await bar.focus();
    await expect(expiring.getByRole('tooltip')).toBeVisible();
    await ui.main.getByText('Show the numbers as a table').click();
    await expect(ui.main.getByRole('table', { name: 'License distribution trend' })).toBeVisible();

    // The region selector applies: US figures replace the EU ones.
    const us = await ui.graphql<{ licenseKpis: Record<string, number> }>(KPIS, { region: 'US' });
    await page.getByRole('banner').getByLabel('Region').selectOption('US');
    await expect(ui.main.getByTestId('kpi-totalCustomers')).toContainText(fmt(us.licenseKpis.totalCustomers));
  });

  test('reads as the Dutch help does and has no serious accessibility violations', async ({ page }) => {
    const ui = new ConsolePage(page);
    await ui.open('/analytics');
    await expect(ui.main.getByTestId('section-OVERAGE').getByRole('table')).toBeVisible();
    const english = await new AxeBuilder({ page }).include('main').analyze();
    expect(english.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);

    await page.getByRole('banner').getByLabel('Language').selectOption('nl');
    for (const text of ['Verloopt bijna', 'Bijna vernieuwd', 'Lage licentietoewijzing', 'Overschrijding licentielimiet', 'Licentiedistributietrend', 'Verloopt binnen 90 dagen', 'Klanten boven de licentielimiet', 'Wekelijkse toewijzingswijziging']) {
      await expect(ui.main).toContainText(text);
    }
    await expect(ui.main.getByRole('radio', { name: 'Vergaderingen' })).toBeChecked();
    await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
    const dutch = await new AxeBuilder({ page }).include('main').analyze();
    expect(dutch.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    await page.getByRole('banner').getByLabel('Taal').selectOption('en');
  });
});
