/**
 * Rebuilds the customer list's summary rows of every region (or the named ones) from the base tables
 * and the directory, with the same config as `main.ts`: `node dist/cli/rebuild-customer-list.js [--data-dir D] [US EU …]`.
 * For data changed outside the app (hand-written SQL); the app rebuilds by itself when the summary's
 * definition changes.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Logger } from '@nestjs/common';
import { isRegion, REGIONS } from '@ph/contracts';
import { ConfigError, loadConfig } from '../config/config';
import { rebuildCustomerList } from '../customers/customer-list.maintenance';
import { RegionStores } from '../database/stores';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options: { 'data-dir': { type: 'string' } }, allowPositionals: true });
  const bad = positionals.filter((p) => !isRegion(p));
  if (bad.length) throw new ConfigError([`unknown region ${bad.join(', ')}: use ${REGIONS.join(', ')}`]);
  const regions = positionals.length ? REGIONS.filter((r) => positionals.includes(r)) : REGIONS;
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env, ...(values['data-dir'] ? { DATA_DIR: values['data-dir'] } : {}) });
  Logger.overrideLogger(['error', 'warn']);
  const stores = await RegionStores.open(config);
  try {
    for (const region of regions) {
      const started = Date.now();
      const { rows } = await rebuildCustomerList(stores, region);
      console.log(`${region}: ${rows} customers in ${Date.now() - started} ms`);
    }
  } finally {
    await stores.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
