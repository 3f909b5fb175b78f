// Seed throughput: call legs written by the demo generator's bulk inserter (multi-row prepared
// statements on the connection MikroORM holds) against a plain better-sqlite3 prepared-statement
// loop inserting the same rows into an identically migrated region store, measured in the same run.
// Size: PH_BENCH_SEED_LEGS (default 200 000 legs; e.g. 10000000 for the full-scale figure).
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

const require = createRequire(join(root, 'bff/package.json'));

/** Returns `{ name, value, unit, baseline }` entries (rows/s; baseline = plain better-sqlite3 loop). */
export async function benchSeedThroughput() {
  require('reflect-metadata');
  const { Logger } = require('@nestjs/common');
  const Database = require('better-sqlite3');
  const { loadConfig } = require(join(root, 'bff/dist/config/config.js'));
  const { RegionStores } = require(join(root, 'bff/dist/database/stores.js'));
  const { BulkInserter } = require(join(root, 'bff/dist/database/bulk-insert.js'));
  const { DemoGenerator, TABLES } = require(join(root, 'bff/dist/demo/demo-generator.js'));
  const { seedDemo } = require(join(root, 'bff/dist/demo/demo-seed.js'));
  Logger.overrideLogger(['error']);

  const legs = Number(process.env.PH_BENCH_SEED_LEGS ?? 200_000);
  const customers = Math.max(100, Math.round(legs / 100));
  const options = { customers, weeks: 13, seed: 1, callLegs: legs, now: new Date('2026-06-17T00:00:00Z'), partnerId: '00000000-0000-4000-8000-000000000001' };
  const dirs = [];
  const openStores = async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ph-bench-seed-'));
    dirs.push(dir);
    return { dir, stores: await RegionStores.open(loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' })) };
  };
  /** The call-leg rows of the data set, customer by customer (customers, then legs, as the seed writes them). */
  function* legRows() {
    const generator = new DemoGenerator(options);
    for (let i = 0; i < customers; i++) for (const [table, row] of generator.customer(i)) if (table === 'callLeg') yield row;
  }
  try {
    // Warm-up: one pass of the generator alone, so neither measured pass pays for JIT compilation.
    let warm = 0;
    for (const row of legRows()) warm += row.length;
    if (warm === 0) throw new Error('the generator produced no call legs');

    // 1. The BFF's bulk inserter, call legs only (customer rows are not needed: call_leg has no foreign key).
    const bulk = await openStores();
    let started = performance.now();
    const inserter = await BulkInserter.open(bulk.stores.orm('EU'), [TABLES.callLeg]);
    let n = 0;
    for (const row of legRows()) {
      if (inserter.add(TABLES.callLeg, row)) await inserter.drain();
      n++;
    }
    await inserter.close();
    const bulkRate = n / ((performance.now() - started) / 1000);
    await bulk.stores.close();

    // 2. Baseline: a plain prepared single-row INSERT loop on better-sqlite3, same rows, same schema and pragmas.
    const plain = await openStores();
    await plain.stores.close();
    const db = new Database(join(plain.dir, 'region-eu.sqlite'));
    db.exec('pragma foreign_keys = on; pragma cache_size = -32768; pragma synchronous = off');
    const columns = TABLES.callLeg.columns;
    const insert = db.prepare(`insert into call_leg (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`);
    started = performance.now();
    let m = 0;
    db.exec('begin');
    for (const row of legRows()) {
      insert.run(row);
      if (++m % 100_000 === 0) db.exec('commit; begin');
    }
    db.exec('commit');
    const plainRate = m / ((performance.now() - started) / 1000);
    db.close();

    // 3. End to end: the whole generator (every table, all regions) through seedDemo.
    const full = await openStores();
    started = performance.now();
    const result = await seedDemo(full.stores, options);
    const seconds = (performance.now() - started) / 1000;
    await full.stores.close();
    const totalRows = Object.values(result.rows).reduce((a, b) => a + b, 0);

    return [
      { name: `seed: call legs via bulk inserter (${legs} legs)`, value: Math.round(bulkRate), unit: 'rows/s', baseline: Math.round(plainRate) },
      { name: `seed: full demo data set, all tables (${customers} customers, ${legs} legs)`, value: Math.round(totalRows / seconds), unit: 'rows/s', baseline: Math.round(plainRate) },
    ];
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await benchSeedThroughput());
