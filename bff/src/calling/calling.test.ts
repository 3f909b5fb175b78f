import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { ErrorCode, REGIONS, type Region } from '@ph/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuditEvent } from '../audit/audit-event.entity';
import type { DatabaseTarget } from '../config/config';
import { RegionStores } from '../database/stores';
import { seedDemo } from '../demo/demo-seed';
import { createTestStores, gql, rawQuery, signIn, startApp, testConfig, type RunningApp, type TestStores } from '../test/harness';
import { CallingRollupService, type Clock } from './calling-rollup.service';
import { CallingScheduler, type Timers } from './calling-scheduler';
import { lastCompletedWeekStart, nextRunAfter, parseWeekKey, WEEK_MS, weekKey } from './calling-weeks';

const dialects = inject('dialects');

/** The reference "now" of the seed and the rollup clock: a Wednesday. */
const NOW = new Date('2026-11-25T10:00:00Z');
/** Last completed week at NOW: Sunday 2026-11-15 00:00 UTC to Sunday 2026-11-22 00:00 UTC. */
const LAST = '2026-11-15';
const fixed = (t: Date): Clock => ({ now: () => t });

type Row = Record<string, unknown>;
const num = (row: Row): Row => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' && k !== 'customer_id' && k !== 'week_start' && k !== 'endpoint_type' ? Number(v) : v]));

/** A timestamp / boolean as the dialect stores it. */
const at = (target: DatabaseTarget, date: Date) => (target.driver === 'sqlite' ? String(date.getTime()) : date.toISOString());
const bool = (target: DatabaseTarget, value: boolean) => (target.driver === 'sqlite' ? (value ? '1' : '0') : value ? 'true' : 'false');

interface Leg {
  id: string;
  customerId: string;
  callId: string;
  startedAt: Date;
  duration: number;
  endpoint?: string;
  video?: boolean;
  audioJitter?: number;
  videoJitter?: number;
  appToApp?: boolean;
  callQueue?: boolean;
  outcome?: string | null;
  wait?: number | null;
  userId?: string | null;
}

async function insertLeg(target: DatabaseTarget, leg: Leg): Promise<void> {
  await rawQuery(
    target,
    `insert into call_leg (id, customer_id, call_id, started_at, duration_seconds, direction, endpoint_type, audio, video,
       audio_jitter_ms, audio_latency_ms, audio_loss_pct, video_jitter_ms, video_latency_ms, video_loss_pct,
       app_to_app, hunt_group, auto_attendant, call_queue, queue_outcome, queue_wait_seconds, user_id)
     values (?, ?, ?, ?, ?, 'INBOUND', ?, ${bool(target, true)}, ${bool(target, leg.video ?? false)}, ?, 50, 0.1, ${leg.video ? '?' : 'null'}, ${leg.video ? '60' : 'null'}, ${leg.video ? '0.2' : 'null'},
       ${bool(target, leg.appToApp ?? false)}, ${bool(target, false)}, ${bool(target, false)}, ${bool(target, leg.callQueue ?? false)}, ?, ?, ?)`,
    [
      leg.id, leg.customerId, leg.callId, at(target, leg.startedAt), String(leg.duration), leg.endpoint ?? 'DESK_PHONE', String(leg.audioJitter ?? 10),
      ...(leg.video ? [String(leg.videoJitter ?? 10)] : []),
      leg.outcome ?? null, leg.wait === undefined || leg.wait === null ? null : String(leg.wait), leg.userId ?? null,
    ] as string[],
  );
}

/**
 * The same figures as the rollup, by a differently written query per metric straight from call_leg
 * (never through the app): one map customer → figures for a week.
 */
