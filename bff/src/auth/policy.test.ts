import 'reflect-metadata';
import { PARTNER_ROLES, PartnerRole } from '@ph/contracts';
import { describe, expect, it } from 'vitest';
import { buildSchema, RESOLVERS } from '../graphql/schema';
import { ACTIONS, POLICY_KEY, roleMay, roleMayOnCustomer, seesAllCustomers } from './policy';

const RESOLVER_TYPE = 'graphql:resolver_type';
const RESOLVER_NAME = 'graphql:resolver_name';

/** `Query.field` / `Mutation.field` → the policy its resolver method declares. */
function declaredPolicies(): Map<string, string | undefined> {
  const policies = new Map<string, string | undefined>();
  for (const resolver of RESOLVERS) {
    for (const key of Object.getOwnPropertyNames(resolver.prototype)) {
      const method = (resolver.prototype as unknown as Record<string, unknown>)[key];
      if (typeof method !== 'function') continue;
      const type = Reflect.getMetadata(RESOLVER_TYPE, method) as string | undefined;
      if (type !== 'Query' && type !== 'Mutation') continue;
      const name = (Reflect.getMetadata(RESOLVER_NAME, method) as string | undefined) ?? key;
      policies.set(`${type}.${name}`, Reflect.getMetadata(POLICY_KEY, method) as string | undefined);
    }
  }
  return policies;
}

describe('GraphQL policies', () => {
  it('declares a known policy on every Query and Mutation field of the schema', async () => {
    const schema = await buildSchema();
    const fields = [
      ...Object.keys(schema.getQueryType()?.getFields() ?? {}).map((name) => `Query.${name}`),
      ...Object.keys(schema.getMutationType()?.getFields() ?? {}).map((name) => `Mutation.${name}`),
    ];
    const policies = declaredPolicies();
    expect(fields.length).toBeGreaterThan(10);
    const missing = fields.filter((field) => !policies.get(field));
    expect(missing, 'these operations have no @Policy').toEqual([]);
    for (const field of fields) expect(Object.keys(ACTIONS), field).toContain(policies.get(field));
  });

  it.each([
    [PartnerRole.FullAdmin, true, ['users.manage', 'audit.read', 'apiKeys.manage', 'organization.setUp']],
    [PartnerRole.Admin, false, []],
    [PartnerRole.ReadOnly, true, []],
    [PartnerRole.SalesFullAdmin, true, []],
    [PartnerRole.SalesAdmin, false, []],
    [PartnerRole.HelpDesk, true, []],
  ] as const)('%s: sees all customers = %s, partner-level management = %j', (role, all, manages) => {
    expect(seesAllCustomers(role)).toBe(all);
    for (const action of ['users.read', 'users.manage', 'audit.read', 'apiKeys.manage', 'organization.setUp'] as const) {
      expect(roleMay(role, action), action).toBe((manages as readonly string[]).includes(action) || (action === 'users.read' && role === PartnerRole.FullAdmin));
    }
    expect(roleMay(role, 'regions.read')).toBe(true);
  });

  it('gives customer actions exactly as PRODUCT.md describes', () => {
    const table = Object.fromEntries(
      PARTNER_ROLES.map((role) => [role, (['view', 'manageTrials', 'tag', 'runReports', 'manageAdmins'] as const).filter((a) => roleMayOnCustomer(role, a))]),
    );
    expect(table).toEqual({
      FULL_ADMIN: ['view', 'manageTrials', 'tag', 'runReports', 'manageAdmins'],
      ADMIN: ['view', 'manageTrials', 'tag', 'runReports'],
      READ_ONLY: ['view', 'runReports'],
      SALES_FULL_ADMIN: ['view', 'manageTrials'],
      SALES_ADMIN: ['view', 'manageTrials'],
      HELP_DESK: ['view'],
    });
  });

  it('gives report actions as PRODUCT.md describes (read-only admins run reports but change nothing)', () => {
    const actions = ['reports.read', 'reports.run', 'reports.schedule', 'reports.templates.manage'] as const;
    const table = Object.fromEntries(PARTNER_ROLES.map((role) => [role, actions.filter((a) => roleMay(role, a))]));
    expect(table).toEqual({
      FULL_ADMIN: ['reports.read', 'reports.run', 'reports.schedule', 'reports.templates.manage'],
      ADMIN: ['reports.read', 'reports.run', 'reports.schedule', 'reports.templates.manage'],
      READ_ONLY: ['reports.read', 'reports.run', 'reports.schedule'],
      SALES_FULL_ADMIN: ['reports.read'],
      SALES_ADMIN: ['reports.read'],
      HELP_DESK: ['reports.read'],
    });
  });
});
