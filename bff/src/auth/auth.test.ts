import 'reflect-metadata';
import { CSRF_HEADER, ErrorCode, GRAPHQL_PATH, PARTNER_ROLES, PartnerRole, type PartnerRole as Role } from '@ph/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuditEvent } from '../audit/audit-event.entity';
import { AuditService } from '../audit/audit.service';
import { CallingRollupService } from '../calling/calling-rollup.service';
import { Customer, CustomerDirectoryEntry } from '../customers/customer.entity';
import { RegionStores } from '../database/stores';
import { buildSchema } from '../graphql/schema';
import { Partner } from '../partners/partner.entity';
import { ReportTemplate } from '../reports/report-template.entity';
import { ReportRun } from '../reports/report-run.entity';
import { ReportSchedule } from '../reports/report-schedule.entity';
import { SavedView } from '../saved-views/saved-view.entity';
import { createTestStores, gql, rawQuery, signIn, startApp, testConfig, type RunningApp, type TestStores } from '../test/harness';
import { PartnerApiKey } from './api-key.entity';
import { ApiKeysService } from './api-keys.service';
import { hashPassword } from './passwords';
import { PolicyService } from './policy.service';
import { Session } from './session.entity';
import { sha256, type RequestActor } from './sessions.service';
import { CustomerAdminAssignment, PartnerUser } from './user.entity';

const dialects = inject('dialects');

const EMAIL_BY_ROLE: Record<Role, string> = {
  FULL_ADMIN: 'full@demo.example',
  ADMIN: 'admin@demo.example',
  READ_ONLY: 'readonly@demo.example',
  SALES_FULL_ADMIN: 'salesfull@demo.example',
  SALES_ADMIN: 'sales@demo.example',
  HELP_DESK: 'helpdesk@demo.example',
};
const OTHER_PASSWORD = 'other-partner-password';

/** Adds a second partner with one US customer, a full admin and a custom report template. */
async function seedOtherPartner(stores: RegionStores): Promise<{ partnerId: string; customerId: string; userId: string }> {
  const em = stores.directory();
  const partner = em.create(Partner, { name: 'Other Partner' });
  const entry = em.create(CustomerDirectoryEntry, { partner, name: 'Other Customer', country: 'US', region: 'US', managedBy: 'PARTNER_ORG' });
  const user = em.create(PartnerUser, { partner, email: 'full@other.example', displayName: 'Olga Other', role: PartnerRole.FullAdmin, passwordHash: await hashPassword(OTHER_PASSWORD) });
  em.create(ReportTemplate, { partner, key: 'other-secret', name: 'Other partner template' });
  await em.flush();
  const us = stores.forRegion('US');
  us.create(Customer, { id: entry.id, partnerId: partner.id, name: 'Other Customer', country: 'US', contactName: 'O', contactEmail: 'o@other.example' });
  await us.flush();
  return { partnerId: partner.id, customerId: entry.id, userId: user.id };
}

