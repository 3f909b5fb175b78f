import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printSortedSchema, SCHEMA_FILE } from './schema';

describe(printSortedSchema.name, () => {
  it('matches the committed schema.gql', async () => {
    const sut = await printSortedSchema();
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    expect(sut === committed, 'bff/schema.gql is stale: run `npm run schema -w @ph/bff` and commit it').toBe(true);
  });
});