async function independent(target: DatabaseTarget, weekStart: string): Promise<Map<string, Row>> {
  const start = parseWeekKey(weekStart)!;
  const range = [at(target, start), at(target, new Date(start.getTime() + WEEK_MS)), bool(target, false)];
  const base = 'from call_leg where started_at >= ? and started_at < ? and app_to_app = ?';
  const sets: [string, string][] = [
    ['legs', `select customer_id, count(id) as v ${base} group by customer_id`],
    ['calls', `select customer_id, count(*) as v from (select distinct customer_id, call_id ${base}) x group by customer_id`],
    ['seconds', `select customer_id, sum(duration_seconds) as v ${base} group by customer_id`],
    ['video_seconds', `select customer_id, sum(duration_seconds) as v ${base} and video = ${bool(target, true)} group by customer_id`],
    ['active_users', `select customer_id, count(*) as v from (select distinct customer_id, user_id ${base} and user_id is not null) x group by customer_id`],
    [
      'poor_legs',
      `select customer_id, count(*) as v ${base} and (coalesce(audio_jitter_ms, 0) > 150 or coalesce(audio_latency_ms, 0) > 400 or coalesce(audio_loss_pct, 0) > 5
         or coalesce(video_jitter_ms, 0) > 150 or coalesce(video_latency_ms, 0) > 400 or coalesce(video_loss_pct, 0) > 5) group by customer_id`,
    ],
    ...(['hunt_group', 'auto_attendant', 'call_queue'] as const).flatMap((f): [string, string][] => [
      [`${f}_legs`, `select customer_id, count(*) as v ${base} and ${f} = ${bool(target, true)} group by customer_id`],
      [`${f}_calls`, `select customer_id, count(*) as v from (select distinct customer_id, call_id ${base} and ${f} = ${bool(target, true)}) x group by customer_id`],
    ]),
    ['queue_legs', `select customer_id, count(*) as v ${base} and queue_outcome is not null group by customer_id`],
    ...(['ANSWERED', 'ABANDONED', 'TIMED_OUT', 'OVERFLOWED', 'TRANSFERRED'] as const).map((o): [string, string] => [
      `queue_${o === 'TIMED_OUT' ? 'timed_out' : o.toLowerCase()}`,
      `select customer_id, count(*) as v ${base} and queue_outcome = '${o}' group by customer_id`,
    ]),
    ['answer_wait_seconds', `select customer_id, sum(queue_wait_seconds) as v ${base} and queue_outcome = 'ANSWERED' and queue_wait_seconds is not null group by customer_id`],
    ['answer_wait_legs', `select customer_id, count(*) as v ${base} and queue_outcome = 'ANSWERED' and queue_wait_seconds is not null group by customer_id`],
    ['abandon_wait_seconds', `select customer_id, sum(queue_wait_seconds) as v ${base} and queue_outcome = 'ABANDONED' and queue_wait_seconds is not null group by customer_id`],
    ['abandon_wait_legs', `select customer_id, count(*) as v ${base} and queue_outcome = 'ABANDONED' and queue_wait_seconds is not null group by customer_id`],
  ];
  const result = new Map<string, Row>();
  const customers = await rawQuery<{ customer_id: string }>(target, `select distinct customer_id ${base}`, range);
  for (const { customer_id } of customers) result.set(customer_id, Object.fromEntries(sets.map(([k]) => [k, 0])));
  for (const [key, sql] of sets) {
    for (const row of await rawQuery<{ customer_id: string; v: unknown }>(target, sql, range)) result.get(row.customer_id)![key] = Number(row.v);
  }
  return result;
}

const COLUMNS = `calls, legs, seconds, video_seconds, active_users, poor_legs, hunt_group_legs, auto_attendant_legs, call_queue_legs,
  hunt_group_calls, auto_attendant_calls, call_queue_calls, queue_legs, queue_answered, queue_abandoned, queue_timed_out, queue_overflowed,
  queue_transferred, answer_wait_seconds, answer_wait_legs, abandon_wait_seconds, abandon_wait_legs`;

async function rollupRows(target: DatabaseTarget, weekStart?: string): Promise<Row[]> {
  const rows = await rawQuery<Row>(
    target,
    `select week_start, customer_id, ${COLUMNS} from calling_customer_week ${weekStart ? 'where week_start = ?' : ''} order by week_start, customer_id`,
    weekStart ? [weekStart] : [],
  );
  return rows.map(num);
}

