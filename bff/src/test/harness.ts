import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { knex } from '@mikro-orm/postgresql';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CSRF_HEADER, GRAPHQL_PATH, type FieldError, type SignedInUser } from '@ph/contracts';
import { createApp } from '../app';
import { loadConfig, STORES, type AppConfig, type DatabaseTarget, type StoreName } from '../config/config';
import { createDatabases, databaseUrl, dropDatabases } from '../database/postgres-admin';
import { PG_BASE_URL, type Dialect } from './global-setup';

/** Fresh, empty stores for one test run: SQLite files in a temp DATA_DIR or scratch PostgreSQL databases. */
export interface TestStores {
  dataDir: string;
  databases: Record<StoreName, DatabaseTarget>;
  /** Removes the temp folder and drops the scratch databases. */
  cleanup(): Promise<void>;
}

/** Creates {@link TestStores} for a dialect. */
export async function createTestStores(dialect: Dialect): Promise<TestStores> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ph-bff-test-'));
  if (dialect === 'sqlite') {
    const { databases } = loadConfig({ DATA_DIR: dataDir });
    return { dataDir, databases, cleanup: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const prefix = `ph_test_${Math.random().toString(36).slice(2, 10)}`;
  const names = STORES.map((store) => `${prefix}_${store.toLowerCase()}`);
  await createDatabases(PG_BASE_URL, names);
  const databases = Object.fromEntries(
    STORES.map((store, i) => [store, { driver: 'postgresql', url: databaseUrl(PG_BASE_URL, names[i]) }]),
  ) as Record<StoreName, DatabaseTarget>;
  return {
    dataDir,
    databases,
    cleanup: async () => {
      await dropDatabases(PG_BASE_URL, names);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A config for tests: the given env on top of quiet defaults, pointed at `stores`. */
export function testConfig(stores: TestStores, env: Record<string, string> = {}): AppConfig {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: stores.dataDir, ...env });
  return { ...config, databases: stores.databases };
}

/** A running app on a free port. */
export interface RunningApp {
  app: NestFastifyApplication;
  url: string;
  /** Every JSON log line written so far. */
  logs: Record<string, unknown>[];
}

/** Starts the real app for `config` on port 0, capturing its log lines. */
export async function startApp(config: AppConfig): Promise<RunningApp> {
  const logs: Record<string, unknown>[] = [];
  const app = await createApp(config, { logDestination: { write: (line: string) => void logs.push(JSON.parse(line)) } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url: await app.getUrl(), logs };
}

/** A GraphQL response as the client sees it. */
export interface GqlResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; fields?: FieldError[] }; [key: string]: unknown }[];
}

/** POSTs a GraphQL operation. */
export async function gql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GqlResponse<T>> {
  const response = await fetch(`${url}${GRAPHQL_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, headers: response.headers, ...((await response.json()) as object) };
}

/** Runs SQL on a store without MikroORM (independent checks of what the app wrote). */
export async function rawQuery<T>(target: DatabaseTarget, sql: string, bindings: readonly string[] = []): Promise<T[]> {
  const db =
    target.driver === 'sqlite'
      ? knex({ client: 'better-sqlite3', connection: { filename: target.file }, useNullAsDefault: true })
      : knex({ client: 'pg', connection: target.url });
  try {
    const result = await db.raw(sql, bindings);
    return target.driver === 'sqlite' ? (result as T[]) : (result.rows as T[]);
  } finally {
    await db.destroy();
  }
}

/** The password of the demo users in tests (config default). */
export const DEMO_PASSWORD = 'demo-partner-hub';

/** The outcome of `POST /api/auth/sign-in`. */
export interface SignInResult {
  status: number;
  headers: Headers;
  body: { user?: SignedInUser; code?: string };
  /** `name=value` of the session cookie, '' when none was set. */
  cookie: string;
  /** Headers that make a request (including a mutation) as this user: the cookie and the CSRF header. */
  auth: Record<string, string>;
}

/** Signs in with a password (as the shell does: JSON plus the CSRF header). */
export async function signIn(url: string, email: string, password = DEMO_PASSWORD, headers: Record<string, string> = {}): Promise<SignInResult> {
  const response = await fetch(`${url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1', ...headers },
    body: JSON.stringify({ email, password }),
  });
  const cookie = response.headers.getSetCookie().find((line) => /session=/.test(line))?.split(';')[0] ?? '';
  return { status: response.status, headers: response.headers, body: (await response.json()) as SignInResult['body'], cookie, auth: { cookie, [CSRF_HEADER]: '1' } };
}
