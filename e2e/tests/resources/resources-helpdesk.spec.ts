import AxeBuilder from '@axe-core/playwright';
import { createServer, type Server } from 'node:http';
import { expect, test, type Page } from '@playwright/test';
import { ConsolePage } from '../../pom/console-page';
import { HELPDESK_HOOK_PORT } from '../../pom/helpdesk-hook';

/** The helpdesk's webhook as the console's config points to it: a receiver on loopback that records what arrives. */
const received: Record<string, unknown>[] = [];
let receiver: Server;

test.beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      received.push(JSON.parse(body) as Record<string, unknown>);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(HELPDESK_HOOK_PORT, '127.0.0.1', resolve));
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).include('main').analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('browses and searches Resources & help in Dutch, with the search in the URL', async ({ page }) => {
  const ui = new ConsolePage(page);
  await ui.open('/resources');
  await ui.languageSelect.selectOption('nl');
  await expect(ui.main.getByRole('heading', { name: 'Bronnen en help', level: 1 })).toBeVisible();
  await expect(ui.main.getByRole('region', { name: 'Snelle links' }).getByRole('link', { name: 'Aan de slag met Partner Hub' })).toBeVisible();
  await expect(ui.main.getByRole('region', { name: 'Aanbevolen bronnen' }).getByRole('link', { name: 'Nieuw in Partner Hub' })).toBeVisible();

  // Keyboard only: type the search and press Enter.
  await ui.main.getByRole('searchbox', { name: 'Zoeken' }).fill('nummerportering');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/resources\?q=nummerportering$/);
  await expect(ui.main.getByText('2 bronnen gevonden')).toBeVisible();
  const results = ui.main.getByRole('region', { name: 'Alle bronnen' }).getByRole('listitem');
  await expect(results.first().getByRole('link')).toHaveText('Checklist nummerportering');

  await ui.main.getByRole('combobox', { name: 'Taal van de inhoud' }).selectOption('nl');
  await expect(page).toHaveURL(/language=nl/);
  await expect(ui.main.getByText('1 bron gevonden')).toBeVisible();
  await expect(results.first().getByRole('link')).toHaveText('Nummerportering in Nederland');

  // The address is the search: opening it again shows the same results.
  await page.reload();
  await expect(ui.main.getByText('1 bron gevonden')).toBeVisible();
  await expect(ui.main.getByRole('searchbox', { name: 'Zoeken' })).toHaveValue('nummerportering');
  await expectNoSeriousViolations(page);
});

test('sends a request to the Partner Helpdesk in Dutch and sees it delivered', async ({ page }) => {
  const ui = new ConsolePage(page);
  await ui.open('/resources');
  await ui.languageSelect.selectOption('nl');
  await ui.nav.getByRole('link', { name: 'Partner Helpdesk' }).click();
  await expect(ui.main.getByRole('heading', { name: 'Partner Helpdesk', level: 1 })).toBeVisible();
  await expect(ui.main.getByText('Maandag tot en met vrijdag, 08:00–18:00 lokale tijd')).toBeVisible();
  await expect(ui.main.getByRole('link', { name: '+31 20 555 0100' })).toBeVisible();

  await ui.main.getByRole('button', { name: 'Verzoek versturen' }).click();
  await expect(ui.main.getByText('Controleer de gemarkeerde velden.')).toBeVisible();
  await expect(ui.main.getByText('Vul dit veld in.')).toHaveCount(3);

  const subject = `Nummerportering loopt vast ${Date.now()}`;
  await ui.main.getByLabel('Onderwerp').fill(subject);
  await ui.main.getByLabel('Product').selectOption('CALLING');
  const customerSelect = ui.main.getByLabel('Klant waarover het gaat (optioneel)');
  await expect(customerSelect.locator('option')).not.toHaveCount(1);
  const customerName = (await customerSelect.locator('option').nth(1).textContent())!;
  await customerSelect.selectOption({ index: 1 });
  await ui.main.getByLabel('Bericht').fill('De portering van drie nummers staat al een week op in behandeling.');
  await ui.main.getByRole('button', { name: 'Verzoek versturen' }).click();
  await expect(ui.main.getByText('Uw verzoek is ontvangen. De helpdesk neemt per e-mail contact met u op.')).toBeVisible();

  // Full admins see what was sent and whether it arrived.
  const row = ui.main.getByRole('table', { name: 'Verzoeken die uw organisatie naar de helpdesk heeft gestuurd' }).getByRole('row').filter({ hasText: subject });
  await expect(async () => {
    await page.reload();
    await expect(row).toContainText('Bezorgd', { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(row).toContainText(customerName);
  await expect(row).toContainText('full@demo.example');

  const delivered = received.find((body) => body.subject === subject);
  expect(delivered).toMatchObject({
    product: 'CALLING',
    user: { email: 'full@demo.example' },
    partner: { name: 'Demo Partner' },
    customer: { name: customerName },
  });
  await expectNoSeriousViolations(page);
});