describe(CallingRollupService.name, () => {
  describe.each(dialects)('on %s', (dialect) => {
    let stores: TestStores;
    let app: RunningApp;
    let sut: CallingRollupService;
    let full: Record<string, string>;
    /** A customer of no partner with hand-made legs around the week boundaries (EU store). */
    const edge = randomUUID();

    beforeAll(async () => {
      stores = await createTestStores(dialect);
      app = await startApp(testConfig(stores));
      await seedDemo(app.app.get(RegionStores), { customers: 120, weeks: 6, seed: 7, callLegs: 5000, now: NOW });
      sut = app.app.get(CallingRollupService);
      sut.clock = fixed(NOW);
      sut.horizonWeeks = 8;
      full = (await signIn(app.url, 'full@demo.example')).auth;
      const eu = stores.databases.EU;
      const end = new Date(parseWeekKey(LAST)!.getTime() + WEEK_MS);
      const start = parseWeekKey(LAST)!;
      const user = randomUUID();
      // A second before the Sunday 00:00 that ends the last completed week: in it; with poor video and good audio.
      await insertLeg(eu, { id: 'edge-1', customerId: edge, callId: 'e1', startedAt: new Date(end.getTime() - 1000), duration: 60, endpoint: 'ROOM_DEVICE', video: true, videoJitter: 220, userId: user });
      // A second after it: in the current, incomplete week.
      await insertLeg(eu, { id: 'edge-2', customerId: edge, callId: 'e2', startedAt: new Date(end.getTime() + 1000), duration: 600, userId: user });
      // A second before the week's start: in the week before.
      await insertLeg(eu, { id: 'edge-3', customerId: edge, callId: 'e3', startedAt: new Date(start.getTime() - 1000), duration: 30 });
      // Queue calls: abandoned after waiting beyond the queue timeout, and one that timed out.
      await insertLeg(eu, { id: 'edge-4', customerId: edge, callId: 'e4', startedAt: new Date(start.getTime() + 3600_000), duration: 600, callQueue: true, outcome: 'ABANDONED', wait: 600 });
      await insertLeg(eu, { id: 'edge-5', customerId: edge, callId: 'e5', startedAt: new Date(start.getTime() + 7200_000), duration: 180, callQueue: true, outcome: 'TIMED_OUT', wait: 180 });
      // App-to-app: never counted.
      await insertLeg(eu, { id: 'edge-6', customerId: edge, callId: 'e6', startedAt: new Date(start.getTime() + 9000_000), duration: 100, appToApp: true, endpoint: 'APP' });
    });

    afterAll(async () => {
      await app?.app.close();
      await stores?.cleanup();
    });

    it('catches up every missed week after downtime, oldest first, and nothing twice', async () => {
      sut.clock = fixed(new Date(NOW.getTime() - 3 * WEEK_MS));
      const early = await sut.run();
      expect(early).not.toBeNull();
      const firstWeeks = new Set(early!.map((w) => w.weekStart));
      expect([...firstWeeks].every((w) => w <= weekKey(new Date(parseWeekKey(LAST)!.getTime() - 3 * WEEK_MS)))).toBe(true);
      sut.clock = fixed(NOW);
      const later = await sut.run();
      expect(later!.map((w) => w.weekStart).every((w) => !firstWeeks.has(w))).toBe(true);
      for (const region of REGIONS) {
        const legs = await rawQuery<{ n: unknown }>(stores.databases[region], 'select count(*) as n from call_leg');
        if (Number(legs[0].n) === 0) continue;
        const weeks = later!.filter((w) => w.region === region).map((w) => w.weekStart);
        expect(weeks, region).toEqual(['2026-10-25', '2026-11-01', '2026-11-08', LAST].filter((w) => !firstWeeks.has(w)));
      }
      expect(await sut.run()).toEqual([]);
    });

    it('equals, for every (customer, week) cell, the figures computed from raw call legs by independent SQL', async () => {
      let cells = 0;
      for (const region of REGIONS) {
        const target = stores.databases[region];
        const weeks = await rawQuery<{ week_start: string; legs: unknown }>(target, 'select week_start, legs from calling_week order by week_start');
        for (const { week_start, legs } of weeks) {
          const expected = await independent(target, week_start);
          const actual = await rollupRows(target, week_start);
          expect(actual.map((r) => r.customer_id).sort(), `${region} ${week_start}`).toEqual([...expected.keys()].sort());
          for (const row of actual) {
            const { week_start: _w, customer_id, ...figures } = row;
            expect(figures, `${region} ${week_start} ${customer_id as string}`).toEqual(expected.get(customer_id as string));
            cells++;
          }
          expect(Number(legs)).toBe([...expected.values()].reduce((s, r) => s + (r.legs as number), 0));
          const endpoints = await rawQuery<Row>(target, 'select customer_id, endpoint_type, legs, poor_legs from calling_endpoint_week where week_start = ?', [week_start]);
          const direct = await rawQuery<Row>(
            target,
            `select customer_id, endpoint_type, count(*) as legs,
                    count(case when audio_jitter_ms > 150 or audio_latency_ms > 400 or audio_loss_pct > 5 or video_jitter_ms > 150 or video_latency_ms > 400 or video_loss_pct > 5 then 1 end) as poor_legs
             from call_leg where started_at >= ? and started_at < ? and app_to_app = ? group by customer_id, endpoint_type`,
            [at(target, parseWeekKey(week_start)!), at(target, new Date(parseWeekKey(week_start)!.getTime() + WEEK_MS)), bool(target, false)],
          );
          const key = (r: Row) => `${r.customer_id as string}/${r.endpoint_type as string}`;
          expect(endpoints.map(num).sort((a, b) => key(a).localeCompare(key(b)))).toEqual(direct.map(num).sort((a, b) => key(a).localeCompare(key(b))));
        }
      }
      expect(cells).toBeGreaterThan(100);
    });

    it('puts a call a second before Sunday 00:00 UTC in the week it ends and one a second after in none yet; poor video with good audio is poor', async () => {
      const [week] = await rollupRows(stores.databases.EU, LAST).then((rows) => rows.filter((r) => r.customer_id === edge));
      expect(week).toMatchObject({ legs: 3, calls: 3, seconds: 60 + 600 + 180, video_seconds: 60, active_users: 1, poor_legs: 1 });
      expect(week).toMatchObject({ queue_legs: 2, queue_abandoned: 1, queue_timed_out: 1, abandon_wait_seconds: 600, abandon_wait_legs: 1, answer_wait_legs: 0 });
      const [before] = (await rollupRows(stores.databases.EU, '2026-11-08')).filter((r) => r.customer_id === edge);
      expect(before).toMatchObject({ legs: 1, seconds: 30 });
      const all = (await rollupRows(stores.databases.EU)).filter((r) => r.customer_id === edge);
      expect(all.map((r) => r.week_start)).toEqual(['2026-11-08', LAST]);
      const types = await rawQuery<Row>(stores.databases.EU, 'select endpoint_type, legs, poor_legs from calling_endpoint_week where customer_id = ? and week_start = ? order by endpoint_type', [edge, LAST]);
      expect(types.map(num)).toEqual([
        { endpoint_type: 'DESK_PHONE', legs: 2, poor_legs: 0 },
        { endpoint_type: 'ROOM_DEVICE', legs: 1, poor_legs: 1 },
      ]);
    });

    it('is idempotent: running a week again replaces its rows with the same figures', async () => {
      const before = await rollupRows(stores.databases.EU);
      await sut.run([LAST, '2026-11-08']);
      await sut.rollupWeek('EU', LAST);
      expect(await rollupRows(stores.databases.EU)).toEqual(before);
    });

    it('leaves no trace of a week interrupted mid-run and redoes it on the next run', async () => {
      const before = await rollupRows(stores.databases.EU, LAST);
      await rawQuery(stores.databases.EU, 'delete from calling_week where week_start = ?', [LAST]);
      sut.beforeCommit = (region) => {
        if (region === 'EU') throw new Error('simulated crash');
      };
      await expect(sut.run()).rejects.toThrow('simulated crash');
      sut.beforeCommit = null;
      // The aborted transaction kept the old rows and wrote no calling_week row: the week is still due.
      expect(await rawQuery(stores.databases.EU, 'select * from calling_week where week_start = ?', [LAST])).toEqual([]);
      expect(await sut.dueWeeks('EU')).toEqual([LAST]);
      const redone = await sut.run();
      expect(redone).toEqual([{ region: 'EU', weekStart: LAST, legs: expect.any(Number) }]);
      expect(await rollupRows(stores.databases.EU, LAST)).toEqual(before);
    });

    it('runs once when two replicas start together, and a dead holder’s lease is taken over after it expires', async () => {
      const other = new CallingRollupService(app.app.get(RegionStores));
      other.clock = fixed(NOW);
      await rawQuery(stores.databases.US, 'delete from calling_week');
      const [a, b] = await Promise.all([sut.run(), other.run()]);
      expect([a, b].filter((r) => r === null)).toHaveLength(1);
      const done = (a ?? b)!;
      expect(done.filter((w) => w.region === 'US').length).toBeGreaterThan(0);
      // A replica that died holding the lease: nobody runs until it expires.
      const dead = new CallingRollupService(app.app.get(RegionStores));
      dead.clock = fixed(NOW);
      expect(await dead.claimLease()).toBe(true);
      await rawQuery(stores.databases.US, 'delete from calling_week');
      expect(await sut.run()).toBeNull();
      sut.clock = fixed(new Date(NOW.getTime() + sut.leaseMs + 1000));
      expect((await sut.run())!.length).toBeGreaterThan(0);
      sut.clock = fixed(NOW);
      expect(await dead.renewLease()).toBe(false);
    });

    it('schedules runs for every Sunday 00:00:00 UTC by its clock and stops cleanly', async () => {
      const scheduler = app.app.get(CallingScheduler);
      const pending: { fn: () => void; ms: number }[] = [];
      const timers: Timers = { setTimeout: (fn, ms) => pending.push({ fn, ms }), clearTimeout: () => undefined };
      scheduler.timers = timers;
      scheduler.start();
      expect(pending).toEqual([{ fn: expect.any(Function), ms: 0 }]);
      pending.shift()!.fn();
      await scheduler.current;
      expect(pending.map((p) => p.ms)).toEqual([nextRunAfter(NOW).getTime() - NOW.getTime()]);
      expect(new Date(NOW.getTime() + pending[0].ms).toISOString()).toBe('2026-11-29T00:00:00.000Z');
      await scheduler.stop();
      expect(scheduler.started).toBe(false);
      expect(weekKey(lastCompletedWeekStart(new Date('2026-11-29T00:00:00Z')))).toBe('2026-11-22');
      expect(weekKey(lastCompletedWeekStart(new Date('2026-11-28T23:59:59Z')))).toBe(LAST);
    });

    describe('GraphQL', () => {
      const week = (region: Region) => rawQuery<{ week_start: string }>(stores.databases[region], 'select max(week_start) as week_start from calling_week');

      it('answers each section for the full admin with the figures of the raw legs of the partner’s customers', async () => {
        const region: Region = 'EU';
        const target = stores.databases[region];
        const [{ week_start }] = await week(region);
        const q = `query($r: Region!) {
          callingWeek(region: $r) { weekStart weekEnd computedAt }
          callingUsage(region: $r, first: 1000) { week { weekStart } trend { weekStart computed activeUsers calls } customerCount customers { customerId calls legs minutes activeUsers previousCalls callsChange declining } }
          callingQuality(region: $r, first: 1000) { trend { weekStart legs poorLegs } byEndpointType { endpointType legs poorLegs poorShare } customers { customerId legs poorLegs poorShare } }
          callingFeatures(region: $r) { customerCount features { feature calls legs } }
          callQueueInsights(region: $r, first: 1000) { averageTimeToAnswerSeconds averageWaitBeforeAbandonSeconds abandonRate customerCount customers { customerId queueCalls abandoned abandonRate } }
        }`;
        const response = await gql<Record<string, any>>(app.url, q, { r: region }, full); // eslint-disable-line @typescript-eslint/no-explicit-any
        expect(response.errors).toBeUndefined();
        const d = response.data!;
        expect(d.callingWeek.weekStart).toBe(week_start);
        expect(d.callingWeek.weekEnd).toBe(weekKey(new Date(parseWeekKey(week_start)!.getTime() + WEEK_MS)));
        const start = parseWeekKey(week_start)!;
        const range = [at(target, start), at(target, new Date(start.getTime() + WEEK_MS)), bool(target, false)];
        const raw = await rawQuery<Row>(
          target,
          `select l.customer_id, count(*) as legs, count(distinct l.call_id) as calls, count(distinct l.user_id) as users, sum(l.duration_seconds) as seconds
           from call_leg l join customer c on c.id = l.customer_id
           where l.started_at >= ? and l.started_at < ? and l.app_to_app = ? group by l.customer_id`,
          range,
        );
        const byId = new Map(raw.map((r) => [r.customer_id as string, num(r)]));
        const current = (d.callingUsage.customers as Row[]).filter((c) => (c.legs as number) > 0);
        expect(current.length).toBe(raw.length);
        for (const c of current) {
          const r = byId.get(c.customerId as string)!;
          expect([c.calls, c.legs, c.activeUsers], c.customerId as string).toEqual([r.calls, r.legs, r.users]);
          expect(c.minutes).toBeCloseTo((r.seconds as number) / 60, 6);
        }
        const declining = (d.callingUsage.customers as Row[]).filter((c) => c.declining);
        for (const c of declining) expect(c.callsChange as number).toBeLessThan(-0.1);
        const order = (d.callingUsage.customers as Row[]).map((c) => c.declining);
        expect(order).toEqual([...order].sort((a, b) => Number(b) - Number(a)));
        expect(d.callingUsage.trend).toHaveLength(8);
        expect(d.callingUsage.trend.at(-1)).toMatchObject({ weekStart: week_start, computed: true, activeUsers: raw.reduce((s, r) => s + Number(r.users), 0) });

        const poor = await rawQuery<Row>(
          target,
          `select l.endpoint_type, count(*) as legs, sum(case when l.audio_jitter_ms > 150 or l.audio_latency_ms > 400 or l.audio_loss_pct > 5 or l.video_jitter_ms > 150 or l.video_latency_ms > 400 or l.video_loss_pct > 5 then 1 else 0 end) as poor
           from call_leg l join customer c on c.id = l.customer_id where l.started_at >= ? and l.started_at < ? and l.app_to_app = ? group by l.endpoint_type`,
          range,
        );
        for (const p of poor.map(num)) {
          expect(d.callingQuality.byEndpointType.find((e: Row) => e.endpointType === p.endpoint_type)).toMatchObject({ legs: p.legs, poorLegs: p.poor });
        }
        const queue = await rawQuery<Row>(
          target,
          `select count(*) as legs, sum(case when queue_outcome = 'ABANDONED' then 1 else 0 end) as abandoned,
                  avg(case when queue_outcome = 'ANSWERED' then queue_wait_seconds end) as answer, avg(case when queue_outcome = 'ABANDONED' then queue_wait_seconds end) as abandon
           from call_leg l join customer c on c.id = l.customer_id where l.started_at >= ? and l.started_at < ? and l.app_to_app = ? and l.queue_outcome is not null`,
          range,
        );
        const qq = num(queue[0]);
        if ((qq.legs as number) > 0) {
          expect(d.callQueueInsights.abandonRate).toBeCloseTo((qq.abandoned as number) / (qq.legs as number), 9);
          expect(d.callQueueInsights.averageTimeToAnswerSeconds).toBeCloseTo(Number(qq.answer), 6);
          expect(d.callQueueInsights.averageWaitBeforeAbandonSeconds).toBeCloseTo(Number(qq.abandon), 6);
        }
        const features = await rawQuery<Row>(
          target,
          `select count(distinct case when l.call_queue = ${bool(target, true)} then l.call_id end) as cq, count(distinct case when l.hunt_group = ${bool(target, true)} then l.call_id end) as hg
           from call_leg l join customer c on c.id = l.customer_id
           where l.started_at >= ? and l.started_at < ? and l.app_to_app = ?
             and (l.customer_id in (select customer_id from call_leg where call_queue = ${bool(target, true)} and app_to_app = ${bool(target, false)} and started_at >= ? and started_at < ?)
                  or l.customer_id in (select customer_id from phone_number where user_type = 'CALL_QUEUE'))`,
          [...range, range[0], range[1]],
        );
        const f = num(features[0]);
        expect(d.callingFeatures.features).toEqual(expect.arrayContaining([expect.objectContaining({ feature: 'CALL_QUEUE', calls: f.cq }), expect.objectContaining({ feature: 'HUNT_GROUP', calls: f.hg })]));
      });

      it('shows a scoped admin only their assigned customers', async () => {
        const admin = (await signIn(app.url, 'admin@demo.example')).auth;
        for (const region of REGIONS) {
          const r = await gql<{ callingUsage: { customers: { customerId: string }[] } }>(app.url, 'query($r: Region!) { callingUsage(region: $r, first: 1000) { customers { customerId } } }', { r: region }, admin);
          expect(r.errors).toBeUndefined();
          const assigned = await rawQuery<{ customer_id: string }>(
            stores.databases.directory,
            "select a.customer_id from customer_admin_assignment a join partner_user u on u.id = a.user_id where u.email = 'admin@demo.example'",
          );
          const ids = new Set(assigned.map((a) => a.customer_id));
          for (const c of r.data!.callingUsage.customers) expect(ids.has(c.customerId)).toBe(true);
        }
      });

      it('lets only a full admin trigger the rollup, audited; bad weeks are refused with a field error', async () => {
        const readOnly = (await signIn(app.url, 'readonly@demo.example')).auth;
        const m = 'mutation($w: String) { runCallingRollup(weekStart: $w) { weeks { region weekStart legs } } }';
        expect((await gql(app.url, m, {}, readOnly)).errors?.[0].extensions?.code).toBe(ErrorCode.Forbidden);
        const bad = await gql(app.url, m, { w: '2026-11-16' }, full);
        expect(bad.errors?.[0].extensions?.code).toBe(ErrorCode.BadUserInput);
        expect((bad.errors?.[0].extensions as { fields?: unknown[] }).fields).toEqual([{ field: 'weekStart', reason: 'notCompletedWeek' }]);
        expect((await gql(app.url, m, { w: '2026-11-22' }, full)).errors?.[0].extensions?.code).toBe(ErrorCode.BadUserInput);
        const ok = await gql<{ runCallingRollup: { weeks: { region: string; weekStart: string }[] } }>(app.url, m, {}, full);
        expect(ok.errors).toBeUndefined();
        expect(ok.data!.runCallingRollup.weeks.some((w) => w.weekStart === LAST && w.region === 'EU')).toBe(true);
        // One event per (region, week) recomputed, committed with it and relayed to the audit log.
        const events = await app.app.get(RegionStores).directory().find(AuditEvent, { action: 'calling.rollup.run' });
        expect(events.map((e) => `${e.outcome} ${e.region}:${e.targetId}`).sort()).toEqual(ok.data!.runCallingRollup.weeks.map((w) => `SUCCESS ${w.region}:${w.weekStart}`).sort());
      });
    });
  });
});
