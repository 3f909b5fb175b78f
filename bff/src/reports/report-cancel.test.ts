import 'reflect-metadata';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { ErrorCode, PartnerRole } from '@ph/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { AuditEvent } from '../audit/audit-event.entity';
import { hashPassword } from '../auth/passwords';
import { PartnerUser } from '../auth/user.entity';
import { RegionStores } from '../database/stores';
import { seedDemo } from '../demo/demo-seed';
import { Partner } from '../partners/partner.entity';
import { createTestStores, gql, rawQuery, signIn, startApp, testConfig, type RunningApp, type TestStores } from '../test/harness';
import { ReportRunsService } from './report-runs.service';
import { LocalDiskReportStorage } from './report-storage';

const dialects = inject('dialects');
const Database = require('better-sqlite3') as new (file: string, options: { timeout: number }) => { exec(sql: string): void; close(): void };

const FROM = new Date('2026-01-01T00:00:00Z');
const TO = new Date('2026-01-08T00:00:00Z');
const LEGS = 20_000;
const RUN = 'mutation($input: RunReportInput!) { runReport(input: $input) { id status } }';
const CANCEL = 'mutation($id: ID!) { cancelReportRun(id: $id) { id status rows } }';

/**
 * Report storage on the real disk whose writes, after the first one (the header), are held until
 * `release()`: a run then waits on backpressure in the middle of its file with its cursor open, as a
 * run on a slow disk would.
 */
class HeldStorage extends LocalDiskReportStorage {
  private readonly held: { gate: Writable; next: () => void }[] = [];
  private holding = true;

  writer(key: string): Writable {
    const file = super.writer(key);
    file.on('error', () => undefined); // a destroyed run's interrupted write
    let writes = 0;
    const gate = new Writable({
      highWaterMark: 1024,
      write: (chunk, _encoding, done) => {
        file.write(chunk, (error) => {
          if (writes++ === 0 || !this.holding) done(error);
          else this.held.push({ gate, next: () => done(error) });
        });
      },
      final: (done) => file.end(done),
      destroy: (error, done) => {
        file.destroy();
        done(error);
      },
    });
    return gate;
  }

  release(): void {
    this.holding = false;
    // A cancelled run's writer is destroyed: its held writes are dropped with it.
    for (const { gate, next } of this.held.splice(0)) if (!gate.destroyed) next();
  }
}

