import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { CSRF_HEADER, ErrorCode } from '@ph/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuditEvent } from '../audit/audit-event.entity';
import { RegionStores } from '../database/stores';
import { seedDemo } from '../demo/demo-seed';
import { Partner } from '../partners/partner.entity';
import { createTestStores, gql, rawQuery, signIn, startApp, testConfig, type RunningApp, type TestStores } from '../test/harness';
import { PasswordLinksService } from './password-links.service';
import { PasswordToken } from './password-token.entity';
import { sha256 } from './sessions.service';
import { PartnerUser } from './user.entity';

const dialects = inject('dialects');
const INVITE = 'mutation($input: InviteUserInput!) { inviteUser(input: $input) { user { id email hasPassword } passwordLink { url expiresAt } } }';
const RESET = 'mutation($id: ID!) { resetUserPassword(userId: $id) { url expiresAt } }';
const GOOD = 'correct horse battery staple';

interface RestAnswer {
  status: number;
  headers: Headers;
  body: { code?: string; fields?: { field: string; reason: string; params?: Record<string, unknown> }[]; user?: { email: string }; email?: string; displayName?: string; purpose?: string };
  /** `name=value` of a session cookie that was set, '' when none. */
  cookie: string;
}

/** POSTs JSON to a REST auth route as the shell does (with the CSRF header unless told otherwise). */
async function post(url: string, path: string, body: unknown, headers: Record<string, string> = { [CSRF_HEADER]: '1' }): Promise<RestAnswer> {
  const response = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const cookie = response.headers.getSetCookie().find((line) => /session=/.test(line))?.split(';')[0] ?? '';
  return { status: response.status, headers: response.headers, body: (await response.json()) as RestAnswer['body'], cookie };
}

