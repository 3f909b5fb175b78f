import 'reflect-metadata';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ErrorCode, REGIONS, REMOTES_MANIFEST_PATH, type RemotesManifest } from '@ph/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from './app';
import { RegionStores } from './database/stores';
import { MAX_ALIASES, MAX_QUERY_DEPTH } from './graphql/graphql.options';
import { GRAPHQL_GZIP_THRESHOLD } from './web/graphql-compression';
import {
  createTestStores,
  gql,
  rawQuery,
  signIn,
  startApp,
  testConfig,
  type RunningApp,
  type TestStores,
} from './test/harness';

const dialects = inject('dialects');

const SUMMARY = `query Summary($region: Region!) {
  regionSummary(region: $region) {
    region customerCount subscriptionCount trialCount licensesPurchased licensesAssigned licensesUsed
  }
}`;

/** A chunk large enough to be worth compressing. */
const LARGE_CHUNK = `export const rows = [${Array.from({ length: 2000 }, (_, i) => `"row ${i}"`).join(',')}];`;

/** A fake STATIC_ROOT with the shell and the customers module built; analytics and reports missing. */
function fakeStaticRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'ph-static-'));
  const files: Record<string, string> = {
    'shell/dist/index.html': '<!doctype html><title>shell</title>',
    'shell/dist/static/js/main.ab12cd34.js': 'console.log("shell")',
    'shell/dist/favicon.svg': '<svg/>',
    'mf-customers/dist/mf-manifest.json': '{"id":"mf_customers"}',
    'mf-customers/dist/remoteEntry.js': 'var mf_customers;',
    'mf-customers/dist/static/js/123.ab12cd34.js': 'chunk()',
    'mf-customers/dist/static/js/large.ab12cd34.js': LARGE_CHUNK,
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

describe(createApp.name, () => {
  describe.each(dialects)('on %s', (dialect) => {
    let stores: TestStores;
    let staticRoot: string;
    let sut: RunningApp;
    let auth: Record<string, string>;

    beforeAll(async () => {
      stores = await createTestStores(dialect);
      staticRoot = fakeStaticRoot();
      sut = await startApp(
        testConfig(stores, {
          DEMO_SEED: 'true',
          LOG_LEVEL: 'debug',
          STATIC_ROOT: staticRoot,
          REMOTE_REPORTS_URL: 'https://cdn.example.com/reports/mf-manifest.json',
        }),
      );
      auth = (await signIn(sut.url, 'full@demo.example')).auth;
    });

    afterAll(async () => {
      await sut?.app.close();
      await stores?.cleanup();
      rmSync(staticRoot, { recursive: true, force: true });
    });

    it('answers /healthz', async () => {
      const response = await fetch(`${sut.url}/healthz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok' });
    });

    it('serves GraphiQL outside production', async () => {
      const response = await fetch(`${sut.url}/graphiql`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/html');
    });

    it('is ready when every store answers', async () => {
      const response = await fetch(`${sut.url}/readyz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok', failed: [] });
    });

    it('serves the remotes manifest with default and overridden entries', async () => {
      const response = await fetch(`${sut.url}${REMOTES_MANIFEST_PATH}`);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      const manifest = (await response.json()) as RemotesManifest;
      expect(manifest).toEqual({
        remotes: [
          { id: 'customers', name: 'mf_customers', entry: '/modules/customers/mf-manifest.json', routePrefix: '/customers' },
          { id: 'analytics', name: 'mf_analytics', entry: '/modules/analytics/mf-manifest.json', routePrefix: '/analytics' },
          { id: 'reports', name: 'mf_reports', entry: 'https://cdn.example.com/reports/mf-manifest.json', routePrefix: '/reports' },
        ],
        timeoutMs: 5000,
      });
    });

    it.each([
      ['/static/js/main.ab12cd34.js', 'public, max-age=31536000, immutable', 'console.log("shell")'],
      ['/favicon.svg', 'no-cache', '<svg/>'],
      ['/modules/customers/static/js/123.ab12cd34.js', 'public, max-age=31536000, immutable', 'chunk()'],
      ['/modules/customers/mf-manifest.json', 'no-cache', '{"id":"mf_customers"}'],
      ['/modules/customers/remoteEntry.js', 'no-cache', 'var mf_customers;'],
    ])('serves %s with Cache-Control %s', async (path, cacheControl, body) => {
      const response = await fetch(`${sut.url}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe(cacheControl);
      expect(await response.text()).toBe(body);
    });

    it('sends code gzip-compressed to a browser that accepts it, and plain to one that does not', async () => {
      const path = `${sut.url}/modules/customers/static/js/large.ab12cd34.js`;
      const gzipped = await fetch(path, { headers: { 'accept-encoding': 'gzip' } });
      expect(gzipped.headers.get('content-encoding')).toBe('gzip');
      expect(await gzipped.text()).toBe(LARGE_CHUNK); // fetch inflates it again
      const plain = await fetch(path, { headers: { 'accept-encoding': 'identity' } });
      expect(plain.headers.get('content-encoding')).toBeNull();
      expect(await plain.text()).toBe(LARGE_CHUNK);
    });

    it('sends GraphQL answers of 1 kB or more gzip-compressed in one buffer, smaller ones and to other clients plain', async () => {
      const post = (query: string, acceptEncoding: string) =>
        new Promise<{ headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
          const request = httpRequest(`${sut.url}/graphql`, {
            method: 'POST',
            headers: { ...auth, 'content-type': 'application/json', 'accept-encoding': acceptEncoding },
          });
          request.on('error', reject);
          request.on('response', (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
          });
          request.end(JSON.stringify({ query }));
        });
      const list = 'query { customers(region: EU, first: 50) { nodes { id name country statuses products } } }';
      const plain = await post(list, 'identity');
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body.length).toBeGreaterThanOrEqual(GRAPHQL_GZIP_THRESHOLD);
      expect(JSON.parse(plain.body.toString()).data.customers.nodes.length).toBeGreaterThan(0);
      for (const acceptEncoding of ['gzip, deflate, br', 'x-gzip', '*']) {
        const zipped = await post(list, acceptEncoding);
        expect(zipped.headers['content-encoding'], acceptEncoding).toBe('gzip');
        expect(zipped.headers['content-length']).toBe(String(zipped.body.length));
        expect(zipped.headers.vary).toMatch(/accept-encoding/i);
        expect(gunzipSync(zipped.body).toString()).toBe(plain.body.toString());
      }
      const small = await post('{ __typename }', 'gzip');
      expect(small.headers['content-encoding']).toBeUndefined();
      expect(JSON.parse(small.body.toString())).toEqual({ data: { __typename: 'Query' } });
    });

    it('falls back to the shell for client-side routes but not for API paths or modules', async () => {
      const route = await fetch(`${sut.url}/customers/123?tab=trials`);
      expect(route.status).toBe(200);
      expect(route.headers.get('cache-control')).toBe('no-cache');
      expect(await route.text()).toContain('<title>shell</title>');
      for (const path of ['/api/nothing', '/modules/customers/missing.js', '/modules/analytics/mf-manifest.json', '/config/x', '/healthz/x']) {
        expect((await fetch(`${sut.url}${path}`)).status, path).toBe(404);
      }
    });

    it('computes regionSummary with aggregate SQL on the region store', async () => {
      for (const region of REGIONS) {
        const response = await gql(sut.url, SUMMARY, { region }, auth);
        const [expected] = await rawQuery<Record<string, number | string>>(
          stores.databases[region],
          `select (select count(*) from customer) as "customerCount",
                  (select count(*) from subscription) as "subscriptionCount",
                  (select count(*) from subscription where kind = 'TRIAL') as "trialCount",
                  (select coalesce(sum(purchased), 0) from license_line) as "licensesPurchased",
                  (select coalesce(sum(assigned), 0) from license_line) as "licensesAssigned",
                  (select coalesce(sum(used), 0) from license_line) as "licensesUsed"`,
        );
        const numbers = Object.fromEntries(Object.entries(expected).map(([key, value]) => [key, Number(value)]));
        expect(response.errors).toBeUndefined();
        expect(response.data?.regionSummary).toEqual({ region, ...numbers });
        expect(numbers.customerCount).toBeGreaterThan(0);
      }
    });

    it('lists the default report templates', async () => {
      const response = await gql(sut.url, '{ reportTemplates { key name } }', undefined, auth);
      expect(response.data?.reportTemplates).toEqual([
        { key: 'call-detail', name: 'Call detail' },
        { key: 'call-history', name: 'Detailed call history' },
        { key: 'devices', name: 'Devices' },
        { key: 'phone-numbers', name: 'Phone numbers' },
      ]);
    });

    it("keeps an EU customer's data only in the EU store", async () => {
      const [entry] = await rawQuery<{ id: string }>(
        stores.databases.directory,
        "select id from customer_directory_entry where region = 'EU' limit 1",
      );
      expect(entry).toBeDefined();
      for (const region of REGIONS) {
        const customers = await rawQuery<{ n: number | string }>(stores.databases[region], 'select count(*) as n from customer where id = ?', [entry.id]);
        const subscriptions = await rawQuery<{ n: number | string }>(
          stores.databases[region],
          'select count(*) as n from subscription where customer_id = ?',
          [entry.id],
        );
        expect(Number(customers[0].n), region).toBe(region === 'EU' ? 1 : 0);
        expect(Number(subscriptions[0].n) > 0, region).toBe(region === 'EU');
      }
      const directoryTables = await rawQuery<{ name: string }>(
        stores.databases.directory,
        dialect === 'sqlite'
          ? "select name from sqlite_master where type = 'table' and name = 'customer'"
          : "select table_name as name from information_schema.tables where table_schema = 'public' and table_name = 'customer'",
      );
      expect(directoryTables).toEqual([]);
    });

    it('rejects an unknown region as BAD_USER_INPUT', async () => {
      const inline = await gql(sut.url, '{ regionSummary(region: UK) { region } }', undefined, auth);
      expect(inline.errors?.[0].extensions?.code).toBe(ErrorCode.BadUserInput);
      const variable = await gql(sut.url, SUMMARY, { region: 'UK' }, auth);
      expect(variable.errors?.[0].extensions?.code).toBe(ErrorCode.BadUserInput);
      expect(variable.data ?? null).toBeNull();
    });

    it('rejects queries deeper than the depth limit as QUERY_TOO_COMPLEX', async () => {
      const deep = '... on Query { '.repeat(MAX_QUERY_DEPTH) + 'reportTemplates { id }' + ' }'.repeat(MAX_QUERY_DEPTH);
      const response = await gql(sut.url, `{ ${deep} }`, undefined, auth);
      expect(response.data ?? null).toBeNull();
      expect(response.errors?.map((e) => e.extensions?.code)).toEqual([ErrorCode.QueryTooComplex]);
    });

    it('rejects more aliases than the limit as QUERY_TOO_COMPLEX', async () => {
      const aliases = (n: number) => Array.from({ length: n }, (_, i) => `a${i}: reportTemplates { id }`).join(' ');
      expect((await gql(sut.url, `{ ${aliases(MAX_ALIASES)} }`, undefined, auth)).errors).toBeUndefined();
      const response = await gql(sut.url, `{ ${aliases(MAX_ALIASES + 1)} }`, undefined, auth);
      expect(response.errors?.map((e) => e.extensions?.code)).toEqual([ErrorCode.QueryTooComplex]);
    });

    it('logs every line of a request with its request id and echoes it', async () => {
      const response = await gql(sut.url, SUMMARY, { region: 'CA' }, { ...auth, 'x-request-id': `test-${dialect}-1` });
      expect(response.headers.get('x-request-id')).toBe(`test-${dialect}-1`);
      const lines = sut.logs.filter((line) => line.reqId === `test-${dialect}-1`);
      expect(lines.map((line) => line.msg)).toEqual(
        expect.arrayContaining(['incoming request', 'region summary computed for CA', 'request completed']),
      );
      expect(lines.find((line) => line.msg === 'region summary computed for CA')?.context).toBe('RegionsService');
      const generated = await fetch(`${sut.url}/healthz`);
      expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('keeps its data across a restart without seeding again', async () => {
      const before = await gql(sut.url, SUMMARY, { region: 'US' }, auth);
      const again = await startApp(testConfig(stores, { DEMO_SEED: 'true', STATIC_ROOT: staticRoot }));
      try {
        expect((await gql(again.url, SUMMARY, { region: 'US' }, auth)).data).toEqual(before.data);
        const partners = await rawQuery<{ n: number | string }>(stores.databases.directory, 'select count(*) as n from partner');
        expect(Number(partners[0].n)).toBe(1);
        const templates = await rawQuery<{ n: number | string }>(stores.databases.directory, 'select count(*) as n from report_template');
        expect(Number(templates[0].n)).toBe(4);
      } finally {
        await again.app.close();
      }
    });

    // Destructive: breaks the EU store, so these run last.
    it('is not ready, naming the store, when one store is down', async () => {
      await sut.app.get(RegionStores).orm('EU').close(true);
      const response = await fetch(`${sut.url}/readyz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: 'unavailable', failed: ['EU'] });
    });

    it('turns an internal error into INTERNAL without leaking its message', async () => {
      const response = await gql(sut.url, SUMMARY, { region: 'EU' }, { ...auth, 'x-request-id': `test-${dialect}-broken` });
      expect(response.errors).toHaveLength(1);
      expect(response.errors?.[0]).toMatchObject({ message: 'Internal server error', extensions: { code: ErrorCode.Internal } });
      expect(JSON.stringify(response)).not.toMatch(/select|sqlite|knex|pool|connection|stack|at /i);
      const logged = sut.logs.find((line) => line.reqId === `test-${dialect}-broken` && line.msg === 'GraphQL operation failed');
      expect(logged?.err).toBeDefined();
    });
  });

  describe('in production', () => {
    let stores: TestStores;
    let sut: RunningApp;
    let auth: Record<string, string>;

    beforeAll(async () => {
      stores = await createTestStores('sqlite');
      sut = await startApp(testConfig(stores, { NODE_ENV: 'production', DEMO_SEED: 'true' }));
      auth = (await signIn(sut.url, 'readonly@demo.example')).auth;
    });

    afterAll(async () => {
      await sut?.app.close();
      await stores?.cleanup();
    });

    it('refuses introspection and serves no GraphiQL', async () => {
      const response = await gql(sut.url, '{ __schema { types { name } } }', undefined, auth);
      expect(response.data ?? null).toBeNull();
      expect(response.errors?.[0].extensions?.code).toBe(ErrorCode.BadUserInput);
      expect((await fetch(`${sut.url}/graphiql`)).headers.get('content-type') ?? '').not.toContain('text/html');
    });

    it('sets a __Host- prefixed, Secure, HttpOnly, SameSite=Lax session cookie', async () => {
      const result = await signIn(sut.url, 'helpdesk@demo.example');
      const header = result.headers.getSetCookie().find((line) => line.startsWith('__Host-ph_session='));
      expect(header).toBeDefined();
      expect(header).toMatch(/; Path=\//);
      expect(header).toMatch(/; HttpOnly/);
      expect(header).toMatch(/; Secure/);
      expect(header).toMatch(/; SameSite=Lax/);
      expect(header).not.toMatch(/Domain=/);
    });

    it('still answers normal queries', async () => {
      const response = await gql(sut.url, '{ reportTemplates { key } }', undefined, auth);
      expect(response.data?.reportTemplates).toHaveLength(4);
    });
  });
});
