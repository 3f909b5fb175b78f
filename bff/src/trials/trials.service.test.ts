import 'reflect-metadata';
import { ErrorCode } from '@ph/contracts';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { AuditEvent } from '../audit/audit-event.entity';
import { CustomerAdminAssignment } from '../auth/user.entity';
import { CustomerDirectoryEntry } from '../customers/customer.entity';
import { RegionStores } from '../database/stores';
import { seedDemo } from '../demo/demo-seed';
import { createTestStores, gql, rawQuery, signIn, startApp, testConfig, type RunningApp, type TestStores } from '../test/harness';
import { TrialsService } from './trials.service';

const dialects = inject('dialects');
const START = 'mutation($input: StartTrialInput!) { startTrial(input: $input) { trialId customerId region endDate status } }';
const EXTEND = 'mutation($input: TrialRefInput!) { extendTrial(input: $input) { endDate status } }';
const CONVERT = 'mutation($input: TrialRefInput!) { convertTrial(input: $input) { endDate status } }';
type Result = { trialId: string; customerId: string; region: string; endDate: string; status: string };
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

describe(TrialsService.name, () => {
  describe.each(dialects)('on %s', (dialect) => {
    let stores: TestStores;
    let sut: RunningApp;
    let full: Record<string, string>;

    beforeAll(async () => {
      stores = await createTestStores(dialect);
      sut = await startApp(testConfig(stores));
      await seedDemo(sut.app.get(RegionStores), { customers: 60, weeks: 2, seed: 11, callLegs: 100 });
      full = (await signIn(sut.url, 'full@demo.example')).auth;
    });

    afterAll(async () => {
      await sut?.app.close();
      await stores?.cleanup();
    });

    it('starts, refuses a second running trial of the same product, extends and converts a trial of an existing customer', async () => {
      const [target] = await rawQuery<{ id: string }>(
        stores.databases.US,
        "select c.id from customer c where not exists (select 1 from trial t where t.customer_id = c.id and t.status = 'RUNNING') order by c.id limit 1",
      );
      const started = await gql<{ startTrial: Result }>(sut.url, START, { input: { region: 'US', customerId: target.id, products: ['CALLING', 'MEETINGS'], licenses: 25, days: 10 } }, full);
      expect(started.errors).toBeUndefined();
      const trial = started.data!.startTrial;
      expect(trial).toMatchObject({ customerId: target.id, region: 'US', endDate: inDays(10), status: 'RUNNING' });
      const lines = await rawQuery<{ product: string; purchased: number }>(
        stores.databases.US,
        'select l.product, l.purchased from trial t join license_line l on l.subscription_id = t.subscription_id where t.id = ? order by l.product',
        [trial.trialId],
      );
      expect(lines.map((l) => [l.product, Number(l.purchased)])).toEqual([['CALLING', 25], ['MEETINGS', 25]]);
      const list = await gql<{ customer: { statuses: string[] } }>(sut.url, 'query($id: ID!) { customer(region: US, id: $id) { statuses } }', { id: target.id }, full);
      expect(list.data?.customer.statuses).toContain('TRIAL');

      const again = await gql(sut.url, START, { input: { region: 'US', customerId: target.id, products: ['MEETINGS'], licenses: 5 } }, full);
      expect(again.errors?.[0].extensions).toMatchObject({ code: ErrorCode.Conflict, fields: [{ field: 'input.products', reason: 'trialRunning' }] });
      const [{ n }] = await rawQuery<{ n: number | string }>(stores.databases.US, "select count(*) as n from trial where customer_id = ? and status = 'RUNNING'", [target.id]);
      expect(Number(n)).toBe(1);

      const extended = await gql<{ extendTrial: Result }>(sut.url, EXTEND, { input: { region: 'US', trialId: trial.trialId } }, full);
      expect(extended.data?.extendTrial).toEqual({ endDate: inDays(30), status: 'RUNNING' });

      const converted = await gql<{ convertTrial: Result }>(sut.url, CONVERT, { input: { region: 'US', trialId: trial.trialId } }, full);
      expect(converted.data?.convertTrial).toEqual({ endDate: inDays(365), status: 'CONVERTED' });
      const [row] = await rawQuery<{ status: string; converted_to_id: string }>(stores.databases.US, 'select status, converted_to_id from trial where id = ?', [trial.trialId]);
      expect(row.status).toBe('CONVERTED');
      const [paid] = await rawQuery<{ kind: string }>(stores.databases.US, 'select kind from subscription where id = ?', [row.converted_to_id]);
      expect(paid.kind).toBe('PAID');
      const twice = await gql(sut.url, CONVERT, { input: { region: 'US', trialId: trial.trialId } }, full);
      expect(twice.errors?.[0].extensions?.code).toBe(ErrorCode.Conflict);
    });

    it("starts a trial for a new customer in its country's region; a scoped admin who creates it gets it in scope", async () => {
      const admin = (await signIn(sut.url, 'admin@demo.example')).auth;
      const response = await gql<{ startTrial: Result }>(
        sut.url,
        START,
        { input: { newCustomer: { name: 'Neue GmbH', country: 'de', contactName: 'Ute Neu', contactEmail: 'ute@neue.example' }, products: ['CALLING'], licenses: 10, days: 14 } },
        admin,
      );
      expect(response.errors).toBeUndefined();
      const result = response.data!.startTrial;
      expect(result).toMatchObject({ region: 'EU', endDate: inDays(14) });
      expect(await rawQuery(stores.databases.EU, 'select id from customer where id = ?', [result.customerId])).toHaveLength(1);
      expect(await rawQuery(stores.databases.US, 'select id from customer where id = ?', [result.customerId])).toHaveLength(0);
      const [entry] = await rawQuery<{ region: string }>(stores.databases.directory, 'select region from customer_directory_entry where id = ?', [result.customerId]);
      expect(entry.region).toBe('EU');
      const seen = await gql<{ customer: { name: string } }>(sut.url, 'query($id: ID!) { customer(region: EU, id: $id) { name } }', { id: result.customerId }, admin);
      expect(seen.data?.customer.name).toBe('Neue GmbH');
    });

    it('refuses to extend a trial that already runs 30 days or more from today, leaving its end as it is', async () => {
      const [target] = await rawQuery<{ id: string }>(
        stores.databases.US,
        "select c.id from customer c where not exists (select 1 from trial t where t.customer_id = c.id and t.status = 'RUNNING') order by c.id limit 1 offset 3",
      );
      const long = await gql<{ startTrial: Result }>(sut.url, START, { input: { region: 'US', customerId: target.id, products: ['MESSAGING'], licenses: 5, days: 90 } }, full);
      expect(long.data?.startTrial.endDate).toBe(inDays(90));
      const extended = await gql<{ extendTrial: Result }>(sut.url, EXTEND, { input: { region: 'US', trialId: long.data!.startTrial.trialId } }, full);
      expect(extended.errors?.[0].extensions).toMatchObject({ code: ErrorCode.Conflict, fields: [{ field: 'input.trialId', reason: 'notExtendable', params: { endDate: inDays(90) } }] });
      const [row] = await rawQuery<{ end_date: string | Date }>(stores.databases.US, 'select end_date from trial where id = ?', [long.data!.startTrial.trialId]);
      expect((row.end_date instanceof Date ? row.end_date.toISOString() : row.end_date).slice(0, 10)).toBe(inDays(90));
    });

    it('starts one trial of a product when two requests for it arrive at once', async () => {
      const [target] = await rawQuery<{ id: string }>(
        stores.databases.US,
        "select c.id from customer c where not exists (select 1 from trial t where t.customer_id = c.id and t.status = 'RUNNING') order by c.id desc limit 1",
      );
      const input = { region: 'US', customerId: target.id, products: ['RTT'], licenses: 10 };
      const answers = await Promise.all([gql(sut.url, START, { input }, full), gql(sut.url, START, { input }, full)]);
      expect(answers.filter((a) => !a.errors)).toHaveLength(1);
      expect(answers.find((a) => a.errors)?.errors?.[0].extensions).toMatchObject({ code: ErrorCode.Conflict, fields: [{ field: 'input.products', reason: 'trialRunning' }] });
      const [{ n }] = await rawQuery<{ n: number | string }>(stores.databases.US, "select count(*) as n from trial where customer_id = ? and status = 'RUNNING'", [target.id]);
      expect(Number(n)).toBe(1);
    });

    it('refuses a contact name over 200 characters, and leaves no directory entry when the region write fails', async () => {
      const directory = sut.app.get(RegionStores).directory();
      const newCustomer = (name: string, contactName = 'Pat Contact') => ({ name, country: 'US', contactName, contactEmail: 'pat@example.com' });
      const long = await gql(sut.url, START, { input: { newCustomer: newCustomer('Long Contact Ltd', 'x'.repeat(201)), products: ['CALLING'], licenses: 5 } }, full);
      expect(long.errors?.[0].extensions).toMatchObject({ code: ErrorCode.BadUserInput, fields: [{ field: 'input.newCustomer.contactName', reason: 'tooLong', params: { max: 200 } }] });
      expect(await directory.count(CustomerDirectoryEntry, { name: 'Long Contact Ltd' })).toBe(0);

      // The region store fails after the directory entry and the creator's scope were written.
      const registry = sut.app.get(RegionStores);
      const forRegion = registry.forRegion.bind(registry);
      const spy = vi.spyOn(registry, 'forRegion').mockImplementation((region) => {
        const em = forRegion(region);
        return Object.assign(Object.create(em), { transactional: () => Promise.reject(new Error('region store unavailable')) });
      });
      try {
        // A scoped admin: creating the customer also puts it in their scope (an assignment row).
        const admin = (await signIn(sut.url, 'admin@demo.example')).auth;
        const failed = await gql(sut.url, START, { input: { newCustomer: newCustomer('Half Made BV'), products: ['CALLING'], licenses: 5 } }, admin);
        expect(failed.errors?.[0].extensions?.code).toBe(ErrorCode.Internal);
      } finally {
        spy.mockRestore();
      }
      const [event] = await directory.find(AuditEvent, { action: 'customers.create', outcome: 'FAILURE' });
      expect(event).toBeDefined();
      expect(await directory.count(CustomerDirectoryEntry, { id: event.customerId })).toBe(0);
      expect(await directory.count(CustomerAdminAssignment, { customer: event.customerId })).toBe(0);
      expect(await directory.count(AuditEvent, { action: 'customers.create', outcome: 'SUCCESS', customerId: event.customerId })).toBe(1);
    });

    it('refuses read-only and help-desk admins and bad input with field errors, and changes nothing', async () => {
      const [target] = await rawQuery<{ id: string }>(stores.databases.US, 'select id from customer order by id desc limit 1');
      const [{ n: before }] = await rawQuery<{ n: number | string }>(stores.databases.US, 'select count(*) as n from trial');
      for (const email of ['readonly@demo.example', 'helpdesk@demo.example']) {
        const auth = (await signIn(sut.url, email)).auth;
        const existing = await gql(sut.url, START, { input: { region: 'US', customerId: target.id, products: ['CALLING'], licenses: 5 } }, auth);
        expect(existing.errors?.[0].extensions?.code, email).toBe(ErrorCode.Forbidden);
        const fresh = await gql(sut.url, START, { input: { newCustomer: { name: 'X', country: 'US', contactName: 'X', contactEmail: 'x@x.example' }, products: ['CALLING'], licenses: 5 } }, auth);
        expect(fresh.errors?.[0].extensions?.code, email).toBe(ErrorCode.Forbidden);
      }
      const bad = await gql(sut.url, START, { input: { newCustomer: { name: '', country: 'JP', contactName: '', contactEmail: 'nope' }, products: [], licenses: 0, days: 91 } }, full);
      expect(bad.errors?.[0].extensions?.code).toBe(ErrorCode.BadUserInput);
      const reasons = (bad.errors?.[0].extensions as { fields: { field: string; reason: string }[] }).fields.map((f) => `${f.field}:${f.reason}`).sort();
      expect(reasons).toEqual([
        'input.days:outOfRange',
        'input.licenses:outOfRange',
        'input.newCustomer.contactEmail:invalidEmail',
        'input.newCustomer.contactName:required',
        'input.newCustomer.country:unsupportedCountry',
        'input.newCustomer.name:required',
        'input.products:required',
      ]);
      const [{ n: after }] = await rawQuery<{ n: number | string }>(stores.databases.US, 'select count(*) as n from trial');
      expect(Number(after)).toBe(Number(before));
      const wrongRegion = await gql(sut.url, START, { input: { region: 'EU', customerId: target.id, products: ['CALLING'], licenses: 5 } }, full);
      expect(wrongRegion.errors?.[0].extensions?.code).toBe(ErrorCode.NotFound);
    });
  });
});
