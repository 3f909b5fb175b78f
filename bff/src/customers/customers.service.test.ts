import 'reflect-metadata';
import { ErrorCode, REGIONS, type Region } from '@ph/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RegionStores } from '../database/stores';
import { seedDemo } from '../demo/demo-seed';
import { createTestStores, gql, rawQuery, signIn, startApp, testConfig, type RunningApp, type TestStores } from '../test/harness';
import { CustomerDirectoryEntry } from './customer.entity';
import { CustomersService } from './customers.service';
import { refreshCustomers } from './customer-list.subscriber';

const dialects = inject('dialects');

const PAGE = `query Page($region: Region!, $first: Int, $after: String) {
  customers(region: $region, first: $first, after: $after) {
    totalCount
    nodes { id name country region licensesPurchased licensesAssigned subscriptionCount }
    pageInfo { endCursor hasNextPage }
  }
}`;
const ONE = `query One($region: Region!, $id: ID!) { customer(region: $region, id: $id) { id name region subscriptionCount } }`;

interface Page {
  customers: {
    totalCount: number;
    nodes: { id: string; name: string; country: string; region: Region; licensesPurchased: number; licensesAssigned: number; subscriptionCount: number }[];
    pageInfo: { endCursor: string | null; hasNextPage: boolean };
  };
}

