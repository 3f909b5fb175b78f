import 'reflect-metadata';
import { ErrorCode, REGIONS, type Region } from '@ph/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RegionStores } from '../database/stores';
import { seedDemo } from '../demo/demo-seed';
import { LicenseLine, Subscription } from '../subscriptions/subscription.entity';
import { createTestStores, gql, rawQuery, signIn, startApp, testConfig, type RunningApp, type TestStores } from '../test/harness';
import { Customer } from './customer.entity';
import { rebuildCustomerList } from './customer-list.maintenance';
import { listSql, sortKeyTypes, type CustomerSort, type PageRow, type Position } from './customer-list.sql';
import { comparePositions, normaliseKey } from './customers.service';
import { refreshCustomers } from './customer-list.subscriber';

const dialects = inject('dialects');
const DAY = 86_400_000;
const STATUSES = ['TRIAL', 'SUBSCRIPTION', 'EXPIRING_SOON', 'LICENSE_OVERAGE', 'NO_RECENT_ACTIVITY', 'READY_FOR_ORDER_SETUP', 'SUSPENDED', 'EXPIRED'];
const PRODUCTS = ['MEETINGS', 'CALLING', 'MESSAGING', 'RTT', 'CONTACT_CENTER'];

/** A customer as the base tables and the directory say, computed here without the app's SQL. */
interface Expected {
  id: string;
  region: Region;
  name: string;
  country: string;
  statuses: string[];
  products: string[];
  purchased: number;
  assigned: number;
  nextEndDate: string | null;
  subscriptionCount: number;
  managedBy: string;
  externalId: string | null;
  tags: { id: string; nameKey: string }[];
}

const day = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));
const ms = (v: unknown) => (v == null ? null : v instanceof Date ? v.getTime() : Number(v));
/** Code point order (what SQLite and PostgreSQL "C" use), written apart from the app's comparator. */
const cp = (a: string, b: string) => {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
};

