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

    it('migrates fresh stores once when several replicas start at the same time', async () => {
      const fresh = await createTestStores(dialect);
      try {
        // SQLite stores belong to one process; several replicas share PostgreSQL.
        const replicas = dialect === 'postgresql' ? 3 : 1;
        const opened = await Promise.all(Array.from({ length: replicas }, () => RegionStores.open(testConfig(fresh))));
        for (const store of STORES) {
          const applied = await opened[0].rows<{ name: string }>(store, 'select name from mikro_orm_migrations order by name');
          expect(new Set(applied.map((m) => m.name)).size, store).toBe(applied.length);
          expect(await opened[0].orm(store).getMigrator().getPendingMigrations(), store).toEqual([]);
        }
        await Promise.all(opened.map((o) => o.close()));
      } finally {
        await fresh.cleanup();
      }
    });

    it('opens already migrated stores again', async () => {
      const again = await RegionStores.open(testConfig(stores));
      expect(await again.failingStores()).toEqual([]);
      await again.close();
    });

    it('rejects an unknown region with INVALID_REGION', () => {
      expect(() => sut.forRegion('UK' as Region)).toThrow(expect.objectContaining({ code: ErrorCode.InvalidRegion }));
    });

    it('reads rows with `rows`, for any number of distinct statements, and on SQLite only once a running transaction has ended', async () => {
      const read = (n: number) => sut.rows<{ n: number; label: string; none: null }>('EU', `select ${n} as n, ? as label, null as none`, [`row ${n}`]);
      // More distinct statements than SQLite keeps prepared, then the first ones again.
      for (let n = 0; n < 300; n++) expect(await read(n)).toEqual([{ n, label: `row ${n}`, none: null }]);
      expect(await read(1)).toEqual([{ n: 1, label: 'row 1', none: null }]);
      expect(await sut.rows('directory', 'select name from partner where name = ?', ['no such partner'])).toEqual([]);
      const em = sut.forRegion('CA');
      let inside = false;
      const tx = em.transactional(async (t) => {
        await t.getConnection().execute('select 1', [], 'all', t.getTransactionContext());
        inside = true;
        await new Promise((resolve) => setTimeout(resolve, 50));
        inside = false;
      });
      await new Promise((resolve) => setTimeout(resolve, 10));
      const during = sut.rows<{ one: number }>('CA', 'select 1 as one').then((rows) => ({ rows, inside }));
      await tx;
      expect(await during).toEqual({ rows: [{ one: 1 }], inside: dialect === 'sqlite' ? false : expect.any(Boolean) });
    });

    it('hands out a separate entity manager per call', () => {
      expect(sut.forRegion('EU')).not.toBe(sut.forRegion('EU'));
      expect(sut.directory()).not.toBe(sut.directory());
    });
  });
});
