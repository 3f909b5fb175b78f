import Redis from 'ioredis';
import type { TestProject } from 'vitest/node';
import { postgresReachable } from '../database/postgres-admin';

export type Dialect = 'sqlite' | 'postgresql';

/** Server the PostgreSQL suites create their scratch databases on. */
export const PG_BASE_URL = process.env.PH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The dialects DB-backed suites run on (`inject('dialects')`). */
    dialects: Dialect[];
    /** The rate-limit backends suites run on (`inject('rateLimitBackends')`). */
    rateLimitBackends: ('memory' | 'redis')[];
  }
}

/**
 * Decides once per run which dialects DB-backed suites use. PostgreSQL is skipped with a message
 * when unreachable, except on CI (`CI` set), where the run fails instead.
 */
export default async function setup(project: TestProject): Promise<void> {
  project.provide('rateLimitBackends', await rateLimitBackends());
  if (await postgresReachable(PG_BASE_URL)) {
    project.provide('dialects', ['sqlite', 'postgresql']);
    return;
  }
  if (process.env.CI) throw new Error(`PostgreSQL is not reachable at ${PG_BASE_URL} (PH_PG_URL); it is required on CI`);
  console.warn(`PostgreSQL is not reachable at ${PG_BASE_URL}: skipping the PostgreSQL runs (set PH_PG_URL to use another server).`);
  project.provide('dialects', ['sqlite']);
}

/** Redis for the rate-limit suites. */
export const REDIS_URL = process.env.PH_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisReachable(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** Like PostgreSQL: Redis is skipped with a message when unreachable, except on CI (`CI` set), where the run fails. */
async function rateLimitBackends(): Promise<('memory' | 'redis')[]> {
  if (await redisReachable(REDIS_URL)) return ['memory', 'redis'];
  if (process.env.CI) throw new Error(`Redis is not reachable at ${REDIS_URL} (PH_REDIS_URL); it is required on CI`);
  console.warn(`Redis is not reachable at ${REDIS_URL}: skipping the Redis rate-limit runs (set PH_REDIS_URL to use another server).`);
  return ['memory'];
}