describe('auth, policies and tenancy', () => {
  describe.each(dialects)('on %s', (dialect) => {
    let stores: TestStores;
    let sut: RunningApp;
    let registry: RegionStores;
    let demoPartnerId: string;
    let other: Awaited<ReturnType<typeof seedOtherPartner>>;
    const auth = {} as Record<Role | 'OTHER', Record<string, string>>;
    /** US customers of the demo partner: one assigned to admin@ and sales@, one assigned to nobody. */
    let assigned: string;
    let unassigned: string;

    const events = (where: Partial<AuditEvent> = {}) => registry.directory().find(AuditEvent, where, { orderBy: { id: 'asc' } });

    beforeAll(async () => {
      stores = await createTestStores(dialect);
      sut = await startApp(testConfig(stores, { DEMO_SEED: 'true' }));
      registry = sut.app.get(RegionStores);
      other = await seedOtherPartner(registry);
      demoPartnerId = (await registry.directory().findOneOrFail(Partner, { name: 'Demo Partner' })).id;
      for (const role of PARTNER_ROLES) auth[role] = (await signIn(sut.url, EMAIL_BY_ROLE[role])).auth;
      auth.OTHER = (await signIn(sut.url, 'full@other.example', OTHER_PASSWORD)).auth;
      const em = registry.directory();
      const usCustomers = await em.find(CustomerDirectoryEntry, { partner: demoPartnerId, region: 'US' }, { orderBy: { name: 'asc' } });
      const taken = new Set((await em.find(CustomerAdminAssignment, {}, { populate: ['customer'] })).map((a) => a.customer.id));
      const free = usCustomers.filter((c) => !taken.has(c.id));
      [assigned, unassigned] = [free[0].id, free[1].id];
      for (const email of ['admin@demo.example', 'sales@demo.example']) {
        const user = await em.findOneOrFail(PartnerUser, { email });
        const response = await gql(sut.url, 'mutation($input: CustomerAdminInput!) { assignCustomerAdmin(input: $input) { email } }', { input: { region: 'US', customerId: assigned, userId: user.id } }, auth.FULL_ADMIN);
        expect(response.errors).toBeUndefined();
      }
    });

    afterAll(async () => {
      await sut?.app.close();
      await stores?.cleanup();
    });

    describe('sign-in and sessions', () => {
      it('signs in with a password, sets only an HttpOnly SameSite=Lax cookie and stores only its hash', async () => {
        const result = await signIn(sut.url, 'FULL@demo.example ');
        expect(result.status).toBe(200);
        expect(result.body.user).toMatchObject({ email: 'full@demo.example', role: 'FULL_ADMIN', partnerName: 'Demo Partner', displayName: 'Fiona Full' });
        const header = result.headers.getSetCookie().find((line) => line.startsWith('ph_session='))!;
        expect(header).toMatch(/HttpOnly/);
        expect(header).toMatch(/SameSite=Lax/);
        expect(header).not.toMatch(/Secure/);
        const token = decodeURIComponent(result.cookie.split('=')[1]);
        expect(JSON.stringify(result.body)).not.toContain(token);
        const sessions = await rawQuery<Record<string, unknown>>(stores.databases.directory, 'select * from auth_session');
        expect(JSON.stringify(sessions)).not.toContain(token);
        expect(sessions.map((s) => s.token_hash)).toContain(sha256(token));
        const me = await gql(sut.url, '{ me { id email displayName role partnerId partnerName } }', undefined, result.auth);
        expect(me.data?.me).toEqual({ ...result.body.user });
      });

      it('stores argon2id hashes', async () => {
        const [row] = await rawQuery<{ password_hash: string }>(stores.databases.directory, "select password_hash from partner_user where email = 'admin@demo.example'");
        expect(row.password_hash).toMatch(/^\$argon2id\$/);
      });

      it('rejects a wrong password or unknown account alike, without a cookie, and audits the failure', async () => {
        for (const [email, password] of [['full@demo.example', 'wrong-password'], ['nobody@demo.example', 'demo-partner-hub']]) {
          const result = await signIn(sut.url, email, password);
          expect(result.status).toBe(401);
          expect(result.body).toMatchObject({ code: ErrorCode.Unauthenticated });
          expect(result.cookie).toBe('');
        }
        const failures = await events({ action: 'auth.signIn', outcome: 'FAILURE' });
        expect(failures.length).toBeGreaterThanOrEqual(2);
        expect(JSON.stringify(failures)).not.toMatch(/wrong-password|demo-partner-hub/);
      });

      it('answers UNAUTHENTICATED without a session', async () => {
        const response = await gql(sut.url, '{ me { id } }');
        expect(response.errors?.[0].extensions?.code).toBe(ErrorCode.Unauthenticated);
        expect(response.data?.me ?? null).toBeNull();
      });

      it('starts a new session id at every sign-in and revokes the one the browser came with', async () => {
        const first = await signIn(sut.url, 'readonly@demo.example');
        const second = await signIn(sut.url, 'readonly@demo.example', undefined, { cookie: first.cookie });
        expect(second.cookie).not.toBe(first.cookie);
        expect((await gql(sut.url, '{ me { id } }', undefined, first.auth)).errors?.[0].extensions?.code).toBe(ErrorCode.Unauthenticated);
        expect((await gql(sut.url, '{ me { id } }', undefined, second.auth)).data?.me).toBeDefined();
      });

      it('lists and revokes own sessions; someone else’s session is NOT_FOUND', async () => {
        const a = await signIn(sut.url, 'helpdesk@demo.example');
        const b = await signIn(sut.url, 'helpdesk@demo.example');
        const list = await gql<{ mySessions: { id: string; current: boolean }[] }>(sut.url, '{ mySessions { id current method } }', undefined, a.auth);
        expect(list.data?.mySessions.length).toBeGreaterThanOrEqual(2);
        const current = list.data!.mySessions.find((s) => s.current)!;
        const otherSession = (await gql<{ mySessions: { id: string; current: boolean }[] }>(sut.url, '{ mySessions { id current } }', undefined, b.auth)).data!.mySessions.find((s) => s.current)!;
        const revoke = 'mutation($id: ID!) { revokeSession(id: $id) }';
        expect((await gql(sut.url, revoke, { id: otherSession.id }, auth.FULL_ADMIN)).errors?.[0].extensions?.code).toBe(ErrorCode.NotFound);
        expect((await gql(sut.url, revoke, { id: otherSession.id }, a.auth)).data?.revokeSession).toBe(true);
        expect((await gql(sut.url, '{ me { id } }', undefined, b.auth)).errors?.[0].extensions?.code).toBe(ErrorCode.Unauthenticated);
        expect((await gql(sut.url, '{ me { id } }', undefined, a.auth)).data?.me).toBeDefined();
        expect(current.id).not.toBe(otherSession.id);
      });

      it('signs out by revoking the session', async () => {
        const session = await signIn(sut.url, 'salesfull@demo.example');
        const out = await fetch(`${sut.url}/api/auth/sign-out`, { method: 'POST', headers: { ...session.auth, 'content-type': 'application/json' }, body: '{}' });
        expect(out.status).toBe(204);
        expect(out.headers.getSetCookie().join()).toMatch(/ph_session=;/);
        expect((await gql(sut.url, '{ me { id } }', undefined, session.auth)).errors?.[0].extensions?.code).toBe(ErrorCode.Unauthenticated);
      });

      it('expires a session after 30 minutes idle and 12 hours after sign-in', async () => {
        for (const change of [{ lastSeenAt: new Date(Date.now() - 31 * 60_000) }, { expiresAt: new Date(Date.now() - 1000) }]) {
          const session = await signIn(sut.url, 'readonly@demo.example');
          const token = decodeURIComponent(session.cookie.split('=')[1]);
          expect((await gql(sut.url, '{ me { id } }', undefined, session.auth)).data?.me).toBeDefined();
          await registry.directory().nativeUpdate(Session, { tokenHash: sha256(token) }, change);
          expect((await gql(sut.url, '{ me { id } }', undefined, session.auth)).errors?.[0].extensions?.code).toBe(ErrorCode.Unauthenticated);
        }
        const fresh = await signIn(sut.url, 'readonly@demo.example');
        const [row] = await registry.directory().find(Session, { tokenHash: sha256(decodeURIComponent(fresh.cookie.split('=')[1])) });
        expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(12 * 60 * 60_000);
      });
    });

    describe('CSRF', () => {
      const mutation = 'mutation { setUpMyOrganization(acceptTerms: false) { setUp } }';

      it('rejects a mutation without the x-partner-hub header', async () => {
        const { [CSRF_HEADER]: _csrf, ...cookieOnly } = auth.FULL_ADMIN;
        const response = await gql(sut.url, mutation, undefined, cookieOnly);
        expect(response.status).toBe(403);
        expect(response.errors?.[0].extensions?.code).toBe(ErrorCode.CsrfRejected);
      });

      it('rejects a mutation that is not application/json', async () => {
        for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/graphql']) {
          const response = await fetch(`${sut.url}${GRAPHQL_PATH}`, { method: 'POST', headers: { ...auth.FULL_ADMIN, 'content-type': type }, body: type === 'application/graphql' ? mutation : JSON.stringify({ query: mutation }) });
          expect(response.status, type).toBeGreaterThanOrEqual(400);
          const body = (await response.json().catch(() => ({}))) as { data?: unknown };
          expect(body.data ?? null, type).toBeNull();
        }
      });

      it('never runs a mutation over GET', async () => {
        const before = (await events()).length;
        const query = encodeURIComponent('mutation { createApiKey(name: "via-get") { rawKey } }');
        const response = await fetch(`${sut.url}${GRAPHQL_PATH}?query=${query}`, { headers: auth.FULL_ADMIN });
        expect(response.status).toBe(400);
        expect(JSON.stringify(await response.json())).toMatch(/GET/);
        expect(await registry.directory().count(PartnerApiKey, { name: 'via-get' })).toBe(0);
        expect((await events()).length).toBe(before);
      });

      it('does not accept batched operations', async () => {
        const body = JSON.stringify([{ query: 'mutation { createApiKey(name: "batched") { rawKey } }' }, { query: '{ me { id } }' }]);
        const response = await fetch(`${sut.url}${GRAPHQL_PATH}`, { method: 'POST', headers: { ...auth.FULL_ADMIN, 'content-type': 'application/json' }, body });
        expect(response.status).toBe(400);
        expect(await registry.directory().count(PartnerApiKey, { name: 'batched' })).toBe(0);
      });

      it('requires JSON and the header for sign-in too', async () => {
        const response = await fetch(`${sut.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'full@demo.example', password: 'demo-partner-hub' }) });
        expect(response.status).toBe(403);
        expect(response.headers.getSetCookie()).toEqual([]);
      });
    });

    describe('roles and customer scope', () => {
      const CUSTOMER_ADMINS = 'query($region: Region!, $customerId: ID!) { customerAdmins(region: $region, customerId: $customerId) { email } }';
      const ASSIGN = 'mutation($input: CustomerAdminInput!) { assignCustomerAdmin(input: $input) { email } }';
      type Target = 'assigned' | 'unassigned' | 'otherPartner' | 'otherRegion';
      const ref = (target: Target) =>
        ({
          assigned: { region: 'US', customerId: assigned },
          unassigned: { region: 'US', customerId: unassigned },
          otherPartner: { region: 'US', customerId: other.customerId },
          otherRegion: { region: 'EU', customerId: assigned },
        })[target];
      const ALL_SEEING: Role[] = ['FULL_ADMIN', 'READ_ONLY', 'SALES_FULL_ADMIN', 'HELP_DESK'];
      /** Expected answer per role and target for a customer action allowed to `roles` (scoped roles on assigned customers only). */
      const expected = (role: Role, target: Target, roles: readonly Role[]): 'ALLOW' | 'NOT_FOUND' | 'FORBIDDEN' => {
        if (target === 'otherPartner' || target === 'otherRegion') return 'NOT_FOUND';
        if (!roles.includes(role)) return 'FORBIDDEN';
        return ALL_SEEING.includes(role) || target === 'assigned' ? 'ALLOW' : 'FORBIDDEN';
      };
      const TARGETS: Target[] = ['assigned', 'unassigned', 'otherPartner', 'otherRegion'];
      const CASES = PARTNER_ROLES.flatMap((role) => TARGETS.map((target) => [role, target] as const));

      it.each(CASES)('customerAdmins as %s on the %s customer', async (role, target) => {
        const response = await gql(sut.url, CUSTOMER_ADMINS, ref(target), auth[role]);
        const want = expected(role, target, ['FULL_ADMIN']);
        if (want === 'ALLOW') expect(response.errors).toBeUndefined();
        else expect(response.errors?.[0].extensions?.code).toBe(want);
      });

      it.each(CASES)('assignCustomerAdmin as %s on the %s customer', async (role, target) => {
        const admin = await registry.directory().findOneOrFail(PartnerUser, { email: 'admin@demo.example' });
        const before = (await events({ outcome: 'DENIED' })).length;
        const response = await gql(sut.url, ASSIGN, { input: { ...ref(target), userId: admin.id } }, auth[role]);
        const want = expected(role, target, ['FULL_ADMIN']);
        if (want === 'ALLOW') {
          expect(response.errors).toBeUndefined();
          expect(response.data?.assignCustomerAdmin).toContainEqual({ email: 'admin@demo.example' });
          if (target === 'unassigned') {
            const undo = await gql(sut.url, ASSIGN.replace('assignCustomerAdmin', 'unassignCustomerAdmin'), { input: { ...ref(target), userId: admin.id } }, auth[role]);
            expect(undo.errors).toBeUndefined();
          }
        } else {
          expect(response.errors?.[0].extensions?.code).toBe(want);
          expect((await events({ outcome: 'DENIED' })).length).toBe(before + 1);
          expect((await events({ outcome: 'FAILURE', action: 'Mutation.assignCustomerAdmin' })).length).toBe(0);
        }
      });

      it.each(
        PARTNER_ROLES.flatMap((role) =>
          (['view', 'manageTrials', 'tag', 'runReports', 'manageAdmins'] as const).flatMap((action) => TARGETS.map((target) => [role, action, target] as const)),
        ),
      )('PolicyService: %s may %s on the %s customer as the table says', async (role, action, target) => {
        const user = await registry.directory().findOneOrFail(PartnerUser, { email: EMAIL_BY_ROLE[role] }, { populate: ['partner'] });
        const actor: RequestActor = { userId: user.id, email: user.email, displayName: user.displayName, role, partnerId: user.partner.id, partnerName: user.partner.name, sessionId: 'x', requestId: 'test' };
        const roles: Record<typeof action, Role[]> = {
          view: [...PARTNER_ROLES],
          manageTrials: ['FULL_ADMIN', 'ADMIN', 'SALES_FULL_ADMIN', 'SALES_ADMIN'],
          tag: ['FULL_ADMIN', 'ADMIN'],
          runReports: ['FULL_ADMIN', 'ADMIN', 'READ_ONLY'],
          manageAdmins: ['FULL_ADMIN'],
        };
        const decision = await sut.app.get(PolicyService).decide(actor, action, ref(target) as { region: 'US'; customerId: string });
        expect(decision.allowed ? 'ALLOW' : decision.code).toBe(expected(role, target, roles[action]));
      });

      it('puts a customer a scoped admin created in their scope (not one they merely could see)', async () => {
        const em = registry.directory();
        const user = await em.findOneOrFail(PartnerUser, { email: 'sales@demo.example' }, { populate: ['partner'] });
        const actor: RequestActor = { userId: user.id, email: user.email, displayName: user.displayName, role: user.role, partnerId: user.partner.id, partnerName: user.partner.name, sessionId: 'x', requestId: 'test' };
        const customer = em.create(CustomerDirectoryEntry, { partner: user.partner, name: `Created by sales ${dialect}`, country: 'CA', region: 'CA', managedBy: 'PARTNER_ORG' });
        const policy = sut.app.get(PolicyService);
        expect((await policy.decide(actor, 'manageTrials', { region: 'CA', customerId: customer.id })).allowed).toBe(false);
        policy.recordCreator(em, actor, customer);
        await em.flush();
        expect((await policy.decide(actor, 'manageTrials', { region: 'CA', customerId: customer.id })).allowed).toBe(true);
        expect(await policy.visibleCustomerIds(actor)).toContain(customer.id);
      });

      it('lets only plain partner or sales administrators be assigned', async () => {
        for (const role of PARTNER_ROLES) {
          const user = await registry.directory().findOneOrFail(PartnerUser, { email: EMAIL_BY_ROLE[role] });
          const response = await gql(sut.url, ASSIGN, { input: { region: 'US', customerId: unassigned, userId: user.id } }, auth.FULL_ADMIN);
          if (role === 'ADMIN' || role === 'SALES_ADMIN') expect(response.errors, role).toBeUndefined();
          else expect(response.errors?.[0].extensions?.code, role).toBe(ErrorCode.BadUserInput);
        }
        const list = await gql<{ customerAdmins: { email: string }[] }>(sut.url, CUSTOMER_ADMINS, { region: 'US', customerId: unassigned }, auth.FULL_ADMIN);
        expect(list.data?.customerAdmins.map((u) => u.email).sort()).toEqual(['admin@demo.example', 'sales@demo.example']);
        for (const email of ['admin@demo.example', 'sales@demo.example']) {
          const user = await registry.directory().findOneOrFail(PartnerUser, { email });
          const response = await gql(sut.url, ASSIGN.replace('assignCustomerAdmin', 'unassignCustomerAdmin'), { input: { region: 'US', customerId: unassigned, userId: user.id } }, auth.FULL_ADMIN);
          expect(response.errors).toBeUndefined();
        }
      });

      it('scopes regionSummary to the customers a role may see', async () => {
        const summary = async (role: Role) => (await gql<{ regionSummary: { customerCount: number } }>(sut.url, '{ regionSummary(region: US) { customerCount } }', undefined, auth[role])).data!.regionSummary.customerCount;
        const allUs = await registry.directory().count(CustomerDirectoryEntry, { partner: demoPartnerId, region: 'US' });
        for (const role of ALL_SEEING) expect(await summary(role), role).toBe(allUs);
        const adminUser = await registry.directory().findOneOrFail(PartnerUser, { email: 'admin@demo.example' });
        const adminUs = await registry.directory().count(CustomerAdminAssignment, { user: adminUser.id, customer: { region: 'US' } });
        expect(await summary('ADMIN')).toBe(adminUs);
        expect(adminUs).toBeGreaterThan(0);
        expect(adminUs).toBeLessThan(allUs);
      });

      it.each(PARTNER_ROLES)('saved views as %s: lists, saves, renames and deletes its own; deletes a view another admin shared only as a full admin', async (role) => {
        const CREATE = 'mutation($input: CreateSavedViewInput!) { createSavedView(input: $input) { id } }';
        const DELETE = 'mutation($id: ID!) { deleteSavedView(id: $id) }';
        const owner: Role = role === 'ADMIN' ? 'READ_ONLY' : 'ADMIN';
        const shared = await gql<{ createSavedView: { id: string } }>(sut.url, CREATE, { input: { name: `Shared for ${role}`, query: 'status=TRIAL', shared: true } }, auth[owner]);
        const own = await gql<{ createSavedView: { id: string } }>(sut.url, CREATE, { input: { name: `Own of ${role}`, query: 'sort=COUNTRY' } }, auth[role]);
        expect([shared.errors, own.errors]).toEqual([undefined, undefined]);
        const ids = [shared.data!.createSavedView.id, own.data!.createSavedView.id];
        const list = await gql<{ savedViews: { id: string }[] }>(sut.url, '{ savedViews { id } }', undefined, auth[role]);
        expect(list.data?.savedViews.map((v) => v.id)).toEqual(expect.arrayContaining(ids));
        const rename = await gql(sut.url, 'mutation($input: UpdateSavedViewInput!) { updateSavedView(input: $input) { name } }', { input: { id: ids[1], name: `Renamed ${role}` } }, auth[role]);
        expect(rename.data?.updateSavedView).toEqual({ name: `Renamed ${role}` });
        const deleteShared = await gql(sut.url, DELETE, { id: ids[0] }, auth[role]);
        if (role === 'FULL_ADMIN') expect(deleteShared.data).toEqual({ deleteSavedView: true });
        else {
          expect(deleteShared.errors?.[0].extensions?.code).toBe(ErrorCode.Forbidden);
          expect((await events({ action: 'savedViews.delete', outcome: 'DENIED', targetId: ids[0] })).length).toBe(1);
          expect((await gql(sut.url, DELETE, { id: ids[0] }, auth[owner])).data).toEqual({ deleteSavedView: true });
        }
        expect((await gql(sut.url, DELETE, { id: ids[1] }, auth[role])).data).toEqual({ deleteSavedView: true });
      });

      it('denies role-level operations with FORBIDDEN and audits the denial', async () => {
        for (const role of PARTNER_ROLES.filter((r) => r !== 'FULL_ADMIN')) {
          for (const query of ['{ users { id } }', '{ auditEvents { nextCursor } }', '{ apiKeys { id } }']) {
            const response = await gql(sut.url, query, undefined, auth[role]);
            expect(response.errors?.[0].extensions?.code, `${role} ${query}`).toBe(ErrorCode.Forbidden);
          }
        }
        const denied = await events({ outcome: 'DENIED', action: 'Query.users' });
        expect(denied.length).toBe(5);
      });
    });

    describe('users and roles', () => {
      it('invites a user, changes their role, keeps the last full admin, and audits before/after', async () => {
        const invite = await gql<{ inviteUser: { user: { id: string; role: string } } }>(sut.url, 'mutation($input: InviteUserInput!) { inviteUser(input: $input) { user { id role email seesAllCustomers hasPassword singleSignOn } } }', { input: { email: 'New.User@demo.example', displayName: 'New User', role: 'ADMIN' } }, auth.FULL_ADMIN);
        expect(invite.errors).toBeUndefined();
        expect(invite.data?.inviteUser.user).toMatchObject({ role: 'ADMIN', email: 'new.user@demo.example', seesAllCustomers: false, hasPassword: false, singleSignOn: false });
        const id = invite.data!.inviteUser.user.id;
        const change = await gql(sut.url, 'mutation($id: ID!) { changeUserRole(userId: $id, role: READ_ONLY) { role seesAllCustomers } }', { id }, auth.FULL_ADMIN);
        expect(change.data?.changeUserRole).toEqual({ role: 'READ_ONLY', seesAllCustomers: true });
        const [event] = await events({ action: 'users.changeRole', targetId: id });
        expect(event).toMatchObject({ outcome: 'SUCCESS', before: { role: 'ADMIN' }, after: { role: 'READ_ONLY' }, partnerId: demoPartnerId, actorEmail: 'full@demo.example' });
        expect(event.requestId).toBeTruthy();
        const admins = await gql<{ allCustomerAdmins: { email: string }[] }>(sut.url, '{ allCustomerAdmins { email } }', undefined, auth.FULL_ADMIN);
        expect(admins.data?.allCustomerAdmins.map((u) => u.email)).toContain('new.user@demo.example');
        expect(admins.data?.allCustomerAdmins.map((u) => u.email)).not.toContain('admin@demo.example');
        const full = await registry.directory().findOneOrFail(PartnerUser, { email: 'full@demo.example' });
        const demote = await gql(sut.url, 'mutation($id: ID!) { changeUserRole(userId: $id, role: ADMIN) { role } }', { id: full.id }, auth.FULL_ADMIN);
        expect(demote.errors?.[0].extensions?.code).toBe(ErrorCode.Conflict);
        expect(demote.errors?.[0].extensions?.fields).toEqual([{ field: 'role', reason: 'lastFullAdmin' }]);
        const before = (await events()).length;
        const duplicate = await gql(sut.url, 'mutation($input: InviteUserInput!) { inviteUser(input: $input) { user { id } } }', { input: { email: 'new.user@demo.example', displayName: 'Again', role: 'ADMIN' } }, auth.FULL_ADMIN);
        expect(duplicate.errors?.[0].extensions?.code).toBe(ErrorCode.Conflict);
        expect(duplicate.errors?.[0].extensions?.fields).toEqual([{ field: 'input.email', reason: 'taken' }]);
        const after = await events();
        expect(after.length).toBe(before + 1);
        expect(after.at(-1)).toMatchObject({ action: 'Mutation.inviteUser', outcome: 'FAILURE', reason: ErrorCode.Conflict, actorEmail: 'full@demo.example' });
      });
    });

    describe('role change and customer assignments', () => {
      it('drops a user\'s customer assignments when the new role is not one customers are assigned to, and audits how many', async () => {
        const em = registry.directory();
        const invite = await gql<{ inviteUser: { user: { id: string } } }>(sut.url, 'mutation($input: InviteUserInput!) { inviteUser(input: $input) { user { id } } }', { input: { email: 'moved@demo.example', displayName: 'Moved Admin', role: 'ADMIN' } }, auth.FULL_ADMIN);
        const id = invite.data!.inviteUser.user.id;
        const assign = await gql(sut.url, 'mutation($input: CustomerAdminInput!) { assignCustomerAdmin(input: $input) { email } }', { input: { region: 'US', customerId: unassigned, userId: id } }, auth.FULL_ADMIN);
        expect(assign.errors).toBeUndefined();
        const adminsOf = async () => (await gql<{ customerAdmins: { email: string }[] }>(sut.url, 'query($customerId: ID!) { customerAdmins(region: US, customerId: $customerId) { email } }', { customerId: unassigned }, auth.FULL_ADMIN)).data!.customerAdmins.map((u) => u.email);
        expect(await adminsOf()).toContain('moved@demo.example');
        // Admin → sales admin keeps them (both are assigned to customers).
        expect((await gql(sut.url, 'mutation($id: ID!) { changeUserRole(userId: $id, role: SALES_ADMIN) { role } }', { id }, auth.FULL_ADMIN)).errors).toBeUndefined();
        expect(await adminsOf()).toContain('moved@demo.example');
        expect((await gql(sut.url, 'mutation($id: ID!) { changeUserRole(userId: $id, role: READ_ONLY) { role } }', { id }, auth.FULL_ADMIN)).errors).toBeUndefined();
        expect(await adminsOf()).not.toContain('moved@demo.example');
        expect(await em.count(CustomerAdminAssignment, { user: id, kind: 'ASSIGNED' })).toBe(0);
        const event = (await events({ action: 'users.changeRole', targetId: id })).at(-1)!;
        expect(event.after).toEqual({ role: 'READ_ONLY', assignmentsRemoved: 1 });
        // Back to admin: no customer comes back with the role.
        expect((await gql(sut.url, 'mutation($id: ID!) { changeUserRole(userId: $id, role: ADMIN) { role } }', { id }, auth.FULL_ADMIN)).errors).toBeUndefined();
        expect(await adminsOf()).not.toContain('moved@demo.example');
      });
    });

    describe('audit log', () => {
      it('writes exactly one event per mutation, with the response’s request id', async () => {
        const before = (await events()).length;
        const response = await gql(sut.url, 'mutation { createApiKey(name: "audit-check") { rawKey apiKey { id } } }', undefined, { ...auth.FULL_ADMIN, 'x-request-id': `audit-${dialect}` });
        expect(response.errors).toBeUndefined();
        const all = await events();
        expect(all.length).toBe(before + 1);
        expect(all.at(-1)).toMatchObject({ action: 'apiKeys.create', outcome: 'SUCCESS', requestId: `audit-${dialect}`, partnerId: demoPartnerId });
        const raw = (response.data as { createApiKey: { rawKey: string } }).createApiKey.rawKey;
        const dump = JSON.stringify(await rawQuery(stores.databases.directory, 'select * from audit_event'));
        expect(dump).not.toContain(raw);
        expect(dump).not.toMatch(/demo-partner-hub|\$argon2/);
      });

      it('has no update or delete path', async () => {
        const methods = Object.getOwnPropertyNames(AuditService.prototype).filter((name) => name !== 'constructor').sort();
        expect(methods).toEqual(['append', 'appendNow', 'query']);
        const em = registry.directory();
        const [event] = await em.find(AuditEvent, {}, { limit: 1 });
        event.action = 'tampered';
        await expect(em.flush()).rejects.toThrow(/append-only/);
        const em2 = registry.directory();
        em2.remove(await em2.findOneOrFail(AuditEvent, { id: event.id }));
        await expect(em2.flush()).rejects.toThrow(/append-only/);
      });

      it('filters and keyset-pages events for full admins', async () => {
        const q = 'query($filter: AuditFilterInput, $first: Int, $after: String) { auditEvents(filter: $filter, first: $first, after: $after) { nextCursor events { id action outcome actorEmail partnerId: actorId at } } }';
        const seen: string[] = [];
        let after: string | null = null;
        do {
          const page: Awaited<ReturnType<typeof gql<{ auditEvents: { nextCursor: string | null; events: { id: string; action: string }[] } }>>> = await gql(sut.url, q, { filter: { action: 'customerAdmins.assign' }, first: 2, after }, auth.FULL_ADMIN);
          expect(page.errors).toBeUndefined();
          for (const event of page.data!.auditEvents.events) {
            expect(event.action).toBe('customerAdmins.assign');
            seen.push(event.id);
          }
          after = page.data!.auditEvents.nextCursor;
        } while (after);
        const stored = await events({ action: 'customerAdmins.assign', partnerId: demoPartnerId });
        expect(seen).toEqual(stored.map((e) => String(e.id)).reverse());
        expect(seen.length).toBeGreaterThan(2);
        const byCustomer = await gql<{ auditEvents: { events: unknown[] } }>(sut.url, q, { filter: { customerId: unassigned, from: new Date(Date.now() - 3600_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() } }, auth.FULL_ADMIN);
        expect(byCustomer.data?.auditEvents.events.length).toBeGreaterThan(0);
        const future = await gql<{ auditEvents: { events: unknown[] } }>(sut.url, q, { filter: { from: new Date(Date.now() + 3600_000).toISOString() } }, auth.FULL_ADMIN);
        expect(future.data?.auditEvents.events).toEqual([]);
        // A customer filter that is not an id (the page's free-text field) is a field error on every database.
        const notAnId = await gql(sut.url, q, { filter: { customerId: 'acme' } }, auth.FULL_ADMIN);
        expect(notAnId.errors?.[0].extensions).toMatchObject({ code: ErrorCode.BadUserInput, fields: [{ field: 'filter.customerId', reason: 'invalid' }] });
      });

      it('exports CSV for full admins only, with formula-safe cells', async () => {
        expect((await fetch(`${sut.url}/api/audit.csv`)).status).toBe(401);
        expect((await fetch(`${sut.url}/api/audit.csv`, { headers: auth.READ_ONLY })).status).toBe(403);
        await gql(sut.url, 'mutation { createApiKey(name: "=HYPERLINK(\\"http://evil\\")") { rawKey } }', undefined, auth.FULL_ADMIN);
        const response = await fetch(`${sut.url}/api/audit.csv?action=apiKeys.create`, { headers: auth.FULL_ADMIN });
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toContain('text/csv');
        const csv = await response.text();
        expect(csv.split(/\r?\n/)[0]).toBe('id,at,actorType,actorId,actorEmail,actorName,region,action,targetType,targetId,customerId,before,after,outcome,reason,requestId');
        expect(csv).toContain('apiKeys.create');
        expect(csv).not.toContain('users.changeRole');
        expect((await fetch(`${sut.url}/api/audit.csv?action=apiKeys.create&action=users.changeRole`, { headers: auth.FULL_ADMIN })).status).toBe(400);
        const evil = await registry.directory().findOneOrFail(PartnerApiKey, { name: { $like: '=HYPERLINK%' } });
        expect(evil).toBeDefined();
      });
    });

    describe('API keys', () => {
      it('creates a key shown once, stores only its hash, authenticates and revokes it', async () => {
        const created = await gql<{ createApiKey: { rawKey: string; apiKey: { id: string; prefix: string } } }>(sut.url, 'mutation { createApiKey(name: "ingest") { rawKey apiKey { id prefix name } } }', undefined, auth.FULL_ADMIN);
        const { rawKey, apiKey } = created.data!.createApiKey;
        expect(rawKey.startsWith(apiKey.prefix)).toBe(true);
        expect(JSON.stringify(await rawQuery(stores.databases.directory, 'select * from partner_api_key'))).not.toContain(rawKey);
        const service = sut.app.get(ApiKeysService);
        expect(await service.authenticate(rawKey)).toEqual({ partnerId: demoPartnerId });
        expect(await service.authenticate(`${rawKey}x`)).toBeNull();
        const list = await gql<{ apiKeys: { id: string }[] }>(sut.url, '{ apiKeys { id name prefix } }', undefined, auth.FULL_ADMIN);
        expect(JSON.stringify(list.data)).not.toContain(rawKey);
        await gql(sut.url, 'mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }', { id: apiKey.id }, auth.FULL_ADMIN);
        expect(await service.authenticate(rawKey)).toBeNull();
        const direct = await service.create(other.partnerId, 'other ingest');
        expect(await service.authenticate(direct)).toEqual({ partnerId: other.partnerId });
      });
    });

    describe('own organisation', () => {
      it('is set up once by a full admin who accepts the terms', async () => {
        const q = '{ myOrganization { name setUp setUpAt setUpByName termsVersion acceptedTermsVersion subscription { products customerCount } } }';
        const before = await gql<{ myOrganization: Record<string, unknown> }>(sut.url, q, undefined, auth.HELP_DESK);
        const customerCount = await registry.directory().count(CustomerDirectoryEntry, { partner: demoPartnerId });
        expect(before.data?.myOrganization).toMatchObject({ name: 'Demo Partner', setUp: false, setUpAt: null, acceptedTermsVersion: null, subscription: { customerCount } });
        const m = 'mutation($accept: Boolean!) { setUpMyOrganization(acceptTerms: $accept) { setUp setUpByName acceptedTermsVersion } }';
        expect((await gql(sut.url, m, { accept: true }, auth.READ_ONLY)).errors?.[0].extensions?.code).toBe(ErrorCode.Forbidden);
        expect((await gql(sut.url, m, { accept: false }, auth.FULL_ADMIN)).errors?.[0].extensions?.code).toBe(ErrorCode.BadUserInput);
        const done = await gql(sut.url, m, { accept: true }, auth.FULL_ADMIN);
        expect(done.data?.setUpMyOrganization).toMatchObject({ setUp: true, setUpByName: 'Fiona Full' });
        expect((await gql(sut.url, m, { accept: true }, auth.FULL_ADMIN)).errors?.[0].extensions?.code).toBe(ErrorCode.Conflict);
        expect((await events({ action: 'organization.setUp', outcome: 'SUCCESS' })).length).toBe(1);
        const otherOrg = await gql<{ myOrganization: { setUp: boolean; name: string } }>(sut.url, q, undefined, auth.OTHER);
        expect(otherOrg.data?.myOrganization).toMatchObject({ name: 'Other Partner', setUp: false });
      });
    });

    describe('tenancy', () => {
      /** One operation per Query field; the test fails when a new query is not listed here. */
      const QUERIES: Record<string, { query: string; variables?: () => Record<string, unknown>; check: (data: Record<string, unknown> | null | undefined, errors?: { extensions?: { code?: string } }[]) => void }> = {
        me: { query: '{ me { partnerId partnerName } }', check: (d) => expect(d?.me).toMatchObject({ partnerName: 'Other Partner' }) },
        mySessions: { query: '{ mySessions { id current } }', check: (d) => expect((d?.mySessions as unknown[]).length).toBe(1) },
        users: { query: '{ users { email } }', check: (d) => expect(d?.users).toEqual([{ email: 'full@other.example' }]) },
        allCustomerAdmins: { query: '{ allCustomerAdmins { email } }', check: (d) => expect(d?.allCustomerAdmins).toEqual([{ email: 'full@other.example' }]) },
        customerAdmins: {
          query: 'query($id: ID!) { customerAdmins(region: US, customerId: $id) { email } }',
          variables: () => ({ id: assigned }),
          check: (_d, errors) => expect(errors?.[0].extensions?.code).toBe(ErrorCode.NotFound),
        },
        apiKeys: { query: '{ apiKeys { name } }', check: (d) => expect(d?.apiKeys).toEqual([{ name: 'other ingest' }]) },
        auditEvents: {
          query: '{ auditEvents(first: 500) { events { actorEmail action } } }',
          check: (d) => {
            const list = (d?.auditEvents as { events: { actorEmail: string | null }[] }).events;
            expect(list.length).toBeGreaterThan(0);
            for (const event of list) expect([null, 'full@other.example']).toContain(event.actorEmail);
          },
        },
        myOrganization: { query: '{ myOrganization { partnerId name subscription { customerCount } } }', check: (d) => expect(d?.myOrganization).toMatchObject({ partnerId: other.partnerId, subscription: { customerCount: 1 } }) },
        regionSummary: {
          query: '{ us: regionSummary(region: US) { customerCount } eu: regionSummary(region: EU) { customerCount } }',
          check: (d) => expect(d).toEqual({ us: { customerCount: 1 }, eu: { customerCount: 0 } }),
        },
        customers: {
          query: '{ us: customers(region: US) { totalCount nodes { name } } eu: customers(region: EU) { totalCount } }',
          check: (d) => expect(d).toEqual({ us: { totalCount: 1, nodes: [{ name: 'Other Customer' }] }, eu: { totalCount: 0 } }),
        },
        customerAccount: {
          query: 'query($id: ID!) { customerAccount(region: US, customerId: $id) { orders { id } } }',
          variables: () => ({ id: assigned }),
          check: (_d, errors) => expect(errors?.[0].extensions?.code).toBe(ErrorCode.NotFound),
        },
        tags: { query: '{ tags { name } }', check: (d) => expect(d?.tags).toEqual([]) },
        savedViews: { query: '{ savedViews { id name ownerName } }', check: (d) => expect(d?.savedViews).toEqual([]) },
        customerListSettings: {
          query: '{ customerListSettings { expiringSoonDays noRecentActivityDays } }',
          check: (d) => expect(d?.customerListSettings).toEqual({ expiringSoonDays: 30, noRecentActivityDays: 30 }),
        },
        customerFacets: {
          query: '{ us: customerFacets(region: US) { total statuses { count } tags { tag { name } } } eu: customerFacets(region: EU) { total } }',
          check: (d) => {
            expect(d).toMatchObject({ us: { total: 1, tags: [] }, eu: { total: 0 } });
            expect((d?.us as { statuses: { count: number }[] }).statuses.reduce((sum, s) => sum + s.count, 0)).toBeLessThanOrEqual(8);
          },
        },
        customer: {
          query: 'query($id: ID!) { customer(region: US, id: $id) { name } }',
          variables: () => ({ id: assigned }),
          check: (d, errors) => {
            expect(errors?.[0].extensions?.code).toBe(ErrorCode.NotFound);
            expect(d?.customer ?? null).toBeNull();
          },
        },
        callingWeek: {
          query: '{ callingWeek(region: US) { weekStart } }',
          // Partner-independent: which week the region's rollup is for (no customer data).
          check: (d) => expect(d?.callingWeek).toMatchObject({ weekStart: expect.any(String) }),
        },
        callingUsage: {
          query: '{ callingUsage(region: US) { week { weekStart } customerCount customers { name } trend { activeUsers calls } } }',
          check: (d) => {
            const usage = d?.callingUsage as { week: unknown; customerCount: number; customers: unknown[]; trend: { activeUsers: number; calls: number }[] };
            expect(usage.week).not.toBeNull();
            expect([usage.customerCount, usage.customers]).toEqual([0, []]);
            for (const week of usage.trend) expect([week.activeUsers, week.calls]).toEqual([0, 0]);
          },
        },
        callingQuality: {
          query: '{ callingQuality(region: US) { customerCount customers { name } trend { legs } byEndpointType { legs } } }',
          check: (d) => {
            const quality = d?.callingQuality as { customerCount: number; customers: unknown[]; trend: { legs: number }[]; byEndpointType: { legs: number }[] };
            expect([quality.customerCount, quality.customers]).toEqual([0, []]);
            for (const row of [...quality.trend, ...quality.byEndpointType]) expect(row.legs).toBe(0);
          },
        },
        callingFeatures: {
          query: '{ callingFeatures(region: US) { customerCount features { calls } } }',
          check: (d) => {
            const features = d?.callingFeatures as { customerCount: number; features: { calls: number }[] };
            expect(features.customerCount).toBe(0);
            for (const row of features.features) expect(row.calls).toBe(0);
          },
        },
        callQueueInsights: {
          query: '{ callQueueInsights(region: US) { customerCount customers { name } abandonRate averageTimeToAnswerSeconds } }',
          check: (d) => expect(d?.callQueueInsights).toEqual({ customerCount: 0, customers: [], abandonRate: null, averageTimeToAnswerSeconds: null }),
        },
        reportTemplates: {
          query: '{ reportTemplates { key } }',
          check: (d) => expect((d?.reportTemplates as { key: string }[]).map((t) => t.key).sort()).toEqual(['call-detail', 'call-history', 'devices', 'other-secret', 'phone-numbers']),
        },
        reportKinds: {
          query: '{ reportKinds(locale: "nl") { key columns { id } } }',
          check: (d) => expect((d?.reportKinds as { key: string }[]).map((k) => k.key).sort()).toEqual(['call-detail', 'call-history', 'devices', 'phone-numbers']),
        },
        reportRuns: { query: '{ reportRuns { id } }', check: (d) => expect(d?.reportRuns).toEqual([]) },
        reportSchedules: { query: '{ reportSchedules { id } }', check: (d) => expect(d?.reportSchedules).toEqual([]) },
        reportRegions: { query: '{ reportRegions }', check: (d) => expect(d?.reportRegions).toEqual(['US']) },
        reportRun: {
          query: 'query($id: ID!) { reportRun(id: $id) { id } }',
          variables: () => ({ id: demoRunId }),
          check: (d, errors) => {
            expect(errors?.[0].extensions?.code).toBe(ErrorCode.NotFound);
            expect(d?.reportRun ?? null).toBeNull();
          },
        },
        resources: {
          query: '{ resources(locale: "nl", search: "partner") { quickLinks { id } featured { id } results { id title url } } }',
          check: (d) => expect((d?.resources as { results: unknown[] }).results.length).toBeGreaterThan(0),
        },
        helpdeskRequests: { query: '{ helpdeskRequests { id subject userEmail } }', check: (d) => expect(d?.helpdeskRequests).toEqual([]) },
        helpdeskContacts: {
          query: '{ helpdeskContacts(locale: "en") { email phones { number } } }',
          check: (d) => expect((d?.helpdeskContacts as unknown[]).length).toBeGreaterThan(0),
        },
        licenseKpis: {
          query: '{ us: licenseKpis(region: US) { totalCustomers expiringSoon renewingSoon lowAssignment overage } eu: licenseKpis(region: EU) { totalCustomers } }',
          check: (d) => expect(d).toEqual({ us: { totalCustomers: 0, expiringSoon: 0, renewingSoon: 0, lowAssignment: 0, overage: 0 }, eu: { totalCustomers: 0 } }),
        },
        licenseTrend: {
          query: '{ us: licenseTrend(region: US, product: MEETINGS) { weekStart } eu: licenseTrend(region: EU, product: CALLING) { weekStart } }',
          check: (d) => expect(d).toEqual({ us: [], eu: [] }),
        },
        licenseSection: {
          query: `{ ${['RECENTLY_ADDED', 'EXPIRING', 'RENEWING', 'LOW_ASSIGNMENT', 'OVERAGE'].map((s) => `${s}: licenseSection(region: EU, product: MEETINGS, section: ${s}) { totalCount kpis { customers licenses } rows { customerName } }`).join(' ')} }`,
          check: (d) => {
            for (const page of Object.values(d ?? {})) expect(page).toEqual({ totalCount: 0, kpis: { customers: 0, licenses: 0 }, rows: [] });
            expect(Object.keys(d ?? {})).toHaveLength(5);
          },
        },
      };

      // Roll up the demo partner's call legs so the calling queries have something to leak.
      beforeAll(async () => {
        await sut.app.get(CallingRollupService).run();
      });

      /** A report run and a custom template of the demo partner (the tenancy checks look them up as the other partner). */
      let demoRunId: string;
      /** A saved view the demo partner's full admin shared (savedViews and its mutations must not reach it from the other partner). */
      let demoViewId: string;
      let demoTemplateId: string;
      beforeAll(async () => {
        const em = registry.directory();
        const run = em.create(ReportRun, {
          partner: em.getReference(Partner, demoPartnerId), templateId: demoPartnerId, templateName: 'Devices', kind: 'devices', region: 'US',
          locale: 'en', headers: 'labels', createdById: demoPartnerId, createdByEmail: 'full@demo.example', expiresAt: new Date(Date.now() + 86_400_000),
        });
        em.create(ReportSchedule, {
          partner: em.getReference(Partner, demoPartnerId), templateId: demoPartnerId, templateName: 'Devices', region: 'US', locale: 'en', headers: 'labels',
          frequency: 'WEEKLY', timeOfDay: '09:00', weekday: 1, timeZone: 'UTC', ownerId: demoPartnerId, ownerEmail: 'full@demo.example', nextRunAt: new Date(Date.now() + 86_400_000),
        });
        const full = await em.findOneOrFail(PartnerUser, { email: 'full@demo.example' });
        demoViewId = em.create(SavedView, { partnerId: demoPartnerId, owner: full, name: 'Demo shared view', nameKey: 'demo shared view', query: 'status=TRIAL', shared: true }).id;
        const template = em.create(ReportTemplate, {
          partner: em.getReference(Partner, demoPartnerId), key: 'custom:demo-secret', name: 'Demo partner template', nameKey: 'demo partner template', baseKey: 'devices', columns: ['mac'],
        });
        await em.flush();
        demoRunId = run.id;
        demoTemplateId = template.id;
      });

      it('covers every Query field', async () => {
        const schema = await buildSchema();
        expect(Object.keys(schema.getQueryType()!.getFields()).sort()).toEqual(Object.keys(QUERIES).sort());
      });

      it.each(Object.keys(QUERIES))("shows another partner's admin nothing of the demo partner through %s", async (field) => {
        const spec = QUERIES[field];
        const response = await gql(sut.url, spec.query, spec.variables?.(), auth.OTHER);
        spec.check(response.data, response.errors);
        expect(JSON.stringify(response.data ?? {})).not.toMatch(/demo\.example|Demo Partner/);
      });

      it("exports only the own partner's audit events as CSV", async () => {
        const csv = await (await fetch(`${sut.url}/api/audit.csv`, { headers: auth.OTHER })).text();
        expect(csv).toContain('full@other.example');
        expect(csv).not.toMatch(/demo\.example/);
      });

      it("hides the other partner's template from the demo partner", async () => {
        const response = await gql<{ reportTemplates: { key: string }[] }>(sut.url, '{ reportTemplates { key } }', undefined, auth.READ_ONLY);
        expect(response.data?.reportTemplates.map((t) => t.key)).not.toContain('other-secret');
      });

      it("answers NOT_FOUND for mutations on the demo partner's users (role, password reset), sessions, keys and customers", async () => {
        const em = registry.directory();
        const demoUser = await em.findOneOrFail(PartnerUser, { email: 'admin@demo.example' });
        const demoSession = await em.findOneOrFail(Session, { user: demoUser.id }, { orderBy: { createdAt: 'desc' } });
        const demoKey = await em.findOneOrFail(PartnerApiKey, { partner: demoPartnerId }, { orderBy: { createdAt: 'desc' } });
        const attempts: [string, Record<string, unknown>][] = [
          ['mutation($id: ID!) { changeUserRole(userId: $id, role: FULL_ADMIN) { id } }', { id: demoUser.id }],
          ['mutation($id: ID!) { resetUserPassword(userId: $id) { url } }', { id: demoUser.id }],
          ['mutation($id: ID!) { revokeSession(id: $id) }', { id: demoSession.id }],
          ['mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: demoKey.id }],
          ['mutation($input: CustomerAdminInput!) { assignCustomerAdmin(input: $input) { id } }', { input: { region: 'US', customerId: assigned, userId: other.userId } }],
          ['mutation($input: CustomerAdminInput!) { unassignCustomerAdmin(input: $input) { id } }', { input: { region: 'US', customerId: assigned, userId: demoUser.id } }],
          ['mutation($input: UpdateSavedViewInput!) { updateSavedView(input: $input) { id } }', { input: { id: demoViewId, name: 'Taken over' } }],
          ['mutation($id: ID!) { deleteSavedView(id: $id) }', { id: demoViewId }],
          ['mutation($input: UpdateReportTemplateInput!) { updateReportTemplate(input: $input) { id } }', { input: { id: demoTemplateId, name: 'Taken over', baseKey: 'devices', columns: ['mac'] } }],
          ['mutation($id: ID!) { deleteReportTemplate(id: $id) }', { id: demoTemplateId }],
          ['mutation($id: ID!) { cancelReportRun(id: $id) { id } }', { id: demoRunId }],
        ];
        for (const [mutation, variables] of attempts) {
          const response = await gql(sut.url, mutation, variables, auth.OTHER);
          expect(response.errors?.[0].extensions?.code, mutation).toBe(ErrorCode.NotFound);
        }
        expect((await em.findOneOrFail(PartnerUser, { id: demoUser.id })).role).toBe('ADMIN');
        expect((await em.findOneOrFail(PartnerUser, { id: demoUser.id })).passwordHash).not.toBeNull();
        expect((await em.findOneOrFail(SavedView, { id: demoViewId })).name).toBe('Demo shared view');
        expect((await em.findOneOrFail(ReportTemplate, { id: demoTemplateId }, { refresh: true })).name).toBe('Demo partner template');
        expect((await em.findOneOrFail(ReportRun, { id: demoRunId }, { refresh: true })).status).toBe('RUNNING');
      });
    });
  });
});
