import 'reflect-metadata';
import { ErrorCode } from '@ph/contracts';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { AuditEvent } from '../audit/audit-event.entity';
import { PartnerUser } from '../auth/user.entity';
import { RegionStores } from '../database/stores';
import { seedDemo } from '../demo/demo-seed';
import { createTestStores, gql, signIn, startApp, testConfig, type RunningApp, type TestStores } from '../test/harness';
import { ReportRun } from './report-run.entity';
import { ReportRunsService } from './report-runs.service';
import { ReportSchedule, ReportScheduleOccurrence } from './report-schedule.entity';
import { ReportSchedulesService } from './report-schedules.service';
import { nextOccurrence } from './schedule-times';

const dialects = inject('dialects');

describe(nextOccurrence.name, () => {
  it('finds the next weekly time in the schedule time zone, across daylight saving', () => {
    const rule = { frequency: 'WEEKLY' as const, timeOfDay: '09:00', weekday: 1, dayOfMonth: null, timeZone: 'Europe/Amsterdam' };
    // Wednesday 2026-03-25 → Monday 2026-03-30 09:00 CEST (UTC+2, after the 29 March switch).
    expect(nextOccurrence(rule, new Date('2026-03-25T12:00:00Z')).toISOString()).toBe('2026-03-30T07:00:00.000Z');
    // Monday 2026-03-23 08:00 CET is before 09:00 that day.
    expect(nextOccurrence(rule, new Date('2026-03-23T07:00:00Z')).toISOString()).toBe('2026-03-23T08:00:00.000Z');
  });

  it('runs a monthly day 31 on the last day of a shorter month, and daily at the local time', () => {
    const monthly = { frequency: 'MONTHLY' as const, timeOfDay: '06:30', weekday: null, dayOfMonth: 31, timeZone: 'America/New_York' };
    expect(nextOccurrence(monthly, new Date('2026-02-01T00:00:00Z')).toISOString()).toBe('2026-02-28T11:30:00.000Z');
    const daily = { frequency: 'DAILY' as const, timeOfDay: '23:15', weekday: null, dayOfMonth: null, timeZone: 'Asia/Dubai' };
    expect(nextOccurrence(daily, new Date('2026-06-01T19:15:00Z')).toISOString()).toBe('2026-06-02T19:15:00.000Z');
  });
});

const CREATE = `mutation($input: CreateReportScheduleInput!) { createReportSchedule(input: $input) { id frequency weekday timeOfDay timeZone nextRunAt owner } }`;

