import type { TestProject } from 'vitest/node';
import { postgresReachable } from '../database/postgres-admin';

export type Dialect = 'sqlite' | 'postgresql';

/** Server the PostgreSQL suites create their scratch databases on. */
export const PG_BASE_URL = process.env.PH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The dialects DB-backed suites run on (`inject('dialects')`). */
    dialects: Dialect[];
  }
}

/**
 * Decides once per run which dialects DB-backed suites use. PostgreSQL is skipped with a message
 * when unreachable, except on CI (`CI` set), where the run fails instead.
 */
export default async function setup(project: TestProject): Promise<void> {
  if (await postgresReachable(PG_BASE_URL)) {
    project.provide('dialects', ['sqlite', 'postgresql']);
    return;
  }
  if (process.env.CI) throw new Error(`PostgreSQL is not reachable at ${PG_BASE_URL} (PH_PG_URL); it is required on CI`);
  console.warn(`PostgreSQL is not reachable at ${PG_BASE_URL}: skipping the PostgreSQL runs (set PH_PG_URL to use another server).`);
  project.provide('dialects', ['sqlite']);
}
