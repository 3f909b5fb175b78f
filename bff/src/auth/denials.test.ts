import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { ErrorCode, GRAPHQL_PATH } from '@ph/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuditEvent } from '../audit/audit-event.entity';
import { RegionStores } from '../database/stores';
import { seedDemo } from '../demo/demo-seed';
import { Partner } from '../partners/partner.entity';
import { REDIS_URL } from '../test/global-setup';
import { createTestStores, gql, signIn, startApp, testConfig, type RunningApp, type TestStores } from '../test/harness';
import { PartnerApiKey } from './api-key.entity';
import { DenialAuditService } from './denials.service';
import { Session } from './session.entity';
import { PartnerUser } from './user.entity';

const dialects = inject('dialects');
const backends = inject('rateLimitBackends');
/** Both rate-limit backends on SQLite, and PostgreSQL with the shared (Redis) one when there is one. */
const RUNS: [string, string][] = [...backends.map((backend): [string, string] => ['sqlite', backend]), ...(dialects.includes('postgresql') ? [['postgresql', backends.at(-1)!] as [string, string]] : [])];

describe(DenialAuditService.name, () => {
  describe.each(RUNS)('on %s with the %s rate-limit backend', (dialect, backend) => {
    let stores: TestStores;
    let sut: RunningApp;
    let registry: RegionStores;
    let full: Record<string, string>;
    let partnerId: string;

    const events = (where: Partial<AuditEvent>) => registry.directory().find(AuditEvent, where, { orderBy: { id: 'asc' } });
    const allEvents = () => registry.directory().count(AuditEvent, {});

    beforeAll(async () => {
      stores = await createTestStores(dialect as 'sqlite' | 'postgresql');
      sut = await startApp(
        testConfig(stores, {
          RATE_LIMIT_SIGN_IN_PER_ACCOUNT: '3',
          RATE_LIMIT_GRAPHQL_PER_USER: '8',
          RATE_LIMIT_NAMESPACE: `test-${randomUUID()}`,
          ...(backend === 'redis' ? { REDIS_URL } : {}),
        }),
      );
      registry = sut.app.get(RegionStores);
      await seedDemo(registry, { customers: 8, weeks: 1, seed: 4, callLegs: 10 });
      full = (await signIn(sut.url, 'full@demo.example')).auth;
      partnerId = (await registry.directory().findOneOrFail(Partner, { name: 'Demo Partner' })).id;
    });

    afterAll(async () => {
      await sut?.app.close();
      await stores?.cleanup();
    });

    it('audits a CSRF-rejected mutation once per window, changes nothing and records no address', async () => {
      const before = await allEvents();
      const { 'x-partner-hub': _csrf, ...cookieOnly } = full;
      const mutation = 'mutation { createApiKey(name: "csrf-probe") { rawKey } }';
      const refused = await gql(sut.url, mutation, undefined, cookieOnly);
      expect(refused.status).toBe(403);
      expect(refused.errors?.[0].extensions?.code).toBe(ErrorCode.CsrfRejected);
      expect(await allEvents()).toBe(before + 1);
      const [event] = await events({ reason: ErrorCode.CsrfRejected, action: 'Mutation.createApiKey' });
      expect(event).toMatchObject({
        outcome: 'DENIED',
        actorEmail: 'full@demo.example',
        partnerId,
        requestId: refused.headers.get('x-request-id'),
        after: { windowSeconds: 60, suppressedSinceLastEvent: 0 },
      });
      // A flood in the same window adds nothing to the log (and still changes nothing).
      for (const type of ['application/json', 'application/graphql', 'application/json']) {
        const response = await fetch(`${sut.url}${GRAPHQL_PATH}`, { method: 'POST', headers: { ...cookieOnly, 'content-type': type }, body: type === 'application/graphql' ? mutation : JSON.stringify({ query: mutation }) });
        expect(response.status).toBe(403);
      }
      expect(await allEvents()).toBe(before + 1);
      expect(await registry.directory().count(PartnerApiKey, { name: 'csrf-probe' })).toBe(0);
      expect(JSON.stringify(event)).not.toContain('127.0.0.1');

      // Signed out: sign-in without the header is refused and audited without an actor.
      const signInRefused = await fetch(`${sut.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'full@demo.example', password: 'demo-partner-hub' }) });
      expect(signInRefused.status).toBe(403);
      expect(signInRefused.headers.getSetCookie()).toEqual([]);
      const [anonymous] = await events({ reason: ErrorCode.CsrfRejected, action: 'auth.signIn' });
      expect(anonymous).toMatchObject({ outcome: 'DENIED', actorId: null, partnerId: null, requestId: signInRefused.headers.get('x-request-id') });
    });

    it("audits a per-account sign-in refusal once, for the account's partner, and starts no session", async () => {
      const user = await registry.directory().findOneOrFail(PartnerUser, { email: 'readonly@demo.example' });
      const sessions = await registry.directory().count(Session, { user: user.id });
      for (let i = 0; i < 3; i++) expect((await signIn(sut.url, 'readonly@demo.example', `wrong-${i}`)).status).toBe(401);
      const before = await allEvents();
      const limited = await signIn(sut.url, 'readonly@demo.example');
      expect(limited.status).toBe(429);
      expect(limited.cookie).toBe('');
      expect(await allEvents()).toBe(before + 1);
      const [event] = await events({ action: 'auth.signIn', reason: ErrorCode.RateLimited, targetId: user.id });
      expect(event).toMatchObject({
        outcome: 'DENIED',
        actorId: null,
        partnerId,
        targetType: 'user',
        requestId: limited.headers.get('x-request-id'),
        after: { method: 'password', limit: 'signInAccount', windowSeconds: 900, suppressedSinceLastEvent: 0 },
      });
      for (let i = 0; i < 2; i++) expect((await signIn(sut.url, 'readonly@demo.example')).status).toBe(429);
      expect(await allEvents()).toBe(before + 1);
      expect(await registry.directory().count(Session, { user: user.id })).toBe(sessions);

      // An address that is no account: refused alike, attributed to no partner.
      for (let i = 0; i < 5; i++) await signIn(sut.url, 'ghost@demo.example', 'x');
      const ghost = await events({ action: 'auth.signIn', reason: ErrorCode.RateLimited, targetId: null });
      expect(ghost).toHaveLength(1);
      expect(ghost[0]).toMatchObject({ partnerId: null, targetType: null });
      expect(JSON.stringify(ghost)).not.toContain('ghost@');
    });

    it('audits a rate-limited (429) mutation once, and it changes nothing', async () => {
      for (let i = 0; i < 8; i++) expect((await gql(sut.url, '{ me { id } }', undefined, full)).status).toBe(200);
      const before = await allEvents();
      const refused = await gql(sut.url, 'mutation { createApiKey(name: "limited-probe") { rawKey } }', undefined, full);
      expect(refused.status).toBe(429);
      expect(refused.errors?.map((e) => e.extensions?.code)).toEqual([ErrorCode.RateLimited]);
      expect(await allEvents()).toBe(before + 1);
      const [event] = await events({ action: 'Mutation.createApiKey', reason: ErrorCode.RateLimited });
      expect(event).toMatchObject({ outcome: 'DENIED', actorEmail: 'full@demo.example', partnerId, requestId: refused.headers.get('x-request-id'), after: { limit: 'graphql', windowSeconds: 60, suppressedSinceLastEvent: 0 } });
      expect((await gql(sut.url, '{ a: me { id } b: me { id } }', undefined, full)).status).toBe(429);
      expect(await allEvents()).toBe(before + 1);
      expect(await registry.directory().count(PartnerApiKey, { name: 'limited-probe' })).toBe(0);
    });

    it("reports the refusals it did not write with the key's next event", async () => {
      const sut2 = sut.app.get(DenialAuditService);
      const key = `test:${randomUUID()}`;
      const action = `test.flood.${backend}`;
      for (let i = 0; i < 4; i++) await sut2.record(key, 1, ErrorCode.RateLimited, () => ({ actor: null, partnerId, action }));
      expect((await events({ action })).map((e) => e.after?.suppressedSinceLastEvent)).toEqual([0]);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await sut2.record(key, 1, ErrorCode.RateLimited, () => ({ actor: null, partnerId, action }));
      await sut2.record(key, 1, ErrorCode.RateLimited, () => ({ actor: null, partnerId, action }));
      expect((await events({ action })).map((e) => e.after?.suppressedSinceLastEvent)).toEqual([0, 3]);
    });
  });
});
