import 'reflect-metadata';
import { ErrorCode, REGIONS, type Region } from '@ph/contracts';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuditEvent } from '../audit/audit-event.entity';
import { RegionStores } from '../database/stores';
import { seedDemo } from '../demo/demo-seed';
import { createTestStores, gql, rawQuery, signIn, startApp, testConfig, type RunningApp, type TestStores } from '../test/harness';
import { REPORT_COLUMNS } from './columns';
import { ReportRunsService } from './report-runs.service';

const dialects = inject('dialects');

const TEMPLATES = '{ reportTemplates { id key name kind custom baseKey columns customers { id name region } tagIds tags { id name } from to canEdit } }';
const CREATE = 'mutation($input: CreateReportTemplateInput!) { createReportTemplate(input: $input) { id key name kind custom columns tagIds tags { id name } customers { id } canEdit } }';
const UPDATE = 'mutation($input: UpdateReportTemplateInput!) { updateReportTemplate(input: $input) { id name columns tagIds } }';
const DELETE = 'mutation($id: ID!) { deleteReportTemplate(id: $id) }';
const RUN = 'mutation($input: RunReportInput!) { runReport(input: $input) { id } }';
const RUNS = '{ reportRuns { id status rows downloadUrl } }';

interface Template {
  id: string;
  key: string;
  name: string;
  kind: string;
  custom: boolean;
  columns: string[] | null;
  customers: { id: string; name: string; region: string }[] | null;
  tagIds: string[] | null;
  tags: { id: string; name: string }[] | null;
  canEdit: boolean;
}

