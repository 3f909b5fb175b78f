import { knex } from '@mikro-orm/postgresql';

/** The URL of database `name` on the server of `baseUrl`. */
export function databaseUrl(baseUrl: string, name: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(baseUrl: string, work: (admin: ReturnType<typeof knex>) => Promise<T>): Promise<T> {
  const admin = knex({ client: 'pg', connection: { connectionString: baseUrl, connectionTimeoutMillis: 3000 }, pool: { min: 0, max: 1 } });
  try {
    return await work(admin);
  } finally {
    await admin.destroy();
  }
}

/** True when the PostgreSQL server of `baseUrl` answers. */
export async function postgresReachable(baseUrl: string): Promise<boolean> {
  try {
    await withAdmin(baseUrl, (admin) => admin.raw('select 1'));
    return true;
  } catch {
    return false;
  }
}

/** Creates empty databases (scratch stores for tests and migration generation). */
export async function createDatabases(baseUrl: string, names: string[]): Promise<void> {
  await withAdmin(baseUrl, async (admin) => {
    for (const name of names) await admin.raw('create database ??', [name]);
  });
}

/** Drops databases, disconnecting any remaining sessions. */
export async function dropDatabases(baseUrl: string, names: string[]): Promise<void> {
  await withAdmin(baseUrl, async (admin) => {
    for (const name of names) await admin.raw('drop database if exists ?? with (force)', [name]);
  });
}
