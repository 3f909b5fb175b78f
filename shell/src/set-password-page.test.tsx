import { cleanup, fireEvent, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SetPasswordPage } from './set-password-page';
import { createFakeGql, renderShell } from './testing';

afterEach(cleanup);
beforeEach(() => localStorage.clear());

const LINK = { email: 'ivy@demo.example', displayName: 'Ivy Invitee', purpose: 'INVITE', expiresAt: '2026-12-01T10:00:00Z' };
const tokenError = (reason: string) => Response.json({ code: 'BAD_USER_INPUT', message: 'x', fields: [{ field: 'token', reason }] }, { status: 400 });

/**
 * Renders the shell at `path` with a fake BFF: `inspect` answers `POST /api/auth/password-link`,
 * `redeem` answers `POST /api/auth/set-password` (a 200 signs the fake in).
 */
async function renderPage(options: { path: string; inspect?: () => Response; redeem?: () => Response; signedIn?: boolean }) {
  let signedIn = options.signedIn ?? false;
  const { gql } = createFakeGql({ signedIn: () => signedIn });
  const fetch = vi.fn(async (url: string | URL | Request) => {
    if (String(url) === '/api/auth/password-link') return (options.inspect ?? (() => Response.json(LINK)))();
    if (String(url) === '/api/auth/set-password') {
      const response = (options.redeem ?? (() => Response.json({ user: {} })))();
      if (response.ok) signedIn = true;
      return response;
    }
    return new Response(null, { status: 204 });
  });
  const history = await renderShell({ gql, fetch, path: options.path });
  return { history, fetch };
}

const bodyOf = (fetch: ReturnType<typeof vi.fn>, url: string) => JSON.parse(String((fetch.mock.calls.find((call) => String(call[0]) === url)?.[1] as RequestInit).body));

describe(SetPasswordPage.name, () => {
  it('explains an incomplete link without asking the BFF', async () => {
    const { fetch } = await renderPage({ path: '/set-password' });
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', 'This link is incomplete. Open the whole link you were given.');
    expect(screen.getByRole('link', { name: 'Go to the sign-in page' }).getAttribute('href')).toBe('/sign-in');
    expect(fetch.mock.calls.some((call) => String(call[0]) === '/api/auth/password-link')).toBe(false);
  });

  it.each([
    ['expired', 'This link has expired. Ask your partner administrator for a new one.'],
    ['used', 'This link has already been used. Sign in with your password, or ask your partner administrator to reset it.'],
    ['replaced', 'A newer link was made for your account. Use the newest link you were given.'],
    ['unknown', 'This link is not valid. Check that you opened the whole link, or ask your partner administrator for a new one.'],
  ])('explains a link that is %s', async (reason, message) => {
    const { fetch } = await renderPage({ path: '/set-password#token=abc', inspect: () => tokenError(reason) });
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe(message));
    expect(bodyOf(fetch, '/api/auth/password-link')).toEqual({ token: 'abc' });
    expect(screen.queryByLabelText('New password')).toBeNull();
  });

  it('is a labelled form with the policy as a hint, checks it before sending, and signs the invitee in', async () => {
    const { history, fetch } = await renderPage({ path: '/set-password#token=tok-123' });
    expect(await screen.findByText(/Welcome, Ivy Invitee\. Choose a password for ivy@demo\.example\./)).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Set your password', level: 1 })).toBeTruthy();
    const password = screen.getByLabelText('New password');
    const confirm = screen.getByLabelText('Repeat the new password');
    expect(password.getAttribute('autocomplete')).toBe('new-password');
    expect(confirm.getAttribute('autocomplete')).toBe('new-password');
    expect(document.getElementById(password.getAttribute('aria-describedby')!)?.textContent).toMatch(/at least 12 characters, and not your email address/);
    const username = document.querySelector('input[autocomplete="username"]') as HTMLInputElement;
    expect(username.value).toBe('ivy@demo.example');
    const submit = () => fireEvent.click(screen.getByRole('button', { name: 'Set password and sign in' }));

    submit();
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Enter a password.'));
    fireEvent.input(password, { target: { value: 'too short' } });
    submit();
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Use at least 12 characters.'));
    expect(password.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement?.id).toBe('set-password-error');
    fireEvent.input(password, { target: { value: 'correct horse battery staple' } });
    fireEvent.input(confirm, { target: { value: 'correct horse battery stapel' } });
    submit();
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('The two passwords are not the same. Type the same password twice.'));
    expect(confirm.getAttribute('aria-invalid')).toBe('true');
    expect(password.getAttribute('aria-invalid')).toBeNull();
    expect(fetch.mock.calls.some((call) => String(call[0]) === '/api/auth/set-password')).toBe(false);

    fireEvent.input(confirm, { target: { value: 'correct horse battery staple' } });
    submit();
    await waitFor(() => expect(history.get()).toBe('/customers'));
    expect(bodyOf(fetch, '/api/auth/set-password')).toEqual({ token: 'tok-123', password: 'correct horse battery staple' });
    expect(await screen.findByRole('navigation', { name: 'Main navigation' })).toBeTruthy();
  });

  it('shows the BFF’s policy refusal on the field and a used-up link in place of the form', async () => {
    let answer = () => Response.json({ code: 'BAD_USER_INPUT', message: 'x', fields: [{ field: 'password', reason: 'containsEmail' }] }, { status: 400 });
    await renderPage({ path: '/set-password#token=t', redeem: () => answer() });
    const password = await screen.findByLabelText('New password');
    for (const input of [password, screen.getByLabelText('Repeat the new password')]) fireEvent.input(input, { target: { value: 'ivy@demo.example!' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set password and sign in' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Do not use your email address in your password.'));
    expect(password.getAttribute('aria-invalid')).toBe('true');

    answer = () => tokenError('used');
    fireEvent.click(screen.getByRole('button', { name: 'Set password and sign in' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/^This link has already been used\./));
    expect(screen.queryByLabelText('New password')).toBeNull();
  });

  it('tells how long to wait when redeeming is rate-limited', async () => {
    await renderPage({ path: '/set-password#token=t', redeem: () => Response.json({ code: 'RATE_LIMITED' }, { status: 429, headers: { 'retry-after': '300' } }) });
    const password = await screen.findByLabelText('New password');
    for (const input of [password, screen.getByLabelText('Repeat the new password')]) fireEvent.input(input, { target: { value: 'a long enough password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set password and sign in' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Too many attempts. Try again in 5 minutes.'));
  });

  it('says "choose a new password" after a reset, in Dutch too, and is shown to a signed-in browser as well', async () => {
    await renderPage({ path: '/set-password#token=t', inspect: () => Response.json({ ...LINK, purpose: 'RESET' }), signedIn: true });
    expect(await screen.findByRole('heading', { name: 'Choose a new password', level: 1 })).toBeTruthy();
    expect(screen.queryByRole('navigation', { name: 'Main navigation' })).toBeNull();
    fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'nl' } });
    expect(await screen.findByRole('heading', { name: 'Kies een nieuw wachtwoord', level: 1 })).toBeTruthy();
    expect(screen.getByLabelText('Nieuw wachtwoord')).toBeTruthy();
  });
});
