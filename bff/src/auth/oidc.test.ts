import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorCode } from '@ph/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuditEvent } from '../audit/audit-event.entity';
import { RegionStores } from '../database/stores';
import { createTestStores, gql, startApp, testConfig, type RunningApp, type TestStores } from '../test/harness';
import { PartnerUser } from './user.entity';

const dialects = inject('dialects');
const CLIENT = { id: 'partner-hub', secret: 'test-client-secret-0123456789' };
/** Accounts of the test IdP, keyed by subject. */
const ACCOUNTS: Record<string, { email: string; email_verified: boolean; name: string }> = {
  'idp-fiona': { email: 'Full@demo.example', email_verified: true, name: 'Fiona at the IdP' },
  'idp-unverified': { email: 'admin@demo.example', email_verified: false, name: 'Unverified' },
  'idp-stranger': { email: 'stranger@elsewhere.example', email_verified: true, name: 'Stranger' },
};

/** A tiny browser: one cookie jar per origin, manual redirects, submits the IdP's login and consent forms. */
class Browser {
  private readonly jars = new Map<string, Map<string, string>>();

  private jar(url: URL): Map<string, string> {
    let jar = this.jars.get(url.origin);
    if (!jar) this.jars.set(url.origin, (jar = new Map()));
    return jar;
  }

  cookie(origin: string, name: string): string | undefined {
    return this.jars.get(origin)?.get(name);
  }

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const jar = this.jar(target);
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(target, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) } });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const [name, value] = [pair.slice(0, pair.indexOf('=')).trim(), pair.slice(pair.indexOf('=') + 1)];
      const expired = value === '' || attributes.some((a) => /max-age=0|expires=thu, 01 jan 1970/i.test(a.trim()));
      if (expired) jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  }

  /** Follows redirects from `url`, logging in at the IdP as `subject`, until leaving for `stopOrigin` + path `stopPath`. */
  async run(url: string, subject: string, stopPath: string): Promise<{ responses: Response[]; last: Response }> {
    const responses: Response[] = [];
    let next: { url: string; init?: RequestInit } | null = { url };
    let last!: Response;
    for (let hops = 0; next && hops < 20; hops++) {
      last = await this.request(next.url, next.init);
      responses.push(last);
      const here: string = next.url;
      next = null;
      if (last.status >= 300 && last.status < 400) {
        const location = new URL(last.headers.get('location')!, here);
        if (location.pathname === stopPath || location.pathname === '/' || location.pathname === '/sign-in') {
          return { responses, last };
        }
        next = { url: location.toString() };
      } else if (last.status === 200 && (last.headers.get('content-type') ?? '').includes('text/html')) {
        const html = await last.text();
        const action = /action="([^"]+)"/.exec(html)?.[1];
        const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
        if (!action || !prompt) throw new Error(`unexpected IdP page: ${html.slice(0, 200)}`);
        const body = new URLSearchParams(prompt === 'login' ? { prompt, login: subject, password: 'irrelevant' } : { prompt });
        next = { url: new URL(action, here).toString(), init: { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() } };
      }
    }
    return { responses, last };
  }
}

