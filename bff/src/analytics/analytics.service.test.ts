import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { ErrorCode, type Region } from '@ph/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RegionStores } from '../database/stores';
import { seedDemo } from '../demo/demo-seed';
import { createTestStores, gql, rawQuery, signIn, startApp, testConfig, type RunningApp, type TestStores } from '../test/harness';
import { AnalyticsService } from './analytics.service';

const dialects = inject('dialects');
const DAY = 86_400_000;

const KPIS = `query($region: Region!) { licenseKpis(region: $region) { totalCustomers expiringSoon renewingSoon lowAssignment overage } }`;
const TREND = `query($region: Region!, $product: AnalyticsProduct!, $weeks: Int) { licenseTrend(region: $region, product: $product, weeks: $weeks) { weekStart purchased assigned used } }`;
const SECTION = `query($region: Region!, $product: AnalyticsProduct!, $section: LicenseSection!, $sort: LicenseSort, $descending: Boolean, $first: Int, $offset: Int) {
  licenseSection(region: $region, product: $product, section: $section, sort: $sort, descending: $descending, first: $first, offset: $offset) {
    totalCount
    kpis { customers licenses assignmentPct usagePct usageAtAssignmentPct unassigned overageLicenses averageOverage }
    rows { customerId customerName subscriptionId trial daysSinceAdded monthsSinceAdded daysToEnd monthsRemaining autoRenew total assigned used weeklyAssignmentChange weeklyUsageChange usage3MonthsPct }
  }
}`;

type Product = 'MEETINGS' | 'CALLING';
const SECTIONS = ['RECENTLY_ADDED', 'EXPIRING', 'RENEWING', 'LOW_ASSIGNMENT', 'OVERAGE'] as const;
type Section = (typeof SECTIONS)[number];

