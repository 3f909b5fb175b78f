import { expect, test } from '@playwright/test';
import { ConsolePage } from '../../pom/console-page';
import { expectNoSeriousA11yViolations } from './axe';

// Signs in as the read-only admin, then checks the result as the full admin.
test.use({ storageState: { cookies: [], origins: [] } });

const USERS = '{ users { id email role } }';

test('a read-only admin sees no admin controls, and a forced change is refused and changes nothing', async ({ browser, page }) => {
  const ui = new ConsolePage(page);
  await ui.signIn('readonly@demo.example');
  // The navigation offers nothing a read-only admin may not do.
  for (const name of ['Users', 'Admins', 'Audit log', 'API keys']) {
    await expect(ui.nav.getByRole('link', { name, exact: true })).toHaveCount(0);
  }

  // Opening the page anyway: the BFF refuses the list and the page says so, translated.
  await ui.open('/users');
  await expect(ui.main.getByRole('alert')).toContainText('Your role does not allow this.');
  await expect(ui.main.getByRole('button', { name: 'Add user' })).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);

  // Start my organisation is read-only for them.
  await ui.open('/my-organization');
  await expect(ui.main.getByRole('heading', { name: 'Start my organisation', level: 1 })).toBeVisible();
  await expect(ui.main.getByRole('button', { name: 'Get started' })).toHaveCount(0);

  // Forcing mutations from the page, as a tampered UI would: each is refused FORBIDDEN.
  const full = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const fullPage = await full.newPage();
  const fullUi = new ConsolePage(fullPage);
  await fullUi.signIn('full@demo.example');
  const before = await fullUi.graphql<{ users: { id: string; email: string; role: string }[] }>(USERS);
  const self = before.users.find((user) => user.email === 'readonly@demo.example')!;
  const forced = await page.evaluate(async (userId) => {
    const send = async (query: string) => {
      const response = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-partner-hub': '1' },
        body: JSON.stringify({ query }),
      });
      const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
      return body.errors?.[0]?.extensions?.code ?? 'NONE';
    };
    return [
      await send(`mutation { changeUserRole(userId: "${userId}", role: FULL_ADMIN) { id } }`),
      await send('mutation { inviteUser(input: { email: "sneaky@demo.example", displayName: "Sneaky", role: FULL_ADMIN }) { user { id } } }'),
      await send('mutation { setUpMyOrganization(acceptTerms: true) { setUp } }'),
      await send('mutation { createApiKey(name: "sneaky") { rawKey } }'),
    ];
  }, self.id);
  expect(forced).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);

  // Nothing changed, as the full admin sees it; each refusal is in the audit log.
  const after = await fullUi.graphql<{ users: { id: string; email: string; role: string }[] }>(USERS);
  expect(after.users).toEqual(before.users);
  expect(after.users.find((user) => user.id === self.id)?.role).toBe('READ_ONLY');
  const keys = await fullUi.graphql<{ apiKeys: { name: string }[] }>('{ apiKeys { name } }');
  expect(keys.apiKeys.map((key) => key.name)).not.toContain('sneaky');
  const denied = await fullUi.graphql<{ auditEvents: { events: { action: string; actorEmail: string }[] } }>(
    '{ auditEvents(first: 20, filter: { action: "Mutation.changeUserRole" }) { events { action actorEmail outcome } } }',
  );
  expect(denied.auditEvents.events).toContainEqual(expect.objectContaining({ actorEmail: 'readonly@demo.example', outcome: 'DENIED' }));
  await full.close();
});
