import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { REGIONS } from '@ph/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RegionStores } from '../database/stores';
import { createTestStores, rawQuery, testConfig, type TestStores } from '../test/harness';
import { DemoGenerator, regionOfCountry } from './demo-generator';
import { seedDemo, type DemoSeedResult } from './demo-seed';

const dialects = inject('dialects');
const NOW = new Date('2026-06-17T00:00:00Z');
const OPTIONS = { customers: 300, weeks: 6, seed: 424242, callLegs: 6000, now: NOW };
const DAY = 86_400_000;
const day = (offset: number) => new Date(NOW.getTime() + offset * DAY).toISOString().slice(0, 10);

/** Sums one numeric SQL result over every region store. */
async function sumOverRegions(stores: TestStores, sql: string, bindings: string[] = []): Promise<number> {
  let total = 0;
  for (const region of REGIONS) {
    const [row] = await rawQuery<{ n: number | string | null }>(stores.databases[region], sql, bindings);
    total += Number(row.n ?? 0);
  }
  return total;
}

describe(DemoGenerator.name, () => {
  it('generates the same rows for the same seed and now, and different rows for another seed', () => {
    const digest = (seed: number) => {
      const sut = new DemoGenerator({ ...OPTIONS, customers: 60, seed, partnerId: '00000000-0000-4000-8000-000000000001' });
      const hash = createHash('sha256');
      for (let i = 0; i < 60; i++) for (const [table, row] of sut.customer(i)) hash.update(`${table}${JSON.stringify(row)}`);
      return hash.digest('hex');
    };
    expect(digest(1)).toBe(digest(1));
    expect(digest(1)).not.toBe(digest(2));
  });

  it('adds subscriptions to reach an average per customer, deterministically, leaving every other row as it was', () => {
    const partnerId = '00000000-0000-4000-8000-000000000001';
    const rows = (subscriptionsPerCustomer?: number) => {
      const sut = new DemoGenerator({ ...OPTIONS, customers: 3000, callLegs: 0, subscriptionsPerCustomer, partnerId });
      const out: string[] = [];
      for (let i = 0; i < 3000; i++) for (const [table, row] of sut.customer(i)) out.push(`${table}${JSON.stringify(row)}`);
      return out;
    };
    const natural = rows();
    const three = rows(3);
    expect(rows(3)).toEqual(three);
    const subscriptions = (all: string[]) => all.filter((r) => r.startsWith('subscription[')).length;
    expect(subscriptions(natural) / 3000).toBeGreaterThan(0.95);
    expect(subscriptions(natural) / 3000).toBeLessThan(1.1);
    expect(subscriptions(three) / 3000).toBeGreaterThan(2.8);
    expect(subscriptions(three) / 3000).toBeLessThan(3.2);
    // Every row of the natural mix is still there; the extra ones are whole subscriptions (lines, snapshots, orders, invoices).
    const extra = new Set(three);
    for (const row of natural) expect(extra.has(row)).toBe(true);
  });

  it('maps countries to residency regions', () => {
    expect(['US', 'CA', 'DE', 'NL', 'FR', 'AE', 'GB'].map(regionOfCountry)).toEqual(['US', 'CA', 'EU', 'EU', 'EU', 'AE', null]);
  });
});

