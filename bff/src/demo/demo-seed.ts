import { REGIONS, type Region } from '@ph/contracts';
import { Customer, CustomerDirectoryEntry, MANAGED_BY } from '../customers/customer.entity';
import type { RegionStores } from '../database/stores';
import { Partner } from '../partners/partner.entity';
import { seedDemoUsers } from './demo-users';
import { LicenseLine, PRODUCTS, Subscription } from '../subscriptions/subscription.entity';

/** How much demo data to create, and the PRNG seed that makes it reproducible. */
export interface DemoSeedOptions {
  customers: number;
  seed: number;
}

/** mulberry32: a tiny deterministic PRNG returning floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Deterministic UUID v4-shaped id from the PRNG (demo data must be reproducible). */
function uuidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(random() * 4)];
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

const COUNTRIES: Record<Region, string[]> = {
  US: ['US'],
  CA: ['CA'],
  EU: ['DE', 'NL', 'FR', 'BE', 'IE', 'ES', 'IT', 'SE'],
  AE: ['AE'],
};
const NAME_PARTS = [
  ['Acme', 'Globex', 'Initech', 'Umbrella', 'Northwind', 'Contoso', 'Fabrikam', 'Tailspin', 'Wingtip', 'Litware'],
  ['Logistics', 'Health', 'Foods', 'Energy', 'Legal', 'Media', 'Motors', 'Bank', 'Retail', 'Labs'],
];
const FIRST_NAMES = ['Anna', 'Bram', 'Chen', 'Dana', 'Elif', 'Farah', 'Gert', 'Hiro', 'Ines', 'Jonas'];
const LAST_NAMES = ['Jansen', 'Smith', 'Martin', 'Haddad', 'Kowalski', 'Silva', 'Tanaka', 'Dubois', 'Novak', 'Okafor'];

/** Adds `days` to 2025-01-01 and returns the ISO date. */
function isoDate(days: number): string {
  return new Date(Date.UTC(2025, 0, 1) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Seeds one "Demo Partner" with customers spread over all regions: directory entries in the
 * directory store, customer data (customers, subscriptions, licence lines) only in each customer's region store.
 */
export async function seedDemo(stores: RegionStores, options: DemoSeedOptions): Promise<void> {
  const random = mulberry32(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));

  const directory = stores.directory();
  const partner = directory.create(Partner, { id: uuidFrom(random), name: 'Demo Partner' });
  const regional = Object.fromEntries(REGIONS.map((region) => [region, stores.forRegion(region)]));
  let subscriptionNumber = 100_000;

  for (let i = 0; i < options.customers; i++) {
    const region = REGIONS[i % REGIONS.length];
    const id = uuidFrom(random);
    const name = `${pick(NAME_PARTS[0])} ${pick(NAME_PARTS[1])} ${i + 1}`;
    const country = pick(COUNTRIES[region]);
    directory.create(CustomerDirectoryEntry, {
      id,
      partner,
      name,
      country,
      region,
      externalId: random() < 0.3 ? `EXT-${between(1000, 9999)}` : null,
      managedBy: pick(MANAGED_BY),
    });

    const em = regional[region];
    const first = pick(FIRST_NAMES);
    const last = pick(LAST_NAMES);
    const customer = em.create(Customer, {
      id,
      partnerId: partner.id,
      name,
      country,
      contactName: `${first} ${last}`,
      contactEmail: `${first}.${last}@customer${i + 1}.example`.toLowerCase(),
      lastAdminSignInAt: random() < 0.8 ? new Date(Date.UTC(2025, 5, between(1, 30))) : null,
    });
    for (let s = between(1, 2); s > 0; s--) {
      const kind = random() < 0.25 ? 'TRIAL' : 'PAID';
      const start = between(-400, 200);
      const subscription = em.create(Subscription, {
        id: `Sub-${++subscriptionNumber}`,
        customer,
        kind,
        startDate: isoDate(start),
        endDate: isoDate(start + (kind === 'TRIAL' ? 30 : 365)),
        autoRenew: kind === 'PAID' && random() < 0.6,
        billingState: kind === 'PAID' && random() < 0.1 ? 'UNPAID' : 'ACTIVE',
      });
      const products = PRODUCTS.filter(() => random() < 0.5);
      for (const product of products.length > 0 ? products : [pick(PRODUCTS)]) {
        const purchased = between(5, 500);
        const assigned = Math.round(purchased * (0.3 + random() * 0.85));
        em.create(LicenseLine, { subscription, product, purchased, assigned, used: Math.round(assigned * random()) });
      }
    }
  }
  await directory.flush();
  await Promise.all(REGIONS.map((region) => regional[region].flush()));
  await seedDemoUsers(stores, partner.id);
}
