import { REGIONS, type Region } from '@ph/contracts';
import { BulkInserter } from '../database/bulk-insert';
import type { RegionStores } from '../database/stores';
import { rebuildCustomerList } from '../customers/customer-list.maintenance';
import { DemoGenerator, DIRECTORY_TABLES, mulberry32, TABLES, uuidFrom, type GeneratorOptions } from './demo-generator';
import { seedDemoUsers } from './demo-users';

/** How much demo data to create, and the PRNG seed that makes it reproducible. */
export interface DemoSeedOptions {
  customers: number;
  seed: number;
  /** Weeks of licence snapshots and call legs (default 13). */
  weeks?: number;
  /** Total call legs (default: 4 per customer per week). */
  callLegs?: number;
  /** Average subscriptions per customer (default: the natural mix, about 1; see {@link GeneratorOptions}). */
  subscriptionsPerCustomer?: number;
  /** Reference "now" (default: today, UTC). */
  now?: Date;
  /** The demo partner's id (default: derived from the seed). */
  partnerId?: string;
  partnerName?: string;
  /** Whether to add the demo users, one per role (default true; their e-mails exist once per deployment). */
  users?: boolean;
  /** The demo users' password (config `DEMO_PASSWORD`). */
  demoPassword?: string;
  /** Called after every `progressEvery` customers and at the end. */
  onProgress?: (progress: DemoSeedProgress) => void;
}

/** Where a seed run is. */
export interface DemoSeedProgress {
  customers: number;
  /** Rows written per table so far (directory tables prefixed `directory.`). */
  rows: Record<string, number>;
}

/** What a seed run wrote. */
export interface DemoSeedResult extends DemoSeedProgress {
  partnerId: string;
  customersPerRegion: Record<Region, number>;
}

/** Default demo size for the first `npm start`. */
export const DEFAULT_DEMO = { customers: 250, weeks: 13, seed: 20240601 } as const;

/** The demo partner's id for a seed (stable, so a second run with the same seed is detected). */
export function demoPartnerId(seed: number): string {
  return uuidFrom(mulberry32(seed ^ 0x5eed));
}

/**
 * Seeds one demo partner with generated customers: directory entries in the directory store, all
 * customer data only in each customer's region store, written in bulk while it is generated (memory
 * does not grow with the row count). Deterministic for a seed and `now`; then adds the demo users.
 */
export async function seedDemo(stores: RegionStores, options: DemoSeedOptions): Promise<DemoSeedResult> {
  const partnerId = options.partnerId ?? demoPartnerId(options.seed);
  const generatorOptions: GeneratorOptions = {
    customers: options.customers,
    weeks: options.weeks ?? DEFAULT_DEMO.weeks,
    seed: options.seed,
    callLegs: options.callLegs,
    subscriptionsPerCustomer: options.subscriptionsPerCustomer,
    now: options.now,
    partnerId,
  };
  const generator = new DemoGenerator(generatorOptions);
  const directory = await BulkInserter.open(stores.orm('directory'), Object.values(DIRECTORY_TABLES));
  const regional = {} as Record<Region, BulkInserter>;
  const customersPerRegion = Object.fromEntries(REGIONS.map((r) => [r, 0])) as Record<Region, number>;
  const progressEvery = Math.max(1, Math.min(1000, Math.floor(options.customers / 100)));
  try {
    for (const region of REGIONS) regional[region] = await BulkInserter.open(stores.orm(region), Object.values(TABLES));
    await directory.push(DIRECTORY_TABLES.partner, [partnerId, options.partnerName ?? 'Demo Partner', generator.now]);
    await directory.flush();
    for (let i = 0; i < options.customers; i++) {
      const region = generator.profile(i).region;
      customersPerRegion[region]++;
      const target = regional[region];
      for (const [table, row] of generator.customer(i)) {
        if (table === 'directory') {
          if (directory.add(DIRECTORY_TABLES.entry, row)) await directory.drain();
        } else if (target.add(TABLES[table], row)) await target.drain();
      }
      if ((i + 1) % progressEvery === 0) options.onProgress?.({ customers: i + 1, rows: rowCounts(directory, regional) });
    }
    // Region stores first: a directory entry never points at a customer that was not written.
    for (const region of REGIONS) await regional[region].flush();
    await directory.flush();
  } catch (error) {
    for (const inserter of [directory, ...Object.values(regional)]) await inserter.rollback();
    throw error;
  } finally {
    for (const inserter of [directory, ...Object.values(regional)]) await inserter.close();
  }
  const rows = rowCounts(directory, regional);
  // The customer list's summary rows, from what was just written (as of today: reads are).
  for (const region of REGIONS) await rebuildCustomerList(stores, region);
  options.onProgress?.({ customers: options.customers, rows });
  if (options.users !== false) await seedDemoUsers(stores, partnerId, options.demoPassword);
  return { partnerId, customers: options.customers, rows, customersPerRegion };
}

function rowCounts(directory: BulkInserter, regional: Record<Region, BulkInserter>): Record<string, number> {
  const rows: Record<string, number> = {};
  for (const [table, n] of directory.written) rows[`directory.${table}`] = n;
  for (const inserter of Object.values(regional)) for (const [table, n] of inserter.written) rows[table] = (rows[table] ?? 0) + n;
  return rows;
}
