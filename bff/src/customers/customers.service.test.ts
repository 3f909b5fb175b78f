import 'reflect-metadata';
import { ErrorCode, REGIONS, type Region } from '@ph/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RegionStores } from '../database/stores';
import { seedDemo } from '../demo/demo-seed';
import { createTestStores, gql, rawQuery, signIn, startApp, testConfig, type RunningApp, type TestStores } from '../test/harness';
import { CustomerDirectoryEntry } from './customer.entity';
import { CustomersService } from './customers.service';

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
        'select s.customer_id as id, sum(l.purchased) as p, sum(l.assigned) as a from license_line l join subscription s on s.id = l.subscription_id group by s.customer_id',
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
