import { expect, test } from '@playwright/test';
import { ConsolePage } from '../../pom/console-page';

const SUMMARY = /* GraphQL */ `
  query ($region: Region!) {
    regionSummary(region: $region) { customerCount licensesPurchased }
    reportTemplates { name }
  }
`;

interface Summary {
  regionSummary: { customerCount: number; licensesPurchased: number };
  reportTemplates: { name: string }[];
}

test.describe('shell', () => {
  test('has the landmarks, the navigation and a skip link', async ({ page }) => {
    const ui = new ConsolePage(page);
    await ui.open('/');
    await expect(page).toHaveURL(/\/customers$/);
    await expect(ui.nav).toHaveAttribute('aria-label', 'Main navigation');
    for (const name of ['Start my organisation', 'Customers', 'Analytics', 'Reports', 'Resources & help', 'Partner Helpdesk']) {
      await expect(ui.nav.getByRole('link', { name })).toBeVisible();
    }
    await expect(ui.nav.getByRole('link', { name: 'Customers' })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('banner').getByLabel('Region')).toBeVisible();
    await expect(page.getByRole('banner').getByLabel('Language')).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeFocused();
  });

  test('every module renders data from the BFF, for the selected region', async ({ page }) => {
    const ui = new ConsolePage(page);
    await ui.open('/customers');
    const us = await ui.graphql<Summary>(SUMMARY, { region: 'US' });
    const eu = await ui.graphql<Summary>(SUMMARY, { region: 'EU' });
    expect(us.regionSummary.customerCount).toBeGreaterThan(0);

    await page.getByRole('banner').getByLabel('Region').selectOption('US');
    await expect(ui.main.getByRole('heading', { name: 'Customers' })).toBeVisible();
    await expect(ui.main).toContainText(`${us.regionSummary.customerCount} customers in US`);
    await page.getByRole('banner').getByLabel('Region').selectOption('EU');
    await expect(ui.main).toContainText(`${eu.regionSummary.customerCount} customers in EU`);

    await ui.nav.getByRole('link', { name: 'Analytics' }).click();
    await expect(ui.main.getByRole('heading', { name: 'Analytics' })).toBeVisible();
    const kpis = await ui.graphql<{ licenseKpis: { totalCustomers: number } }>('query($region: Region!) { licenseKpis(region: $region) { totalCustomers } }', { region: 'EU' });
    await expect(ui.main.getByTestId('kpi-totalCustomers')).toContainText(new Intl.NumberFormat('en').format(kpis.licenseKpis.totalCustomers));

    await ui.nav.getByRole('link', { name: 'Reports' }).click();
    await expect(ui.main.getByRole('heading', { name: 'Reports' })).toBeVisible();
    for (const template of us.reportTemplates) await expect(ui.main).toContainText(template.name);
  });

  test('switching the language turns the shell and the mounted module Dutch without a reload', async ({ page }) => {
    const ui = new ConsolePage(page);
    await ui.open('/customers');
    await expect(ui.main.getByRole('heading', { name: 'Customers' })).toBeVisible();
    await page.evaluate(() => ((window as unknown as { noReload: boolean }).noReload = true));

    await page.getByRole('banner').getByLabel('Language').selectOption('nl');
    await expect(ui.main.getByRole('heading', { name: 'Klanten' })).toBeVisible();
    await expect(ui.main).toContainText('klanten in');
    await expect(ui.nav.getByRole('link', { name: 'Mijn organisatie starten' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
    expect(await page.evaluate(() => (window as unknown as { noReload?: boolean }).noReload)).toBe(true);

    await ui.nav.getByRole('link', { name: 'Analyses' }).click();
    await expect(ui.main.getByRole('heading', { name: 'Analyses' })).toBeVisible();

    // The choice is persisted.
    await page.reload();
    await expect(page.getByRole('banner').getByLabel('Taal')).toHaveValue('nl');
  });

  test('unknown paths show a translated not-found page inside the shell', async ({ page }) => {
    const ui = new ConsolePage(page);
    await ui.open('/no-such-page');
    await expect(ui.main).toContainText('Page not found');
    await expect(ui.nav).toBeVisible();
  });
});
