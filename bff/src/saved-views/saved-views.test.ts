import 'reflect-metadata';
import { ErrorCode, PartnerRole } from '@ph/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hashPassword } from '../auth/passwords';
import { PartnerUser } from '../auth/user.entity';
import { RegionStores } from '../database/stores';
import { seedDemo } from '../demo/demo-seed';
import { Partner } from '../partners/partner.entity';
import { createTestStores, gql, rawQuery, signIn, startApp, testConfig, type GqlResponse, type RunningApp, type TestStores } from '../test/harness';
import { SavedViewsService } from './saved-views.service';

const dialects = inject('dialects');

const LIST = '{ savedViews { id name query shared mine canDelete ownerName droppedTags } }';
const CREATE = 'mutation($input: CreateSavedViewInput!) { createSavedView(input: $input) { id name query shared mine canDelete ownerName droppedTags } }';
const UPDATE = 'mutation($input: UpdateSavedViewInput!) { updateSavedView(input: $input) { id name shared } }';
const DELETE = 'mutation($id: ID!) { deleteSavedView(id: $id) }';
const CREATE_TAG = 'mutation($input: CreateTagInput!) { createTag(input: $input) { id } }';

interface View {
  id: string;
  name: string;
  query: string;
  shared: boolean;
  mine: boolean;
  canDelete: boolean;
  ownerName: string;
  droppedTags: string[];
}

