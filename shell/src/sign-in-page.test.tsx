import { cleanup, fireEvent, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SignInPage } from './sign-in-page';
import { createFakeGql, renderShell } from './testing';

afterEach(cleanup);

/**
 * Renders the shell signed out on /sign-in?next=…; `answer` stubs `POST /api/auth/sign-in` and
 * `sso` is what `GET /api/auth/options` offers.
 */
async function renderSignIn(answer: () => Promise<Response>, path = '/sign-in?next=%2Freports', sso = false) {
  let signedIn = false;
  const { gql } = createFakeGql({ signedIn: () => signedIn });
  const options = vi.fn(async () => Response.json({ sso }));
  const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    if (String(url) === '/api/auth/options') return options();
    const response = await answer();
    if (String(url) === '/api/auth/sign-in' && response.ok) signedIn = true;
    void init;
    return response;
  });
  const history = await renderShell({ gql, fetch, path });
  await screen.findByRole('heading', { name: 'Sign in to Partner Hub' });
  return { history, fetch };
}

function fillAndSubmit(email = 'full@demo.example', password = 'demo-partner-hub') {
  fireEvent.input(screen.getByLabelText('Email address'), { target: { value: email } });
  fireEvent.input(screen.getByLabelText('Password'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe(SignInPage.name, () => {
  beforeEach(() => localStorage.clear());

  it('is a labelled form with autocomplete hints and a single sign-on button when the BFF offers it', async () => {
    await renderSignIn(async () => new Response(null, { status: 204 }), '/sign-in', true);
    const email = screen.getByLabelText('Email address');
    expect(email.getAttribute('type')).toBe('email');
    expect(email.getAttribute('autocomplete')).toBe('username');
    expect(screen.getByLabelText('Password').getAttribute('autocomplete')).toBe('current-password');
    expect(await screen.findByRole('button', { name: 'Sign in with single sign-on' })).toBeTruthy();
    expect(document.activeElement).toBe(email);
  });

  it('offers no single sign-on when no provider is configured', async () => {
    const { fetch } = await renderSignIn(async () => new Response(null, { status: 204 }));
    await waitFor(() => expect(fetch).toHaveBeenCalledWith('/api/auth/options', expect.anything()));
    expect(screen.queryByRole('button', { name: 'Sign in with single sign-on' })).toBeNull();
  });

  it('submits email and password, then goes to next signed in', async () => {
    const { history, fetch } = await renderSignIn(async () => Response.json({ user: {} }, { status: 200 }));
    fillAndSubmit(' full@demo.example ');
    await waitFor(() => expect(history.get()).toBe('/reports'));
    expect(fetch).toHaveBeenCalledWith(
      '/api/auth/sign-in',
      expect.objectContaining({ body: JSON.stringify({ email: 'full@demo.example', password: 'demo-partner-hub' }) }),
    );
    expect(await screen.findByText('Fran Full')).toBeTruthy();
    expect(screen.getByRole('navigation', { name: 'Main navigation' })).toBeTruthy();
  });

  it('shows wrong credentials inline, describes both fields with it and focuses it', async () => {
    await renderSignIn(async () => Response.json({ code: 'UNAUTHENTICATED' }, { status: 401 }));
    fillAndSubmit();
    const alert = await screen.findByRole('alert');
    await waitFor(() => expect(alert.textContent).toBe('The email address or password is not correct.'));
    expect(document.activeElement).toBe(alert);
    const email = screen.getByLabelText('Email address');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(email.getAttribute('aria-describedby')).toBe(alert.id);
    expect(screen.getByLabelText('Password').getAttribute('aria-describedby')).toBe(alert.id);
    expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('');
  });

  it('tells how long to wait when rate limited (Retry-After), in Dutch too', async () => {
    await renderSignIn(async () => Response.json({ code: 'RATE_LIMITED' }, { status: 429, headers: { 'Retry-After': '90' } }));
    fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'nl' } });
    fireEvent.input(screen.getByLabelText('E-mailadres'), { target: { value: 'full@demo.example' } });
    fireEvent.input(screen.getByLabelText('Wachtwoord'), { target: { value: 'x' } });
    fireEvent.click(screen.getByRole('button', { name: 'Aanmelden' }));
    const alert = await screen.findByRole('alert');
    await waitFor(() => expect(alert.textContent).toBe('Te veel aanmeldpogingen. Probeer het over 2 minuten opnieuw.'));
    fireEvent.change(screen.getByLabelText('Taal'), { target: { value: 'en' } });
    expect(alert.textContent).toBe('Too many sign-in attempts. Try again in 2 minutes.');
  });

  it('says when Partner Hub cannot be reached', async () => {
    await renderSignIn(async () => Promise.reject(new TypeError('Failed to fetch')));
    fillAndSubmit();
    const alert = await screen.findByRole('alert');
    await waitFor(() => expect(alert.textContent).toBe('Partner Hub could not be reached. Check your connection and try again.'));
    expect(screen.getByLabelText('Email address').getAttribute('aria-invalid')).toBeNull();
  });

  it('asks for empty fields without calling the BFF', async () => {
    const { fetch } = await renderSignIn(async () => new Response(null, { status: 204 }));
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    const alert = await screen.findByRole('alert');
    await waitFor(() => expect(alert.textContent).toBe('Enter your email address and password.'));
    expect(fetch).not.toHaveBeenCalledWith('/api/auth/sign-in', expect.anything());
  });

  it('explains a failed single sign-on (?error=sso)', async () => {
    await renderSignIn(async () => new Response(null, { status: 204 }), '/sign-in?error=sso');
    expect((await screen.findByRole('alert')).textContent).toContain('Single sign-on did not complete.');
  });
});
