import 'reflect-metadata';
import { ErrorCode, PARTNER_ROLES, type PartnerRole } from '@ph/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuditEvent } from '../audit/audit-event.entity';
import { RegionStores } from '../database/stores';
import { seedDemo } from '../demo/demo-seed';
import { Subscription } from '../subscriptions/subscription.entity';
import { createTestStores, gql, signIn, startApp, testConfig, type RunningApp, type TestStores } from '../test/harness';
import { Customer } from './customer.entity';
import { PartnerCustomerSettings } from './customer-settings.entity';
import { CustomerSettingsResolver } from './customer-settings.resolver';
import { refreshCustomers } from './customer-list.subscriber';

const dialects = inject('dialects');

const GET = '{ customerListSettings { expiringSoonDays noRecentActivityDays } }';
const SET = 'mutation($input: CustomerListSettingsInput!) { updateCustomerListSettings(input: $input) { expiringSoonDays noRecentActivityDays } }';
const STATUSES = 'query($id: ID!) { customer(region: US, id: $id) { statuses } }';
const EMAIL: Record<PartnerRole, string> = {
  FULL_ADMIN: 'full@demo.example',
  ADMIN: 'admin@demo.example',
  READ_ONLY: 'readonly@demo.example',
  SALES_FULL_ADMIN: 'salesfull@demo.example',
  SALES_ADMIN: 'sales@demo.example',
  HELP_DESK: 'helpdesk@demo.example',
};
const DAY = 86_400_000;
const isoDay = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);

