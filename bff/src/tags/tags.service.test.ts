import 'reflect-metadata';
import { ErrorCode } from '@ph/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RegionStores } from '../database/stores';
import { seedDemo } from '../demo/demo-seed';
import { createTestStores, gql, rawQuery, signIn, startApp, testConfig, type RunningApp, type TestStores } from '../test/harness';
import { TagsService } from './tags.service';

const dialects = inject('dialects');

const CREATE = 'mutation($input: CreateTagInput!) { createTag(input: $input) { id name color } }';
const UPDATE = 'mutation($input: UpdateTagInput!) { updateTag(input: $input) { id name color } }';
const DELETE = 'mutation($id: ID!) { deleteTag(id: $id) }';
const ASSIGN = 'mutation($input: TagCustomersInput!) { assignTag(input: $input) }';
const UNASSIGN = 'mutation($input: TagCustomersInput!) { unassignTag(input: $input) }';

describe(TagsService.name, () => {
  describe.each(dialects)('on %s', (dialect) => {
    let stores: TestStores;
    let sut: RunningApp;
    let full: Record<string, string>;
    let admin: Record<string, string>;
    let readOnly: Record<string, string>;

    beforeAll(async () => {
      stores = await createTestStores(dialect);
      sut = await startApp(testConfig(stores));
      await seedDemo(sut.app.get(RegionStores), { customers: 60, weeks: 2, seed: 7, callLegs: 100 });
      full = (await signIn(sut.url, 'full@demo.example')).auth;
      admin = (await signIn(sut.url, 'admin@demo.example')).auth;
      readOnly = (await signIn(sut.url, 'readonly@demo.example')).auth;
    });

    afterAll(async () => {
      await sut?.app.close();
      await stores?.cleanup();
    });

    const tagRows = () => rawQuery<{ id: string; name: string; color: string }>(stores.databases.directory, 'select id, name, color from customer_tag order by name');

    it('creates, renames, recolours and deletes a tag, auditing each change; names are unique ignoring case and 1–25 characters', async () => {
      const created = await gql<{ createTag: { id: string; name: string } }>(sut.url, CREATE, { input: { name: ' <b>Gold</b> ', color: '#FFAA00' } }, full);
      expect(created.errors).toBeUndefined();
      expect(created.data?.createTag.name).toBe('<b>Gold</b>');
      const id = created.data!.createTag.id;

      const clash = await gql(sut.url, CREATE, { input: { name: '<B>GOLD</B>', color: '#000000' } }, full);
      expect(clash.errors?.[0].extensions).toMatchObject({ code: ErrorCode.Conflict, fields: [{ field: 'input.name', reason: 'taken' }] });
      const tooLong = await gql(sut.url, CREATE, { input: { name: 'x'.repeat(26), color: 'red' } }, full);
      expect(tooLong.errors?.[0].extensions).toMatchObject({ code: ErrorCode.BadUserInput });
      expect((tooLong.errors?.[0].extensions as { fields: { field: string; reason: string }[] }).fields.map((f) => f.reason).sort()).toEqual(['invalidColor', 'tooLong']);
      const empty = await gql(sut.url, CREATE, { input: { name: '   ', color: '#000000' } }, full);
      expect(empty.errors?.[0].extensions).toMatchObject({ code: ErrorCode.BadUserInput, fields: [{ field: 'input.name', reason: 'required' }] });
      expect((await tagRows()).length).toBe(1);

      const renamed = await gql<{ updateTag: { name: string; color: string } }>(sut.url, UPDATE, { input: { id, name: 'Platinum', color: '#112233' } }, admin);
      expect(renamed.data?.updateTag).toEqual({ id, name: 'Platinum', color: '#112233' });
      expect(await tagRows()).toEqual([{ id, name: 'Platinum', color: '#112233' }]);

      const [{ n }] = await rawQuery<{ n: number | string }>(stores.databases.directory, "select count(*) as n from audit_event where action in ('tags.create', 'tags.update') and outcome = 'SUCCESS'");
      expect(Number(n)).toBe(2);

      expect((await gql(sut.url, DELETE, { id }, full)).data).toEqual({ deleteTag: true });
      expect(await tagRows()).toEqual([]);
    });

    it('refuses every tag change by a read-only admin and changes nothing', async () => {
      const created = await gql<{ createTag: { id: string } }>(sut.url, CREATE, { input: { name: 'Keep', color: '#00aa00' } }, full);
      const id = created.data!.createTag.id;
      const [customer] = await rawQuery<{ id: string }>(stores.databases.directory, "select id from customer_directory_entry where region = 'US' limit 1");
      const before = await tagRows();
      for (const [query, variables] of [
        [CREATE, { input: { name: 'Nope', color: '#000000' } }],
        [UPDATE, { input: { id, name: 'Changed' } }],
        [DELETE, { id }],
        [ASSIGN, { input: { region: 'US', tagId: id, customerIds: [customer.id] } }],
      ] as const) {
        const response = await gql(sut.url, query, variables, readOnly);
        expect(response.errors?.[0].extensions?.code, query).toBe(ErrorCode.Forbidden);
      }
      expect(await tagRows()).toEqual(before);
      const [{ n }] = await rawQuery<{ n: number | string }>(stores.databases.directory, 'select count(*) as n from customer_tag_assignment');
      expect(Number(n)).toBe(0);
    });

    it("bulk-assigns and unassigns a tag; a scoped admin only on their own customers; the list filters and searches by tag", async () => {
      const { data } = await gql<{ createTag: { id: string } }>(sut.url, CREATE, { input: { name: 'Bulk', color: '#0000ff' } }, full);
      const tagId = data!.createTag.id;
      const three = await rawQuery<{ id: string }>(stores.databases.directory, "select id from customer_directory_entry where region = 'US' order by id limit 3");
      const ids = three.map((r) => r.id);
      const assigned = await gql(sut.url, ASSIGN, { input: { region: 'US', tagId, customerIds: ids } }, full);
      expect(assigned.data).toEqual({ assignTag: 3 });
      const again = await gql(sut.url, ASSIGN, { input: { region: 'US', tagId, customerIds: ids } }, full);
      expect(again.data).toEqual({ assignTag: 0 });

      const list = await gql<{ customers: { totalCount: number; nodes: { id: string; tags: { name: string }[] }[] } }>(
        sut.url,
        'query($f: CustomerFilterInput) { customers(region: US, first: 200, filter: $f) { totalCount nodes { id tags { name } } } }',
        { f: { tagIds: [tagId] } },
        full,
      );
      expect(list.data?.customers.nodes.map((n) => n.id).sort()).toEqual([...ids].sort());
      expect(list.data?.customers.nodes[0].tags).toEqual([{ name: 'Bulk' }]);
      const search = await gql<{ customers: { nodes: { id: string }[] } }>(sut.url, '{ customers(region: US, first: 200, filter: { search: "bul" }) { nodes { id } } }', undefined, full);
      for (const id of ids) expect(search.data?.customers.nodes.map((n) => n.id)).toContain(id);

      // Wrong region: NOT_FOUND, and nothing changes.
      const wrongRegion = await gql(sut.url, UNASSIGN, { input: { region: 'EU', tagId, customerIds: ids } }, full);
      expect(wrongRegion.errors?.[0].extensions?.code).toBe(ErrorCode.NotFound);

      // The scoped admin may tag an assigned customer, not an unassigned one (and a mixed batch changes nothing).
      const mine = await rawQuery<{ id: string }>(
        stores.databases.directory,
        "select a.customer_id as id from customer_admin_assignment a join partner_user u on u.id = a.user_id join customer_directory_entry e on e.id = a.customer_id where u.email = 'admin@demo.example' and e.region = 'US'",
      );
      const notMine = await rawQuery<{ id: string }>(
        stores.databases.directory,
        "select e.id from customer_directory_entry e where e.region = 'US' and not exists (select 1 from customer_admin_assignment a join partner_user u on u.id = a.user_id where a.customer_id = e.id and u.email = 'admin@demo.example') limit 1",
      );
      if (mine.length > 0) {
        const mixed = await gql(sut.url, ASSIGN, { input: { region: 'US', tagId, customerIds: [mine[0].id, notMine[0].id] } }, admin);
        expect(mixed.errors?.[0].extensions?.code).toBe(ErrorCode.Forbidden);
        const [{ n }] = await rawQuery<{ n: number | string }>(stores.databases.directory, 'select count(*) as n from customer_tag_assignment where customer_id = ?', [mine[0].id]);
        expect(Number(n)).toBe(ids.includes(mine[0].id) ? 1 : 0);
      }

      const removed = await gql(sut.url, UNASSIGN, { input: { region: 'US', tagId, customerIds: ids.slice(0, 2) } }, full);
      expect(removed.data).toEqual({ unassignTag: 2 });
      const [{ n }] = await rawQuery<{ n: number | string }>(stores.databases.directory, 'select count(*) as n from customer_tag_assignment a where a.tag_id = ?', [tagId]);
      expect(Number(n)).toBe(1);
      const tooMany = await gql(sut.url, ASSIGN, { input: { region: 'US', tagId, customerIds: [] } }, full);
      expect(tooMany.errors?.[0].extensions?.code).toBe(ErrorCode.BadUserInput);
    });
  });
});
