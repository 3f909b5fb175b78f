import 'reflect-metadata';
import { ErrorCode, type Region } from '@ph/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { STORES } from '../config/config';
import { createTestStores, testConfig, type TestStores } from '../test/harness';
import { RegionStores } from './stores';

const dialects = inject('dialects');

describe(RegionStores.name, () => {
  describe.each(dialects)('on %s', (dialect) => {
    let stores: TestStores;
    let sut: RegionStores;

    beforeAll(async () => {
      stores = await createTestStores(dialect);
      sut = await RegionStores.open(testConfig(stores));
    });

    afterAll(async () => {
      await sut?.close();
      await stores?.cleanup();
    });

    it.each(STORES)('migrates the %s store to exactly what the entities describe', async (store) => {
      const orm = sut.orm(store);
      expect(await orm.getMigrator().getPendingMigrations()).toEqual([]);
      expect(await orm.schema.getUpdateSchemaSQL({ wrap: false })).toBe('');
    });

    it('opens already migrated stores again', async () => {
      const again = await RegionStores.open(testConfig(stores));
      expect(await again.failingStores()).toEqual([]);
      await again.close();
    });

    it('rejects an unknown region with INVALID_REGION', () => {
      expect(() => sut.forRegion('UK' as Region)).toThrow(expect.objectContaining({ code: ErrorCode.InvalidRegion }));
    });

    it('hands out a separate entity manager per call', () => {
      expect(sut.forRegion('EU')).not.toBe(sut.forRegion('EU'));
      expect(sut.directory()).not.toBe(sut.directory());
    });
  });
});