describe(CustomerSettingsResolver.name, () => {
  describe.each(dialects)('on %s', (dialect) => {
    let stores: TestStores;
    let sut: RunningApp;
    let registry: RegionStores;
    const auth = {} as Record<PartnerRole, Record<string, string>>;

    beforeAll(async () => {
      stores = await createTestStores(dialect);
      sut = await startApp(testConfig(stores));
      registry = sut.app.get(RegionStores);
      await seedDemo(registry, { customers: 40, weeks: 1, seed: 5, callLegs: 10 });
      for (const role of PARTNER_ROLES) auth[role] = (await signIn(sut.url, EMAIL[role])).auth;
    });

    afterAll(async () => {
      await sut?.app.close();
      await stores?.cleanup();
    });

    const stored = () => registry.directory().find(PartnerCustomerSettings, {});
    const events = (where: Partial<AuditEvent>) => registry.directory().find(AuditEvent, where, { orderBy: { id: 'asc' } });

    it('shows every role the defaults (30 and 30 days) until a full admin changes them', async () => {
      for (const role of PARTNER_ROLES) {
        const response = await gql(sut.url, GET, undefined, auth[role]);
        expect(response.data?.customerListSettings, role).toEqual({ expiringSoonDays: 30, noRecentActivityDays: 30 });
      }
    });

    it.each(PARTNER_ROLES.filter((r) => r !== 'FULL_ADMIN'))('refuses an update by %s with FORBIDDEN, audits the denial and changes nothing', async (role) => {
      const before = (await events({ action: 'Mutation.updateCustomerListSettings', outcome: 'DENIED' })).length;
      const response = await gql(sut.url, SET, { input: { expiringSoonDays: 90, noRecentActivityDays: 7 } }, auth[role]);
      expect(response.errors?.[0].extensions?.code).toBe(ErrorCode.Forbidden);
      expect(response.data?.updateCustomerListSettings ?? null).toBeNull();
      const denied = await events({ action: 'Mutation.updateCustomerListSettings', outcome: 'DENIED' });
      expect(denied.length).toBe(before + 1);
      expect(denied.at(-1)).toMatchObject({ actorEmail: EMAIL[role], reason: ErrorCode.Forbidden });
      expect(await stored()).toEqual([]);
      expect((await gql(sut.url, GET, undefined, auth[role])).data?.customerListSettings).toEqual({ expiringSoonDays: 30, noRecentActivityDays: 30 });
    });

    it('refuses values outside 1–365 (each field named) or not whole numbers, keeps the old values and audits the failure', async () => {
      const before = (await events({ action: 'Mutation.updateCustomerListSettings', outcome: 'FAILURE' })).length;
      const bad = await gql(sut.url, SET, { input: { expiringSoonDays: 0, noRecentActivityDays: 366 } }, auth.FULL_ADMIN);
      expect(bad.errors?.[0].extensions).toEqual({
        code: ErrorCode.BadUserInput,
        fields: [
          { field: 'input.expiringSoonDays', reason: 'outOfRange', params: { min: 1, max: 365 } },
          { field: 'input.noRecentActivityDays', reason: 'outOfRange', params: { min: 1, max: 365 } },
        ],
      });
      const fraction = await gql(sut.url, SET, { input: { expiringSoonDays: 1.5, noRecentActivityDays: 30 } }, auth.FULL_ADMIN);
      expect(fraction.errors?.[0].extensions?.code).toBe(ErrorCode.BadUserInput);
      expect(await stored()).toEqual([]);
      expect((await events({ action: 'Mutation.updateCustomerListSettings', outcome: 'FAILURE' })).length).toBe(before + 1);
    });

    it("recomputes the list's statuses with the partner's thresholds, audited with before and after", async () => {
      // One US customer whose only subscriptions end in 45 days and whose admins last signed in 10 days ago.
      const us = registry.forRegion('US');
      const [customer] = await us.find(Customer, {}, { orderBy: { id: 'asc' }, limit: 1 });
      // Raw writes bypass the ORM's subscriber: the writer refreshes the customer's list row in its transaction.
      await us.transactional(async (tx) => {
        await tx.nativeUpdate(Subscription, { customer: customer.id }, { endDate: isoDay(45), billingState: 'ACTIVE' });
        await tx.nativeUpdate(Customer, { id: customer.id }, { lastAdminSignInAt: new Date(Date.now() - 10 * DAY) });
        await refreshCustomers(tx, [customer.id]);
      });
      const statuses = async () => (await gql<{ customer: { statuses: string[] } }>(sut.url, STATUSES, { id: customer.id }, auth.READ_ONLY)).data!.customer.statuses;
      const soonList = async () =>
        (await gql<{ customers: { nodes: { id: string }[] } }>(sut.url, '{ customers(region: US, first: 200, filter: { statuses: [EXPIRING_SOON] }) { nodes { id } } }', undefined, auth.READ_ONLY)).data!.customers.nodes.map((n) => n.id);

      expect(await statuses()).not.toContain('EXPIRING_SOON');
      expect(await statuses()).not.toContain('NO_RECENT_ACTIVITY');
      expect(await soonList()).not.toContain(customer.id);

      const set = await gql(sut.url, SET, { input: { expiringSoonDays: 60, noRecentActivityDays: 7 } }, auth.FULL_ADMIN);
      expect(set.data?.updateCustomerListSettings).toEqual({ expiringSoonDays: 60, noRecentActivityDays: 7 });
      expect(await statuses()).toEqual(expect.arrayContaining(['EXPIRING_SOON', 'NO_RECENT_ACTIVITY']));
      expect(await soonList()).toContain(customer.id);
      const [event] = await events({ action: 'customerSettings.update', outcome: 'SUCCESS' });
      expect(event).toMatchObject({ actorEmail: 'full@demo.example', before: { expiringSoonDays: 30, noRecentActivityDays: 30 }, after: { expiringSoonDays: 60, noRecentActivityDays: 7 } });

      // Back to the defaults: the statuses follow.
      await gql(sut.url, SET, { input: { expiringSoonDays: 30, noRecentActivityDays: 30 } }, auth.FULL_ADMIN);
      expect(await statuses()).not.toContain('EXPIRING_SOON');
      expect(await statuses()).not.toContain('NO_RECENT_ACTIVITY');
    });
  });
});