describe(SavedViewsService.name, () => {
  describe.each(dialects)('on %s', (dialect) => {
    let stores: TestStores;
    let sut: RunningApp;
    const as: Record<'full' | 'admin' | 'readOnly' | 'sales' | 'other', Record<string, string>> = {} as never;

    beforeAll(async () => {
      stores = await createTestStores(dialect);
      sut = await startApp(testConfig(stores));
      await seedDemo(sut.app.get(RegionStores), { customers: 60, weeks: 2, seed: 11, callLegs: 100 });
      const em = sut.app.get(RegionStores).directory();
      const partner = em.create(Partner, { name: 'Other Partner' });
      em.create(PartnerUser, { partner, email: 'full@other.example', displayName: 'Olga Other', role: PartnerRole.FullAdmin, passwordHash: await hashPassword('other-password') });
      await em.flush();
      as.full = (await signIn(sut.url, 'full@demo.example')).auth;
      as.admin = (await signIn(sut.url, 'admin@demo.example')).auth;
      as.readOnly = (await signIn(sut.url, 'readonly@demo.example')).auth;
      as.sales = (await signIn(sut.url, 'sales@demo.example')).auth;
      as.other = (await signIn(sut.url, 'full@other.example', 'other-password')).auth;
    });

    afterAll(async () => {
      await sut?.app.close();
      await stores?.cleanup();
    });

    const create = (input: Record<string, unknown>, who = as.full) => gql<{ createSavedView: View }>(sut.url, CREATE, { input: { shared: false, ...input } }, who);
    const list = async (who: Record<string, string>) => {
      const response = await gql<{ savedViews: View[] }>(sut.url, LIST, undefined, who);
      expect(response.errors).toBeUndefined();
      return response.data!.savedViews;
    };
    const viewRows = () => rawQuery<{ id: string; name: string; shared: boolean | number }>(stores.databases.directory, 'select id, name, shared from saved_view order by name');
    const events = (action: string, outcome = 'SUCCESS') =>
      rawQuery<{ target_id: string | null; reason: string | null; before: unknown; after: unknown }>(stores.databases.directory, 'select target_id, reason, before, after from audit_event where action = ? and outcome = ? order by id', [action, outcome]);
    const code = (response: GqlResponse) => response.errors?.[0].extensions?.code;
    const fields = (response: GqlResponse) => response.errors?.[0].extensions?.fields;

    it('saves the filter set in the canonical form the list writes, lists it for its owner and audits it; the stored query selects the same customers', async () => {
      const tag = (await gql<{ createTag: { id: string } }>(sut.url, CREATE_TAG, { input: { name: 'Renewals', color: '#aa0000' } }, as.full)).data!.createTag.id;
      const query = `?product=CALLING,MEETINGS&status=EXPIRING_SOON&q=%20a%20&sort=NEXT_END_DATE&desc=1&tag=${tag.toUpperCase()}&after=abc`;
      const response = await create({ name: '  Calling renewals ', query });
      expect(response.errors).toBeUndefined();
      const view = response.data!.createSavedView;
      expect(view).toMatchObject({ name: 'Calling renewals', shared: false, mine: true, canDelete: true, ownerName: 'Fiona Full', droppedTags: [] });
      expect(view.query).toBe(`q=a&status=EXPIRING_SOON&product=CALLING%2CMEETINGS&tag=${tag}&sort=NEXT_END_DATE&desc=1`);
      expect((await list(as.full)).map((v) => v.name)).toContain('Calling renewals');
      const [event] = await events('savedViews.create');
      expect(event.target_id).toBe(view.id);

      // The list (its CSV export reads the same URL keys) opens the stored query: the three tagged customers, by name descending.
      const customers = await rawQuery<{ id: string; name: string }>(stores.databases.US, 'select id, name from customer order by id limit 3');
      const assigned = await gql(sut.url, 'mutation($input: TagCustomersInput!) { assignTag(input: $input) }', { input: { region: 'US', tagId: tag, customerIds: customers.map((c) => c.id) } }, as.full);
      expect(assigned.errors).toBeUndefined();
      const tagged = (await create({ name: 'Tagged', query: `desc=1&tag=${tag}&sort=NAME` })).data!.createSavedView;
      expect(tagged.query).toBe(`tag=${tag}&desc=1`);
      // The list's region filter is part of a view, in the list's key order.
      // URLSearchParams writes the comma as %2C; either spelling is read back the same.
      const regional = (await create({ name: 'Two regions', query: 'sort=NAME&regions=EU,US,EU&status=TRIAL' })).data!.createSavedView;
      expect(regional.query).toBe('status=TRIAL&regions=EU%2CUS');
      const encoded = (await create({ name: 'Two regions encoded', query: 'regions=EU%2CUS&status=TRIAL' })).data!.createSavedView;
      expect(encoded.query).toBe(regional.query);
      expect((await list(as.full)).find((v) => v.id === regional.id)?.query).toBe('status=TRIAL&regions=EU%2CUS');
      // The stored query opened by the list's export lists both regions' trial customers, like the GraphQL filter.
      const regionalCsv = await (await fetch(`${sut.url}/api/customers.csv?region=CA&${regional.query}`, { headers: as.full })).text();
      const regionalRows = regionalCsv.trim().split(/\r?\n/).slice(1);
      const both = await gql<{ customers: { totalCount: number } }>(sut.url, '{ customers(region: CA, filter: { regions: [EU, US], statuses: [TRIAL] }) { totalCount } }', undefined, as.full);
      const usOnly = await gql<{ customers: { totalCount: number } }>(sut.url, '{ customers(region: US, filter: { statuses: [TRIAL] }) { totalCount } }', undefined, as.full);
      expect(regionalRows.length).toBe(both.data!.customers.totalCount);
      expect(both.data!.customers.totalCount).toBeGreaterThan(usOnly.data!.customers.totalCount);
      const csv = await (await fetch(`${sut.url}/api/customers.csv?region=US&${tagged.query}`, { headers: as.full })).text();
      const names = csv.trim().split(/\r?\n/).slice(1).map((line) => line.split(',')[0].replace(/^"|"$/g, ''));
      const page = await gql<{ customers: { nodes: { name: string }[] } }>(sut.url, 'query($tag: ID!) { customers(region: US, filter: { tagIds: [$tag] }, sort: NAME, descending: true) { nodes { name } } }', { tag }, as.full);
      expect(names).toEqual(page.data!.customers.nodes.map((n) => n.name));
      expect(names.slice().sort()).toEqual(customers.map((c) => c.name).sort());
    });

    it('refuses a bad name, a name the owner already uses (ignoring case) and an unknown filter key, value or tag, with translatable reasons; nothing is stored and each failure is audited', async () => {
      await create({ name: 'Expiring', query: 'status=EXPIRING_SOON' });
      const before = await viewRows();
      const failuresBefore = (await events('Mutation.createSavedView', 'FAILURE')).length;
      const cases: [Record<string, unknown>, string, unknown][] = [
        [{ name: '   ', query: '' }, ErrorCode.BadUserInput, [{ field: 'input.name', reason: 'required' }]],
        [{ name: 'x'.repeat(61), query: '' }, ErrorCode.BadUserInput, [{ field: 'input.name', reason: 'tooLong', params: { max: 60 } }]],
        [{ name: 'EXPIRING', query: 'status=TRIAL' }, ErrorCode.Conflict, [{ field: 'input.name', reason: 'taken' }]],
        [{ name: 'Bad key', query: 'status=TRIAL&colour=red' }, ErrorCode.BadUserInput, [{ field: 'input.query', reason: 'unknownFilter', params: { key: 'colour' } }]],
        [{ name: 'Bad value', query: 'status=TRIAL,NOPE' }, ErrorCode.BadUserInput, [{ field: 'input.query', reason: 'invalidFilterValue', params: { key: 'status', value: 'NOPE' } }]],
        [{ name: 'Bad sort', query: 'sort=SIZE' }, ErrorCode.BadUserInput, [{ field: 'input.query', reason: 'invalidFilterValue', params: { key: 'sort', value: 'SIZE' } }]],
        [{ name: 'Bad region', query: 'regions=US,MARS' }, ErrorCode.BadUserInput, [{ field: 'input.query', reason: 'invalidFilterValue', params: { key: 'regions', value: 'MARS' } }]],
        [{ name: 'Bad tag', query: 'tag=not-a-tag' }, ErrorCode.BadUserInput, [{ field: 'input.query', reason: 'invalidFilterValue', params: { key: 'tag', value: 'not-a-tag' } }]],
        [{ name: 'Gone tag', query: 'tag=6f1c1c1e-0000-4000-8000-000000000000' }, ErrorCode.BadUserInput, [{ field: 'input.query', reason: 'unknownTag' }]],
        [{ name: '', query: 'x=1' }, ErrorCode.BadUserInput, [{ field: 'input.name', reason: 'required' }, { field: 'input.query', reason: 'unknownFilter', params: { key: 'x' } }]],
      ];
      for (const [input, expectedCode, expectedFields] of cases) {
        const response = await create(input);
        expect(code(response), JSON.stringify(input)).toBe(expectedCode);
        expect(fields(response), JSON.stringify(input)).toEqual(expectedFields);
      }
      expect(await viewRows()).toEqual(before);
      expect((await events('Mutation.createSavedView', 'FAILURE')).length).toBe(failuresBefore + cases.length);
      // 60 characters (an emoji counts as one) is allowed; another admin may use the same name.
      expect((await create({ name: `${'y'.repeat(59)}🙂`, query: '' })).errors).toBeUndefined();
      expect((await create({ name: 'expiring', query: 'status=EXPIRING_SOON' }, as.admin)).errors).toBeUndefined();
    });

    it('shows a shared view to the partner’s other admins but not an unshared one; only the owner renames or unshares it; a full admin may delete it; another partner sees nothing', async () => {
      const shared = (await create({ name: 'Team: overage', query: 'status=LICENSE_OVERAGE', shared: true })).data!.createSavedView;
      const own = (await create({ name: 'Mine only', query: 'status=TRIAL' })).data!.createSavedView;
      for (const who of [as.admin, as.readOnly, as.sales]) {
        const views = await list(who);
        expect(views.find((v) => v.id === shared.id)).toMatchObject({ name: 'Team: overage', mine: false, canDelete: false, ownerName: 'Fiona Full', query: 'status=LICENSE_OVERAGE' });
        expect(views.map((v) => v.id)).not.toContain(own.id);
      }
      expect((await list(as.other)).map((v) => v.id)).toEqual([]);

      // Another admin of the partner: FORBIDDEN (audited) on the shared view, NOT_FOUND on the private one.
      const deniedBefore = (await events('savedViews.update', 'DENIED')).length;
      expect(code(await gql(sut.url, UPDATE, { input: { id: shared.id, name: 'Hijacked' } }, as.admin))).toBe(ErrorCode.Forbidden);
      expect(code(await gql(sut.url, DELETE, { id: shared.id }, as.admin))).toBe(ErrorCode.Forbidden);
      expect(code(await gql(sut.url, DELETE, { id: shared.id }, as.readOnly))).toBe(ErrorCode.Forbidden);
      expect((await events('savedViews.update', 'DENIED')).length).toBe(deniedBefore + 1);
      expect((await events('savedViews.delete', 'DENIED')).map((e) => [e.target_id, e.reason])).toEqual([
        [shared.id, ErrorCode.Forbidden],
        [shared.id, ErrorCode.Forbidden],
      ]);
      for (const [query, variables] of [
        [UPDATE, { input: { id: own.id, shared: true } }],
        [DELETE, { id: own.id }],
        [DELETE, { id: 'not-a-uuid' }],
      ] as const) {
        expect(code(await gql(sut.url, query, variables, as.admin)), JSON.stringify(variables)).toBe(ErrorCode.NotFound);
      }
      // Another partner's full admin: NOT_FOUND for both, nothing changes.
      for (const id of [shared.id, own.id]) {
        expect(code(await gql(sut.url, UPDATE, { input: { id, name: 'x' } }, as.other))).toBe(ErrorCode.NotFound);
        expect(code(await gql(sut.url, DELETE, { id }, as.other))).toBe(ErrorCode.NotFound);
      }
      expect((await viewRows()).filter((r) => [shared.id, own.id].includes(r.id)).map((r) => r.name).sort()).toEqual(['Mine only', 'Team: overage']);

      // The owner renames and unshares; the change is audited with before and after.
      const renamed = await gql<{ updateSavedView: View }>(sut.url, UPDATE, { input: { id: shared.id, name: 'Overage', shared: false } }, as.full);
      expect(renamed.data?.updateSavedView).toEqual({ id: shared.id, name: 'Overage', shared: false });
      const update = (await events('savedViews.update')).at(-1)!;
      const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
      expect([json(update.before), json(update.after)]).toEqual([{ name: 'Team: overage', shared: true }, { name: 'Overage', shared: false }]);
      expect((await list(as.admin)).map((v) => v.id)).not.toContain(shared.id);
      expect(code(await gql(sut.url, UPDATE, { input: { id: shared.id, name: 'mine ONLY' } }, as.full))).toBe(ErrorCode.Conflict);
      expect(code(await gql(sut.url, UPDATE, { input: { id: shared.id, name: ' ' } }, as.full))).toBe(ErrorCode.BadUserInput);

      // A full admin deletes a view another admin shared; that admin may delete their own.
      const adminShared = (await create({ name: 'Admin shared', query: 'type=TRIAL', shared: true }, as.admin)).data!.createSavedView;
      const adminPrivate = (await create({ name: 'Admin private', query: 'type=PAID' }, as.admin)).data!.createSavedView;
      expect((await list(as.full)).find((v) => v.id === adminShared.id)).toMatchObject({ mine: false, canDelete: true, ownerName: 'Adam Admin' });
      expect(code(await gql(sut.url, DELETE, { id: adminPrivate.id }, as.full))).toBe(ErrorCode.NotFound);
      expect((await gql(sut.url, DELETE, { id: adminShared.id }, as.full)).data).toEqual({ deleteSavedView: true });
      expect((await gql(sut.url, DELETE, { id: adminPrivate.id }, as.admin)).data).toEqual({ deleteSavedView: true });
      expect((await viewRows()).map((r) => r.id)).not.toContain(adminShared.id);
      expect((await events('savedViews.delete')).map((e) => e.target_id)).toEqual(expect.arrayContaining([adminShared.id, adminPrivate.id]));
    });

    it('still opens a view whose tag was deleted since: the tag is left out and named', async () => {
      const keep = (await gql<{ createTag: { id: string } }>(sut.url, CREATE_TAG, { input: { name: 'Keep me', color: '#00aa00' } }, as.full)).data!.createTag.id;
      const gone = (await gql<{ createTag: { id: string } }>(sut.url, CREATE_TAG, { input: { name: 'Gold', color: '#ffaa00' } }, as.full)).data!.createTag.id;
      const view = (await create({ name: 'Gold customers', query: `status=SUBSCRIPTION&tag=${gone},${keep}`, shared: true })).data!.createSavedView;
      expect(view.droppedTags).toEqual([]);
      expect((await gql(sut.url, 'mutation($id: ID!) { deleteTag(id: $id) }', { id: gone }, as.full)).errors).toBeUndefined();
      for (const who of [as.full, as.readOnly]) {
        const after = (await list(who)).find((v) => v.id === view.id)!;
        expect(after.query).toBe(`status=SUBSCRIPTION&tag=${keep}`);
        expect(after.droppedTags).toEqual(['Gold']);
      }
    });

    it('lets every role list, save and delete its own views', async () => {
      for (const [role, who] of Object.entries(as)) {
        const created = await create({ name: `Own of ${role}`, query: 'managed=PARTNER_ORG' }, who);
        expect(created.errors, role).toBeUndefined();
        expect((await list(who)).map((v) => v.name), role).toContain(`Own of ${role}`);
        expect((await gql(sut.url, DELETE, { id: created.data!.createSavedView.id }, who)).data, role).toEqual({ deleteSavedView: true });
      }
    });
  });
});