const tokenOf = (url: string) => new URL(url).hash.replace(/^#token=/, '');

describe(PasswordLinksService.name, () => {
  describe.each(dialects)('on %s', (dialect) => {
    let stores: TestStores;
    let sut: RunningApp;
    let registry: RegionStores;
    let full: Record<string, string>;
    let partnerId: string;

    const events = (where: Partial<AuditEvent>) => registry.directory().find(AuditEvent, where, { orderBy: { id: 'asc' } });
    const invite = async (email: string) => {
      const response = await gql<{ inviteUser: { user: { id: string; email: string; hasPassword: boolean }; passwordLink: { url: string; expiresAt: string } } }>(sut.url, INVITE, { input: { email, displayName: `Invitee ${email}`, role: 'ADMIN' } }, full);
      expect(response.errors).toBeUndefined();
      return response.data!.inviteUser;
    };
    const setPassword = (token: string, password: string, headers?: Record<string, string>) => post(sut.url, '/api/auth/set-password', { token, password }, headers);

    beforeAll(async () => {
      stores = await createTestStores(dialect);
      sut = await startApp(testConfig(stores, { PASSWORD_LINK_TTL_HOURS: '48' }));
      registry = sut.app.get(RegionStores);
      await seedDemo(registry, { customers: 8, weeks: 1, seed: 3, callLegs: 10 });
      full = (await signIn(sut.url, 'full@demo.example')).auth;
      partnerId = (await registry.directory().findOneOrFail(Partner, { name: 'Demo Partner' })).id;
    });

    afterAll(async () => {
      await sut?.app.close();
      await stores?.cleanup();
    });

    it('invites a user with a link shown once: single-use token, only its hash stored, in no log or audit event', async () => {
      const started = Date.now();
      const { user, passwordLink } = await invite('Ivy.Invitee@demo.example');
      expect(user).toMatchObject({ email: 'ivy.invitee@demo.example', hasPassword: false });
      expect(passwordLink.url).toMatch(new RegExp(`^${sut.url}/set-password#token=[A-Za-z0-9_-]{43}$`));
      const ttl = new Date(passwordLink.expiresAt).getTime() - started;
      expect(ttl).toBeGreaterThan(48 * 3600_000 - 60_000);
      expect(ttl).toBeLessThan(48 * 3600_000 + 60_000);
      const token = tokenOf(passwordLink.url);
      const rows = await rawQuery<Record<string, unknown>>(stores.databases.directory, 'select * from password_token where user_id = ?', [user.id]);
      expect(rows.map((row) => row.token_hash)).toEqual([sha256(token)]);
      expect(rows[0].purpose).toBe('INVITE');
      const issued = await events({ action: 'users.issuePasswordLink', targetId: user.id });
      expect(issued).toHaveLength(1);
      expect(issued[0]).toMatchObject({ outcome: 'SUCCESS', actorEmail: 'full@demo.example', partnerId, after: { purpose: 'INVITE' } });
      expect(await events({ action: 'users.invite', targetId: user.id })).toHaveLength(1);
      expect(JSON.stringify(await rawQuery(stores.databases.directory, 'select * from audit_event'))).not.toContain(token);
      expect(JSON.stringify(sut.logs)).not.toContain(token);
      // Shown once: nothing reads it back.
      const users = await gql(sut.url, '{ users { id email hasPassword singleSignOn } }', undefined, full);
      expect(JSON.stringify(users.data)).not.toContain(token);
    });

    it('lets the invitee set a password under the policy, signs them in, and never accepts the link again', async () => {
      const { user, passwordLink } = await invite('otto.owner@demo.example');
      const token = tokenOf(passwordLink.url);
      const info = await post(sut.url, '/api/auth/password-link', { token });
      expect(info.status).toBe(200);
      expect(info.body).toMatchObject({ email: 'otto.owner@demo.example', displayName: 'Invitee otto.owner@demo.example', purpose: 'INVITE' });

      const short = await setPassword(token, 'short-pass');
      expect(short.status).toBe(400);
      expect(short.body.fields).toEqual([{ field: 'password', reason: 'tooShort', params: { min: 12 } }]);
      for (const weak of ['otto.owner@demo.example', 'OTTO.OWNER@demo.example!!', 'my otto.owner@demo.example']) {
        expect((await setPassword(token, weak)).body.fields).toEqual([{ field: 'password', reason: 'containsEmail' }]);
      }
      expect((await setPassword(token, 'x'.repeat(129))).body.fields).toEqual([{ field: 'password', reason: 'tooLong', params: { max: 128 } }]);
      expect(short.cookie).toBe('');

      const done = await setPassword(token, GOOD);
      expect(done.status).toBe(200);
      expect(done.body.user).toMatchObject({ email: 'otto.owner@demo.example' });
      expect(done.cookie).toMatch(/^ph_session=/);
      const me = await gql(sut.url, '{ me { email } }', undefined, { cookie: done.cookie });
      expect(me.data?.me).toEqual({ email: 'otto.owner@demo.example' });
      const [stored] = await rawQuery<{ password_hash: string }>(stores.databases.directory, 'select password_hash from partner_user where id = ?', [user.id]);
      expect(stored.password_hash).toMatch(/^\$argon2id\$/);
      expect((await signIn(sut.url, 'otto.owner@demo.example', GOOD)).status).toBe(200);

      const again = await setPassword(token, 'another long password');
      expect(again.status).toBe(400);
      expect(again.body).toMatchObject({ code: ErrorCode.BadUserInput, fields: [{ field: 'token', reason: 'used' }] });
      expect((await post(sut.url, '/api/auth/password-link', { token })).body.fields).toEqual([{ field: 'token', reason: 'used' }]);
      expect((await signIn(sut.url, 'otto.owner@demo.example', 'another long password')).status).toBe(401);

      const redeemed = await events({ action: 'auth.setPassword', targetId: user.id });
      expect(redeemed.map((e) => [e.outcome, e.reason])).toEqual([
        ['FAILURE', 'PASSWORD_POLICY'], ['FAILURE', 'PASSWORD_POLICY'], ['FAILURE', 'PASSWORD_POLICY'], ['FAILURE', 'PASSWORD_POLICY'], ['FAILURE', 'PASSWORD_POLICY'],
        ['SUCCESS', null],
        ['FAILURE', 'TOKEN_USED'],
      ]);
      expect(redeemed.find((e) => e.outcome === 'SUCCESS')).toMatchObject({ actorEmail: 'otto.owner@demo.example', partnerId, after: { purpose: 'INVITE', hasPassword: true } });
      for (const e of redeemed.filter((e) => e.outcome === 'FAILURE')) expect(e.partnerId).toBe(partnerId);
      const dump = JSON.stringify([await rawQuery(stores.databases.directory, 'select * from audit_event'), sut.logs]);
      expect(dump).not.toContain(token);
      expect(dump).not.toContain(GOOD);
    });

    it('answers unknown and expired links with their reason and audits the failures', async () => {
      const unknown = randomUUID();
      expect((await setPassword(unknown, GOOD)).body).toMatchObject({ code: ErrorCode.BadUserInput, fields: [{ field: 'token', reason: 'unknown' }] });
      expect((await post(sut.url, '/api/auth/password-link', { token: unknown })).body.fields).toEqual([{ field: 'token', reason: 'unknown' }]);
      expect((await post(sut.url, '/api/auth/password-link', {})).body.fields).toEqual([{ field: 'token', reason: 'unknown' }]);
      const [failure] = (await events({ action: 'auth.setPassword', reason: 'TOKEN_UNKNOWN' })).slice(-1);
      expect(failure).toMatchObject({ outcome: 'FAILURE', partnerId: null, actorId: null });

      const { user, passwordLink } = await invite('eve.expired@demo.example');
      await registry.directory().nativeUpdate(PasswordToken, { user: user.id }, { expiresAt: new Date(Date.now() - 1000) });
      const expired = await setPassword(tokenOf(passwordLink.url), GOOD);
      expect(expired.body.fields).toEqual([{ field: 'token', reason: 'expired' }]);
      expect(expired.cookie).toBe('');
      expect(await events({ action: 'auth.setPassword', reason: 'TOKEN_EXPIRED', targetId: user.id })).toHaveLength(1);
      expect((await registry.directory().findOneOrFail(PartnerUser, user.id)).passwordHash).toBeNull();
    });

    it('lets one of two simultaneous redemptions win', async () => {
      const { passwordLink } = await invite('rita.race@demo.example');
      const token = tokenOf(passwordLink.url);
      const answers = await Promise.all([setPassword(token, `${GOOD} one`), setPassword(token, `${GOOD} two`)]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 400]);
      const winner = answers.findIndex((a) => a.status === 200);
      expect((await signIn(sut.url, 'rita.race@demo.example', `${GOOD} ${winner === 0 ? 'one' : 'two'}`)).status).toBe(200);
    });

    it('resets a password: the old one and the sessions end, older links stop working, and it is audited', async () => {
      const { user, passwordLink } = await invite('rob.reset@demo.example');
      const first = await setPassword(tokenOf(passwordLink.url), GOOD);
      const second = await signIn(sut.url, 'rob.reset@demo.example', GOOD);
      expect((await gql(sut.url, '{ me { id } }', undefined, { cookie: second.cookie })).data?.me).toBeDefined();

      const reset = await gql<{ resetUserPassword: { url: string } }>(sut.url, RESET, { id: user.id }, full);
      expect(reset.errors).toBeUndefined();
      for (const session of [first.cookie, second.cookie]) {
        expect((await gql(sut.url, '{ me { id } }', undefined, { cookie: session })).errors?.[0].extensions?.code).toBe(ErrorCode.Unauthenticated);
      }
      expect((await signIn(sut.url, 'rob.reset@demo.example', GOOD)).status).toBe(401);
      const [event] = await events({ action: 'users.resetPassword', targetId: user.id });
      expect(event).toMatchObject({ outcome: 'SUCCESS', actorEmail: 'full@demo.example', before: { hasPassword: true }, after: { hasPassword: false, sessionsRevoked: 2 } });

      const newer = await gql<{ resetUserPassword: { url: string } }>(sut.url, RESET, { id: user.id }, full);
      expect((await setPassword(tokenOf(reset.data!.resetUserPassword.url), GOOD)).body.fields).toEqual([{ field: 'token', reason: 'replaced' }]);
      const info = await post(sut.url, '/api/auth/password-link', { token: tokenOf(newer.data!.resetUserPassword.url) });
      expect(info.body).toMatchObject({ purpose: 'RESET', email: 'rob.reset@demo.example' });
      expect((await setPassword(tokenOf(newer.data!.resetUserPassword.url), `${GOOD} again`)).status).toBe(200);
      expect((await signIn(sut.url, 'rob.reset@demo.example', `${GOOD} again`)).status).toBe(200);
      const issued = await events({ action: 'users.issuePasswordLink', targetId: user.id });
      expect(issued.map((e) => [e.after?.purpose, e.after?.replacedLinks])).toEqual([['INVITE', 0], ['RESET', 0], ['RESET', 1]]);
    });

    it('refuses a reset of oneself, of a single sign-on user, of an unknown user and by other roles', async () => {
      const self = await registry.directory().findOneOrFail(PartnerUser, { email: 'full@demo.example' });
      const own = await gql(sut.url, RESET, { id: self.id }, full);
      expect(own.errors?.[0].extensions).toMatchObject({ code: ErrorCode.BadUserInput, fields: [{ field: 'userId', reason: 'self' }] });
      const { user } = await invite('sso.sam@demo.example');
      await registry.directory().nativeUpdate(PartnerUser, { id: user.id }, { oidcIssuer: 'https://idp.example', oidcSubject: 'sam' });
      expect((await gql(sut.url, RESET, { id: user.id }, full)).errors?.[0].extensions).toMatchObject({ fields: [{ field: 'userId', reason: 'singleSignOn' }] });
      const admin = (await signIn(sut.url, 'admin@demo.example')).auth;
      const readOnlyTarget = await registry.directory().findOneOrFail(PartnerUser, { email: 'readonly@demo.example' });
      expect((await gql(sut.url, RESET, { id: readOnlyTarget.id }, admin)).errors?.[0].extensions?.code).toBe(ErrorCode.Forbidden);
      expect((await gql(sut.url, RESET, { id: randomUUID() }, full)).errors?.[0].extensions?.code).toBe(ErrorCode.NotFound);
      expect((await registry.directory().findOneOrFail(PartnerUser, readOnlyTarget.id)).passwordHash).not.toBeNull();
      expect(await registry.directory().count(PasswordToken, { user: readOnlyTarget.id })).toBe(0);
    });

    it('refuses a redemption without the CSRF header and audits it', async () => {
      const { user, passwordLink } = await invite('cora.csrf@demo.example');
      const refused = await setPassword(tokenOf(passwordLink.url), GOOD, {});
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe(ErrorCode.CsrfRejected);
      expect((await registry.directory().findOneOrFail(PartnerUser, user.id)).passwordHash).toBeNull();
      const [event] = (await events({ action: 'auth.setPassword', reason: ErrorCode.CsrfRejected })).slice(-1);
      expect(event).toMatchObject({ outcome: 'DENIED', requestId: refused.headers.get('x-request-id') });
    });

    it('limits redemptions per client address like sign-in, audited once per window', async () => {
      const limited = await startApp(testConfig(stores, { RATE_LIMIT_SIGN_IN_PER_IP: '2', RATE_LIMIT_NAMESPACE: `test-${randomUUID()}` }));
      try {
        const attempt = () => post(limited.url, '/api/auth/set-password', { token: randomUUID(), password: GOOD });
        expect([(await attempt()).status, (await attempt()).status]).toEqual([400, 400]);
        const before = (await events({ action: 'auth.setPassword', reason: ErrorCode.RateLimited })).length;
        const refused = await attempt();
        expect(refused.status).toBe(429);
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
        expect((await attempt()).status).toBe(429);
        const denials = await events({ action: 'auth.setPassword', reason: ErrorCode.RateLimited });
        expect(denials.length).toBe(before + 1);
        expect(denials.at(-1)).toMatchObject({ outcome: 'DENIED', after: { limit: 'setPasswordIp', windowSeconds: 900, suppressedSinceLastEvent: 0 } });
      } finally {
        await limited.app.close();
      }
    });
  });
});