describe(CustomersService.name, () => {
  describe.each(dialects)('on %s', (dialect) => {
    let stores: TestStores;
    let sut: RunningApp;
    /** Session headers of the demo full partner admin, who sees every customer of the partner. */
    let full: Record<string, string>;

    beforeAll(async () => {
      stores = await createTestStores(dialect);
      sut = await startApp(testConfig(stores));
      await seedDemo(sut.app.get(RegionStores), { customers: 160, weeks: 4, seed: 99, callLegs: 2000 });
      full = (await signIn(sut.url, 'full@demo.example')).auth;
    });

    afterAll(async () => {
      await sut?.app.close();
      await stores?.cleanup();
    });

    it.each(REGIONS)('pages through every %s customer in (name, id) order with totals that match SQL', async (region) => {
      const target = stores.databases[region];
      const expected = await rawQuery<{ id: string; name: string; country: string }>(target, 'select id, name, country from customer order by name, id');
      const subscriptions = await rawQuery<{ id: string; n: string | number }>(target, 'select customer_id as id, count(*) as n from subscription group by customer_id');
      const licenses = await rawQuery<{ id: string; p: string | number; a: string | number }>(
        target,
        "select s.customer_id as id, sum(l.purchased) as p, sum(l.assigned) as a from license_line l join subscription s on s.id = l.subscription_id where s.billing_state <> 'CANCELLED' and s.end_date >= ? group by s.customer_id",
        [new Date().toISOString().slice(0, 10)],
      );
      const subscriptionCount = new Map(subscriptions.map((r) => [r.id, Number(r.n)]));
      const totals = new Map(licenses.map((r) => [r.id, [Number(r.p), Number(r.a)]]));

      const seen: Page['customers']['nodes'] = [];
      let after: string | null = null;
      for (let page = 0; page < 100; page++) {
        const response: Awaited<ReturnType<typeof gql<Page>>> = await gql<Page>(sut.url, PAGE, { region, first: 7, after }, full);
        expect(response.errors).toBeUndefined();
        const result: Page['customers'] = response.data!.customers;
        expect(result.totalCount).toBe(expected.length);
        seen.push(...result.nodes);
        if (!result.pageInfo.hasNextPage) break;
        after = result.pageInfo.endCursor;
      }
      expect(seen.map((n) => n.id)).toEqual(expected.map((e) => e.id));
      expect(seen.length).toBeGreaterThan(0);
      for (const node of seen) {
        expect(node.region).toBe(region);
        expect(node.subscriptionCount, node.id).toBe(subscriptionCount.get(node.id) ?? 0);
        expect([node.licensesPurchased, node.licensesAssigned], node.id).toEqual(totals.get(node.id) ?? [0, 0]);
      }
    });

    it("keeps an EU customer's data only in the EU store; another region's request finds nothing", async () => {
      const [entry] = await rawQuery<{ id: string }>(
        stores.databases.directory,
        "select e.id from customer_directory_entry e where e.region = 'EU' order by e.name limit 1",
      );
      const tables = ['customer where id', 'subscription where customer_id', 'license_snapshot where customer_id', 'device where customer_id', 'phone_number where customer_id', 'call_leg where customer_id'];
      // Pick an EU customer that has data in every table (a Calling customer).
      const [calling] = await rawQuery<{ id: string }>(
        stores.databases.EU,
        'select customer_id as id from call_leg c where exists (select 1 from device d where d.customer_id = c.customer_id) and exists (select 1 from phone_number p where p.customer_id = c.customer_id) and exists (select 1 from license_snapshot s where s.customer_id = c.customer_id) limit 1',
      );
      const id = calling?.id ?? entry.id;
      for (const region of REGIONS) {
        for (const table of tables) {
          const [{ n }] = await rawQuery<{ n: string | number }>(stores.databases[region], `select count(*) as n from ${table} = ?`, [id]);
          if (region === 'EU') expect(Number(n), `${region} ${table}`).toBeGreaterThan(0);
          else expect(Number(n), `${region} ${table}`).toBe(0);
        }
        const response = await gql<{ customer: { id: string; region: Region } | null }>(sut.url, ONE, { region, id }, full);
        if (region === 'EU') expect(response.data?.customer?.region).toBe('EU');
        else expect(response.errors?.[0].extensions?.code, region).toBe(ErrorCode.NotFound);
      }
    });

    it("refuses to change a customer's region and leaves the directory entry as it was", async () => {
      const [{ id }] = await rawQuery<{ id: string }>(stores.databases.directory, "select id from customer_directory_entry where region = 'EU' limit 1");
      const em = sut.app.get(RegionStores).directory();
      const entry = await em.findOneOrFail(CustomerDirectoryEntry, id);
      entry.region = 'US';
      await expect(em.flush()).rejects.toMatchObject({ code: ErrorCode.Forbidden });
      const [after] = await rawQuery<{ region: string }>(stores.databases.directory, 'select region from customer_directory_entry where id = ?', [id]);
      expect(after.region).toBe('EU');
    });

    it('returns 50 customers when the client names no page size', async () => {
      const [{ n }] = await rawQuery<{ n: string | number }>(stores.databases.US, 'select count(*) as n from customer');
      for (const variables of [{ region: 'US' }, { region: 'US', first: null }]) {
        const response = await gql<Page>(sut.url, PAGE, variables, full);
        expect(response.data?.customers.nodes).toHaveLength(Math.min(50, Number(n)));
        expect(response.data?.customers.pageInfo.hasNextPage).toBe(Number(n) > 50);
      }
    });

    it('shows a scoped partner admin only the customers assigned to them or created by them', async () => {
      const admin = (await signIn(sut.url, 'admin@demo.example')).auth;
      for (const region of REGIONS) {
        const assigned = await rawQuery<{ id: string }>(
          stores.databases.directory,
          `select distinct a.customer_id as id from customer_admin_assignment a
             join partner_user u on u.id = a.user_id
             join customer_directory_entry e on e.id = a.customer_id
            where u.email = 'admin@demo.example' and e.region = ?`,
          [region],
        );
        const response = await gql<Page>(sut.url, PAGE, { region, first: 200 }, admin);
        expect(response.errors).toBeUndefined();
        expect(response.data!.customers.totalCount, region).toBe(assigned.length);
        expect(response.data!.customers.nodes.map((n) => n.id).sort()).toEqual(assigned.map((a) => a.id).sort());
      }
    });

    const LIST = `query List($region: Region!, $first: Int, $after: String, $filter: CustomerFilterInput, $sort: CustomerSort, $descending: Boolean) {
      customers(region: $region, first: $first, after: $after, filter: $filter, sort: $sort, descending: $descending) {
        totalCount
        nodes { id name statuses products nextEndDate licensesPurchased managedBy launchUrl }
        pageInfo { endCursor hasNextPage }
      }
    }`;
    type Node = { id: string; name: string; statuses: string[]; products: string[]; nextEndDate: string | null; licensesPurchased: number; managedBy: string; launchUrl: string };
    async function all(region: Region, variables: Record<string, unknown>, first = 23): Promise<{ nodes: Node[]; totalCount: number }> {
      const nodes: Node[] = [];
      let after: string | null = null;
      let totalCount = -1;
      for (let page = 0; page < 200; page++) {
        const response: Awaited<ReturnType<typeof gql<{ customers: { totalCount: number; nodes: Node[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } } }>>> = await gql(
          sut.url,
          LIST,
          { region, first, after, ...variables },
          full,
        );
        expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
        totalCount = response.data!.customers.totalCount;
        nodes.push(...response.data!.customers.nodes);
        if (!response.data!.customers.pageInfo.hasNextPage) break;
        after = response.data!.customers.pageInfo.endCursor;
      }
      return { nodes, totalCount };
    }

    /** The eight statuses recomputed in JS from the raw rows (an independent reading of customer-status.ts). */
    async function expectedStatuses(region: Region): Promise<Map<string, string[]>> {
      const db = stores.databases[region];
      const today = new Date().toISOString().slice(0, 10);
      const soon = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
      const day = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));
      const customers = await rawQuery<{ id: string; last: unknown }>(db, 'select id, last_admin_sign_in_at as last from customer');
      const subs = await rawQuery<{ id: string; customer_id: string; kind: string; end_date: unknown; billing_state: string }>(db, 'select id, customer_id, kind, end_date, billing_state from subscription');
      const lines = await rawQuery<{ subscription_id: string; purchased: number; assigned: number }>(db, 'select subscription_id, purchased, assigned from license_line');
      const trials = await rawQuery<{ customer_id: string; end_date: unknown; status: string }>(db, 'select customer_id, end_date, status from trial');
      const orders = await rawQuery<{ customer_id: string; status: string; subscription_id: string | null }>(db, 'select customer_id, status, subscription_id from customer_order');
      const result = new Map<string, string[]>();
      for (const c of customers) {
        const own = subs.filter((s) => s.customer_id === c.id);
        const current = own.filter((s) => s.billing_state !== 'CANCELLED' && day(s.end_date) >= today);
        const last = c.last == null ? null : c.last instanceof Date ? c.last.getTime() : Number(c.last);
        const flags: Record<string, boolean> = {
          TRIAL: trials.some((t) => t.customer_id === c.id && t.status === 'RUNNING' && day(t.end_date) >= today),
          SUBSCRIPTION: current.some((s) => s.kind === 'PAID' && s.billing_state === 'ACTIVE'),
          EXPIRING_SOON: current.some((s) => day(s.end_date) <= soon),
          LICENSE_OVERAGE: lines.some((l) => current.some((s) => s.id === l.subscription_id) && Number(l.assigned) > Number(l.purchased)),
          NO_RECENT_ACTIVITY: last === null || last < Date.now() - 30 * 86_400_000,
          READY_FOR_ORDER_SETUP: orders.some((o) => o.customer_id === c.id && ['PLACED', 'PROVISIONING'].includes(o.status) && o.subscription_id === null),
          SUSPENDED: current.some((s) => s.kind === 'PAID' && ['UNPAID', 'SUSPENDED'].includes(s.billing_state)),
          EXPIRED: current.length === 0,
        };
        result.set(c.id, Object.keys(flags).filter((k) => flags[k]));
      }
      return result;
    }

    it('computes all eight statuses as the raw rows say, and every status occurs in the demo data', async () => {
      const seen = new Set<string>();
      for (const region of ['US', 'EU'] as const) {
        const expected = await expectedStatuses(region);
        const { nodes } = await all(region, {}, 200);
        expect(nodes.length).toBe(expected.size);
        for (const node of nodes) {
          expect(node.statuses, node.id).toEqual(expected.get(node.id));
          node.statuses.forEach((s) => seen.add(s));
          expect(node.launchUrl).toBe(`https://admin.example.com/org/${node.id}`);
        }
      }
      expect([...seen].sort()).toEqual(['EXPIRED', 'EXPIRING_SOON', 'LICENSE_OVERAGE', 'NO_RECENT_ACTIVITY', 'READY_FOR_ORDER_SETUP', 'SUBSCRIPTION', 'SUSPENDED', 'TRIAL']);
    });

    it('filters by status (any of) and subscription type, with totals and facet counts that match', async () => {
      const expected = await expectedStatuses('US');
      const facets = await gql<{ customerFacets: { total: number; statuses: { value: string; count: number }[] } }>(
        sut.url,
        '{ customerFacets(region: US) { total statuses { value count } } }',
        undefined,
        full,
      );
      expect(facets.data?.customerFacets.total).toBe(expected.size);
      for (const { value, count } of facets.data!.customerFacets.statuses) {
        expect(count, value).toBe([...expected.values()].filter((s) => s.includes(value)).length);
      }
      const soonOrTrial = await all('US', { filter: { statuses: ['EXPIRING_SOON', 'TRIAL'] } });
      const want = [...expected].filter(([, s]) => s.includes('EXPIRING_SOON') || s.includes('TRIAL')).map(([id]) => id).sort();
      expect(soonOrTrial.nodes.map((n) => n.id).sort()).toEqual(want);
      expect(soonOrTrial.totalCount).toBe(want.length);
      const trials = await all('US', { filter: { subscriptionTypes: ['TRIAL'] } });
      expect(trials.nodes.map((n) => n.id).sort()).toEqual([...expected].filter(([, s]) => s.includes('TRIAL')).map(([id]) => id).sort());
    });

    it('filters by product and managed-by, and searches name, org id and external id', async () => {
      const today = new Date().toISOString().slice(0, 10);
      const calling = await rawQuery<{ id: string }>(
        stores.databases.EU,
        "select distinct s.customer_id as id from subscription s join license_line l on l.subscription_id = s.id where l.product = 'CALLING' and s.billing_state <> 'CANCELLED' and s.end_date >= ?",
        [today],
      );
      const byProduct = await all('EU', { filter: { products: ['CALLING'] } });
      expect(byProduct.nodes.map((n) => n.id).sort()).toEqual(calling.map((r) => r.id).sort());
      for (const node of byProduct.nodes) expect(node.products).toContain('CALLING');

      const external = await rawQuery<{ id: string }>(stores.databases.directory, "select id from customer_directory_entry where region = 'EU' and managed_by = 'EXTERNAL_ADMIN'");
      const managed = await all('EU', { filter: { managedBy: ['EXTERNAL_ADMIN'] } });
      expect(managed.nodes.map((n) => n.id).sort()).toEqual(external.map((r) => r.id).sort());

      const [sample] = await rawQuery<{ id: string; name: string; external_id: string }>(
        stores.databases.directory,
        "select id, name, external_id from customer_directory_entry where region = 'EU' and external_id is not null order by name limit 1",
      );
      for (const search of [sample.external_id.toLowerCase(), sample.id.slice(0, 13).toUpperCase()]) {
        const found = await all('EU', { filter: { search } });
        expect(found.nodes.map((n) => n.id), search).toContain(sample.id);
      }
      const word = sample.name.split(' ')[0];
      const byName = await rawQuery<{ id: string }>(stores.databases.EU, 'select id from customer where lower(name) like ?', [`%${word.toLowerCase()}%`]);
      const found = await all('EU', { filter: { search: word } });
      for (const row of byName) expect(found.nodes.map((n) => n.id)).toContain(row.id);
    });

    it.each(['NAME', 'STATUS', 'PRODUCTS', 'LICENSES_TOTAL', 'LICENSES_ASSIGNED', 'NEXT_END_DATE', 'COUNTRY', 'REGION', 'TAGS', 'MANAGED_BY'])('sorts by %s both ways and keyset-pages without gaps or repeats', async (sort) => {
      const ids = (await rawQuery<{ id: string }>(stores.databases.US, 'select id from customer')).map((r) => r.id).sort();
      for (const descending of [false, true]) {
        const { nodes } = await all('US', { sort, descending }, 9);
        expect(nodes.map((n) => n.id).sort()).toEqual(ids);
        if (sort === 'LICENSES_TOTAL') {
          const values = nodes.map((n) => n.licensesPurchased);
          expect(values).toEqual([...values].sort((a, b) => (descending ? b - a : a - b)));
        }
        if (sort === 'NEXT_END_DATE') {
          const values = nodes.map((n) => n.nextEndDate ?? '9999-12-31');
          expect(values).toEqual([...values].sort((a, b) => (descending ? b.localeCompare(a) : a.localeCompare(b))));
        }
      }
    });

    it("answers a customer's subscriptions, licences, invoices, orders and trials as SQL has them; NOT_FOUND from another region", async () => {
      const [target] = await rawQuery<{ id: string }>(stores.databases.US, 'select customer_id as id from trial order by customer_id limit 1');
      const ACCOUNT = `query($region: Region!, $id: ID!) { customerAccount(region: $region, customerId: $id) {
        subscriptions { id kind endDate lines { product purchased assigned used } invoice { id amountMinor } }
        orders { id status summary } trials { id status lines { product } } } }`;
      const response = await gql<{ customerAccount: { subscriptions: { id: string; lines: { purchased: number }[]; invoice: { id: string } | null }[]; orders: { id: string }[]; trials: { id: string }[] } }>(
        sut.url,
        ACCOUNT,
        { region: 'US', id: target.id },
        full,
      );
      expect(response.errors).toBeUndefined();
      const account = response.data!.customerAccount;
      const subs = await rawQuery<{ id: string }>(stores.databases.US, 'select id from subscription where customer_id = ?', [target.id]);
      const orders = await rawQuery<{ id: string }>(stores.databases.US, 'select id from customer_order where customer_id = ?', [target.id]);
      const trials = await rawQuery<{ id: string }>(stores.databases.US, 'select id from trial where customer_id = ?', [target.id]);
      const [{ p }] = await rawQuery<{ p: number | string }>(
        stores.databases.US,
        'select coalesce(sum(l.purchased), 0) as p from license_line l join subscription s on s.id = l.subscription_id where s.customer_id = ?',
        [target.id],
      );
      expect(account.subscriptions.map((s) => s.id).sort()).toEqual(subs.map((s) => s.id).sort());
      expect(account.orders.map((o) => o.id).sort()).toEqual(orders.map((o) => o.id).sort());
      expect(account.trials.map((t) => t.id).sort()).toEqual(trials.map((t) => t.id).sort());
      expect(account.subscriptions.flatMap((s) => s.lines).reduce((sum, l) => sum + l.purchased, 0)).toBe(Number(p));
      const elsewhere = await gql(sut.url, ACCOUNT, { region: 'EU', id: target.id }, full);
      expect(elsewhere.errors?.[0].extensions?.code).toBe(ErrorCode.NotFound);
    });

    it('exports the filtered list as CSV in the actor\'s scope, formula-safe, and refuses without a session', async () => {
      const expected = await all('US', { filter: { statuses: ['EXPIRING_SOON'] }, sort: 'NEXT_END_DATE' }, 200);
      const response = await fetch(`${sut.url}/api/customers.csv?region=US&status=EXPIRING_SOON&sort=NEXT_END_DATE`, { headers: full });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/csv');
      const lines = (await response.text()).trim().split(/\r?\n/);
      expect(lines[0]).toBe('Name,Org ID,Country,Region,Statuses,Products,Licenses,Assigned,Next renewal or expiry,Tags,Managed by,External ID');
      expect(lines.length - 1).toBe(expected.nodes.length);
      expect(lines.slice(1).map((l) => l.match(/[0-9a-f]{8}-[0-9a-f-]{27}/)?.[0])).toEqual(expected.nodes.map((n) => n.id));
      expect(lines[1]).toContain('Expiring soon');
      // In the page's language: Dutch headers and the list's Dutch words for statuses and managed-by.
      const dutch = (await (await fetch(`${sut.url}/api/customers.csv?region=US&status=EXPIRING_SOON&sort=NEXT_END_DATE&locale=nl`, { headers: full })).text()).trim().split(/\r?\n/);
      expect(dutch[0]).toBe('Naam,Organisatie-id,Land,Regio,Status,Producten,Licenties,Toegewezen,Verlenging / einde,Tags,Beheerd door,Externe id');
      expect(dutch.length).toBe(lines.length);
      expect(dutch.slice(1).every((l) => l.includes('Verloopt binnenkort') && /Partnerorganisatie|Ik als externe beheerder/.test(l))).toBe(true);
      // A repeated parameter is a clear 400, not a server error.
      const repeated = await fetch(`${sut.url}/api/customers.csv?region=US&status=TRIAL&status=EXPIRED`, { headers: full });
      expect(repeated.status).toBe(400);
      expect(await repeated.json()).toMatchObject({ code: ErrorCode.BadUserInput, fields: [{ field: 'status', reason: 'invalid' }] });
      // A formula-looking customer name is neutralised.
      const [victim] = await rawQuery<{ id: string }>(stores.databases.US, 'select id from customer order by id limit 1');
      await rawQuery(stores.databases.US, "update customer set name = '=HYPERLINK(1)' where id = ?", [victim.id]);
      // A write outside the app's ORM refreshes the list rows of what it changed.
      await sut.app.get(RegionStores).forRegion('US').transactional((tx) => refreshCustomers(tx, [victim.id]));
      const csv = await (await fetch(`${sut.url}/api/customers.csv?region=US&q=hyperlink`, { headers: full })).text();
      expect(csv).toContain("'=HYPERLINK(1)");
      expect((await fetch(`${sut.url}/api/customers.csv?region=US`)).status).toBe(401);
      const admin = (await signIn(sut.url, 'admin@demo.example')).auth;
      const scoped = (await (await fetch(`${sut.url}/api/customers.csv?region=US`, { headers: admin })).text()).trim().split(/\r?\n/);
      const assigned = await rawQuery<{ id: string }>(
        stores.databases.directory,
        "select distinct a.customer_id as id from customer_admin_assignment a join partner_user u on u.id = a.user_id join customer_directory_entry e on e.id = a.customer_id where u.email = 'admin@demo.example' and e.region = 'US'",
      );
      expect(scoped.length - 1).toBe(assigned.length);
    });

    it('uses the partner\'s own thresholds once a full admin changes them; others may not', async () => {
      const SET = 'mutation($i: CustomerListSettingsInput!) { updateCustomerListSettings(input: $i) { expiringSoonDays noRecentActivityDays } }';
      const readOnly = (await signIn(sut.url, 'readonly@demo.example')).auth;
      expect((await gql(sut.url, SET, { i: { expiringSoonDays: 90, noRecentActivityDays: 7 } }, readOnly)).errors?.[0].extensions?.code).toBe(ErrorCode.Forbidden);
      const bad = await gql(sut.url, SET, { i: { expiringSoonDays: 0, noRecentActivityDays: 400 } }, full);
      expect(bad.errors?.[0].extensions?.code).toBe(ErrorCode.BadUserInput);
      const set = await gql(sut.url, SET, { i: { expiringSoonDays: 90, noRecentActivityDays: 7 } }, full);
      expect(set.data).toEqual({ updateCustomerListSettings: { expiringSoonDays: 90, noRecentActivityDays: 7 } });
      const today = new Date().toISOString().slice(0, 10);
      const in90 = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
      const expected = await rawQuery<{ id: string }>(
        stores.databases.US,
        "select distinct customer_id as id from subscription where billing_state <> 'CANCELLED' and end_date >= ? and end_date <= ?",
        [today, in90],
      );
      const soon = await all('US', { filter: { statuses: ['EXPIRING_SOON'] } }, 200);
      expect(soon.nodes.map((n) => n.id).sort()).toEqual(expected.map((r) => r.id).sort());
      await gql(sut.url, SET, { i: { expiringSoonDays: 30, noRecentActivityDays: 30 } }, full);
    });

    it('answers UNAUTHENTICATED without a session', async () => {
      const response = await gql(sut.url, PAGE, { region: 'EU' });
      expect(response.errors?.[0].extensions?.code).toBe(ErrorCode.Unauthenticated);
    });

    it('rejects a bad page size or cursor as BAD_USER_INPUT', async () => {
      for (const variables of [{ region: 'EU', first: 0 }, { region: 'EU', first: 201 }, { region: 'EU', after: 'not-a-cursor' }]) {
        const response = await gql(sut.url, PAGE, variables, full);
        expect(response.errors?.[0].extensions?.code, JSON.stringify(variables)).toBe(ErrorCode.BadUserInput);
      }
      const badId = await gql(sut.url, ONE, { region: 'EU', id: 'nope' }, full);
      expect(badId.errors?.[0].extensions?.code).toBe(ErrorCode.BadUserInput);
    });
  });
});