interface Line {
  lineId: string;
  customerId: string;
  customerName: string;
  createdMs: number;
  subscriptionId: string;
  kind: string;
  endDate: string;
  autoRenew: boolean;
  billing: string;
  product: string;
  purchased: number;
  assigned: number;
  used: number;
  partnerId: string;
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const todayMs = () => {
  const now = new Date();
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
};

/** Reads the raw tables with plain SQL (knex, not MikroORM, not the service's SQL). */
async function loadLines(stores: TestStores, region: Region): Promise<Line[]> {
  const rows = await rawQuery<Record<string, unknown>>(
    stores.databases[region],
    `select l.id as line_id, c.id as customer_id, c.name as customer_name, c.created_at, c.partner_id, s.id as subscription_id, s.kind, s.end_date,
            s.auto_renew, s.billing_state, l.product, l.purchased, l.assigned, l.used
       from license_line l, subscription s, customer c where s.id = l.subscription_id and c.id = s.customer_id`,
  );
  return rows.map((r) => ({
    lineId: String(r.line_id),
    customerId: String(r.customer_id),
    customerName: String(r.customer_name),
    createdMs: r.created_at instanceof Date ? r.created_at.getTime() : Number(r.created_at),
    subscriptionId: String(r.subscription_id),
    kind: String(r.kind),
    endDate: r.end_date instanceof Date ? `${r.end_date.getFullYear()}-${String(r.end_date.getMonth() + 1).padStart(2, '0')}-${String(r.end_date.getDate()).padStart(2, '0')}` : String(r.end_date),
    autoRenew: r.auto_renew === true || Number(r.auto_renew) === 1,
    billing: String(r.billing_state),
    product: String(r.product),
    purchased: Number(r.purchased),
    assigned: Number(r.assigned),
    used: Number(r.used),
    partnerId: String(r.partner_id),
  }));
}

/** The page's formulas re-implemented in plain TypeScript over the raw rows. */
function reference(all: Line[], partnerId: string, products: string[]) {
  const today = iso(todayMs());
  const horizon = iso(todayMs() + 90 * DAY);
  const band = (n: number) => (n < 10 ? 1 : n < 50 ? 2 : n < 250 ? 3 : n < 1000 ? 4 : 5);
  const active = all.filter((l) => l.partnerId === partnerId && l.billing !== 'CANCELLED' && l.endDate >= today && products.includes(l.product));
  const comparable = active.filter((l) => l.kind === 'PAID' && l.purchased > 0);
  const low = new Set<string>();
  for (const l of comparable) {
    const peers = comparable.filter((p) => p.product === l.product && band(p.purchased) === band(l.purchased));
    // cumulative share of peers whose ratio ≤ this one (exact rational comparison)
    const atOrBelow = peers.filter((p) => p.assigned * l.purchased <= l.assigned * p.purchased).length;
    if (atOrBelow / peers.length <= 0.25 && 2 * l.assigned < l.purchased) low.add(l.lineId);
  }
  const recentSince = todayMs() - 90 * DAY;
  const inSection: Record<Section, (l: Line) => boolean> = {
    RECENTLY_ADDED: (l) => l.createdMs >= recentSince,
    EXPIRING: (l) => !l.autoRenew && l.endDate <= horizon,
    RENEWING: (l) => l.autoRenew && l.endDate <= horizon,
    LOW_ASSIGNMENT: (l) => low.has(l.lineId),
    OVERAGE: (l) => l.assigned > l.purchased,
  };
  return { active, inSection };
}

const customersOf = (lines: Line[]) => new Set(lines.map((l) => l.customerId)).size;

/**
 * The page's formulas as one independent SQL computation on the raw tables (license_line ⨝
 * subscription ⨝ customer, low assignment by the `cume_dist()` window) — a different code path from
 * the service's rollups and per-group cuts.
 */
function rawLinesSql(partnerId: string, products: string[], today: string) {
  const inProducts = products.map(() => '?').join(', ');
  const band = `case when l.purchased < 10 then 1 when l.purchased < 50 then 2 when l.purchased < 250 then 3 when l.purchased < 1000 then 4 else 5 end`;
  return {
    text: `ranked as (
      select l.id, cume_dist() over (partition by l.product, ${band} order by l.assigned * 1.0 / l.purchased) as cd, l.assigned * 1.0 / l.purchased as ratio
      from license_line l join subscription s on s.id = l.subscription_id join customer c on c.id = s.customer_id
      where c.partner_id = ? and s.kind = 'PAID' and s.billing_state <> 'CANCELLED' and s.end_date >= ? and l.purchased > 0 and l.product in (${inProducts})
    ),
    lines as (
      select c.id as customer_id, c.created_at, s.end_date, s.auto_renew, l.purchased, l.assigned, l.used,
             case when r.cd <= 0.25 and r.ratio < 0.5 then 1 else 0 end as low
      from license_line l join subscription s on s.id = l.subscription_id join customer c on c.id = s.customer_id
      left join ranked r on r.id = l.id
      where c.partner_id = ? and s.billing_state <> 'CANCELLED' and s.end_date >= ? and l.product in (${inProducts})
    )`,
    params: [partnerId, today, ...products, partnerId, today, ...products],
  };
}

const RAW_SECTION: Record<Section, string> = {
  RECENTLY_ADDED: 'x.created_at >= ?',
  EXPIRING: 'not x.auto_renew and x.end_date <= ?',
  RENEWING: 'x.auto_renew and x.end_date <= ?',
  LOW_ASSIGNMENT: 'x.low = 1',
  OVERAGE: 'x.assigned > x.purchased',
};

describe(AnalyticsService.name, () => {
  describe.each(dialects)('on %s', (dialect) => {
    let stores: TestStores;
    let sut: RunningApp;
    let full: Record<string, string>;
    let partnerId: string;
    const edge = { today: '', ninety: '', ninetyOne: '', zero: '', trial: '' };

    beforeAll(async () => {
      stores = await createTestStores(dialect);
      sut = await startApp(testConfig(stores));
      ({ partnerId } = await seedDemo(sut.app.get(RegionStores), { customers: 240, weeks: 14, seed: 61, callLegs: 0 }));
      full = (await signIn(sut.url, 'full@demo.example')).auth;
      // Edge cases in EU: ends today, renews exactly 90 days out, 91 days out, zero licences, a trial without usage.
      const eu = stores.databases.EU;
      const customerId = randomUUID();
      const created = todayMs() - 10 * DAY;
      await rawQuery(eu, 'insert into customer (id, partner_id, name, country, contact_name, contact_email, created_at) values (?, ?, ?, ?, ?, ?, ?)', [
        customerId, partnerId, 'Edge Case BV', 'NL', 'Ed Ge', 'edge@example.nl', (dialect === 'sqlite' ? created : new Date(created).toISOString()) as unknown as string,
      ]);
      const bool = (b: boolean) => (dialect === 'sqlite' ? (b ? 1 : 0) : b) as unknown as string;
      const subs: [keyof typeof edge, string, number, boolean, [number, number, number]][] = [
        ['today', 'PAID', 0, false, [10, 4, 2]],
        ['ninety', 'PAID', 90, true, [20, 25, 20]],
        ['ninetyOne', 'PAID', 91, false, [30, 10, 5]],
        ['zero', 'PAID', 30, false, [0, 0, 0]],
        ['trial', 'TRIAL', 20, false, [15, 0, 0]],
      ];
      for (const [key, kind, days, autoRenew, [p, a, u]] of subs) {
        const id = `Edge-${key}`;
        edge[key] = id;
        await rawQuery(eu, 'insert into subscription (id, customer_id, kind, start_date, end_date, auto_renew, billing_state) values (?, ?, ?, ?, ?, ?, ?)', [
          id, customerId, kind, iso(todayMs() - 10 * DAY), iso(todayMs() + days * DAY), bool(autoRenew), 'ACTIVE',
        ]);
        await rawQuery(eu, 'insert into license_line (id, subscription_id, product, purchased, assigned, used) values (?, ?, ?, ?, ?, ?)', [
          randomUUID(), id, 'MEETINGS', String(p), String(a), String(u),
        ]);
      }
      await rawQuery(eu, 'insert into trial (id, customer_id, subscription_id, start_date, end_date, status) values (?, ?, ?, ?, ?, ?)', [
        'Trial-edge-1', customerId, edge.trial, iso(todayMs() - 10 * DAY), iso(todayMs() + 20 * DAY), 'RUNNING',
      ]);
    });

    afterAll(async () => {
      await sut?.app.close();
      await stores?.cleanup();
    });

    it.each(['EU', 'US'] as Region[])('computes the headline KPIs of %s as independent SQL + code does', async (region) => {
      const lines = await loadLines(stores, region);
      const { active, inSection } = reference(lines, partnerId, ['MEETINGS', 'CALLING']);
      const response = await gql<{ licenseKpis: Record<string, number> }>(sut.url, KPIS, { region }, full);
      expect(response.errors).toBeUndefined();
      expect(response.data!.licenseKpis).toEqual({
        totalCustomers: customersOf(active),
        expiringSoon: customersOf(active.filter(inSection.EXPIRING)),
        renewingSoon: customersOf(active.filter(inSection.RENEWING)),
        lowAssignment: customersOf(active.filter(inSection.LOW_ASSIGNMENT)),
        overage: customersOf(active.filter(inSection.OVERAGE)),
      });
      expect(response.data!.licenseKpis.totalCustomers).toBeGreaterThan(0);
    });

    describe.each(['MEETINGS', 'CALLING'] as Product[])('for %s', (product) => {
      it.each(SECTIONS)('serves every row and KPI of %s in EU as the reference computes them', async (section) => {
        const region: Region = 'EU';
        const lines = await loadLines(stores, region);
        const { active, inSection } = reference(lines, partnerId, [product]);
        const expected = active.filter(inSection[section]);
        expect(expected.length, 'the generated data exercises the section').toBeGreaterThan(0);
        const rows: Record<string, unknown>[] = [];
        let kpis: Record<string, number | null> = {};
        for (let offset = 0; offset < 5000; offset += 100) {
          const response = await gql<{ licenseSection: { totalCount: number; kpis: Record<string, number | null>; rows: Record<string, unknown>[] } }>(
            sut.url, SECTION, { region, product, section, sort: 'CUSTOMER', first: 100, offset }, full,
          );
          expect(response.errors).toBeUndefined();
          const page = response.data!.licenseSection;
          expect(page.totalCount).toBe(expected.length);
          kpis = page.kpis;
          rows.push(...page.rows);
          if (page.rows.length < 100) break;
        }
        expect(rows.length).toBe(expected.length);
        const sum = (f: (l: Line) => number) => expected.reduce((s, l) => s + f(l), 0);
        const [p, a, u] = [sum((l) => l.purchased), sum((l) => l.assigned), sum((l) => l.used)];
        const overCustomers = customersOf(expected.filter((l) => l.assigned > l.purchased));
        const over = sum((l) => Math.max(l.assigned - l.purchased, 0));
        const close = (actual: number | null, value: number | null) => (value === null ? expect(actual).toBeNull() : expect(actual).toBeCloseTo(value, 6));
        expect(kpis.customers).toBe(customersOf(expected));
        expect(kpis.licenses).toBe(p);
        close(kpis.assignmentPct, p ? (a * 100) / p : null);
        close(kpis.usagePct, p ? (u * 100) / p : null);
        close(kpis.usageAtAssignmentPct, a ? (u * 100) / a : null);
        expect(kpis.unassigned).toBe(sum((l) => Math.max(l.purchased - l.assigned, 0)));
        expect(kpis.overageLicenses).toBe(over);
        close(kpis.averageOverage, overCustomers ? over / overCustomers : null);
        // Order: customer name then subscription id (ascending).
        const sorted = [...rows].sort((x, y) => (String(x.customerName) < String(y.customerName) ? -1 : String(x.customerName) > String(y.customerName) ? 1 : 0));
        expect(rows.map((r) => r.customerName)).toEqual(sorted.map((r) => r.customerName));

        // Every column of every row.
        const snapshots = await rawQuery<{ subscription_id: string; week_start: unknown; purchased: number; assigned: number; used: number }>(
          stores.databases[region], 'select subscription_id, week_start, purchased, assigned, used from license_snapshot where product = ?', [product],
        );
        const trials = new Map((await rawQuery<{ id: string; subscription_id: string }>(stores.databases[region], 'select id, subscription_id from trial')).map((t) => [t.subscription_id, t.id]));
        const monday = todayMs() - ((new Date(todayMs()).getUTCDay() + 6) % 7) * DAY;
        const [last, previous, from] = [iso(monday - 7 * DAY), iso(monday - 14 * DAY), iso(monday - 7 * DAY - 12 * 7 * DAY)];
        const weekOf = (v: unknown) => (v instanceof Date ? iso(v.getTime() - v.getTimezoneOffset() * 60_000) : String(v));
        const bySub = new Map<string, typeof snapshots>();
        for (const s of snapshots) bySub.set(s.subscription_id, [...(bySub.get(s.subscription_id) ?? []), s]);
        const byId = new Map(rows.map((r) => [`${r.customerId}|${r.subscriptionId}`, r]));
        for (const l of expected) {
          const shown = trials.get(l.subscriptionId) ?? l.subscriptionId;
          const row = byId.get(`${l.customerId}|${shown}`)!;
          expect(row, shown).toBeDefined();
          const own = bySub.get(l.subscriptionId) ?? [];
          const at = (week: string) => own.find((s) => weekOf(s.week_start) === week);
          const window = own.filter((s) => weekOf(s.week_start) >= from && weekOf(s.week_start) <= last);
          const wp = window.reduce((s, w) => s + Number(w.purchased), 0);
          const createdDay = l.createdMs - (l.createdMs % DAY);
          expect(row, shown).toMatchObject({
            customerName: l.customerName,
            trial: l.kind === 'TRIAL',
            daysSinceAdded: Math.round((todayMs() - createdDay) / DAY),
            daysToEnd: Math.round((Date.parse(l.endDate) - todayMs()) / DAY),
            autoRenew: l.autoRenew,
            total: l.purchased,
            assigned: l.assigned,
            used: l.used,
            weeklyAssignmentChange: at(last) && at(previous) ? Number(at(last)!.assigned) - Number(at(previous)!.assigned) : null,
            weeklyUsageChange: at(last) && at(previous) ? Number(at(last)!.used) - Number(at(previous)!.used) : null,
          });
          if (wp > 0) expect(row.usage3MonthsPct as number).toBeCloseTo((window.reduce((s, w) => s + Number(w.used), 0) * 100) / wp, 6);
          else expect(row.usage3MonthsPct).toBeNull();
        }
      });
    });

    it.each(['EU', 'US'] as Region[])('serves the headline KPIs of %s as an independent SQL computation on the raw tables', async (region) => {
      const horizon = iso(todayMs() + 90 * DAY);
      const raw = rawLinesSql(partnerId, ['MEETINGS', 'CALLING'], iso(todayMs()));
      const [expected] = await rawQuery<Record<string, number | string>>(
        stores.databases[region],
        `with ${raw.text}
         select count(distinct x.customer_id) as "totalCustomers",
                count(distinct case when ${RAW_SECTION.EXPIRING} then x.customer_id end) as "expiringSoon",
                count(distinct case when ${RAW_SECTION.RENEWING} then x.customer_id end) as "renewingSoon",
                count(distinct case when ${RAW_SECTION.LOW_ASSIGNMENT} then x.customer_id end) as "lowAssignment",
                count(distinct case when ${RAW_SECTION.OVERAGE} then x.customer_id end) as "overage"
         from lines x`,
        [...raw.params, horizon, horizon] as string[],
      );
      const response = await gql<{ licenseKpis: Record<string, number> }>(sut.url, KPIS, { region }, full);
      expect(response.errors).toBeUndefined();
      expect(response.data!.licenseKpis).toEqual(Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, Number(v)])));
      expect(Number(expected.lowAssignment), 'the generated data has low-assignment customers').toBeGreaterThan(0);
    });

    describe.each(['MEETINGS', 'CALLING'] as Product[])('for %s', (product) => {
      it.each(SECTIONS)('serves the count and KPIs of %s in EU as an independent SQL computation on the raw tables', async (section) => {
        const raw = rawLinesSql(partnerId, [product], iso(todayMs()));
        const since = todayMs() - 90 * DAY;
        const param = section === 'RECENTLY_ADDED' ? [dialect === 'sqlite' ? since : new Date(since).toISOString()] : section === 'EXPIRING' || section === 'RENEWING' ? [iso(todayMs() + 90 * DAY)] : [];
        const [expected] = await rawQuery<Record<string, number | string | null>>(
          stores.databases.EU,
          `with ${raw.text}
           select count(*) as n, count(distinct x.customer_id) as customers, coalesce(sum(x.purchased), 0) as p, coalesce(sum(x.assigned), 0) as a, coalesce(sum(x.used), 0) as u,
                  coalesce(sum(case when x.purchased > x.assigned then x.purchased - x.assigned else 0 end), 0) as unassigned,
                  coalesce(sum(case when x.assigned > x.purchased then x.assigned - x.purchased else 0 end), 0) as over,
                  count(distinct case when x.assigned > x.purchased then x.customer_id end) as over_customers
           from lines x where ${RAW_SECTION[section]}`,
          [...raw.params, ...param] as string[],
        );
        const [n, p, a, u, over, overCustomers] = [expected.n, expected.p, expected.a, expected.u, expected.over, expected.over_customers].map(Number);
        expect(n, 'the generated data exercises the section').toBeGreaterThan(0);
        const response = await gql<{ licenseSection: { totalCount: number; kpis: Record<string, number | null> } }>(
          sut.url, SECTION, { region: 'EU', product, section, first: 1 }, full,
        );
        expect(response.errors).toBeUndefined();
        const { totalCount, kpis } = response.data!.licenseSection;
        expect(totalCount).toBe(n);
        const close = (actual: number | null, value: number | null) => (value === null ? expect(actual).toBeNull() : expect(actual).toBeCloseTo(value, 6));
        expect(kpis.customers).toBe(Number(expected.customers));
        expect(kpis.licenses).toBe(p);
        close(kpis.assignmentPct, p ? (a * 100) / p : null);
        close(kpis.usagePct, p ? (u * 100) / p : null);
        close(kpis.usageAtAssignmentPct, a ? (u * 100) / a : null);
        expect(kpis.unassigned).toBe(Number(expected.unassigned));
        expect(kpis.overageLicenses).toBe(over);
        close(kpis.averageOverage, overCustomers ? over / overCustomers : null);
      });
    });

    it('handles the edge cases: ends today, exactly 90 days out, 91 days out, zero licences, a trial without usage', async () => {
      const fetchSection = async (section: Section) =>
        (await gql<{ licenseSection: { rows: { subscriptionId: string; daysToEnd: number; used: number }[] } }>(
          sut.url, SECTION, { region: 'EU', product: 'MEETINGS', section, first: 100, sort: 'DAYS' }, full,
        )).data!.licenseSection.rows.filter((r) => r.subscriptionId.startsWith('Edge-') || r.subscriptionId.startsWith('Trial-edge'));
      const expiring = await fetchSection('EXPIRING');
      expect(expiring.map((r) => [r.subscriptionId, r.daysToEnd])).toEqual([['Edge-today', 0], ['Trial-edge-1', 20], ['Edge-zero', 30]]);
      const renewing = await fetchSection('RENEWING');
      expect(renewing.map((r) => [r.subscriptionId, r.daysToEnd])).toEqual([['Edge-ninety', 90]]);
      expect((await fetchSection('OVERAGE')).map((r) => r.subscriptionId)).toEqual(['Edge-ninety']);
      const recent = await fetchSection('RECENTLY_ADDED');
      expect(recent.map((r) => r.subscriptionId).sort()).toEqual(['Edge-ninety', 'Edge-ninetyOne', 'Edge-today', 'Edge-zero', 'Trial-edge-1']);
      // The zero-licence line and the trial without usage: their figures, no snapshots so no weekly change or 3-month usage.
      const rows = (await gql<{ licenseSection: { rows: Record<string, unknown>[] } }>(
        sut.url, SECTION, { region: 'EU', product: 'MEETINGS', section: 'EXPIRING', first: 100, sort: 'DAYS' }, full,
      )).data!.licenseSection.rows;
      expect(rows.find((r) => r.subscriptionId === 'Edge-zero')).toMatchObject({ total: 0, assigned: 0, used: 0, trial: false, weeklyAssignmentChange: null, usage3MonthsPct: null });
      expect(rows.find((r) => r.subscriptionId === 'Trial-edge-1')).toMatchObject({ total: 15, assigned: 0, used: 0, trial: true, daysToEnd: 20, weeklyUsageChange: null, usage3MonthsPct: null });
      // zero licences and the trial never count as low assignment (no ratio / not a paid subscription)
      expect((await fetchSection('LOW_ASSIGNMENT')).map((r) => r.subscriptionId)).not.toContain('Edge-zero');
      expect((await fetchSection('LOW_ASSIGNMENT')).map((r) => r.subscriptionId)).not.toContain('Trial-edge-1');
    });

    it('sorts on the server by each column in both directions', async () => {
      for (const [sort, key] of [['TOTAL', 'total'], ['ASSIGNED', 'assigned'], ['USED', 'used'], ['DAYS', 'daysToEnd']] as const) {
        for (const descending of [false, true]) {
          const response = await gql<{ licenseSection: { rows: Record<string, number>[] } }>(
            sut.url, SECTION, { region: 'EU', product: 'MEETINGS', section: 'EXPIRING', sort, descending, first: 100 }, full,
          );
          const values = response.data!.licenseSection.rows.map((r) => r[key]);
          expect(values.length).toBeGreaterThan(1);
          expect(values).toEqual([...values].sort((x, y) => (descending ? y - x : x - y)));
        }
      }
    });

    it('sums the weekly snapshots of the actor\'s customers for the trend', async () => {
      const monday = todayMs() - ((new Date(todayMs()).getUTCDay() + 6) % 7) * DAY;
      const from = iso(monday - 7 * DAY * 8);
      const expected = await rawQuery<{ w: string; p: number; a: number; u: number }>(
        stores.databases.EU,
        `select cast(h.week_start as text) as w, sum(h.purchased) as p, sum(h.assigned) as a, sum(h.used) as u
           from license_snapshot h where h.product = 'CALLING' and h.week_start >= ? and h.week_start < ?
             and h.customer_id in (select id from customer where partner_id = ?) group by h.week_start order by 1`,
        [from, iso(monday), partnerId],
      );
      const response = await gql<{ licenseTrend: { weekStart: string; purchased: number; assigned: number; used: number }[] }>(
        sut.url, TREND, { region: 'EU', product: 'CALLING', weeks: 8 }, full,
      );
      expect(response.errors).toBeUndefined();
      expect(response.data!.licenseTrend).toEqual(expected.map((e) => ({ weekStart: e.w, purchased: Number(e.p), assigned: Number(e.a), used: Number(e.u) })));
      expect(response.data!.licenseTrend).toHaveLength(8);
    });

    it('runs a fixed number of SQL statements per request whatever the page, the section or the actor (no N+1)', async () => {
      // Every analytics read goes through RegionStores.rows: count those on the EU store.
      const regionStores = sut.app.get(RegionStores);
      const original = regionStores.rows.bind(regionStores);
      let count = 0;
      let directory = 0;
      regionStores.rows = ((store, ...rest) => {
        if (store === 'EU') count++;
        if (store === 'directory') directory++;
        return original(store, ...rest);
      }) as typeof regionStores.rows;
      const admin = (await signIn(sut.url, 'admin@demo.example')).auth;
      try {
        const measure = async (query: string, variables: Record<string, unknown>, auth = full) => {
          count = 0;
          directory = 0;
          const response = await gql(sut.url, query, { region: 'EU', ...variables }, auth);
          expect(response.errors).toBeUndefined();
          return count;
        };
        for (const auth of [full, admin]) {
          // KPIs: comparison groups, cuts, KPIs.
          expect(await measure(KPIS, {}, auth)).toBe(3);
          for (const weeks of [1, 52]) expect(await measure(TREND, { product: 'MEETINGS', weeks }, auth)).toBe(1);
          for (const section of SECTIONS) {
            for (const [first, offset] of [[1, 0], [100, 0], [100, 100]]) {
              // section KPIs + page, plus groups and cuts for low assignment.
              expect(await measure(SECTION, { product: 'CALLING', section, first, offset, sort: 'USED' }, auth), `${section} ${first}`).toBe(section === 'LOW_ASSIGNMENT' ? 4 : 2);
            }
          }
          // The page's view of a product (trend and every section in one request): the sum of its fields,
          // and in the directory the session plus, for a scoped admin, one read of their customers for all six fields.
          const view = `query($region: Region!, $product: AnalyticsProduct!) { licenseTrend(region: $region, product: $product) { weekStart }
            ${SECTIONS.map((section) => `${section.toLowerCase()}: licenseSection(region: $region, product: $product, section: ${section}) { totalCount }`).join(' ')} }`;
          expect(await measure(view, { product: 'MEETINGS' }, auth)).toBe(1 + 2 * 4 + 4);
          expect(directory).toBe(auth === admin ? 2 : 1);
        }
      } finally {
        regionStores.rows = original;
      }
    });

    it('keeps the rollups equal to the raw tables whoever writes them (triggers on inserts, updates and deletes)', async () => {
      const eu = stores.databases.EU;
      const [line] = await rawQuery<{ id: string; subscription_id: string }>(eu, `select l.id, l.subscription_id from license_line l where l.subscription_id not like 'Edge-%' order by l.id limit 1`);
      const [other] = await rawQuery<{ id: string; customer_id: string }>(eu, `select s.id, s.customer_id from subscription s where s.id not like 'Edge-%' and s.id <> ? order by s.id limit 1`, [line.subscription_id]);
      const [snapshot] = await rawQuery<{ id: number }>(eu, 'select id from license_snapshot order by id limit 1');
      const [later] = await rawQuery<{ id: number }>(eu, 'select id from license_snapshot order by id desc limit 1');
      await rawQuery(eu, 'update license_line set assigned = assigned + 7, purchased = 3 where id = ?', [line.id]);
      await rawQuery(eu, `update subscription set billing_state = 'CANCELLED', end_date = ? where id = ?`, [iso(todayMs() + 5 * DAY), other.id]);
      await rawQuery(eu, `update customer set name = 'Renamed Customer BV' where id = ?`, [other.customer_id]);
      await rawQuery(eu, 'update license_snapshot set used = used + 11, assigned = assigned + 2 where id = ?', [String(snapshot.id)]);
      await rawQuery(eu, 'delete from license_snapshot where id = ?', [String(later.id)]);
      await rawQuery(eu, `insert into trial (id, customer_id, subscription_id, start_date, end_date, status) values ('Trial-0-rollup', ?, ?, ?, ?, 'RUNNING')`, [other.customer_id, other.id, iso(todayMs()), iso(todayMs() + DAY)]);

      const normal = (rows: Record<string, unknown>[]) => rows.map((r) => JSON.stringify(Object.values(r).map((v) => (v instanceof Date ? v.getTime() : typeof v === 'boolean' ? Number(v) : v === null ? null : String(v))))).sort();
      const rollup = await rawQuery<Record<string, unknown>>(
        eu,
        `select id, partner_id, customer_id, customer_name, created_at, subscription_id, trial_id, kind, billing_state, end_date, auto_renew, product, purchased, assigned, used from analytics_line`,
      );
      const raw = await rawQuery<Record<string, unknown>>(
        eu,
        `select l.id, c.partner_id, c.id as customer_id, c.name, c.created_at, s.id as subscription_id, (select min(t.id) from trial t where t.subscription_id = s.id) as trial_id,
                s.kind, s.billing_state, s.end_date, s.auto_renew, l.product, l.purchased, l.assigned, l.used
           from license_line l join subscription s on s.id = l.subscription_id join customer c on c.id = s.customer_id`,
      );
      expect(rollup.length).toBe(raw.length);
      expect(normal(rollup)).toEqual(normal(raw));
      const weeks = await rawQuery<Record<string, unknown>>(eu, 'select partner_id, product, week_start, purchased, assigned, used from analytics_week where snapshots > 0');
      const rawWeeks = await rawQuery<Record<string, unknown>>(
        eu,
        `select c.partner_id, h.product, h.week_start, sum(h.purchased) as p, sum(h.assigned) as a, sum(h.used) as u
           from license_snapshot h join customer c on c.id = h.customer_id group by c.partner_id, h.product, h.week_start`,
      );
      expect(normal(weeks)).toEqual(normal(rawWeeks));
      const customers = await rawQuery<Record<string, unknown>>(eu, 'select customer_id, end_date from analytics_customer where end_date is not null');
      const rawCustomers = await rawQuery<Record<string, unknown>>(
        eu,
        `select s.customer_id, max(s.end_date) as end_date from subscription s join license_line l on l.subscription_id = s.id
          where l.product in ('MEETINGS', 'CALLING') and s.billing_state <> 'CANCELLED' group by s.customer_id`,
      );
      expect(normal(customers)).toEqual(normal(rawCustomers));
      const bandDays = await rawQuery<Record<string, unknown>>(eu, 'select partner_id, product, band, end_date, lines from analytics_band_day where lines > 0');
      const rawBandDays = await rawQuery<Record<string, unknown>>(
        eu,
        `select c.partner_id, l.product, case when l.purchased < 10 then 1 when l.purchased < 50 then 2 when l.purchased < 250 then 3 when l.purchased < 1000 then 4 else 5 end as band, s.end_date, count(*) as n
           from license_line l join subscription s on s.id = l.subscription_id join customer c on c.id = s.customer_id
          where s.kind = 'PAID' and l.purchased > 0 and s.billing_state <> 'CANCELLED' group by 1, 2, 3, 4`,
      );
      expect(normal(bandDays)).toEqual(normal(rawBandDays));
      // and the page agrees with the independent computation after the changes
      const lines = await loadLines(stores, 'EU');
      const { active, inSection } = reference(lines, partnerId, ['MEETINGS', 'CALLING']);
      const response = await gql<{ licenseKpis: Record<string, number> }>(sut.url, KPIS, { region: 'EU' }, full);
      expect(response.data!.licenseKpis).toMatchObject({ totalCustomers: customersOf(active), overage: customersOf(active.filter(inSection.OVERAGE)) });
    });

    it('shows a scoped admin only their customers', async () => {
      const admin = (await signIn(sut.url, 'admin@demo.example')).auth;
      const assigned = await rawQuery<{ id: string }>(
        stores.databases.directory,
        `select distinct a.customer_id as id from customer_admin_assignment a join partner_user u on u.id = a.user_id where u.email = 'admin@demo.example'`,
      );
      const ids = new Set(assigned.map((a) => a.id));
      const lines = (await loadLines(stores, 'EU')).filter((l) => ids.has(l.customerId));
      const { active } = reference(lines, partnerId, ['MEETINGS', 'CALLING']);
      const response = await gql<{ licenseKpis: { totalCustomers: number } }>(sut.url, KPIS, { region: 'EU' }, admin);
      expect(response.data!.licenseKpis.totalCustomers).toBe(customersOf(active));
      const section = await gql<{ licenseSection: { rows: { customerId: string }[] } }>(
        sut.url, SECTION, { region: 'EU', product: 'MEETINGS', section: 'RECENTLY_ADDED', first: 100 }, admin,
      );
      for (const row of section.data!.licenseSection.rows) expect(ids.has(row.customerId)).toBe(true);
      // The trend sums only their customers' snapshots (not the partner's weekly totals).
      const monday = todayMs() - ((new Date(todayMs()).getUTCDay() + 6) % 7) * DAY;
      const list = [...ids];
      expect(list.length, "the scoped admin has customers").toBeGreaterThan(0);
      const expected = list.length === 0 ? [] : await rawQuery<{ w: string; p: number; a: number; u: number }>(
        stores.databases.EU,
        `select cast(h.week_start as text) as w, sum(h.purchased) as p, sum(h.assigned) as a, sum(h.used) as u from license_snapshot h
          where h.product = 'MEETINGS' and h.week_start >= ? and h.week_start < ? and h.customer_id in (${list.map(() => '?').join(', ')}) group by h.week_start order by 1`,
        [iso(monday - 7 * DAY * 8), iso(monday), ...list],
      );
      const trend = await gql<{ licenseTrend: { weekStart: string; purchased: number; assigned: number; used: number }[] }>(sut.url, TREND, { region: 'EU', product: 'MEETINGS', weeks: 8 }, admin);
      expect(trend.errors).toBeUndefined();
      expect(trend.data!.licenseTrend).toEqual(expected.map((e) => ({ weekStart: e.w, purchased: Number(e.p), assigned: Number(e.a), used: Number(e.u) })));
    });

    it('rejects a bad page as BAD_USER_INPUT and a missing session as UNAUTHENTICATED', async () => {
      for (const variables of [{ first: 0 }, { first: 101 }, { offset: -1 }]) {
        const response = await gql(sut.url, SECTION, { region: 'EU', product: 'MEETINGS', section: 'OVERAGE', ...variables }, full);
        expect(response.errors?.[0].extensions?.code).toBe(ErrorCode.BadUserInput);
      }
      const response = await gql(sut.url, KPIS, { region: 'EU' });
      expect(response.errors?.[0].extensions?.code).toBe(ErrorCode.Unauthenticated);
    });
  });
});