describe('report runs: a cancelled run releases its cursor within a second', () => {
  describe.each(dialects)('on %s', (dialect) => {
    let stores: TestStores;
    let a: RunningApp;
    let b: RunningApp;
    let held: HeldStorage;
    let historyTemplate: string;
    const auth: Record<string, Record<string, string>> = {};

    /** True while some connection reads the US store for `runId` (SQLite: its shared lock; PostgreSQL: its backend). */
    const cursorOpen = async (runId: string): Promise<boolean> => {
      if (stores.databases.US.driver === 'sqlite') {
        const db = new Database(stores.databases.US.file, { timeout: 0 });
        try {
          db.exec('begin exclusive');
          db.exec('rollback');
          return false;
        } catch (error) {
          if ((error as { code?: string }).code === 'SQLITE_BUSY') return true;
          throw error;
        } finally {
          db.close();
        }
      }
      const [row] = await rawQuery<{ n: string | number }>(stores.databases.US, 'select count(*) as n from pg_stat_activity where application_name = ?', [`partner-hub-report-${runId}`]);
      return Number(row!.n) > 0;
    };

    const waitFor = async (check: () => Promise<boolean>, ms: number): Promise<number> => {
      const started = performance.now();
      while (!(await check())) {
        if (performance.now() - started > ms) throw new Error(`not within ${ms} ms`);
        await new Promise((r) => setTimeout(r, 5));
      }
      return performance.now() - started;
    };

    /** Starts Detailed call history on replica A and waits until its cursor is open mid-file. */
    const startHeldRun = async (who = 'full'): Promise<string> => {
      const started = await gql<{ runReport: { id: string } }>(a.url, RUN, { input: { templateId: historyTemplate, region: 'US', locale: 'en', from: FROM, to: TO } }, auth[who]);
      expect(started.errors).toBeUndefined();
      const id = started.data!.runReport.id;
      await waitFor(() => cursorOpen(id), 10_000);
      return id;
    };

    beforeAll(async () => {
      stores = await createTestStores(dialect);
      a = await startApp(testConfig(stores));
      b = await startApp(testConfig(stores));
      await seedDemo(a.app.get(RegionStores), { customers: 20, weeks: 1, seed: 5, callLegs: 100 });
      for (const who of ['full', 'readonly', 'admin', 'helpdesk']) auth[who] = (await signIn(a.url, `${who}@demo.example`)).auth;
      // Another partner's full administrator.
      const em = a.app.get(RegionStores).directory().fork();
      const otherPartner = em.create(Partner, { name: 'Other Partner' });
      em.create(PartnerUser, { partner: otherPartner, email: 'full@other.example', displayName: 'Olga Other', role: PartnerRole.FullAdmin, passwordHash: await hashPassword('other-partner-password') });
      await em.flush();
      auth.other = (await signIn(a.url, 'full@other.example', 'other-partner-password')).auth;
      const templates = await gql<{ reportTemplates: { id: string; key: string }[] }>(a.url, '{ reportTemplates { id key } }', undefined, auth.full);
      historyTemplate = templates.data!.reportTemplates.find((t) => t.key === 'call-history')!.id;
      const [{ id: partnerId }] = await rawQuery<{ id: string }>(stores.databases.directory, "select id from partner where name = 'Demo Partner'");
      const [{ id: customerId }] = await rawQuery<{ id: string }>(stores.databases.US, 'select id from customer where partner_id = ? order by id limit 1', [partnerId!]);
      // Enough legs in the period that a run is still reading when its writes are held.
      const columns = 'id, customer_id, call_id, started_at, duration_seconds, direction, endpoint_type, audio, video, app_to_app, hunt_group, auto_attendant, call_queue';
      if (dialect === 'sqlite') {
        await rawQuery(
          stores.databases.US,
          `with recursive n(i) as (select 1 union all select i + 1 from n where i < ${LEGS})
           insert into call_leg (${columns}) select 'held-' || i, ?, 'held-call-' || i, ? + i * 1000, 60, 'INBOUND', 'DESK_PHONE', 1, 0, 0, 0, 0, 0 from n`,
          [customerId!, String(FROM.getTime())],
        );
      } else {
        await rawQuery(
          stores.databases.US,
          `insert into call_leg (${columns}) select 'held-' || g, ?, 'held-call-' || g, cast(? as timestamptz) + g * interval '1 second', 60, 'INBOUND', 'DESK_PHONE', true, false, false, false, false, false
           from generate_series(1, ${LEGS}) g`,
          [customerId!, FROM.toISOString()],
        );
      }
      held = new HeldStorage(join(stores.dataDir, 'reports'));
      a.app.get(ReportRunsService).storage = held;
    });

    afterAll(async () => {
      held?.release();
      await b?.app.close();
      await a?.app.close();
      await stores?.cleanup();
    });

    it('closes the cursor when the user cancels on the replica writing the file; the run is CANCELLED, its partial file gone, audited', async () => {
      const id = await startHeldRun();
      const closed: string[] = [];
      a.app.get(ReportRunsService).onCursorClosed = (runId) => closed.push(runId);
      const started = performance.now();
      const response = await gql<{ cancelReportRun: { status: string } }>(a.url, CANCEL, { id }, auth.full);
      expect(response.errors).toBeUndefined();
      expect(response.data!.cancelReportRun.status).toBe('CANCELLED');
      const released = (await waitFor(async () => !(await cursorOpen(id)), 1000)) + (performance.now() - started);
      expect(released).toBeLessThanOrEqual(1000);
      expect(closed).toEqual([id]);
      expect(await held.size(`${id}.csv`)).toBeNull();
      const events = await a.app.get(RegionStores).directory().find(AuditEvent, { action: 'reports.run.cancel', targetId: id });
      expect(events.map((e) => [e.outcome, e.before, e.after])).toEqual([['SUCCESS', { status: 'RUNNING' }, { status: 'CANCELLED' }]]);
    });

    it('closes the cursor within a second when the cancel reaches another replica', async () => {
      const id = await startHeldRun();
      const started = performance.now();
      const response = await gql<{ cancelReportRun: { status: string } }>(b.url, CANCEL, { id }, auth.full);
      expect(response.data?.cancelReportRun.status).toBe('CANCELLED');
      await waitFor(async () => !(await cursorOpen(id)), 1000);
      expect(performance.now() - started).toBeLessThanOrEqual(1000);
      await a.app.get(ReportRunsService).idle();
      const runs = await gql<{ reportRun: { status: string; rows: number; downloadUrl: string | null } }>(a.url, 'query($id: ID!) { reportRun(id: $id) { status rows downloadUrl } }', { id }, auth.full);
      expect(runs.data!.reportRun).toMatchObject({ status: 'CANCELLED', downloadUrl: null });
      expect(runs.data!.reportRun.rows).toBeGreaterThan(0);
      expect(runs.data!.reportRun.rows).toBeLessThan(LEGS);
      expect(await held.size(`${id}.csv`)).toBeNull();
    });

    it("answers NOT_FOUND to a cancel of another partner's run or of a run that does not exist, audits each as DENIED and leaves the run running", async () => {
      const id = await startHeldRun();
      const missing = randomUUID();
      // Longer than the audit's target column: still a NOT_FOUND denial on PostgreSQL too (the id is cut to fit).
      const tooLong = 'x'.repeat(400);
      for (const [runId, who] of [
        [id, 'other'],
        [missing, 'full'],
        ['not-a-uuid', 'full'],
        [tooLong, 'full'],
      ] as const) {
        const response = await gql(sut(), CANCEL, { id: runId }, auth[who]);
        expect(response.data).toBeNull();
        expect(response.errors?.[0].extensions?.code).toBe(ErrorCode.NotFound);
      }
      const events = await a.app.get(RegionStores).directory().find(AuditEvent, { action: 'reports.run.cancel', targetId: { $in: [id, missing, 'not-a-uuid', tooLong.slice(0, 320)] } }, { orderBy: { id: 'asc' } });
      expect(events.map((e) => [e.targetId, e.outcome, e.reason, e.actorEmail])).toEqual([
        [id, 'DENIED', ErrorCode.NotFound, 'full@other.example'],
        [missing, 'DENIED', ErrorCode.NotFound, 'full@demo.example'],
        ['not-a-uuid', 'DENIED', ErrorCode.NotFound, 'full@demo.example'],
        [tooLong.slice(0, 320), 'DENIED', ErrorCode.NotFound, 'full@demo.example'],
      ]);
      // Denied, so audited once: no FAILURE event of the interceptor besides.
      const failures = await a.app.get(RegionStores).directory().find(AuditEvent, { action: 'Mutation.cancelReportRun' });
      expect(failures).toEqual([]);
      expect(await cursorOpen(id)).toBe(true);
      const run = await gql<{ reportRun: { status: string } }>(a.url, 'query($id: ID!) { reportRun(id: $id) { status } }', { id }, auth.full);
      expect(run.data!.reportRun.status).toBe('RUNNING');
      const cancelled = await gql<{ cancelReportRun: { status: string } }>(a.url, CANCEL, { id }, auth.full);
      expect(cancelled.data!.cancelReportRun.status).toBe('CANCELLED');
    });

    it("refuses another user's cancel (read-only: FORBIDDEN; scoped admin: NOT_FOUND; both audited as DENIED; help desk: FORBIDDEN) and leaves a finished run as it is", async () => {
      const id = await startHeldRun();
      expect((await gql(sut(), CANCEL, { id }, auth.readonly)).errors?.[0].extensions?.code).toBe(ErrorCode.Forbidden);
      expect((await gql(sut(), CANCEL, { id }, auth.admin)).errors?.[0].extensions?.code).toBe(ErrorCode.NotFound);
      expect((await gql(sut(), CANCEL, { id }, auth.helpdesk)).errors?.[0].extensions?.code).toBe(ErrorCode.Forbidden);
      const denied = await a.app.get(RegionStores).directory().find(AuditEvent, { action: 'reports.run.cancel', targetId: id, outcome: 'DENIED' }, { orderBy: { id: 'asc' } });
      expect(denied.map((e) => e.reason)).toEqual([ErrorCode.Forbidden, ErrorCode.NotFound]);
      expect(await cursorOpen(id)).toBe(true);
      // Let it finish: a cancel then changes nothing.
      held.release();
      await a.app.get(ReportRunsService).idle();
      const bind = (d: Date) => (dialect === 'sqlite' ? String(d.getTime()) : d.toISOString());
      const [{ n }] = await rawQuery<{ n: string | number }>(stores.databases.US, 'select count(*) as n from call_leg where started_at >= ? and started_at < ?', [bind(FROM), bind(TO)]);
      const after = await gql<{ cancelReportRun: { id: string; status: string; rows: number } }>(a.url, CANCEL, { id }, auth.full);
      expect(after.data!.cancelReportRun).toEqual({ id, status: 'SUCCEEDED', rows: Number(n) });
      expect(Number(n)).toBeGreaterThanOrEqual(LEGS);
    });

    const sut = () => a.url;
  });
});