describe('OpenID Connect sign-in', () => {
  describe.each(dialects)('on %s', (dialect) => {
    let stores: TestStores;
    let idp: Server;
    let issuer: string;
    let sut: RunningApp;

    beforeAll(async () => {
      idp = createServer();
      await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
      issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
      stores = await createTestStores(dialect);
      sut = await startApp(testConfig(stores, { DEMO_SEED: 'true', OIDC_ISSUER: issuer, OIDC_CLIENT_ID: CLIENT.id, OIDC_CLIENT_SECRET: CLIENT.secret }));
      const { default: Provider } = await import('oidc-provider');
      const provider = new Provider(issuer, {
        clients: [{ client_id: CLIENT.id, client_secret: CLIENT.secret, redirect_uris: [`${sut.url}/api/auth/oidc/callback`], grant_types: ['authorization_code'], response_types: ['code'] }],
        cookies: { keys: ['test-cookie-key-0123456789'] },
        claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
        conformIdTokenClaims: false,
        findAccount: async (_ctx, sub) => (ACCOUNTS[sub] ? { accountId: sub, claims: async () => ({ sub, ...ACCOUNTS[sub] }) } : undefined),
      });
      idp.on('request', provider.callback());
    });

    afterAll(async () => {
      await sut?.app.close();
      await new Promise((resolve) => idp?.close(resolve));
      await stores?.cleanup();
    });

    it('signs in through the IdP, links the verified e-mail to the existing user, and gives the browser only a session cookie', async () => {
      const browser = new Browser();
      const start = await browser.request(`${sut.url}/api/auth/oidc/start`);
      expect(start.status).toBe(302);
      const authorize = new URL(start.headers.get('location')!);
      expect(authorize.origin).toBe(issuer);
      expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
      expect(authorize.searchParams.get('state')).toBeTruthy();
      expect(authorize.searchParams.get('nonce')).toBeTruthy();
      const { responses, last } = await browser.run(authorize.toString(), 'idp-fiona', '/api/auth/oidc/callback');
      const callbackUrl = new URL(last.headers.get('location')!, issuer);
      expect(callbackUrl.toString()).toContain(`${sut.url}/api/auth/oidc/callback?code=`);
      expect(responses.length).toBeGreaterThan(3);

      const callback = await browser.request(callbackUrl.toString());
      expect(callback.status).toBe(302);
      expect(callback.headers.get('location')).toBe('/');
      const appCookies = callback.headers.getSetCookie();
      expect(appCookies.some((line) => /^ph_session=.+; .*HttpOnly/.test(line))).toBe(true);
      expect(appCookies.join('\n')).not.toMatch(/eyJ/); // no JWT (id/access token) reaches the browser
      expect(await callback.text()).not.toMatch(/eyJ/);

      const session = browser.cookie(new URL(sut.url).origin, 'ph_session');
      const me = await gql(sut.url, '{ me { email role partnerName } mySessions { method current } }', undefined, { cookie: `ph_session=${session}` });
      expect(me.data).toEqual({ me: { email: 'full@demo.example', role: 'FULL_ADMIN', partnerName: 'Demo Partner' }, mySessions: [{ method: 'oidc', current: true }] });
      const user = await sut.app.get(RegionStores).directory().findOneOrFail(PartnerUser, { email: 'full@demo.example' });
      expect(user).toMatchObject({ oidcIssuer: issuer, oidcSubject: 'idp-fiona' });
      const [linked] = await sut.app.get(RegionStores).directory().find(AuditEvent, { action: 'users.linkSso' });
      expect(linked).toMatchObject({ outcome: 'SUCCESS', targetId: user.id, after: { oidcIssuer: issuer, oidcSubject: 'idp-fiona' } });
    });

    it('signs in again by subject', async () => {
      const browser = new Browser();
      const start = await browser.request(`${sut.url}/api/auth/oidc/start`);
      const { last } = await browser.run(start.headers.get('location')!, 'idp-fiona', '/api/auth/oidc/callback');
      const callback = await browser.request(new URL(last.headers.get('location')!, issuer).toString());
      expect(callback.headers.get('location')).toBe('/');
    });

    it.each([
      ['an unverified e-mail', 'idp-unverified'],
      ['an unknown user', 'idp-stranger'],
    ])('refuses %s without a session and audits the failure', async (_label, subject) => {
      const browser = new Browser();
      const start = await browser.request(`${sut.url}/api/auth/oidc/start`);
      const { last } = await browser.run(start.headers.get('location')!, subject, '/api/auth/oidc/callback');
      const callback = await browser.request(new URL(last.headers.get('location')!, issuer).toString());
      expect(callback.headers.get('location')).toBe('/sign-in?error=sso');
      expect(browser.cookie(new URL(sut.url).origin, 'ph_session')).toBeUndefined();
      const failures = await sut.app.get(RegionStores).directory().find(AuditEvent, { action: 'auth.signIn', outcome: 'FAILURE', reason: 'UNKNOWN_USER' });
      expect(failures.length).toBeGreaterThan(0);
    });

    it('refuses a callback whose state does not match', async () => {
      const browser = new Browser();
      const start = await browser.request(`${sut.url}/api/auth/oidc/start`);
      const { last } = await browser.run(start.headers.get('location')!, 'idp-fiona', '/api/auth/oidc/callback');
      const forged = new URL(last.headers.get('location')!, issuer);
      forged.searchParams.set('state', 'forged');
      const callback = await browser.request(forged.toString());
      expect(callback.headers.get('location')).toBe('/sign-in?error=sso');
      expect(browser.cookie(new URL(sut.url).origin, 'ph_session')).toBeUndefined();
    });

    it('offers single sign-on to the sign-in page when a provider is configured', async () => {
      expect(await (await fetch(`${sut.url}/api/auth/options`)).json()).toEqual({ sso: true });
    });

    it('answers NOT_FOUND when single sign-on is not configured, and does not offer it', async () => {
      const plain = await startApp(testConfig(stores));
      try {
        const response = await fetch(`${plain.url}/api/auth/oidc/start`, { redirect: 'manual' });
        expect(response.status).toBe(404);
        expect(await response.json()).toMatchObject({ code: ErrorCode.NotFound });
        expect(await (await fetch(`${plain.url}/api/auth/options`)).json()).toEqual({ sso: false });
      } finally {
        await plain.app.close();
      }
    });
  });
});