describe(seedDemo.name, () => {
  describe.each(dialects)('on %s', (dialect) => {
    let stores: TestStores;
    let regionStores: RegionStores;
    let sut: DemoSeedResult;

    beforeAll(async () => {
      stores = await createTestStores(dialect);
      regionStores = await RegionStores.open(testConfig(stores));
      sut = await seedDemo(regionStores, OPTIONS);
    });

    afterAll(async () => {
      await regionStores?.close();
      await stores?.cleanup();
    });

    it('writes every row it reports, and exactly the requested customers and call legs', async () => {
      for (const [table, n] of Object.entries(sut.rows)) {
        const count = table.startsWith('directory.')
          ? Number((await rawQuery<{ n: string }>(stores.databases.directory, `select count(*) as n from ${table.slice(10)}`))[0].n)
          : await sumOverRegions(stores, `select count(*) as n from ${table}`);
        expect(count, table).toBe(n);
      }
      expect(sut.rows.customer).toBe(OPTIONS.customers);
      expect(sut.rows.call_leg).toBe(OPTIONS.callLegs);
    });

    it("keeps every customer only in the store of its directory entry's region, which its country decides", async () => {
      const entries = await rawQuery<{ id: string; region: string; country: string }>(stores.databases.directory, 'select id, region, country from customer_directory_entry');
      const regionOf = new Map(entries.map((e) => [e.id, e.region]));
      for (const entry of entries) expect(regionOfCountry(entry.country)).toBe(entry.region);
      for (const region of REGIONS) {
        const ids = await rawQuery<{ id: string }>(
          stores.databases[region],
          `select id from customer union select customer_id from subscription union select customer_id from call_leg
           union select customer_id from device union select customer_id from phone_number union select customer_id from license_snapshot`,
        );
        expect(ids.length, region).toBeGreaterThan(0);
        for (const { id } of ids) expect(regionOf.get(id), id).toBe(region);
      }
    });

    it('covers every status the customer list and analytics show', async () => {
      const customers = OPTIONS.customers;
      const count = (sql: string, bindings: string[] = []) => sumOverRegions(stores, sql, bindings);
      const trials = await count("select count(distinct customer_id) as n from subscription where kind = 'TRIAL'");
      expect(trials / customers).toBeGreaterThan(0.05);
      expect(trials / customers).toBeLessThan(0.2);
      expect(await count("select count(distinct customer_id) as n from subscription where end_date between ? and ?", [day(0), day(30)])).toBeGreaterThan(0);
      expect(await count("select count(distinct customer_id) as n from subscription where end_date between ? and ?", [day(31), day(90)])).toBeGreaterThan(0);
      expect(await count("select count(*) as n from subscription where auto_renew = ? and end_date between ? and ?", [dialect === 'sqlite' ? '1' : 'true', day(0), day(90)])).toBeGreaterThan(0);
      expect(await count("select count(*) as n from subscription where billing_state in ('UNPAID', 'SUSPENDED')")).toBeGreaterThan(0);
      expect(await count('select count(*) as n from license_line where assigned > purchased')).toBeGreaterThan(0);
      expect(await count('select count(*) as n from license_line where assigned * 3 < purchased')).toBeGreaterThan(0);
      expect(
        await count('select count(*) as n from customer c where not exists (select 1 from subscription s where s.customer_id = c.id and s.end_date >= ?) and exists (select 1 from subscription s where s.customer_id = c.id)', [day(0)]),
      ).toBeGreaterThan(0);
      const signInCutoff = String(NOW.getTime() - 30 * DAY);
      expect(
        await count(
          dialect === 'sqlite' ? 'select count(*) as n from customer where last_admin_sign_in_at is null or last_admin_sign_in_at < ?' : 'select count(*) as n from customer where last_admin_sign_in_at is null or last_admin_sign_in_at < to_timestamp(?::bigint / 1000)',
          [signInCutoff],
        ),
      ).toBeGreaterThan(0);
      expect(await count('select count(*) as n from customer_order where subscription_id is null')).toBeGreaterThan(0);
      expect(await count("select count(*) as n from customer c where exists (select 1 from license_line l join subscription s on s.id = l.subscription_id where s.customer_id = c.id) and not exists (select 1 from license_line l join subscription s on s.id = l.subscription_id where s.customer_id = c.id and l.product <> 'MESSAGING')")).toBeGreaterThan(0);
      for (const status of ['RUNNING', 'EXPIRED', 'CONVERTED']) expect(await count('select count(*) as n from trial where status = ?', [status]), status).toBeGreaterThan(0);
      for (const region of REGIONS) expect(sut.customersPerRegion[region], region).toBeGreaterThan(0);
    });

    it('generates numbers in E.164 or extension-only, and devices with MAC addresses', async () => {
      expect(await sumOverRegions(stores, 'select count(*) as n from phone_number where e164 is null and extension is not null')).toBeGreaterThan(0);
      for (const region of REGIONS) {
        const numbers = await rawQuery<{ e164: string }>(stores.databases[region], 'select e164 from phone_number where e164 is not null');
        for (const { e164 } of numbers) expect(e164).toMatch(/^\+[1-9]\d{6,14}$/);
        const devices = await rawQuery<{ mac: string }>(stores.databases[region], 'select mac from device');
        for (const { mac } of devices) expect(mac).toMatch(/^([0-9A-F]{2}:){5}[0-9A-F]{2}$/);
      }
    });

    it('writes weekly snapshots for the completed weeks before now, all on Mondays', async () => {
      const weeks = new Set<string>();
      for (const region of REGIONS) {
        const rows = await rawQuery<{ week_start: string | Date }>(stores.databases[region], 'select distinct week_start from license_snapshot');
        for (const { week_start } of rows) weeks.add(typeof week_start === 'string' ? week_start : new Date(week_start.getTime() - week_start.getTimezoneOffset() * 60_000).toISOString().slice(0, 10));
      }
      expect(weeks.size).toBe(OPTIONS.weeks);
      for (const week of weeks) {
        expect(new Date(`${week}T00:00:00Z`).getUTCDay(), week).toBe(1);
        expect(week < day(0)).toBe(true);
      }
    });

    it('generates call legs only for Calling customers, with a few % poor legs and every queue outcome', async () => {
      const notCalling = await sumOverRegions(
        stores,
        "select count(*) as n from call_leg c where not exists (select 1 from license_line l join subscription s on s.id = l.subscription_id where s.customer_id = c.customer_id and l.product = 'CALLING')",
      );
      expect(notCalling).toBe(0);
      const poor = await sumOverRegions(
        stores,
        'select count(*) as n from call_leg where audio_jitter_ms > 150 or audio_latency_ms > 400 or audio_loss_pct > 5 or video_jitter_ms > 150 or video_latency_ms > 400 or video_loss_pct > 5',
      );
      expect(poor / OPTIONS.callLegs).toBeGreaterThan(0.005);
      expect(poor / OPTIONS.callLegs).toBeLessThan(0.1);
      for (const outcome of ['ANSWERED', 'ABANDONED', 'TIMED_OUT', 'OVERFLOWED', 'TRANSFERRED']) {
        expect(await sumOverRegions(stores, 'select count(*) as n from call_leg where queue_outcome = ?', [outcome]), outcome).toBeGreaterThan(0);
      }
    });
  });
});