describe('report schedules', () => {
  describe.each(dialects)('on %s', (dialect) => {
    let stores: TestStores;
    let a: RunningApp;
    let b: RunningApp;
    const auth: Record<string, Record<string, string>> = {};
    let devicesTemplate: string;

    beforeAll(async () => {
      stores = await createTestStores(dialect);
      a = await startApp(testConfig(stores));
      b = await startApp(testConfig(stores));
      await seedDemo(a.app.get(RegionStores), { customers: 30, weeks: 1, seed: 3, callLegs: 300 });
      for (const who of ['full', 'admin', 'readonly', 'helpdesk']) auth[who] = (await signIn(a.url, `${who}@demo.example`)).auth;
      const list = await gql<{ reportTemplates: { id: string; key: string }[] }>(a.url, '{ reportTemplates { id key } }', undefined, auth.full);
      devicesTemplate = list.data!.reportTemplates.find((t) => t.key === 'devices')!.id;
    });

    afterAll(async () => {
      await b?.app.close();
      await a?.app.close();
      await stores?.cleanup();
    });

    const weekly = (extra: Record<string, unknown> = {}) => ({
      templateId: devicesTemplate,
      region: 'EU',
      locale: 'nl',
      frequency: 'WEEKLY',
      timeOfDay: '09:00',
      weekday: 1,
      timeZone: 'Europe/Amsterdam',
      ...extra,
    });
    const directory = () => a.app.get(RegionStores).directory();

    it('validates with field-level reasons and refuses the help desk', async () => {
      const bad = await gql(a.url, CREATE, { input: weekly({ timeOfDay: '25:00', weekday: 9, timeZone: 'Mars/Base' }) }, auth.full);
      expect(bad.errors?.[0].extensions?.code).toBe(ErrorCode.BadUserInput);
      expect(((bad.errors?.[0].extensions as { fields?: { field: string }[] }).fields ?? []).map((f) => f.field).sort()).toEqual(['input.timeOfDay', 'input.timeZone', 'input.weekday']);
      const denied = await gql(a.url, CREATE, { input: weekly() }, auth.helpdesk);
      expect(denied.errors?.[0].extensions?.code).toBe(ErrorCode.Forbidden);
      expect((await gql(a.url, '{ reportSchedules { id } }', undefined, auth.helpdesk)).errors?.[0].extensions?.code).toBe(ErrorCode.Forbidden);
    });

    it('runs each occurrence exactly once with two replicas ticking at once, and catches up a missed one once', async () => {
      const created = await gql<{ createReportSchedule: { id: string; nextRunAt: string } }>(a.url, CREATE, { input: weekly() }, auth.full);
      expect(created.errors).toBeUndefined();
      const { id, nextRunAt } = created.data!.createReportSchedule;
      const listed = await gql<{ reportSchedules: { id: string }[] }>(b.url, '{ reportSchedules { id } }', undefined, auth.full);
      expect(listed.data!.reportSchedules.map((s) => s.id)).toContain(id);

      const due = new Date(new Date(nextRunAt).getTime() + 60_000);
      const [sa, sb] = [a.app.get(ReportSchedulesService), b.app.get(ReportSchedulesService)];
      // PostgreSQL: two replicas race for the claim. SQLite is single-node (one writer per file): the
      // replicas take turns, which still exercises the claim across processes sharing the store.
      if (dialect === 'postgresql') await Promise.all([sa.tick(due), sb.tick(due), sa.tick(due)]);
      else for (const s of [sa, sb, sa]) await s.tick(due);
      await Promise.all([a.app.get(ReportRunsService).idle(), b.app.get(ReportRunsService).idle()]);
      let occurrences = await directory().find(ReportScheduleOccurrence, { scheduleId: id });
      expect(occurrences).toHaveLength(1);
      expect(occurrences[0].status).toBe('SUCCEEDED');
      expect(await directory().count(ReportRun, { id: occurrences[0].runId! })).toBe(1);
      await sb.tick(due);
      expect(await directory().count(ReportScheduleOccurrence, { scheduleId: id })).toBe(1);

      // Both replicas were down for three weeks: one catch-up run, then the next occurrence is in the future.
      const later = new Date(due.getTime() + 21 * 86_400_000);
      if (dialect === 'postgresql') await Promise.all([sa.tick(later), sb.tick(later)]);
      else for (const s of [sa, sb]) await s.tick(later);
      await Promise.all([a.app.get(ReportRunsService).idle(), b.app.get(ReportRunsService).idle()]);
      occurrences = await directory().find(ReportScheduleOccurrence, { scheduleId: id });
      expect(occurrences).toHaveLength(2);
      const schedule = await directory().findOneOrFail(ReportSchedule, { id });
      expect(schedule.nextRunAt.getTime()).toBeGreaterThan(later.getTime());
      await directory().nativeDelete(ReportSchedule, { id });
    });

    it('records a failure and retries it with backoff', async () => {
      const { id, nextRunAt } = (await gql<{ createReportSchedule: { id: string; nextRunAt: string } }>(a.url, CREATE, { input: weekly({ frequency: 'DAILY', weekday: null }) }, auth.full)).data!.createReportSchedule;
      const scheduler = a.app.get(ReportSchedulesService);
      const runs = a.app.get(ReportRunsService);
      const spy = vi.spyOn(runs, 'run').mockRejectedValueOnce(new Error('store unavailable'));
      const due = new Date(new Date(nextRunAt).getTime() + 1000);
      await scheduler.tick(due);
      let [occurrence] = await directory().find(ReportScheduleOccurrence, { scheduleId: id });
      expect(occurrence).toMatchObject({ status: 'FAILED', attempts: 1, error: 'store unavailable' });
      expect(occurrence.retryAt!.getTime()).toBe(due.getTime() + 60_000);
      await scheduler.tick(new Date(due.getTime() + 30_000));
      expect((await directory().findOneOrFail(ReportScheduleOccurrence, { id: occurrence.id })).status).toBe('FAILED');
      await scheduler.tick(new Date(due.getTime() + 61_000));
      await runs.idle();
      [occurrence] = await directory().find(ReportScheduleOccurrence, { scheduleId: id });
      expect(occurrence).toMatchObject({ status: 'SUCCEEDED', attempts: 2 });
      spy.mockRestore();
      await directory().nativeDelete(ReportSchedule, { id });
    });

    it('lets a read-only admin delete its own schedules only, and a full admin any of the partner', async () => {
      const DELETE = 'mutation($id: ID!) { deleteReportSchedule(id: $id) }';
      const create = async (who: string) => (await gql<{ createReportSchedule: { id: string } }>(a.url, CREATE, { input: weekly() }, auth[who])).data!.createReportSchedule.id;
      const fulls = await create('full');
      const readOnlys = await create('readonly');
      const admins = await create('admin');
      // The read-only admin lists every schedule of the partner but may not delete another's.
      const listed = await gql<{ reportSchedules: { id: string }[] }>(a.url, '{ reportSchedules { id } }', undefined, auth.readonly);
      expect(listed.data!.reportSchedules.map((s) => s.id)).toEqual(expect.arrayContaining([fulls, readOnlys, admins]));
      const refused = await gql(a.url, DELETE, { id: fulls }, auth.readonly);
      expect(refused.errors?.[0].extensions?.code).toBe(ErrorCode.NotFound);
      expect(await directory().count(ReportSchedule, { id: fulls })).toBe(1);
      expect((await gql(a.url, DELETE, { id: readOnlys }, auth.readonly)).errors).toBeUndefined();
      expect(await directory().count(ReportSchedule, { id: readOnlys })).toBe(0);
      expect((await gql(a.url, DELETE, { id: admins }, auth.full)).errors).toBeUndefined();
      expect((await gql(a.url, DELETE, { id: fulls }, auth.full)).errors).toBeUndefined();
      expect(await directory().count(ReportSchedule, { id: { $in: [fulls, admins] } })).toBe(0);
    });

    it('refuses and audits the run when the owner has lost access', async () => {
      const { id, nextRunAt } = (await gql<{ createReportSchedule: { id: string; nextRunAt: string } }>(a.url, CREATE, { input: weekly() }, auth.admin)).data!.createReportSchedule;
      await directory().nativeUpdate(PartnerUser, { email: 'admin@demo.example' }, { role: 'HELP_DESK' as never });
      await a.app.get(ReportSchedulesService).tick(new Date(new Date(nextRunAt).getTime() + 1000));
      const [occurrence] = await directory().find(ReportScheduleOccurrence, { scheduleId: id });
      expect(occurrence.status).toBe('REFUSED');
      expect(await directory().count(AuditEvent, { action: 'reports.schedule.run', outcome: 'DENIED', targetId: id })).toBe(1);
      expect(await directory().count(ReportRun, { createdByEmail: 'admin@demo.example' })).toBe(0);
    });
  });
});
