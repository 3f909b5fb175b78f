import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { ErrorCode } from '@ph/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REDIS_URL } from '../test/global-setup';
import { createTestStores, gql, signIn, startApp, testConfig, type RunningApp, type TestStores } from '../test/harness';

const BACKENDS = inject('rateLimitBackends');

describe('rate limits', () => {
  describe.each(BACKENDS)('with the %s backend', (backend) => {
    let stores: TestStores;
    let a: RunningApp;
    let b: RunningApp;
    let readonly: Record<string, string>;
    let helpdesk: Record<string, string>;

    beforeAll(async () => {
      stores = await createTestStores('sqlite');
      const env = {
        DEMO_SEED: 'true',
        RATE_LIMIT_SIGN_IN_PER_ACCOUNT: '3',
        RATE_LIMIT_SIGN_IN_PER_IP: '10',
        RATE_LIMIT_GRAPHQL_PER_USER: '5',
        RATE_LIMIT_NAMESPACE: `test-${randomUUID()}`,
        ...(backend === 'redis' ? { REDIS_URL } : {}),
      };
      a = await startApp(testConfig(stores, env));
      b = await startApp(testConfig(stores, env));
      readonly = (await signIn(a.url, 'readonly@demo.example')).auth;
      helpdesk = (await signIn(a.url, 'helpdesk@demo.example')).auth;
    });

    afterAll(async () => {
      await a?.app.close();
      await b?.app.close();
      await stores?.cleanup();
    });

    it('limits sign-in per account with 429 and Retry-After, even for the right password', async () => {
      // A successful sign-in resets the account's count.
      expect((await signIn(a.url, 'full@demo.example', 'wrong-0')).status).toBe(401);
      expect((await signIn(a.url, 'full@demo.example')).status).toBe(200);
      // With Redis the replicas share the count; in memory each replica counts on its own.
      const second = backend === 'redis' ? b : a;
      expect((await signIn(a.url, 'full@demo.example', 'wrong-1')).status).toBe(401);
      expect((await signIn(second.url, 'full@demo.example', 'wrong-2')).status).toBe(401);
      expect((await signIn(a.url, 'full@demo.example', 'wrong-3')).status).toBe(401);
      const limited = await signIn(second.url, 'full@demo.example');
      expect(limited.status).toBe(429);
      expect(limited.body.code).toBe(ErrorCode.RateLimited);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(limited.cookie).toBe('');
    });

    it('limits sign-in per IP address across accounts', async () => {
      // 2 sign-ins in beforeAll + 6 attempts above = 8 of 10 used from 127.0.0.1.
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const app = backend === 'redis' && i % 2 === 1 ? b : a;
        statuses.push((await signIn(app.url, `nobody-${i}@demo.example`, 'x')).status);
      }
      expect(statuses).toEqual([401, 401, 429]);
    });

    it('limits GraphQL per user, counting each aliased field', async () => {
      const six = `{ ${Array.from({ length: 6 }, (_, i) => `m${i}: me { id }`).join(' ')} }`;
      const response = await gql<Record<string, unknown>>(a.url, six, undefined, readonly);
      expect(response.status).toBe(429);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      const codes = (response.errors ?? []).map((error) => error.extensions?.code);
      expect(codes).toEqual([ErrorCode.RateLimited]);
      const other = backend === 'redis' ? b : a;
      const next = await gql(other.url, '{ me { id } }', undefined, readonly);
      expect(next.status).toBe(429);
      expect(next.errors?.[0].extensions?.code).toBe(ErrorCode.RateLimited);
      // A CSV export counts against the same per-user limit.
      const csv = await fetch(`${a.url}/api/customers.csv?region=US`, { headers: readonly });
      expect(csv.status).toBe(429);
      expect(((await csv.json()) as { code: string }).code).toBe(ErrorCode.RateLimited);
      // So does an audit export, even one the role would be refused (a refused loop is limited too).
      expect((await fetch(`${a.url}/api/audit.csv`, { headers: readonly })).status).toBe(429);
    });

    it('keeps other users unaffected', async () => {
      const response = await gql(b.url, '{ me { email } }', undefined, helpdesk);
      expect(response.status).toBe(200);
      expect(response.data?.me).toEqual({ email: 'helpdesk@demo.example' });
    });
  });
});
