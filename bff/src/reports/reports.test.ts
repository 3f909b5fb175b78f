import 'reflect-metadata';
import { ErrorCode, REGIONS } from '@ph/contracts';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuditEvent } from '../audit/audit-event.entity';
import { RegionStores } from '../database/stores';
import { seedDemo } from '../demo/demo-seed';
import { createTestStores, gql, rawQuery, signIn, startApp, testConfig, type RunningApp, type TestStores } from '../test/harness';
import { REPORT_COLUMNS } from './columns';
import { ReportRun } from './report-run.entity';
import { ReportRunsService } from './report-runs.service';

const dialects = inject('dialects');

const RUN = `mutation($input: RunReportInput!) { runReport(input: $input) { id status templateName downloadUrl } }`;
const RUNS = `{ reportRuns { id status rows bytes createdBy templateName region downloadUrl } }`;

interface Run {
  id: string;
  status: string;
  rows: number;
  bytes: number | null;
  createdBy: string;
  templateName: string;
  downloadUrl: string | null;
}

describe('reports: generate now, runs and downloads', () => {
  describe.each(dialects)('on %s', (dialect) => {
    let stores: TestStores;
    let sut: RunningApp;
    let templates: Record<string, string>;
    const auth: Record<string, Record<string, string>> = {};
    let partnerId: string;

    beforeAll(async () => {
      stores = await createTestStores(dialect);
      sut = await startApp(testConfig(stores));
      await seedDemo(sut.app.get(RegionStores), { customers: 60, weeks: 2, seed: 7, callLegs: 3000 });
      for (const who of ['full', 'admin', 'readonly', 'helpdesk', 'sales']) auth[who] = (await signIn(sut.url, `${who}@demo.example`)).auth;
      const list = await gql<{ reportTemplates: { id: string; key: string }[] }>(sut.url, '{ reportTemplates { id key } }', undefined, auth.full);
      templates = Object.fromEntries(list.data!.reportTemplates.map((t) => [t.key, t.id]));
      partnerId = (await rawQuery<{ id: string }>(stores.databases.directory, "select id from partner where name = 'Demo Partner'"))[0].id;
    });

    afterAll(async () => {
      await sut?.app.close();
      await stores?.cleanup();
    });

    async function generate(who: string, input: Record<string, unknown>): Promise<Run> {
      const started = await gql<{ runReport: Run }>(sut.url, RUN, { input }, auth[who]);
      expect(started.errors).toBeUndefined();
      expect(started.data!.runReport.status).toBe('RUNNING');
      await sut.app.get(ReportRunsService).idle();
      const runs = await gql<{ reportRuns: Run[] }>(sut.url, RUNS, undefined, auth[who]);
      return runs.data!.reportRuns.find((r) => r.id === started.data!.runReport.id)!;
    }

    async function download(run: Run, who: string): Promise<{ name: string; records: string[][]; bytes: number }> {
      const response = await fetch(`${sut.url}${run.downloadUrl}`, { headers: auth[who] });
      expect(response.status).toBe(200);
      const text = await response.text();
      const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')![1];
      return { name, records: parse(text, { bom: false }) as string[][], bytes: Buffer.byteLength(text) };
    }

    it.each(REGIONS)('writes the %s Devices inventory with Dutch headers, one row per device of the partner, and serves it by session', async (region) => {
      const run = await generate('full', { templateId: templates.devices, region, locale: 'nl' });
      const devices = await rawQuery<{ id: string; mac: string }>(
        stores.databases[region],
        'select d.id, d.mac from device d join customer c on c.id = d.customer_id where c.partner_id = ? order by d.id',
        [partnerId],
      );
      expect(run).toMatchObject({ status: 'SUCCEEDED', rows: devices.length, createdBy: 'full@demo.example', templateName: 'Devices' });
      const file = await download(run, 'full');
      expect(file.bytes).toBe(run.bytes);
      expect(file.name).toMatch(new RegExp(`^Devices_[A-Za-z0-9]+_${new Date().toISOString().slice(0, 10)}\\.csv$`));
      expect(file.records[0]).toEqual(REPORT_COLUMNS.devices.map((c) => c.nl));
      expect(file.records.length - 1).toBe(devices.length);
      expect(file.records.slice(1).map((r) => r[6]).sort()).toEqual(devices.map((d) => d.mac).sort());
    });

    it('writes the Phone numbers inventory with machine-stable column ids, E.164 numbers as they are', async () => {
      const run = await generate('full', { templateId: templates['phone-numbers'], region: 'EU', locale: 'en', headers: 'IDS' });
      const numbers = await rawQuery<{ e164: string | null }>(
        stores.databases.EU,
        'select p.e164 from phone_number p join customer c on c.id = p.customer_id where c.partner_id = ?',
        [partnerId],
      );
      const file = await download(run, 'full');
      expect(file.records[0]).toEqual(REPORT_COLUMNS['phone-numbers'].map((c) => c.id));
      expect(file.records.length - 1).toBe(numbers.length);
      expect(file.records.slice(1).map((r) => r[6]).filter(Boolean).sort()).toEqual(numbers.map((n) => n.e164).filter(Boolean).sort());
    });

    it('writes Detailed call history (one row per leg in the period) and Call detail (one row per customer)', async () => {
      const from = new Date(Date.now() - 10 * 86_400_000);
      const to = new Date();
      const history = await generate('full', { templateId: templates['call-history'], region: 'US', locale: 'en', from, to });
      const bind = (d: Date) => (dialect === 'sqlite' ? String(d.getTime()) : d.toISOString());
      const legs = await rawQuery<{ n: string | number }>(
        stores.databases.US,
        'select count(*) as n from call_leg l join customer c on c.id = l.customer_id where c.partner_id = ? and l.started_at >= ? and l.started_at < ?',
        [partnerId, bind(from), bind(to)],
      );
      expect(Number(legs[0].n)).toBeGreaterThan(0);
      expect(history.rows).toBe(Number(legs[0].n));
      const file = await download(history, 'full');
      expect(file.records[0]).toEqual(REPORT_COLUMNS['call-history'].map((c) => c.en));
      expect(file.records.length - 1).toBe(Number(legs[0].n));
      const detail = await generate('full', { templateId: templates['call-detail'], region: 'US', locale: 'en', from, to });
      const customers = await rawQuery<{ n: string | number }>(stores.databases.US, 'select count(*) as n from customer where partner_id = ?', [partnerId]);
      expect(detail.rows).toBe(Number(customers[0].n));
      const detailFile = await download(detail, 'full');
      const legsColumn = REPORT_COLUMNS['call-detail'].findIndex((c) => c.id === 'total_call_legs');
      const nonAppLegs = await rawQuery<{ n: string | number }>(
        stores.databases.US,
        `select count(*) as n from call_leg l join customer c on c.id = l.customer_id where c.partner_id = ? and l.started_at >= ? and l.started_at < ? and l.app_to_app = ${dialect === 'sqlite' ? 0 : 'false'}`,
        [partnerId, bind(from), bind(to)],
      );
      expect(detailFile.records.slice(1).reduce((sum, r) => sum + Number(r[legsColumn]), 0)).toBe(Number(nonAppLegs[0].n));
    });

    it("gives a scoped admin a file with only their customers, and lists only their runs", async () => {
      const run = await generate('admin', { templateId: templates.devices, region: 'US', locale: 'en' });
      const mine = await rawQuery<{ id: string }>(
        stores.databases.directory,
        "select a.customer_id as id from customer_admin_assignment a join partner_user u on u.id = a.user_id where u.email = 'admin@demo.example'",
      );
      const file = await download(run, 'admin');
      const orgIds = new Set(file.records.slice(1).map((r) => r[2]));
      for (const id of orgIds) expect(mine.map((m) => m.id)).toContain(id);
      const devices = await rawQuery<{ n: string | number }>(
        stores.databases.US,
        `select count(*) as n from device where customer_id in (${mine.map(() => '?').join(',') || "''"})`,
        mine.map((m) => m.id),
      );
      expect(file.records.length - 1).toBe(Number(devices[0].n));
      const runs = await gql<{ reportRuns: Run[] }>(sut.url, RUNS, undefined, auth.admin);
      expect(runs.data!.reportRuns.every((r) => r.createdBy === 'admin@demo.example')).toBe(true);
      // The full admin's files are not the scoped admin's to download.
      const fullRun = (await gql<{ reportRuns: Run[] }>(sut.url, RUNS, undefined, auth.full)).data!.reportRuns.find((r) => r.createdBy === 'full@demo.example')!;
      expect((await fetch(`${sut.url}/api/reports/runs/${fullRun.id}/download`, { headers: auth.admin })).status).toBe(404);
    });

    it('lets read-only admins run reports and refuses help desk and sales roles (run, list, download), audited', async () => {
      expect((await generate('readonly', { templateId: templates.devices, region: 'EU', locale: 'en' })).status).toBe('SUCCEEDED');
      const some = (await gql<{ reportRuns: Run[] }>(sut.url, RUNS, undefined, auth.full)).data!.reportRuns[0];
      for (const who of ['helpdesk', 'sales']) {
        const denied = await gql(sut.url, RUN, { input: { templateId: templates.devices, region: 'EU' } }, auth[who]);
        expect(denied.errors?.[0].extensions?.code).toBe(ErrorCode.Forbidden);
        expect((await gql(sut.url, RUNS, undefined, auth[who])).errors?.[0].extensions?.code).toBe(ErrorCode.Forbidden);
        expect((await fetch(`${sut.url}/api/reports/runs/${some.id}/download`, { headers: auth[who] })).status).toBe(403);
      }
      const denials = await sut.app.get(RegionStores).directory().find(AuditEvent, { action: 'reports.download', outcome: 'DENIED' });
      expect(denials.length).toBeGreaterThanOrEqual(2);
      expect((await fetch(`${sut.url}/api/reports/runs/${some.id}/download`)).status).toBe(401);
      expect((await fetch(`${sut.url}/api/reports/runs/not-a-uuid/download`, { headers: auth.full })).status).toBe(404);
    });

    it('refuses a reversed period with a field-level reason and an unknown template as NOT_FOUND', async () => {
      const reversed = await gql(sut.url, RUN, { input: { templateId: templates['call-history'], region: 'US', from: new Date(), to: new Date(Date.now() - 86_400_000) } }, auth.full);
      expect(reversed.errors?.[0].extensions).toMatchObject({ code: ErrorCode.BadUserInput, fields: [{ field: 'input.to', reason: 'periodReversed' }] });
      const unknown = await gql(sut.url, RUN, { input: { templateId: '00000000-0000-4000-8000-000000000000', region: 'US' } }, auth.full);
      expect(unknown.errors?.[0].extensions?.code).toBe(ErrorCode.NotFound);
    });

    it('refuses a run whose own period is longer than its kind allows (31 days of call history), starting nothing', async () => {
      const day = 86_400_000;
      const to = new Date('2026-10-01T00:00:00Z');
      const runsBefore = await sut.app.get(RegionStores).directory().count(ReportRun, {});
      const tooLong = await gql(sut.url, RUN, { input: { templateId: templates['call-history'], region: 'US', from: new Date(to.getTime() - 32 * day), to } }, auth.full);
      expect(tooLong.errors?.[0].extensions).toMatchObject({ code: ErrorCode.BadUserInput, fields: [{ field: 'input.to', reason: 'periodTooLong', params: { max: 31 } }] });
      const wholeHistory = await gql(sut.url, RUN, { input: { templateId: templates['call-detail'], region: 'US', from: new Date(0), to } }, auth.readonly);
      expect(wholeHistory.errors?.[0].extensions).toMatchObject({ code: ErrorCode.BadUserInput, fields: [{ field: 'input.to', reason: 'periodTooLong', params: { max: 366 } }] });
      expect(await sut.app.get(RegionStores).directory().count(ReportRun, {})).toBe(runsBefore);
      const ok = await gql(sut.url, RUN, { input: { templateId: templates['call-history'], region: 'US', from: new Date(to.getTime() - 31 * day), to } }, auth.full);
      expect(ok.errors).toBeUndefined();
      await sut.app.get(ReportRunsService).idle();
    });

    it('validates custom templates with field-level reasons', async () => {
      const CREATE = 'mutation($input: CreateReportTemplateInput!) { createReportTemplate(input: $input) { id key baseKey columns } }';
      const bad = await gql(sut.url, CREATE, { input: { name: 'X', baseKey: 'call-history', columns: ['customer', 'nope'], from: new Date(Date.now() - 60 * 86_400_000), to: new Date() } }, auth.full);
      expect(bad.errors?.[0].extensions).toMatchObject({
        code: ErrorCode.BadUserInput,
        fields: [
          { field: 'input.columns', reason: 'unknownColumn', params: { column: 'nope' } },
          { field: 'input.to', reason: 'periodTooLong', params: { max: 31 } },
        ],
      });
      const reversed = await gql(sut.url, CREATE, { input: { name: 'X', baseKey: 'call-detail', columns: ['org_id'], from: new Date(), to: new Date(Date.now() - 86_400_000) } }, auth.full);
      expect(reversed.errors?.[0].extensions).toMatchObject({ fields: [{ field: 'input.to', reason: 'periodReversed' }] });
      const inventoryPeriod = await gql(sut.url, CREATE, { input: { name: 'X', baseKey: 'devices', columns: ['mac'], from: new Date(Date.now() - 86_400_000), to: new Date() } }, auth.full);
      expect(inventoryPeriod.errors?.[0].extensions).toMatchObject({ fields: [{ field: 'input.from', reason: 'periodNotAllowed' }] });
      const unassigned = (await rawQuery<{ id: string }>(stores.databases.directory, 'select id from customer_directory_entry where id not in (select customer_id from customer_admin_assignment) limit 1'))[0].id;
      const outOfScope = await gql(sut.url, CREATE, { input: { name: 'X', baseKey: 'devices', columns: ['mac'], customerIds: [unassigned] } }, auth.admin);
      expect(outOfScope.errors?.[0].extensions).toMatchObject({ fields: [{ field: 'input.customerIds', reason: 'unknownCustomer' }] });
      expect((await gql(sut.url, CREATE, { input: { name: 'X', baseKey: 'devices', columns: ['mac'] } }, auth.helpdesk)).errors?.[0].extensions?.code).toBe(ErrorCode.Forbidden);
    });

    it('runs a custom template: its columns in its order, only its customers', async () => {
      const [customer] = await rawQuery<{ id: string }>(
        stores.databases.EU,
        'select c.id from customer c where c.partner_id = ? and exists (select 1 from device d where d.customer_id = c.id) order by c.id limit 1',
        [partnerId],
      );
      const created = await gql<{ createReportTemplate: { id: string } }>(
        sut.url,
        'mutation($input: CreateReportTemplateInput!) { createReportTemplate(input: $input) { id } }',
        { input: { name: 'Mijn apparaten', baseKey: 'devices', columns: ['mac', 'customer_org_id'], customerIds: [customer.id] } },
        auth.full,
      );
      expect(created.errors).toBeUndefined();
      const run = await generate('full', { templateId: created.data!.createReportTemplate.id, region: 'EU', locale: 'nl' });
      const devices = await rawQuery<{ mac: string }>(stores.databases.EU, 'select mac from device where customer_id = ?', [customer.id]);
      const file = await download(run, 'full');
      expect(file.name).toMatch(/^Mijn apparaten_[A-Za-z0-9]+_\d{4}-\d{2}-\d{2}\.csv$/);
      expect(file.records[0]).toEqual(['MAC', 'Klantorganisatie-id']);
      expect(file.records.slice(1).map((r) => r[0]).sort()).toEqual(devices.map((d) => d.mac).sort());
      expect(new Set(file.records.slice(1).map((r) => r[1]))).toEqual(new Set([customer.id]));
    });

    it('offers the regions of the user\'s customers and merges every region into one file, each read from its own store', async () => {
      const regions = (await gql<{ reportRegions: string[] }>(sut.url, '{ reportRegions }', undefined, auth.full)).data!.reportRegions;
      const expected = await rawQuery<{ region: string }>(stores.databases.directory, 'select distinct region from customer_directory_entry where partner_id = ?', [partnerId]);
      expect([...regions].sort()).toEqual(expected.map((r) => r.region).sort());
      expect(regions.length).toBeGreaterThan(1);
      const run = await generate('full', { templateId: templates.devices, allRegions: true, locale: 'en' });
      const file = await download(run, 'full');
      expect(file.records.filter((r) => r[0] === REPORT_COLUMNS.devices[0].en)).toHaveLength(1);
      let total = 0;
      for (const region of regions) {
        const [{ n }] = await rawQuery<{ n: string | number }>(
          stores.databases[region as 'US'],
          'select count(*) as n from device d join customer c on c.id = d.customer_id where c.partner_id = ?',
          [partnerId],
        );
        total += Number(n);
      }
      expect(file.records.length - 1).toBe(total);
      expect(run.rows).toBe(total);
      // A scoped admin's choices are the regions of their own customers only.
      const mine = await rawQuery<{ region: string }>(
        stores.databases.directory,
        "select distinct e.region from customer_admin_assignment a join partner_user u on u.id = a.user_id join customer_directory_entry e on e.id = a.customer_id where u.email = 'admin@demo.example'",
      );
      const adminRegions = (await gql<{ reportRegions: string[] }>(sut.url, '{ reportRegions }', undefined, auth.admin)).data!.reportRegions;
      expect([...adminRegions].sort()).toEqual(mine.map((r) => r.region).sort());
      const noRegion = await gql(sut.url, RUN, { input: { templateId: templates.devices } }, auth.full);
      expect(noRegion.errors?.[0].extensions).toMatchObject({ fields: [{ field: 'input.region', reason: 'required' }] });
    });

    it('deletes files past their retention', async () => {
      const service = sut.app.get(ReportRunsService);
      const purged = await service.purgeExpired(new Date(Date.now() + 8 * 86_400_000));
      expect(purged).toBeGreaterThan(0);
      expect((await gql<{ reportRuns: Run[] }>(sut.url, RUNS, undefined, auth.full)).data!.reportRuns).toEqual([]);
    });
  });
});
