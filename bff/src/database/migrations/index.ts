import type { MigrationObject } from '@mikro-orm/core';
import { migrations as postgresqlDirectory } from './postgresql/directory';
import { migrations as postgresqlRegion } from './postgresql/region';
import { migrations as sqliteDirectory } from './sqlite/directory';
import { migrations as sqliteRegion } from './sqlite/region';

/** Checked-in migrations per dialect and store kind, imported so they work from `dist/` and from vitest alike. */
export const MIGRATIONS: Record<'sqlite' | 'postgresql', Record<'directory' | 'region', MigrationObject[]>> = {
  sqlite: { directory: sqliteDirectory, region: sqliteRegion },
  postgresql: { directory: postgresqlDirectory, region: postgresqlRegion },
};
