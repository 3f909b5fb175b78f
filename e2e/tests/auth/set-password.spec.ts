import { expect, test } from '@playwright/test';
import { ConsolePage } from '../../pom/console-page';
import { expectNoSeriousA11yViolations } from '../admin/axe';

const PASSWORD = 'correct horse battery staple';
const SIGNED_OUT = { storageState: { cookies: [], origins: [] } };

test('a full admin invites a user and copies the link; the invitee sets a password in a fresh browser and signs in', async ({ page, context, browser }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const ui = new ConsolePage(page);
  await ui.open('/customers');
  await ui.nav.getByRole('link', { name: 'Users', exact: true }).click();
  const email = `invitee.${Date.now()}@demo.example`;
  await ui.main.getByLabel('Email address').fill(email);
  await ui.main.getByLabel('Name', { exact: true }).fill('Ivo Invitee');
  await ui.main.getByLabel('Role').selectOption('READ_ONLY');
  await ui.main.getByRole('button', { name: 'Add user' }).click();

  // The link is shown once, focused, with Copy.
  await expect(ui.main.getByRole('heading', { name: `Set-password link for ${email}` })).toBeFocused();
  await expect(ui.main.getByText(/shown only this once, works once and is valid until/)).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await ui.main.getByRole('button', { name: 'Copy link' }).click();
  await expect(ui.main.getByText('Link copied to the clipboard.')).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/set-password#token=[\w-]{43}$/);
  await expect(ui.main.getByLabel('Set-password link')).toHaveValue(link);

  // A fresh browser: nobody signed in.
  const invitee = await browser.newContext(SIGNED_OUT);
  const own = await invitee.newPage();
  await own.goto(link);
  await expect(own.getByText(`Welcome, Ivo Invitee. Choose a password for ${email}.`)).toBeVisible();
  await expect(own.getByRole('heading', { name: 'Set your password', level: 1 })).toBeVisible();
  await expect(own.getByRole('navigation')).toHaveCount(0);
  await expectNoSeriousA11yViolations(own);

  // The policy, from the BFF (the address is in the password) and in the page (the repeat differs).
  await own.getByLabel('New password', { exact: true }).fill(`${email} 2026`);
  await own.getByLabel('Repeat the new password').fill(`${email} 2026`);
  await own.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(own.getByRole('alert')).toHaveText('Do not use your email address in your password.');
  await expect(own.getByLabel('New password', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expectNoSeriousA11yViolations(own);
  await own.getByLabel('New password', { exact: true }).fill(PASSWORD);
  await own.getByLabel('Repeat the new password').fill(`${PASSWORD}!`);
  await own.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(own.getByRole('alert')).toHaveText('The two passwords are not the same. Type the same password twice.');

  await own.getByLabel('Repeat the new password').fill(PASSWORD);
  await own.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(own).toHaveURL(/\/customers$/);
  await expect(own.getByRole('banner')).toContainText('Ivo Invitee');
  await expect(own.getByRole('banner')).toContainText('Read-only partner administrator');

  // Signed out, the new password signs in.
  await own.getByRole('button', { name: 'Sign out' }).click();
  await expect(own).toHaveURL(/\/sign-in$/);
  await new ConsolePage(own).signIn(email, { password: PASSWORD });
  await expect(own.getByRole('banner')).toContainText('Ivo Invitee');
  await invitee.close();

  // The link works once: opened again, it says so, in English and Dutch.
  const again = await browser.newContext(SIGNED_OUT);
  const second = await again.newPage();
  await second.goto(link);
  await expect(second.getByRole('alert')).toHaveText('This link has already been used. Sign in with your password, or ask your partner administrator to reset it.');
  await expectNoSeriousA11yViolations(second);
  await second.getByLabel('Language').selectOption('nl');
  await expect(second.getByRole('alert')).toHaveText('Deze link is al gebruikt. Meld u aan met uw wachtwoord, of vraag uw partnerbeheerder om het opnieuw in te stellen.');
  await second.getByRole('link', { name: 'Naar de aanmeldpagina' }).click();
  await expect(second).toHaveURL(/\/sign-in$/);
  await again.close();

  // The full admin sees it all in the audit log; the token is in none of it.
  const audit = await ui.graphql<{ auditEvents: { events: { action: string; outcome: string; actorEmail: string | null; after: string | null }[] } }>(
    '{ auditEvents(first: 100) { events { action outcome actorEmail after } } }',
  );
  const token = new URL(link).hash.slice('#token='.length);
  expect(JSON.stringify(audit)).not.toContain(token);
  const actions = audit.auditEvents.events.map((event) => `${event.action} ${event.outcome}`);
  for (const expected of ['users.invite SUCCESS', 'users.issuePasswordLink SUCCESS', 'auth.setPassword SUCCESS', 'auth.setPassword FAILURE']) {
    expect(actions).toContain(expected);
  }
});