describe('report templates: custom templates with customer and tag filters', () => {
  describe.each(dialects)('on %s', (dialect) => {
    let stores: TestStores;
    let sut: RunningApp;
    const auth: Record<string, Record<string, string>> = {};
    let defaults: Record<string, string>;
    let partnerId: string;
    /** Customer ids and regions of the demo partner, and the ones assigned to admin@. */
    let customers: { id: string; region: Region }[];
    let adminCustomers: string[];
    let gold: string;
    let silver: string;
    let goldCustomers: string[];
    let silverCustomers: string[];

    const create = async (who: string, input: Record<string, unknown>) => {
      const response = await gql<{ createReportTemplate: Template }>(sut.url, CREATE, { input }, auth[who]);
      expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
      return response.data!.createReportTemplate;
    };

    /** Runs a template for every region of the runner's customers; returns the parsed file (header first) and the run's row count. */
    const generate = async (who: string, templateId: string, input: Record<string, unknown> = { allRegions: true }) => {
      const started = await gql<{ runReport: { id: string } }>(sut.url, RUN, { input: { templateId, locale: 'en', headers: 'IDS', ...input } }, auth[who]);
      expect(started.errors, JSON.stringify(started.errors)).toBeUndefined();
      await sut.app.get(ReportRunsService).idle();
      const run = (await gql<{ reportRuns: { id: string; status: string; rows: number; downloadUrl: string }[] }>(sut.url, RUNS, undefined, auth[who])).data!.reportRuns.find(
        (r) => r.id === started.data!.runReport.id,
      )!;
      expect(run.status).toBe('SUCCEEDED');
      const text = await (await fetch(`${sut.url}${run.downloadUrl}`, { headers: auth[who] })).text();
      return { records: parse(text) as string[][], rows: run.rows };
    };

    /** Devices (org id, MAC) of the given customers, read from each region's own store. */
    const devicesOf = async (ids: readonly string[]) => {
      const rows: string[] = [];
      for (const region of REGIONS) {
        const mine = customers.filter((c) => c.region === region && ids.includes(c.id)).map((c) => c.id);
        if (mine.length === 0) continue;
        const found = await rawQuery<{ customer_id: string; mac: string }>(stores.databases[region], `select customer_id, mac from device where customer_id in (${mine.map(() => '?').join(', ')})`, mine);
        rows.push(...found.map((d) => `${d.customer_id}|${d.mac}`));
      }
      return rows.sort();
    };

    beforeAll(async () => {
      stores = await createTestStores(dialect);
      sut = await startApp(testConfig(stores));
      await seedDemo(sut.app.get(RegionStores), { customers: 60, weeks: 1, seed: 11, callLegs: 3000 });
      for (const who of ['full', 'admin', 'readonly', 'salesfull', 'sales', 'helpdesk']) auth[who] = (await signIn(sut.url, `${who}@demo.example`)).auth;
      const list = await gql<{ reportTemplates: Template[] }>(sut.url, TEMPLATES, undefined, auth.full);
      defaults = Object.fromEntries(list.data!.reportTemplates.map((t) => [t.key, t.id]));
      partnerId = (await rawQuery<{ id: string }>(stores.databases.directory, "select id from partner where name = 'Demo Partner'"))[0].id;
      customers = await rawQuery<{ id: string; region: Region }>(stores.databases.directory, 'select id, region from customer_directory_entry where partner_id = ? order by id', [partnerId]);
      adminCustomers = (
        await rawQuery<{ id: string }>(
          stores.databases.directory,
          "select a.customer_id as id from customer_admin_assignment a join partner_user u on u.id = a.user_id where u.email = 'admin@demo.example' order by a.customer_id",
        )
      ).map((r) => r.id);
      expect(adminCustomers.length).toBeGreaterThan(0);
      // Gold: the first two customers of every region and the scoped admin's first; Silver: one more with devices, outside the admin's scope.
      const withDevices = new Set<string>();
      for (const region of REGIONS) {
        for (const row of await rawQuery<{ id: string }>(stores.databases[region], 'select distinct customer_id as id from device')) withDevices.add(row.id);
      }
      const notAdmin = customers.filter((c) => !adminCustomers.includes(c.id));
      goldCustomers = [...new Set([...REGIONS.flatMap((region) => notAdmin.filter((c) => c.region === region).slice(0, 2).map((c) => c.id)), adminCustomers[0]!])];
      silverCustomers = [notAdmin.filter((c) => !goldCustomers.includes(c.id) && withDevices.has(c.id))[0]!.id];
      const tag = async (name: string, ids: string[]) => {
        const created = await gql<{ createTag: { id: string } }>(sut.url, 'mutation($input: CreateTagInput!) { createTag(input: $input) { id } }', { input: { name, color: '#aa8800' } }, auth.full);
        const id = created.data!.createTag.id;
        for (const region of REGIONS) {
          const here = customers.filter((c) => c.region === region && ids.includes(c.id)).map((c) => c.id);
          if (here.length === 0) continue;
          const assigned = await gql(sut.url, 'mutation($input: TagCustomersInput!) { assignTag(input: $input) }', { input: { region, tagId: id, customerIds: here } }, auth.full);
          expect(assigned.errors).toBeUndefined();
        }
        return id;
      };
      gold = await tag('Gold', goldCustomers);
      silver = await tag('Silver', silverCustomers);
    });

    afterAll(async () => {
      await sut?.app.close();
      await stores?.cleanup();
    });

    it('runs a tag-filtered template over every region: exactly the devices of customers carrying any of its tags', async () => {
      const template = await create('full', { name: 'Tagged devices', baseKey: 'devices', columns: ['customer_org_id', 'mac'], tagIds: [gold, silver] });
      expect(template).toMatchObject({ kind: 'devices', custom: true, columns: ['customer_org_id', 'mac'], tagIds: [gold, silver], canEdit: true });
      expect(template.tags!.map((t) => t.name).sort()).toEqual(['Gold', 'Silver']);
      const file = await generate('full', template.id);
      expect(file.records[0]).toEqual(['customer_org_id', 'mac']);
      const expected = await devicesOf([...goldCustomers, ...silverCustomers]);
      expect(expected.length).toBeGreaterThan(0);
      expect(file.records.slice(1).map(([org, mac]) => `${org}|${mac}`).sort()).toEqual(expected);
      expect(file.rows).toBe(expected.length);
    });

    it('intersects the customer filter with the tag filter', async () => {
      const tagged = goldCustomers[0]!;
      const untagged = customers.find((c) => !goldCustomers.includes(c.id) && !silverCustomers.includes(c.id))!.id;
      const template = await create('full', { name: 'Gold among two', baseKey: 'devices', columns: ['customer_org_id', 'mac'], customerIds: [tagged, untagged], tagIds: [gold] });
      const file = await generate('full', template.id);
      expect(file.records.slice(1).map(([org, mac]) => `${org}|${mac}`).sort()).toEqual(await devicesOf([tagged]));
    });

    it("gives a scoped partner admin only their own customers, whoever made the template; the full admin's run of the admin's template is not narrowed", async () => {
      const mine = await create('admin', { name: 'My gold', baseKey: 'devices', columns: ['customer_org_id', 'mac'], tagIds: [gold] });
      expect(mine.canEdit).toBe(true);
      const asAdmin = await generate('admin', mine.id);
      const allowed = goldCustomers.filter((id) => adminCustomers.includes(id));
      expect(allowed.length).toBeGreaterThan(0);
      expect(asAdmin.records.slice(1).map(([org, mac]) => `${org}|${mac}`).sort()).toEqual(await devicesOf(allowed));
      for (const [org] of asAdmin.records.slice(1)) expect(adminCustomers).toContain(org);
      const asFull = await generate('full', mine.id);
      expect(asFull.records.slice(1).map(([org, mac]) => `${org}|${mac}`).sort()).toEqual(await devicesOf(goldCustomers));
      // The full admin's template, run by the scoped admin, is narrowed to the admin's customers too.
      const fullTemplate = (await gql<{ reportTemplates: Template[] }>(sut.url, TEMPLATES, undefined, auth.admin)).data!.reportTemplates.find((t) => t.name === 'Tagged devices')!;
      expect(fullTemplate.canEdit).toBe(false);
      const narrowed = await generate('admin', fullTemplate.id);
      expect(narrowed.records.slice(1).map(([org, mac]) => `${org}|${mac}`).sort()).toEqual(await devicesOf(allowed));
    });

    it('writes Detailed call history cells (times, media, quality, feature) as the legs in the database say', async () => {
      const to = new Date(Date.now() + 86_400_000);
      const from = new Date(to.getTime() - 30 * 86_400_000);
      const file = await generate('full', defaults['call-history']!, { region: 'US', from, to });
      const bind = (d: Date) => (dialect === 'sqlite' ? String(d.getTime()) : d.toISOString());
      const legs = await rawQuery<Record<string, unknown>>(
        stores.databases.US,
        `select l.*, c.name as customer_name from call_leg l join customer c on c.id = l.customer_id where c.partner_id = ? and l.started_at >= ? and l.started_at < ?`,
        [partnerId, bind(from), bind(to)],
      );
      expect(legs.length).toBeGreaterThan(0);
      const truthy = (v: unknown) => v === true || v === 1;
      const n = (v: unknown) => (v === null || v === undefined ? '' : String(Number(v)));
      const expected = legs.map((l) => {
        const video = truthy(l.video);
        const poor = ['audio', 'video'].some((m) => Number(l[`${m}_jitter_ms`] ?? 0) > 150 || Number(l[`${m}_latency_ms`] ?? 0) > 400 || Number(l[`${m}_loss_pct`] ?? 0) > 5);
        const feature = truthy(l.call_queue) ? 'CALL_QUEUE' : truthy(l.hunt_group) ? 'HUNT_GROUP' : truthy(l.auto_attendant) ? 'AUTO_ATTENDANT' : '';
        return [
          l.customer_name,
          l.customer_id,
          '',
          new Date(l.started_at instanceof Date ? l.started_at : Number(l.started_at)).toISOString(),
          String(l.duration_seconds),
          l.direction,
          l.endpoint_type,
          video ? 'VIDEO' : 'AUDIO',
          n(video ? l.video_jitter_ms : l.audio_jitter_ms),
          n(video ? l.video_latency_ms : l.audio_latency_ms),
          n(video ? l.video_loss_pct : l.audio_loss_pct),
          String(poor),
          feature,
          (l.queue_outcome as string | null) ?? '',
        ].join('|');
      });
      expect(file.records[0]).toEqual(REPORT_COLUMNS['call-history'].map((c) => c.id));
      expect(file.records.slice(1).map((r) => r.join('|')).sort()).toEqual(expected.sort());
    });

    it('refuses bad input with field-level reasons', async () => {
      const reasons = async (input: Record<string, unknown>) => {
        const response = await gql(sut.url, CREATE, { input }, auth.full);
        expect([ErrorCode.BadUserInput, ErrorCode.Conflict]).toContain(response.errors?.[0].extensions?.code);
        return response.errors![0].extensions!.fields!.map((f) => `${f.field}:${f.reason}${f.params ? JSON.stringify(f.params) : ''}`);
      };
      const day = 86_400_000;
      expect(await reasons({ name: 'A', baseKey: 'call-history', columns: ['customer', 'nope'] })).toEqual(['input.columns:unknownColumn{"column":"nope"}']);
      expect(await reasons({ name: 'A', baseKey: 'call-history', columns: [] })).toEqual(['input.columns:required']);
      expect(await reasons({ name: 'A', baseKey: 'call-detail', columns: ['org_id'], from: new Date(), to: new Date(Date.now() - day) })).toEqual(['input.to:periodReversed']);
      expect(await reasons({ name: 'A', baseKey: 'call-history', columns: ['org_id'], from: new Date(Date.now() - 40 * day), to: new Date() })).toEqual(['input.to:periodTooLong{"max":31}']);
      expect(await reasons({ name: 'A', baseKey: 'devices', columns: ['mac'], from: new Date(Date.now() - day), to: new Date() })).toEqual(['input.from:periodNotAllowed']);
      expect(await reasons({ name: ' tagged DEVICES ', baseKey: 'devices', columns: ['mac'] })).toEqual(['input.name:duplicateName']);
      expect(await reasons({ name: 'apparaten', baseKey: 'devices', columns: ['mac'] })).toEqual(['input.name:duplicateName']);
      expect(await reasons({ name: '  ', baseKey: 'devices', columns: ['mac'] })).toEqual(['input.name:required']);
      expect(await reasons({ name: 'A', baseKey: 'nope', columns: ['mac'] })).toEqual(['input.baseKey:unknownTemplate']);
      expect(await reasons({ name: 'A', baseKey: 'devices', columns: ['mac'], tagIds: ['00000000-0000-4000-8000-000000000000'] })).toEqual([
        'input.tagIds:unknownTag{"id":"00000000-0000-4000-8000-000000000000"}',
      ]);
      const outOfScope = customers.find((c) => !adminCustomers.includes(c.id))!.id;
      const response = await gql(sut.url, CREATE, { input: { name: 'A', baseKey: 'devices', columns: ['mac'], customerIds: [outOfScope] } }, auth.admin);
      expect(response.errors?.[0].extensions?.fields).toEqual([{ field: 'input.customerIds', reason: 'unknownCustomer', params: { id: outOfScope } }]);
      const names = (await gql<{ reportTemplates: Template[] }>(sut.url, TEMPLATES, undefined, auth.full)).data!.reportTemplates.map((t) => t.name);
      expect(names.filter((name) => name === 'A')).toEqual([]);
    });

    it('lets full and partner admins manage templates (partner admins only their own) and refuses the other roles, every denial audited', async () => {
      const events = (where: Record<string, unknown>) => sut.app.get(RegionStores).directory().find(AuditEvent, where);
      for (const who of ['readonly', 'salesfull', 'sales', 'helpdesk']) {
        const denied = await gql(sut.url, CREATE, { input: { name: `By ${who}`, baseKey: 'devices', columns: ['mac'] } }, auth[who]);
        expect(denied.errors?.[0].extensions?.code, who).toBe(ErrorCode.Forbidden);
      }
      expect(await events({ action: 'Mutation.createReportTemplate', outcome: 'DENIED' })).toHaveLength(4);
      const fullTemplate = (await gql<{ reportTemplates: Template[] }>(sut.url, TEMPLATES, undefined, auth.full)).data!.reportTemplates.find((t) => t.name === 'Tagged devices')!;
      const update = { id: fullTemplate.id, name: 'Hijacked', baseKey: 'devices', columns: ['mac'] };
      expect((await gql(sut.url, UPDATE, { input: update }, auth.admin)).errors?.[0].extensions?.code).toBe(ErrorCode.Forbidden);
      expect((await gql(sut.url, DELETE, { id: fullTemplate.id }, auth.admin)).errors?.[0].extensions?.code).toBe(ErrorCode.Forbidden);
      expect((await gql(sut.url, UPDATE, { input: { ...update, id: defaults.devices } }, auth.full)).errors?.[0].extensions?.code).toBe(ErrorCode.Forbidden);
      expect((await gql(sut.url, DELETE, { id: '00000000-0000-4000-8000-000000000000' }, auth.full)).errors?.[0].extensions?.code).toBe(ErrorCode.NotFound);
      const denials = await events({ targetType: 'reportTemplate', outcome: 'DENIED' });
      expect(denials.map((e) => `${e.action}:${e.reason}`).sort()).toEqual([
        'reports.template.delete:FORBIDDEN',
        'reports.template.delete:NOT_FOUND',
        'reports.template.update:FORBIDDEN',
        'reports.template.update:FORBIDDEN',
      ]);
      // Nothing was lost.
      expect((await gql<{ reportTemplates: Template[] }>(sut.url, TEMPLATES, undefined, auth.full)).data!.reportTemplates.find((t) => t.id === fullTemplate.id)!.name).toBe('Tagged devices');
    });

    it('edits a template (its schedules follow the new name) and deletes it once no schedule runs it, audited with before and after', async () => {
      const template = await create('admin', { name: 'Mine to edit', baseKey: 'call-history', columns: ['org_id', 'start_time_utc'] });
      const schedule = await gql<{ createReportSchedule: { id: string } }>(
        sut.url,
        'mutation($input: CreateReportScheduleInput!) { createReportSchedule(input: $input) { id } }',
        { input: { templateId: template.id, region: 'US', locale: 'en', frequency: 'DAILY', timeOfDay: '07:00', timeZone: 'UTC' } },
        auth.admin,
      );
      expect(schedule.errors, JSON.stringify(schedule.errors)).toBeUndefined();
      const from = new Date('2026-01-01T00:00:00Z');
      const to = new Date('2026-01-08T00:00:00Z');
      const updated = await gql<{ updateReportTemplate: { id: string; name: string; columns: string[]; tagIds: string[] | null } }>(
        sut.url,
        UPDATE,
        { input: { id: template.id, name: 'Edited', baseKey: 'call-history', columns: ['start_time_utc', 'org_id', 'media'], tagIds: [gold], from, to } },
        auth.admin,
      );
      expect(updated.errors).toBeUndefined();
      expect(updated.data!.updateReportTemplate).toMatchObject({ id: template.id, name: 'Edited', columns: ['start_time_utc', 'org_id', 'media'], tagIds: [gold] });
      const schedules = await gql<{ reportSchedules: { id: string; templateName: string }[] }>(sut.url, '{ reportSchedules { id templateName } }', undefined, auth.admin);
      expect(schedules.data!.reportSchedules.find((s) => s.id === schedule.data!.createReportSchedule.id)!.templateName).toBe('Edited');
      const inUse = await gql(sut.url, DELETE, { id: template.id }, auth.admin);
      expect(inUse.errors?.[0].extensions).toMatchObject({ code: ErrorCode.BadUserInput, fields: [{ field: 'id', reason: 'templateInUse', params: { count: 1 } }] });
      expect((await gql(sut.url, 'mutation($id: ID!) { deleteReportSchedule(id: $id) }', { id: schedule.data!.createReportSchedule.id }, auth.admin)).errors).toBeUndefined();
      expect((await gql<{ deleteReportTemplate: boolean }>(sut.url, DELETE, { id: template.id }, auth.admin)).data?.deleteReportTemplate).toBe(true);
      const list = (await gql<{ reportTemplates: Template[] }>(sut.url, TEMPLATES, undefined, auth.admin)).data!.reportTemplates;
      expect(list.map((t) => t.id)).not.toContain(template.id);
      const audit = await sut.app.get(RegionStores).directory().find(AuditEvent, { targetId: template.id, outcome: 'SUCCESS' }, { orderBy: { id: 'asc' } });
      expect(audit.map((e) => e.action)).toEqual(['reports.template.create', 'reports.template.update', 'reports.template.delete']);
      expect(audit[1]!.before).toMatchObject({ name: 'Mine to edit', columns: ['org_id', 'start_time_utc'], tagIds: null });
      expect(audit[1]!.after).toMatchObject({ name: 'Edited', tagIds: [gold], from: from.toISOString(), to: to.toISOString() });
    });

    it('lists filters as the user may see them and the kinds with headers in the chosen language', async () => {
      const outOfScope = customers.find((c) => !adminCustomers.includes(c.id))!;
      const both = await create('full', { name: 'Two customers', baseKey: 'devices', columns: ['mac'], customerIds: [outOfScope.id, adminCustomers[0]] });
      expect(both.customers!.map((c) => c.id).sort()).toEqual([outOfScope.id, adminCustomers[0]].sort());
      const seenByAdmin = (await gql<{ reportTemplates: Template[] }>(sut.url, TEMPLATES, undefined, auth.admin)).data!.reportTemplates.find((t) => t.id === both.id)!;
      expect(seenByAdmin.customers!.map((c) => c.id)).toEqual([adminCustomers[0]]);
      const kinds = await gql<{ reportKinds: { key: string; periodAllowed: boolean; maxPeriodDays: number | null; columns: { id: string; header: string }[] }[] }>(
        sut.url,
        '{ reportKinds(locale: "nl") { key periodAllowed maxPeriodDays columns { id header } } }',
        undefined,
        auth.helpdesk,
      );
      const history = kinds.data!.reportKinds.find((k) => k.key === 'call-history')!;
      expect(history).toMatchObject({ periodAllowed: true, maxPeriodDays: 31 });
      expect(history.columns.find((c) => c.id === 'start_time_utc')!.header).toBe('Starttijd (UTC)');
      expect(kinds.data!.reportKinds.find((k) => k.key === 'devices')).toMatchObject({ periodAllowed: false, maxPeriodDays: null });
    });

    it('matches nobody once a tag of the filter is deleted (the filter never turns into "everyone")', async () => {
      const template = await create('full', { name: 'Silver only', baseKey: 'devices', columns: ['customer_org_id'], tagIds: [silver] });
      expect((await generate('full', template.id)).rows).toBeGreaterThan(0);
      expect((await gql(sut.url, 'mutation($id: ID!) { deleteTag(id: $id) }', { id: silver }, auth.full)).errors).toBeUndefined();
      const listed = (await gql<{ reportTemplates: Template[] }>(sut.url, TEMPLATES, undefined, auth.full)).data!.reportTemplates.find((t) => t.id === template.id)!;
      expect(listed).toMatchObject({ tagIds: [silver], tags: [] });
      const file = await generate('full', template.id);
      expect(file.rows).toBe(0);
      expect(file.records).toEqual([['customer_org_id']]);
    });
  });
});