describe('customer list summary, regions, sorts and facets', () => {
  describe.each(dialects)('on %s', (dialect) => {
    let stores: TestStores;
    let sut: RunningApp;
    let registry: RegionStores;
    let full: Record<string, string>;
    let partnerId: string;
    const thresholds = { expiringSoonDays: 30, noRecentActivityDays: 30 };

    beforeAll(async () => {
      stores = await createTestStores(dialect);
      sut = await startApp(testConfig(stores));
      registry = sut.app.get(RegionStores);
      partnerId = (await seedDemo(registry, { customers: 160, weeks: 2, seed: 4242, callLegs: 200 })).partnerId;
      full = (await signIn(sut.url, 'full@demo.example')).auth;
    });

    afterAll(async () => {
      await sut?.app.close();
      await stores?.cleanup();
    });

    const query = async <T>(q: string, variables?: Record<string, unknown>, headers = full): Promise<T> => {
      const response = await gql<T>(sut.url, q, variables, headers);
      expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
      return response.data!;
    };

    /** Every customer of `region` from the raw rows (statuses with `thresholds` at `now`). */
    async function expected(region: Region, now = Date.now()): Promise<Map<string, Expected>> {
      const db = stores.databases[region];
      const today = new Date(now).toISOString().slice(0, 10);
      const soon = new Date(now + thresholds.expiringSoonDays * DAY).toISOString().slice(0, 10);
      const cutoff = now - thresholds.noRecentActivityDays * DAY;
      const customers = await rawQuery<{ id: string; name: string; country: string; last: unknown }>(db, 'select id, name, country, last_admin_sign_in_at as last from customer');
      const subs = await rawQuery<{ id: string; customer_id: string; kind: string; end_date: unknown; billing_state: string }>(db, 'select id, customer_id, kind, end_date, billing_state from subscription');
      const lines = await rawQuery<{ subscription_id: string; product: string; purchased: number; assigned: number }>(db, 'select subscription_id, product, purchased, assigned from license_line');
      const trials = await rawQuery<{ customer_id: string; end_date: unknown; status: string }>(db, 'select customer_id, end_date, status from trial');
      const orders = await rawQuery<{ customer_id: string; status: string; subscription_id: string | null }>(db, 'select customer_id, status, subscription_id from customer_order');
      const entries = await rawQuery<{ id: string; managed_by: string; external_id: string | null }>(stores.databases.directory, 'select id, managed_by, external_id from customer_directory_entry where region = ?', [region]);
      const tags = await rawQuery<{ customer_id: string; id: string; name_key: string }>(
        stores.databases.directory,
        'select a.customer_id, t.id, t.name_key from customer_tag_assignment a join customer_tag t on t.id = a.tag_id',
      );
      const entry = new Map(entries.map((e) => [e.id, e]));
      const result = new Map<string, Expected>();
      for (const c of customers) {
        const own = subs.filter((s) => s.customer_id === c.id);
        const current = own.filter((s) => s.billing_state !== 'CANCELLED' && day(s.end_date) >= today);
        const currentLines = lines.filter((l) => current.some((s) => s.id === l.subscription_id));
        const last = ms(c.last);
        const flags: Record<string, boolean> = {
          TRIAL: trials.some((t) => t.customer_id === c.id && t.status === 'RUNNING' && day(t.end_date) >= today),
          SUBSCRIPTION: current.some((s) => s.kind === 'PAID' && s.billing_state === 'ACTIVE'),
          EXPIRING_SOON: current.some((s) => day(s.end_date) <= soon),
          LICENSE_OVERAGE: currentLines.some((l) => Number(l.assigned) > Number(l.purchased)),
          NO_RECENT_ACTIVITY: last === null || last < cutoff,
          READY_FOR_ORDER_SETUP: orders.some((o) => o.customer_id === c.id && ['PLACED', 'PROVISIONING'].includes(o.status) && o.subscription_id === null),
          SUSPENDED: current.some((s) => s.kind === 'PAID' && ['UNPAID', 'SUSPENDED'].includes(s.billing_state)),
          EXPIRED: current.length === 0,
        };
        const ends = current.map((s) => day(s.end_date)).sort();
        const anyEnd = own.map((s) => day(s.end_date)).sort();
        result.set(c.id, {
          id: c.id,
          region,
          name: c.name,
          country: c.country,
          statuses: STATUSES.filter((s) => flags[s]),
          products: PRODUCTS.filter((p) => currentLines.some((l) => l.product === p)),
          purchased: currentLines.reduce((sum, l) => sum + Number(l.purchased), 0),
          assigned: currentLines.reduce((sum, l) => sum + Number(l.assigned), 0),
          nextEndDate: ends[0] ?? anyEnd.at(-1) ?? null,
          subscriptionCount: own.length,
          managedBy: entry.get(c.id)!.managed_by,
          externalId: entry.get(c.id)!.external_id,
          tags: tags.filter((t) => t.customer_id === c.id).map((t) => ({ id: t.id, nameKey: t.name_key })),
        });
      }
      return result;
    }

    /** Differences between `customer_list_row` / `customer_list_tag` of `region` and {@link expected}. */
    async function mismatches(region: Region, now = Date.now()): Promise<string[]> {
      const want = await expected(region, now);
      const rows = await rawQuery<Record<string, unknown>>(stores.databases[region], 'select * from customer_list_row');
      const copies = await rawQuery<{ customer_id: string; tag_id: string }>(stores.databases[region], 'select customer_id, tag_id from customer_list_tag');
      const problems: string[] = [];
      if (rows.length !== want.size) problems.push(`${region}: ${rows.length} rows for ${want.size} customers`);
      for (const row of rows) {
        const id = String(row.customer_id);
        const e = want.get(id);
        if (!e) {
          problems.push(`${id}: a row without a customer`);
          continue;
        }
        const bits = Number(row.facet_bits);
        const names = e.tags.map((t) => t.nameKey).sort(cp);
        const got = {
          partner: row.partner_id,
          name: row.name,
          statuses: STATUSES.filter((_, i) => bits & (1 << i)),
          weight: Number(row.status_weight),
          products: PRODUCTS.filter((_, i) => bits & (1 << (8 + i))),
          managedBits: ['EXTERNAL_ADMIN', 'PARTNER_ORG'].filter((_, i) => bits & (1 << (13 + i))),
          productCount: Number(row.product_count),
          purchased: Number(row.licenses_purchased),
          assigned: Number(row.licenses_assigned),
          nextEndDate: row.next_end_date,
          endSort: row.end_sort,
          subscriptionCount: Number(row.subscription_count),
          managedBy: row.managed_by,
          externalId: row.external_id,
          tags: copies.filter((c) => c.customer_id === id).map((c) => c.tag_id).sort(),
          tagSortAsc: row.tag_sort_asc,
          tagSortDesc: row.tag_sort_desc,
          search: String(row.search_key),
        };
        const weights: Record<string, number> = { SUSPENDED: 128, LICENSE_OVERAGE: 64, EXPIRING_SOON: 32, READY_FOR_ORDER_SETUP: 16, EXPIRED: 8, NO_RECENT_ACTIVITY: 4, TRIAL: 2, SUBSCRIPTION: 1 };
        const wanted = {
          partner: partnerId,
          name: e.name,
          statuses: e.statuses,
          weight: e.statuses.reduce((sum, s) => sum + weights[s], 0),
          products: e.products,
          managedBits: [e.managedBy],
          productCount: e.products.length,
          purchased: e.purchased,
          assigned: e.assigned,
          nextEndDate: e.nextEndDate,
          endSort: e.nextEndDate ?? '9999-12-31',
          subscriptionCount: e.subscriptionCount,
          managedBy: e.managedBy,
          externalId: e.externalId,
          tags: e.tags.map((t) => t.id).sort(),
          tagSortAsc: names[0] ?? String.fromCodePoint(0x10ffff),
          tagSortDesc: names[0] ?? '',
          search: [e.name.toLowerCase(), id, e.externalId?.toLowerCase() ?? '', ...names].join('\n'),
        };
        if (dialect === 'postgresql' && got.partner !== wanted.partner) got.partner = String(got.partner);
        if (JSON.stringify(got) !== JSON.stringify(wanted)) problems.push(`${id}: ${JSON.stringify(got)} != ${JSON.stringify(wanted)}`);
      }
      return problems;
    }

    /** Reads the list of `region` once (so the read path brings its rows up to date). */
    const touch = (region: Region) => query(`query($r: Region!) { customers(region: $r, first: 1) { totalCount } }`, { r: region });

    it('rebuilds every region from the base tables after the seed', async () => {
      for (const region of REGIONS) expect(await mismatches(region), region).toEqual([]);
    });

    it('keeps the rows exact after each kind of write: trials, tags, ORM writes and raw SQL with a refresh', async () => {
      const [target] = await rawQuery<{ id: string }>(stores.databases.US, "select c.id from customer c where not exists (select 1 from trial t where t.customer_id = c.id and t.status = 'RUNNING') order by c.id limit 1");
      const TRIAL = 'mutation($i: StartTrialInput!) { startTrial(input: $i) { trialId customerId region } }';
      const started = await query<{ startTrial: { trialId: string } }>(TRIAL, { i: { region: 'US', customerId: target.id, products: ['RTT'], licenses: 5, days: 10 } });
      expect(await mismatches('US')).toEqual([]);
      await query('mutation($i: TrialRefInput!) { extendTrial(input: $i) { endDate } }', { i: { region: 'US', trialId: started.startTrial.trialId } });
      expect(await mismatches('US')).toEqual([]);
      await query('mutation($i: TrialRefInput!) { convertTrial(input: $i) { status } }', { i: { region: 'US', trialId: started.startTrial.trialId } });
      expect(await mismatches('US')).toEqual([]);

      const fresh = await query<{ startTrial: { customerId: string; region: Region } }>(TRIAL, {
        i: { newCustomer: { name: 'Zeta Fresh GmbH', country: 'DE', contactName: 'Z', contactEmail: 'z@fresh.example' }, products: ['MEETINGS'], licenses: 3 },
      });
      expect(fresh.startTrial.region).toBe('EU');
      expect(await mismatches('EU')).toEqual([]);

      // Tags: assign, rename, unassign, delete; each changes what the region copies hold.
      const tag = (await query<{ createTag: { id: string } }>('mutation { createTag(input: { name: "Gold", color: "#aa9900" }) { id } }')).createTag;
      const other = (await query<{ createTag: { id: string } }>('mutation { createTag(input: { name: "Amber", color: "#aa3300" }) { id } }')).createTag;
      const some = (await rawQuery<{ id: string }>(stores.databases.US, 'select id from customer order by id limit 5')).map((r) => r.id);
      await query('mutation($i: TagCustomersInput!) { assignTag(input: $i) }', { i: { region: 'US', tagId: tag.id, customerIds: some } });
      await query('mutation($i: TagCustomersInput!) { assignTag(input: $i) }', { i: { region: 'US', tagId: other.id, customerIds: some.slice(0, 2) } });
      expect(await mismatches('US')).toEqual([]);
      await query('mutation($i: UpdateTagInput!) { updateTag(input: $i) { id } }', { i: { id: other.id, name: 'Zinc' } });
      expect(await mismatches('US')).toEqual([]);
      await query('mutation($i: TagCustomersInput!) { unassignTag(input: $i) }', { i: { region: 'US', tagId: tag.id, customerIds: some.slice(0, 1) } });
      expect(await mismatches('US')).toEqual([]);
      await query('mutation($id: ID!) { deleteTag(id: $id) }', { id: other.id });
      expect(await mismatches('US')).toEqual([]);

      // A plain ORM flush (its own transaction) outside any service.
      const em = registry.forRegion('CA');
      const [victim] = await rawQuery<{ id: string }>(stores.databases.CA, 'select id from customer order by id limit 1');
      const subscription = em.create(Subscription, {
        id: 'Sub-orm-test',
        customer: em.getReference(Customer, victim.id),
        kind: 'PAID',
        startDate: '2020-01-01',
        endDate: new Date(Date.now() + 5 * DAY).toISOString().slice(0, 10),
        autoRenew: false,
        billingState: 'UNPAID',
      });
      em.create(LicenseLine, { subscription, product: 'CONTACT_CENTER', purchased: 2, assigned: 9, used: 1 });
      await em.flush();
      expect(await mismatches('CA')).toEqual([]);

      // Raw SQL is outside the ORM: its writer refreshes the rows in its transaction.
      await registry.forRegion('CA').transactional(async (tx) => {
        await tx.getConnection().execute("update license_line set assigned = 0 where product = 'CONTACT_CENTER' and subscription_id = ?", ['Sub-orm-test'], 'run', tx.getTransactionContext());
        await refreshCustomers(tx, [victim.id]);
      });
      expect(await mismatches('CA')).toEqual([]);
    });

    it('catches up with the clock: rows computed 60 days ago are exact after a read', async () => {
      const past = Date.now() - 60 * DAY;
      await rebuildCustomerList(registry, 'EU', past);
      expect((await mismatches('EU')).length).toBeGreaterThan(0);
      await touch('EU');
      expect(await mismatches('EU')).toEqual([]);
    });

    it("follows the partner's thresholds once a full admin changes them", async () => {
      const SET = 'mutation($i: CustomerListSettingsInput!) { updateCustomerListSettings(input: $i) { expiringSoonDays } }';
      await query(SET, { i: { expiringSoonDays: 90, noRecentActivityDays: 7 } });
      Object.assign(thresholds, { expiringSoonDays: 90, noRecentActivityDays: 7 });
      try {
        await touch('AE');
        expect(await mismatches('AE')).toEqual([]);
      } finally {
        await query(SET, { i: { expiringSoonDays: 30, noRecentActivityDays: 30 } });
        Object.assign(thresholds, { expiringSoonDays: 30, noRecentActivityDays: 30 });
      }
      await touch('AE');
      expect(await mismatches('AE')).toEqual([]);
    });

    const LIST = `query List($region: Region!, $first: Int, $after: String, $filter: CustomerFilterInput, $sort: CustomerSort, $descending: Boolean) {
      customers(region: $region, first: $first, after: $after, filter: $filter, sort: $sort, descending: $descending) {
        totalCount nodes { id name region statuses managedBy tags { name } } pageInfo { endCursor hasNextPage }
      }
    }`;
    type Node = { id: string; name: string; region: Region; statuses: string[]; managedBy: string; tags: { name: string }[] };
    async function all(variables: Record<string, unknown>, first = 7, headers = full): Promise<{ nodes: Node[]; totalCount: number }> {
      const nodes: Node[] = [];
      let after: string | null = null;
      let totalCount = -1;
      for (let page = 0; page < 500; page++) {
        const data: { customers: { totalCount: number; nodes: Node[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } } } = await query(
          LIST,
          { region: 'US', first, after, ...variables },
          headers,
        );
        totalCount = data.customers.totalCount;
        nodes.push(...data.customers.nodes);
        if (!data.customers.pageInfo.hasNextPage) break;
        after = data.customers.pageInfo.endCursor;
      }
      return { nodes, totalCount };
    }

    /** The expected order of `rows` for a sort (written from the definitions in customer-list.sql.ts). */
    function ordered(rows: Expected[], sort: string, descending: boolean): string[] {
      const weights: Record<string, number> = { SUSPENDED: 128, LICENSE_OVERAGE: 64, EXPIRING_SOON: 32, READY_FOR_ORDER_SETUP: 16, EXPIRED: 8, NO_RECENT_ACTIVITY: 4, TRIAL: 2, SUBSCRIPTION: 1 };
      const firstTag = (e: Expected) => e.tags.map((t) => t.nameKey).sort(cp)[0] ?? null;
      const key = (e: Expected): (string | number)[] => {
        switch (sort) {
          case 'REGION':
            return [e.region, e.name];
          case 'STATUS':
            return [e.statuses.reduce((s, x) => s + weights[x], 0), e.name];
          case 'TAGS':
            // Without tags: last in both directions.
            return [firstTag(e) ?? (descending ? '' : '\u{10ffff}'), e.name];
          case 'MANAGED_BY':
            return [e.managedBy, e.name];
          case 'LICENSES_TOTAL':
            return [e.purchased, e.name];
          default:
            return [e.name];
        }
      };
      const compare = (a: Expected, b: Expected) => {
        const x = [...key(a), a.id];
        const y = [...key(b), b.id];
        for (let i = 0; i < x.length; i++) {
          const c = typeof x[i] === 'number' ? (x[i] as number) - (y[i] as number) : cp(String(x[i]), String(y[i]));
          if (c !== 0) return descending ? -c : c;
        }
        return 0;
      };
      return [...rows].sort(compare).map((r) => r.id);
    }

    it.each(['NAME', 'REGION', 'STATUS', 'TAGS', 'MANAGED_BY', 'LICENSES_TOTAL'])(
      'merges several regions by %s both ways, each row from its own store, and pages without gaps or repeats',
      async (sort) => {
        const tag = (await query<{ createTag: { id: string } }>('mutation($n: String!) { createTag(input: { name: $n, color: "#112233" }) { id } }', { n: `m${sort}`.slice(0, 25) })).createTag;
        const picks: Record<Region, string[]> = { US: [], CA: [], EU: [], AE: [] };
        for (const region of ['US', 'EU', 'AE'] as const) {
          picks[region] = (await rawQuery<{ id: string }>(stores.databases[region], 'select id from customer order by name desc limit 3')).map((r) => r.id);
          await query('mutation($i: TagCustomersInput!) { assignTag(input: $i) }', { i: { region, tagId: tag.id, customerIds: picks[region] } });
        }
        const chosen: Region[] = ['US', 'EU', 'AE'];
        const rows = (await Promise.all(chosen.map((r) => expected(r)))).flatMap((m) => [...m.values()]);
        for (const descending of [false, true]) {
          const { nodes, totalCount } = await all({ filter: { regions: ['AE', 'US', 'EU'] }, sort, descending }, 9);
          expect(totalCount).toBe(rows.length);
          expect(nodes.map((n) => n.id)).toEqual(ordered(rows, sort, descending));
          const home = new Map(rows.map((r) => [r.id, r.region]));
          for (const node of nodes) expect(node.region, node.id).toBe(home.get(node.id));
        }
        await query('mutation($id: ID!) { deleteTag(id: $id) }', { id: tag.id });
      },
    );

    it('rejects a cursor of another sort or a malformed one, and defaults to the header region', async () => {
      const page = await query<{ customers: { pageInfo: { endCursor: string } } }>(LIST, { region: 'EU', first: 2, sort: 'STATUS' });
      const wrong = await gql(sut.url, LIST, { region: 'EU', first: 2, sort: 'NAME', after: page.customers.pageInfo.endCursor }, full);
      expect(wrong.errors?.[0].extensions?.code).toBe(ErrorCode.BadUserInput);
      const eu = await all({ region: 'EU' }, 200);
      const [{ n }] = await rawQuery<{ n: number | string }>(stores.databases.EU, 'select count(*) as n from customer');
      expect(eu.totalCount).toBe(Number(n));
      expect(new Set(eu.nodes.map((node) => node.region))).toEqual(new Set(['EU']));
    });

    it('counts every facet under the search and all other filters but its own, summed over the chosen regions; regions each in their own store', async () => {
      const tag = (await query<{ createTag: { id: string } }>('mutation { createTag(input: { name: "Facet", color: "#123456" }) { id } }')).createTag;
      for (const region of ['US', 'EU'] as const) {
        const ids = (await rawQuery<{ id: string }>(stores.databases[region], 'select id from customer order by id limit 40')).map((r) => r.id);
        await query('mutation($i: TagCustomersInput!) { assignTag(input: $i) }', { i: { region, tagId: tag.id, customerIds: ids } });
      }
      const rows = new Map<Region, Expected[]>();
      for (const region of REGIONS) rows.set(region, [...(await expected(region)).values()]);
      const FACETS = `query($region: Region!, $filter: CustomerFilterInput) { customerFacets(region: $region, filter: $filter) {
        total statuses { value count } subscriptionTypes { value count } products { value count } managedBy { value count }
        tags { tag { id } count } regions { value count } } }`;
      type Facets = Record<'statuses' | 'subscriptionTypes' | 'products' | 'managedBy' | 'regions', { value: string; count: number }[]> & { total: number; tags: { tag: { id: string }; count: number }[] };
      interface TestFilter {
        regions?: Region[];
        statuses?: string[];
        products?: string[];
        managedBy?: string[];
        subscriptionTypes?: string[];
        tagIds?: string[];
        search?: string;
      }
      const filters: TestFilter[] = [
        { regions: ['US', 'EU'], statuses: ['EXPIRING_SOON', 'NO_RECENT_ACTIVITY'], products: ['CALLING'], managedBy: ['EXTERNAL_ADMIN'], tagIds: [tag.id] },
        { regions: ['US', 'EU', 'CA'], subscriptionTypes: ['PAID'], products: ['MEETINGS', 'MESSAGING'], search: 'a' },
        { statuses: ['EXPIRED'] },
        // The tagged customers drive the counts; with a search its matches drive and the tag filter probes.
        { tagIds: [tag.id], statuses: ['SUBSCRIPTION'] },
        { regions: ['US', 'EU'], search: 'a', tagIds: [tag.id] },
      ];
      for (const filter of filters) {
        const chosen = filter.regions ?? ['US'];
        const f = filter;
        const passes = (e: Expected, except?: string) =>
          (!f.search || [e.name.toLowerCase(), e.id, e.externalId?.toLowerCase() ?? '', ...e.tags.map((t) => t.nameKey)].join('\n').includes(f.search.toLowerCase())) &&
          (except === 'statuses' || !f.statuses?.length || f.statuses.some((s) => e.statuses.includes(s))) &&
          (except === 'subscriptionTypes' || !f.subscriptionTypes?.length || f.subscriptionTypes.some((t) => e.statuses.includes(t === 'PAID' ? 'SUBSCRIPTION' : 'TRIAL'))) &&
          (except === 'products' || !f.products?.length || f.products.some((p) => e.products.includes(p))) &&
          (except === 'managedBy' || !f.managedBy?.length || f.managedBy.includes(e.managedBy)) &&
          (except === 'tags' || !f.tagIds?.length || e.tags.some((t) => f.tagIds!.includes(t.id)));
        const inChosen = chosen.flatMap((r) => rows.get(r)!);
        const count = (except: string, has: (e: Expected) => boolean) => inChosen.filter((e) => passes(e, except) && has(e)).length;
        const { customerFacets: got } = await query<{ customerFacets: Facets }>(FACETS, { region: 'US', filter });
        expect(got.total).toBe(inChosen.filter((e) => passes(e)).length);
        for (const { value, count: n } of got.statuses) expect(n, `status ${value}`).toBe(count('statuses', (e) => e.statuses.includes(value)));
        for (const { value, count: n } of got.subscriptionTypes) expect(n, `type ${value}`).toBe(count('subscriptionTypes', (e) => e.statuses.includes(value === 'PAID' ? 'SUBSCRIPTION' : 'TRIAL')));
        for (const { value, count: n } of got.products) expect(n, `product ${value}`).toBe(count('products', (e) => e.products.includes(value)));
        for (const { value, count: n } of got.managedBy) expect(n, `managed ${value}`).toBe(count('managedBy', (e) => e.managedBy === value));
        const facetTag = got.tags.find((t) => t.tag.id === tag.id)!;
        expect(facetTag.count).toBe(count('tags', (e) => e.tags.some((t) => t.id === tag.id)));
        for (const { value, count: n } of got.regions) expect(n, `region ${value}`).toBe(rows.get(value as Region)!.filter((e) => passes(e)).length);
        // The list agrees with the facet total.
        const list = await query<{ customers: { totalCount: number } }>(LIST, { region: 'US', first: 1, filter });
        expect(list.customers.totalCount).toBe(got.total);
      }
      expect(filters.length).toBe(5);
      await query('mutation($id: ID!) { deleteTag(id: $id) }', { id: tag.id });
    });

    it('finds exactly the customers whose name, org id, external id or tag contains the search, also after rows changed (index and short-search scan)', async () => {
      const region: Region = 'US';
      const ids = (await rawQuery<{ id: string }>(stores.databases[region], 'select id from customer order by id limit 6')).map((r) => r.id);
      // Rows changed after the index was built: an ORM rename, a raw SQL rename with its refresh, tags
      // assigned and renamed (directory copies), names with LIKE wildcards, quotes and a backslash.
      const em = registry.forRegion(region);
      const renamed = await em.findOneOrFail(Customer, ids[0]);
      renamed.name = '100% Pure_Water "Quoted" Ltd';
      await em.flush();
      await registry.forRegion(region).transactional(async (tx) => {
        await tx.getConnection().execute("update customer set name = ? where id = ?", ["O'Brien \\ Backslash & Co", ids[1]], 'run', tx.getTransactionContext());
        await refreshCustomers(tx, [ids[1]]);
      });
      const tag = (await query<{ createTag: { id: string } }>('mutation { createTag(input: { name: "Promo_50%", color: "#aa9900" }) { id } }')).createTag;
      await query('mutation($i: TagCustomersInput!) { assignTag(input: $i) }', { i: { region, tagId: tag.id, customerIds: ids.slice(2, 5) } });
      await query('mutation($i: UpdateTagInput!) { updateTag(input: $i) { id } }', { i: { id: tag.id, name: 'Xylo_25%' } });
      const rows = [...(await expected(region)).values()];
      const { externalId } = rows.find((e) => e.externalId) ?? { externalId: null };
      const plain = (search: string) =>
        rows
          .filter((e) => [e.name.toLowerCase(), e.id, e.externalId?.toLowerCase() ?? '', ...e.tags.map((t) => t.nameKey)].join('\n').includes(search.toLowerCase()))
          .map((e) => e.id)
          .sort();
      const listed = async (search: string) => {
        const found: string[] = [];
        let after: string | null = null;
        for (;;) {
          const page: { customers: { nodes: { id: string }[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } } } = await query(LIST, { region, first: 200, after, filter: { search } });
          found.push(...page.customers.nodes.map((n) => n.id));
          if (!page.customers.pageInfo.hasNextPage) return found.sort();
          after = page.customers.pageInfo.endCursor;
        }
      };
      const searches = [
        'a', 'e', 'ac', 'z', '%', '_', '"', "'", '\\', '%%', '_w', '0%', '100%', 'e_w', '% p', '"quoted"', '"quo', "o'brien", "'b", '\\ b', 'PURE', 'pure_water',
        'promo', 'xylo_2', 'xylo_25%', '_25', 'nothing matches this', ids[3].slice(0, 2), ids[3].slice(9, 20), ids[3].slice(-5).toUpperCase(), ...(externalId ? [externalId.slice(1, 4), externalId.toUpperCase()] : []),
        rows[7].name.slice(1, 6).toUpperCase(), `${rows[8].name.slice(-3)}\n${rows[8].id.slice(0, 3)}`.replace('\n', ' '),
      ];
      let nonEmpty = 0;
      for (const search of searches) {
        const want = plain(search.trim());
        if (want.length) nonEmpty++;
        expect(await listed(search), `search ${JSON.stringify(search)}`).toEqual(want);
        const { customerFacets } = await query<{ customerFacets: { total: number } }>('query($f: CustomerFilterInput) { customerFacets(region: US, filter: $f) { total } }', { f: { search } });
        expect(customerFacets.total, `facets ${JSON.stringify(search)}`).toBe(want.length);
      }
      // Non-ASCII: the same answer as a plain substring filter over the stored search text (SQLite's
      // lower() folds ASCII only, so the trigram index, which folds Unicode, is re-checked exactly).
      const rename = (name: string) =>
        registry.forRegion(region).transactional(async (tx) => {
          await tx.getConnection().execute('update customer set name = ? where id = ?', [name, ids[5]], 'run', tx.getTransactionContext());
          await refreshCustomers(tx, [ids[5]]);
        });
      const [{ name: before }] = await rawQuery<{ name: string }>(stores.databases[region], 'select name from customer where id = ?', [ids[5]]);
      await rename('ÄRZTE Ölberg Straße');
      const contains = dialect === 'sqlite' ? 'instr(search_key, ?) > 0' : 'strpos(search_key, ?) > 0';
      for (const search of ['ärzte', 'ÄRZTE', 'Ärz', 'ölb', 'straße', 'aße', 'ä', 'zte ö']) {
        const sql = await rawQuery<{ customer_id: string }>(stores.databases[region], `select customer_id from customer_list_row where partner_id = ? and ${contains}`, [partnerId, search.toLowerCase()]);
        expect(await listed(search), `search ${search}`).toEqual(sql.map((r) => String(r.customer_id)).sort());
      }
      expect(await listed('straße')).toEqual([ids[5]]);
      // (SQLite's lower() leaves "Ä" as it is, which the other tests' model of the search text does not expect.)
      await rename(before);
      // The changed rows are found through the index by their new text, and no longer by the old.
      expect(await listed('pure_water')).toEqual([ids[0]]);
      expect(await listed("o'brien \\")).toEqual([ids[1]]);
      expect(await listed('xylo_25%')).toEqual(ids.slice(2, 5).sort());
      expect(await listed('promo_50')).toEqual([]);
      expect(nonEmpty).toBeGreaterThan(15);
      await query('mutation($id: ID!) { deleteTag(id: $id) }', { id: tag.id });
      expect(await listed('xylo')).toEqual([]);
    });

    it('pages a search or tag filter alike whether the store sorts its matches (few) or walks the sort index (many)', async () => {
      const region: Region = 'US';
      const ctx = { dialect, region, partnerId, visible: 'all' as const };
      // Two tags on overlapping sets of US customers (a tag filter without a search drives the page like a search).
      const us = (await rawQuery<{ id: string }>(stores.databases[region], 'select id from customer order by id')).map((r) => String(r.id));
      const tagIds: string[] = [];
      for (const [name, customerIds] of [['Paging A', us.filter((_, i) => i % 2 === 0)], ['Paging B', us.filter((_, i) => i % 3 === 0)]] as const) {
        const { id } = (await query<{ createTag: { id: string } }>('mutation($i: CreateTagInput!) { createTag(input: $i) { id } }', { i: { name, color: '#336699' } })).createTag;
        await query('mutation($i: TagCustomersInput!) { assignTag(input: $i) }', { i: { region, tagId: id, customerIds } });
        tagIds.push(id);
      }
      const filters: { search: string; tagIds: string[] }[] = [
        ...['an', 'co', 'ent', 'e'].map((search) => ({ search, tagIds: [] })),
        { search: '', tagIds: [tagIds[0]] },
        { search: '', tagIds: tagIds.slice(0, 2) },
        { search: 'e', tagIds: [tagIds[0]] },
      ];
      // A store's rows in page order, each with its position (as the service orders and pages them).
      const page = async (f: { search: string; tagIds: string[] }, sort: CustomerSort, descending: boolean, position: Position | null, first: number, sortMatchesMax: number) => {
        const filter = { ...f, statuses: [], products: [], managedBy: [], subscriptionTypes: [] };
        const sql = listSql(ctx, filter, sort, descending, position, first, sortMatchesMax);
        const rows = await rawQuery<PageRow>(stores.databases[region], sql.text, sql.params as string[]);
        const types = sortKeyTypes(sort);
        return rows
          .filter((row) => row.pid !== null)
          .map((row) => ({ pid: String(row.pid), key: [...types.map((type, i) => normaliseKey(row[`k${i}`], type)), String(row.pid)] as Position }))
          .sort((a, b) => (descending ? -1 : 1) * comparePositions(a.key, b.key));
      };
      let compared = 0;
      for (const filter of filters) {
        for (const [sort, descending] of [['NAME', false], ['TAGS', true], ['TAGS', false], ['STATUS', true], ['LICENSES_TOTAL', false]] as const) {
          const label = `${JSON.stringify(filter)} ${sort}`;
          const ids = (rows: { pid: string }[]) => rows.map((row) => row.pid);
          const all = ids(await page(filter, sort, descending, null, 1000, Number.MAX_SAFE_INTEGER));
          expect(ids(await page(filter, sort, descending, null, 1000, 0)), label).toEqual(all);
          if (all.length < 6) continue;
          // A second page from the fifth row's position, each way.
          for (const max of [0, Number.MAX_SAFE_INTEGER]) {
            const firstPage = await page(filter, sort, descending, null, 5, max);
            expect(ids(firstPage).slice(0, 5)).toEqual(all.slice(0, 5));
            expect(ids(await page(filter, sort, descending, firstPage[4].key, 1000, max)), `${label} after 5, max ${max}`).toEqual(all.slice(5));
          }
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(15);
      for (const id of tagIds) await query('mutation($id: ID!) { deleteTag(id: $id) }', { id });
    });

    it('shows a scoped admin only their customers in every region, merged and counted', async () => {
      const admin = (await signIn(sut.url, 'admin@demo.example')).auth;
      const assigned = await rawQuery<{ id: string; region: Region }>(
        stores.databases.directory,
        `select distinct a.customer_id as id, e.region from customer_admin_assignment a join partner_user u on u.id = a.user_id
           join customer_directory_entry e on e.id = a.customer_id where u.email = 'admin@demo.example'`,
      );
      const { nodes, totalCount } = await all({ filter: { regions: [...REGIONS] } }, 1, admin);
      expect(totalCount).toBe(assigned.length);
      expect(nodes.map((n) => n.id).sort()).toEqual(assigned.map((a) => a.id).sort());
      const facets = await query<{ customerFacets: { regions: { value: Region; count: number }[] } }>('{ customerFacets(region: US, filter: { regions: [US] }) { regions { value count } } }', undefined, admin);
      for (const { value, count } of facets.customerFacets.regions) expect(count, value).toBe(assigned.filter((a) => a.region === value).length);
    });

    it('answers concurrent reads that all find catch-up work (queued changes, stale rows, no recorded thresholds) without an error', async () => {
      // Every region store has work for the next read: no recorded thresholds for the partner (so
      // each read would write them), every row past valid_until, and a queued directory change.
      const far = dialect === 'sqlite' ? String(Date.now() - 3_600_000) : "now() - interval '1 hour'";
      for (const region of REGIONS) {
        await rawQuery(stores.databases[region], 'delete from customer_list_partner');
        await rawQuery(stores.databases[region], "update customer_list_row set valid_until = '2000-01-01'");
        const [some] = await rawQuery<{ id: string }>(stores.databases[region], 'select id from customer order by id limit 1');
        await rawQuery(stores.databases.directory, `insert into customer_list_change (region, customer_id, tag_id, created_at) values (?, ?, null, ${far})`, [region, some.id]);
      }
      // One request with several aliased facet and list fields over every region, three times at once.
      const aliases = REGIONS.map((r) => `${r.toLowerCase()}: customerFacets(region: ${r}) { total regions { value count } }`).join(' ');
      const request = `{ ${aliases} again: customerFacets(region: US, filter: { regions: [US, CA, EU, AE] }) { total }
        list: customers(region: US, first: 5, filter: { regions: [US, CA, EU, AE] }) { totalCount } }`;
      const answers = await Promise.all([0, 1, 2].map(() => gql<Record<string, { total?: number; totalCount?: number }>>(sut.url, request, undefined, full)));
      const totals = new Map<Region, number>();
      for (const region of REGIONS) totals.set(region, (await expected(region)).size);
      const everything = [...totals.values()].reduce((a, b) => a + b, 0);
      for (const answer of answers) {
        expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
        for (const region of REGIONS) expect(answer.data![region.toLowerCase()].total, region).toBe(totals.get(region));
        expect(answer.data!.again.total).toBe(everything);
        expect(answer.data!.list.totalCount).toBe(everything);
      }
      for (const region of REGIONS) expect(await mismatches(region), region).toEqual([]);
      expect(await rawQuery(stores.databases.directory, 'select id from customer_list_change')).toEqual([]);
      for (const region of REGIONS) expect(await rawQuery(stores.databases[region], 'select partner_id from customer_list_partner'), region).toHaveLength(1);
    });
  });
});
