import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { ErrorCode, REGIONS, type Region } from '@ph/contracts';
import { knex, type Knex } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuditEvent } from '../audit/audit-event.entity';
import { CustomerAdminAssignment, PartnerUser } from '../auth/user.entity';
import { CustomerDirectoryEntry } from '../customers/customer.entity';
import type { DatabaseTarget } from '../config/config';
import { RegionStores } from '../database/stores';
import { seedDemo } from '../demo/demo-seed';
import { createTestStores, gql, rawQuery, signIn, startApp, testConfig, type RunningApp, type TestStores } from '../test/harness';
import { CallingRollupService, type Clock } from './calling-rollup.service';
import { CallingScheduler, type Timers } from './calling-scheduler';
import { lastCompletedWeekStart, nextRunAfter, parseWeekKey, WEEK_MS, weekKey } from './calling-weeks';

/** Like rawQuery, but on one connection per database for the whole file (the independent checks run hundreds of queries). */
const pools = new Map<string, Knex>();
async function pooledQuery<T>(target: DatabaseTarget, sql: string, bindings: readonly string[] = []): Promise<T[]> {
  const key = JSON.stringify(target);
  if (!pools.has(key)) {
    pools.set(
      key,
      target.driver === 'sqlite'
        ? knex({ client: 'better-sqlite3', connection: { filename: target.file }, useNullAsDefault: true })
        : knex({ client: 'pg', connection: target.url, pool: { min: 0, max: 1 } }),
    );
  }
  const result = await pools.get(key)!.raw(sql, bindings);
  return target.driver === 'sqlite' ? (result as T[]) : (result.rows as T[]);
}

const dialects = inject('dialects');

/** The reference "now" of the seed and the rollup clock: a Wednesday. */
const NOW = new Date('2026-11-25T10:00:00Z');
/** Last completed week at NOW: Sunday 2026-11-15 00:00 UTC to Sunday 2026-11-22 00:00 UTC. */
const LAST = '2026-11-15';
const fixed = (t: Date): Clock => ({ now: () => t });

type Row = Record<string, unknown>;
const TEXT = new Set(['customer_id', 'partner_id', 'week_start', 'endpoint_type', 'name']);
const num = (row: Row): Row => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' && !TEXT.has(k) ? Number(v) : v]));

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
  transfer?: boolean;
  park?: boolean;
  pickup?: boolean;
  outcome?: string | null;
  wait?: number | null;
  userId?: string | null;
}

async function insertLeg(target: DatabaseTarget, leg: Leg): Promise<void> {
  await rawQuery(
    target,
    `insert into call_leg (id, customer_id, call_id, started_at, duration_seconds, direction, endpoint_type, audio, video,
       audio_jitter_ms, audio_latency_ms, audio_loss_pct, video_jitter_ms, video_latency_ms, video_loss_pct,
       app_to_app, hunt_group, auto_attendant, call_queue, queue_outcome, queue_wait_seconds, user_id, transfer, park, pickup)
     values (?, ?, ?, ?, ?, 'INBOUND', ?, ${bool(target, true)}, ${bool(target, leg.video ?? false)}, ?, 50, 0.1, ${leg.video ? '?' : 'null'}, ${leg.video ? '60' : 'null'}, ${leg.video ? '0.2' : 'null'},
       ${bool(target, leg.appToApp ?? false)}, ${bool(target, false)}, ${bool(target, false)}, ${bool(target, leg.callQueue ?? false)}, ?, ?, ?,
       ${bool(target, leg.transfer ?? false)}, ${bool(target, leg.park ?? false)}, ${bool(target, leg.pickup ?? false)})`,
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
async function independent(target: DatabaseTarget, weekStart: string, memo?: Map<string, Map<string, Row>>): Promise<Map<string, Row>> {
  const key = `${JSON.stringify(target)}|${weekStart}`;
  if (memo?.has(key)) return memo.get(key)!;
  const result = await independentUncached(target, weekStart);
  memo?.set(key, result);
  return result;
}

async function independentUncached(target: DatabaseTarget, weekStart: string): Promise<Map<string, Row>> {
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
    ...(['hunt_group', 'auto_attendant', 'call_queue', 'transfer', 'park', 'pickup'] as const).flatMap((f): [string, string][] => [
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
  const customers = await pooledQuery<{ customer_id: string; partner_id: string | null; queue_numbers: unknown }>(
    target,
    `select k.customer_id, c.partner_id, (select count(*) from phone_number p where p.customer_id = k.customer_id and p.user_type = 'CALL_QUEUE') as queue_numbers
     from (select distinct customer_id ${base}) k left join customer c on c.id = k.customer_id`,
    range,
  );
  const numbers = new Map(customers.map((c) => [c.customer_id, Number(c.queue_numbers)]));
  for (const { customer_id, partner_id } of customers) result.set(customer_id, { partner_id: partner_id ?? null, ...Object.fromEntries(sets.map(([k]) => [k, 0])) });
  for (const [key, sql] of sets) {
    for (const row of await pooledQuery<{ customer_id: string; v: unknown }>(target, sql, range)) result.get(row.customer_id)![key] = Number(row.v);
  }
  for (const [id, row] of result) row.call_queue_enabled = (row.call_queue_legs as number) > 0 || numbers.get(id)! > 0;
  return result;
}

const COLUMNS = `partner_id, call_queue_enabled, calls, legs, seconds, video_seconds, active_users, poor_legs, hunt_group_legs, auto_attendant_legs, call_queue_legs,
  transfer_legs, park_legs, pickup_legs, hunt_group_calls, auto_attendant_calls, call_queue_calls, transfer_calls, park_calls, pickup_calls, queue_legs, queue_answered, queue_abandoned, queue_timed_out, queue_overflowed,
  queue_transferred, answer_wait_seconds, answer_wait_legs, abandon_wait_seconds, abandon_wait_legs`;

async function rollupRows(target: DatabaseTarget, weekStart?: string): Promise<Row[]> {
  const rows = await rawQuery<Row>(
    target,
    `select week_start, customer_id, ${COLUMNS} from calling_customer_week ${weekStart ? 'where week_start = ?' : ''} order by week_start, customer_id`,
    weekStart ? [weekStart] : [],
  );
  return rows.map(num).map((r) => ({ ...r, call_queue_enabled: r.call_queue_enabled === true || Number(r.call_queue_enabled) === 1 }));
}

/** Week key `weeks` weeks after `key` (negative: before). */
const shift = (key: string, weeks: number) => weekKey(new Date(parseWeekKey(key)!.getTime() + weeks * WEEK_MS));

/**
 * The usage table of a week straight from call_leg: every customer with legs in the week or (when
 * that week is rolled up) the week before, with both weeks' calls, seconds and users.
 */
async function independentUsage(target: DatabaseTarget, weekStart: string, previousComputed: boolean, memo: Map<string, Map<string, Row>>): Promise<Map<string, Row>> {
  const cur = await independent(target, weekStart, memo);
  const prev = previousComputed ? await independent(target, shift(weekStart, -1), memo) : new Map<string, Row>();
  const result = new Map<string, Row>();
  for (const id of new Set([...cur.keys(), ...prev.keys()])) {
    const c = cur.get(id);
    const p = prev.get(id);
    result.set(id, {
      partner_id: (c ?? p)!.partner_id,
      calls: c?.calls ?? 0,
      legs: c?.legs ?? 0,
      seconds: c?.seconds ?? 0,
      video_seconds: c?.video_seconds ?? 0,
      active_users: c?.active_users ?? 0,
      previous_calls: p?.calls ?? 0,
      previous_seconds: p?.seconds ?? 0,
      previous_active_users: p?.active_users ?? 0,
    });
  }
  return result;
}

const FEATURE_COLUMNS = ['hunt_group', 'auto_attendant', 'call_queue', 'transfer', 'park', 'pickup'] as const;

/** Partner totals of a week added up in JS from the independent per-customer figures and raw endpoint counts. */
async function independentPartnerTotals(target: DatabaseTarget, weekStart: string, usage: Map<string, Row>, memo: Map<string, Map<string, Row>>): Promise<Map<string, Row>> {
  const customers = await independent(target, weekStart, memo);
  const start = parseWeekKey(weekStart)!;
  const endpoints = await pooledQuery<Row>(
    target,
    `select c.partner_id, l.endpoint_type, count(*) as legs,
            count(case when l.audio_jitter_ms > 150 or l.audio_latency_ms > 400 or l.audio_loss_pct > 5 or l.video_jitter_ms > 150 or l.video_latency_ms > 400 or l.video_loss_pct > 5 then 1 end) as poor
     from call_leg l join customer c on c.id = l.customer_id
     where l.started_at >= ? and l.started_at < ? and l.app_to_app = ? group by c.partner_id, l.endpoint_type`,
    [at(target, start), at(target, new Date(start.getTime() + WEEK_MS)), bool(target, false)],
  );
  const totals = new Map<string, Row>();
  const of = (partner: string): Row => {
    if (!totals.has(partner)) {
      const zero: Row = { customers: 0, usage_customers: 0, calls: 0, legs: 0, seconds: 0, active_users: 0, poor_legs: 0, call_queue_customers: 0, queue_customers: 0 };
      for (const e of ['desk_phone', 'room_device', 'app', 'third_party']) Object.assign(zero, { [`${e}_legs`]: 0, [`${e}_poor_legs`]: 0 });
      for (const f of FEATURE_COLUMNS) Object.assign(zero, { [`${f}_calls`]: 0, [`${f}_legs`]: 0 });
      for (const k of ['queue_legs', 'queue_abandoned', 'answer_wait_seconds', 'answer_wait_legs', 'abandon_wait_seconds', 'abandon_wait_legs']) zero[k] = 0;
      totals.set(partner, zero);
    }
    return totals.get(partner)!;
  };
  const add = (row: Row, key: string, v: unknown) => (row[key] = (row[key] as number) + Number(v));
  for (const u of usage.values()) if (u.partner_id) add(of(u.partner_id as string), 'usage_customers', 1);
  for (const c of customers.values()) {
    if (!c.partner_id) continue;
    const t = of(c.partner_id as string);
    add(t, 'customers', 1);
    for (const k of ['calls', 'legs', 'seconds', 'active_users', 'poor_legs', 'queue_legs', 'queue_abandoned', 'answer_wait_seconds', 'answer_wait_legs', 'abandon_wait_seconds', 'abandon_wait_legs']) add(t, k, c[k]);
    if ((c.queue_legs as number) > 0) add(t, 'queue_customers', 1);
    if (c.call_queue_enabled) {
      add(t, 'call_queue_customers', 1);
      for (const f of FEATURE_COLUMNS) {
        add(t, `${f}_calls`, c[`${f}_calls`]);
        add(t, `${f}_legs`, c[`${f}_legs`]);
      }
    }
  }
  for (const e of endpoints.map(num)) {
    const prefix = (e.endpoint_type as string).toLowerCase();
    add(of(e.partner_id as string), `${prefix}_legs`, e.legs);
    add(of(e.partner_id as string), `${prefix}_poor_legs`, e.poor);
  }
  return totals;
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
      // App-to-app: never counted, whatever features it used.
      await insertLeg(eu, { id: 'edge-6', customerId: edge, callId: 'e6', startedAt: new Date(start.getTime() + 9000_000), duration: 100, appToApp: true, endpoint: 'APP', pickup: true });
      // A call parked on its first leg and transferred on its second; a picked-up call that was then transferred.
      await insertLeg(eu, { id: 'edge-7a', customerId: edge, callId: 'e7', startedAt: new Date(start.getTime() + 4 * 3600_000), duration: 120, park: true });
      await insertLeg(eu, { id: 'edge-7b', customerId: edge, callId: 'e7', startedAt: new Date(start.getTime() + 4 * 3600_000 + 1000), duration: 120, transfer: true });
      await insertLeg(eu, { id: 'edge-8', customerId: edge, callId: 'e8', startedAt: new Date(start.getTime() + 5 * 3600_000), duration: 30, pickup: true, transfer: true });
    });

    afterAll(async () => {
      await app?.app.close();
      for (const pool of pools.values()) await pool.destroy();
      pools.clear();
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
    }, 120_000);

    it('writes each week’s usage table and partner totals equal to the same figures from raw call legs, with ranks in table order', async () => {
      let rows = 0;
      const memo = new Map<string, Map<string, Row>>();
      for (const region of REGIONS) {
        const target = stores.databases[region];
        const weeks = new Set((await rawQuery<{ week_start: string }>(target, 'select week_start from calling_week')).map((w) => w.week_start));
        for (const week of weeks) {
          const expected = await independentUsage(target, week, weeks.has(shift(week, -1)), memo);
          const actual = (await rawQuery<Row>(target, 'select * from calling_usage_week where week_start = ?', [week])).map(num);
          expect(actual.map((r) => r.customer_id).sort(), `${region} ${week}`).toEqual([...expected.keys()].sort());
          for (const { week_start: _w, customer_id, usage_rank: _r, ...figures } of actual) {
            expect(figures, `${region} ${week} ${customer_id as string}`).toEqual(expected.get(customer_id as string));
            rows++;
          }
          // Ranks run 1…n per partner in table order: previous-week customers first by change of calls ascending, then new ones.
          const byPartner = new Map<string, Row[]>();
          for (const r of actual) byPartner.set(r.partner_id as string, [...(byPartner.get(r.partner_id as string) ?? []), r]);
          for (const list of byPartner.values()) {
            list.sort((a, b) => (a.usage_rank as number) - (b.usage_rank as number));
            expect(list.map((r) => r.usage_rank)).toEqual(list.map((_, i) => i + 1));
            const key = (r: Row) => ((r.previous_calls as number) > 0 ? ((r.calls as number) - (r.previous_calls as number)) / (r.previous_calls as number) : Infinity);
            for (let i = 1; i < list.length; i++) expect(key(list[i]!)).toBeGreaterThanOrEqual(key(list[i - 1]!));
          }
          const totals = await independentPartnerTotals(target, week, expected, memo);
          const partners = (await rawQuery<Row>(target, 'select * from calling_partner_week where week_start = ?', [week])).map(num);
          expect(partners.map((p) => p.partner_id).sort()).toEqual([...totals.keys()].sort());
          for (const { week_start: _w, partner_id, ...figures } of partners) expect(figures, `${region} ${week} partner`).toEqual(totals.get(partner_id as string));
        }
        // Quality and queue ranks: worst share first, queue rank only with queue legs.
        const ranked = (await rawQuery<Row>(target, 'select * from calling_customer_week where partner_id is not null order by week_start, partner_id, quality_rank')).map(num);
        for (let i = 1; i < ranked.length; i++) {
          const [a, b] = [ranked[i - 1]!, ranked[i]!];
          if (a.week_start !== b.week_start || a.partner_id !== b.partner_id) continue;
          expect(b.quality_rank).toBe((a.quality_rank as number) + 1);
          expect((b.poor_legs as number) / (b.legs as number)).toBeLessThanOrEqual((a.poor_legs as number) / (a.legs as number));
        }
        for (const r of ranked) expect(r.queue_rank === null, `${r.customer_id as string}`).toBe(r.queue_legs === 0);
      }
      expect(rows).toBeGreaterThan(100);
    }, 180_000);

    it('refreshes the next week’s usage table when a week is recomputed with late legs', async () => {
      const eu = stores.databases.EU;
      const previous = shift(LAST, -1);
      const [row] = (await rawQuery<Row>(eu, 'select * from calling_usage_week where week_start = ? and previous_calls > 0 and partner_id is not null order by customer_id limit 1', [LAST])).map(num);
      const customer = row!.customer_id as string;
      // Two late legs of one new call in the week before, ingested after both weeks were rolled up.
      const at0 = new Date(parseWeekKey(previous)!.getTime() + 86_400_000);
      await insertLeg(eu, { id: 'late-1', customerId: customer, callId: 'late-call', startedAt: at0, duration: 60 });
      await insertLeg(eu, { id: 'late-2', customerId: customer, callId: 'late-call', startedAt: new Date(at0.getTime() + 1000), duration: 60 });
      await sut.rollupWeek('EU', previous);
      const [after] = (await rawQuery<Row>(eu, 'select * from calling_usage_week where week_start = ? and customer_id = ?', [LAST, customer])).map(num);
      expect(after).toMatchObject({ previous_calls: (row!.previous_calls as number) + 1, previous_seconds: (row!.previous_seconds as number) + 120, calls: row!.calls });
      const [partner] = (await rawQuery<Row>(eu, 'select usage_customers from calling_partner_week where week_start = ? and partner_id = ?', [LAST, row!.partner_id as string])).map(num);
      const [{ n }] = (await rawQuery<Row>(eu, 'select count(*) as n from calling_usage_week where week_start = ? and partner_id = ?', [LAST, row!.partner_id as string])).map(num);
      expect(partner!.usage_customers).toBe(n);
    });

    it('puts a call a second before Sunday 00:00 UTC in the week it ends and one a second after in none yet; poor video with good audio is poor', async () => {
      const [week] = await rollupRows(stores.databases.EU, LAST).then((rows) => rows.filter((r) => r.customer_id === edge));
      expect(week).toMatchObject({ legs: 6, calls: 5, seconds: 60 + 600 + 180 + 120 + 120 + 30, video_seconds: 60, active_users: 1, poor_legs: 1 });
      expect(week).toMatchObject({ transfer_legs: 2, transfer_calls: 2, park_legs: 1, park_calls: 1, pickup_legs: 1, pickup_calls: 1, call_queue_enabled: true, partner_id: null });
      expect(week).toMatchObject({ queue_legs: 2, queue_abandoned: 1, queue_timed_out: 1, abandon_wait_seconds: 600, abandon_wait_legs: 1, answer_wait_legs: 0 });
      const [before] = (await rollupRows(stores.databases.EU, '2026-11-08')).filter((r) => r.customer_id === edge);
      expect(before).toMatchObject({ legs: 1, seconds: 30 });
      const all = (await rollupRows(stores.databases.EU)).filter((r) => r.customer_id === edge);
      expect(all.map((r) => r.week_start)).toEqual(['2026-11-08', LAST]);
      const types = await rawQuery<Row>(stores.databases.EU, 'select endpoint_type, legs, poor_legs from calling_endpoint_week where customer_id = ? and week_start = ? order by endpoint_type', [edge, LAST]);
      expect(types.map(num)).toEqual([
        { endpoint_type: 'DESK_PHONE', legs: 5, poor_legs: 0 },
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
        // Advanced features over customers with Call Queue enabled (call-queue legs in the week or a CALL_QUEUE number).
        const enabled = `(l.customer_id in (select customer_id from call_leg where call_queue = ${bool(target, true)} and app_to_app = ${bool(target, false)} and started_at >= ? and started_at < ?)
                  or l.customer_id in (select customer_id from phone_number where user_type = 'CALL_QUEUE'))`;
        const legsOf = `from call_leg l join customer c on c.id = l.customer_id where l.started_at >= ? and l.started_at < ? and l.app_to_app = ? and ${enabled}`;
        const [{ n: enabledCustomers }] = await rawQuery<Row>(target, `select count(distinct l.customer_id) as n ${legsOf}`, [...range, range[0], range[1]]);
        expect(d.callingFeatures.customerCount).toBe(Number(enabledCustomers));
        expect(d.callingFeatures.features.map((f: Row) => f.feature)).toEqual(['HUNT_GROUP', 'AUTO_ATTENDANT', 'CALL_QUEUE', 'TRANSFER', 'PARK', 'PICKUP']);
        for (const feature of d.callingFeatures.features as Row[]) {
          const column = (feature.feature as string).toLowerCase();
          const [row] = await rawQuery<Row>(
            target,
            `select (select count(*) from (select distinct l.customer_id, l.call_id ${legsOf} and l.${column} = ${bool(target, true)}) x) as calls,
                    (select count(*) ${legsOf} and l.${column} = ${bool(target, true)}) as legs`,
            [...range, range[0], range[1], ...range, range[0], range[1]],
          );
          expect(feature, feature.feature as string).toEqual({ feature: feature.feature, calls: Number(row!.calls), legs: Number(row!.legs) });
          expect(feature.calls as number, `${feature.feature as string} has demo data`).toBeGreaterThan(0);
        }
        // Table sizes: customers with legs this week or last (usage), with legs this week (quality), with queue legs (queue).
        const previous = shift(week_start, -1);
        const [{ n: usageCustomers }] = await rawQuery<Row>(
          target,
          `select count(distinct l.customer_id) as n from call_leg l join customer c on c.id = l.customer_id where l.started_at >= ? and l.started_at < ? and l.app_to_app = ?`,
          [at(target, parseWeekKey(previous)!), range[1], range[2]],
        );
        expect(d.callingUsage.customerCount).toBe(Number(usageCustomers));
        expect(d.callingQuality.customers).toHaveLength(raw.length);
        const [{ n: queueCustomers }] = await rawQuery<Row>(
          target,
          `select count(distinct l.customer_id) as n from call_leg l join customer c on c.id = l.customer_id where l.started_at >= ? and l.started_at < ? and l.app_to_app = ? and l.queue_outcome is not null`,
          range,
        );
        expect(d.callQueueInsights.customerCount).toBe(Number(queueCustomers));
      });

      it('gives a scoped admin every section’s figures of exactly their assigned customers, in the full admin’s order', async () => {
        const region: Region = 'EU';
        const target = stores.databases[region];
        const [{ week_start }] = await week(region);
        const previous = shift(week_start, -1);
        // Assign admin@ a mix of this week's customers (some with queue legs, some without) and one that called only the week before.
        const pick = (sql: string) => rawQuery<{ customer_id: string }>(target, sql, [week_start]).then((rows) => rows.map((r) => r.customer_id));
        const chosen = [
          ...(await pick('select customer_id from calling_customer_week where week_start = ? and partner_id is not null and queue_legs > 0 order by customer_id limit 4')),
          ...(await pick('select customer_id from calling_customer_week where week_start = ? and partner_id is not null and queue_legs = 0 order by customer_id limit 4')),
        ];
        // A customer that called the week before and not at all this week (late legs, rolled up again).
        const [quiet] = await pick('select id as customer_id from customer where id not in (select customer_id from calling_customer_week where week_start = ?) order by id limit 1');
        const at0 = new Date(parseWeekKey(previous)!.getTime() + 2 * 86_400_000);
        await insertLeg(target, { id: 'quiet-1', customerId: quiet!, callId: 'quiet-call', startedAt: at0, duration: 45, userId: randomUUID() });
        await sut.rollupWeek(region, previous);
        chosen.push(quiet!);
        expect(chosen.length).toBeGreaterThanOrEqual(8);
        const em = app.app.get(RegionStores).directory().fork();
        const user = await em.findOneOrFail(PartnerUser, { email: 'admin@demo.example' });
        for (const id of chosen) em.create(CustomerAdminAssignment, { customer: em.getReference(CustomerDirectoryEntry, id), user, kind: 'ASSIGNED' });
        await em.flush();
        const assigned = await rawQuery<{ customer_id: string }>(
          stores.databases.directory,
          "select a.customer_id from customer_admin_assignment a join partner_user u on u.id = a.user_id where u.email = 'admin@demo.example'",
        );
        const ids = new Set(assigned.map((a) => a.customer_id));

        const q = `query($r: Region!) {
          callingUsage(region: $r, first: 1000) { trend { weekStart activeUsers calls legs } customerCount customers { customerId calls legs previousCalls declining } }
          callingQuality(region: $r, first: 1000) { trend { weekStart legs poorLegs } byEndpointType { endpointType legs poorLegs } customerCount customers { customerId legs poorLegs } }
          callingFeatures(region: $r) { customerCount features { feature calls legs } }
          callQueueInsights(region: $r, first: 1000) { abandonRate averageTimeToAnswerSeconds averageWaitBeforeAbandonSeconds customerCount customers { customerId queueCalls abandoned transferCalls parkCalls pickupCalls } }
        }`;
        const admin = (await signIn(app.url, 'admin@demo.example')).auth;
        const [mine, all] = await Promise.all([gql<Record<string, any>>(app.url, q, { r: region }, admin), gql<Record<string, any>>(app.url, q, { r: region }, full)]); // eslint-disable-line @typescript-eslint/no-explicit-any
        expect(mine.errors).toBeUndefined();
        const d = mine.data!;

        // Expected figures: the independent per-customer figures of raw legs, added up over the admin's customers only.
        const cur = new Map([...(await independent(target, week_start))].filter(([id]) => ids.has(id)));
        const prev = new Map([...(await independent(target, previous))].filter(([id]) => ids.has(id)));
        const sum = (rows: Iterable<Row>, key: string) => [...rows].reduce((t, r) => t + (r[key] as number), 0);
        const usageIds = new Set([...cur.keys(), ...prev.keys()]);
        expect(d.callingUsage.customers.map((c: Row) => c.customerId).sort()).toEqual([...usageIds].sort());
        expect(d.callingUsage.customerCount).toBe(usageIds.size);
        expect(d.callingUsage.trend.at(-1)).toEqual({ weekStart: week_start, activeUsers: sum(cur.values(), 'active_users'), calls: sum(cur.values(), 'calls'), legs: sum(cur.values(), 'legs') });
        expect(d.callingUsage.trend.at(-2)).toEqual({ weekStart: previous, activeUsers: sum(prev.values(), 'active_users'), calls: sum(prev.values(), 'calls'), legs: sum(prev.values(), 'legs') });
        for (const c of d.callingUsage.customers as Row[]) {
          expect([c.calls, c.previousCalls], c.customerId as string).toEqual([cur.get(c.customerId as string)?.calls ?? 0, prev.get(c.customerId as string)?.calls ?? 0]);
        }
        expect(d.callingUsage.customers.filter((c: Row) => c.calls === 0).map((c: Row) => c.declining), 'a customer that stopped calling is declining').toEqual([true]);

        expect(d.callingQuality.customerCount).toBe(cur.size);
        expect(d.callingQuality.trend.at(-1)).toEqual({ weekStart: week_start, legs: sum(cur.values(), 'legs'), poorLegs: sum(cur.values(), 'poor_legs') });
        const start = parseWeekKey(week_start)!;
        const endpoints = await rawQuery<Row>(
          target,
          `select endpoint_type, count(*) as legs, count(case when audio_jitter_ms > 150 or audio_latency_ms > 400 or audio_loss_pct > 5 or video_jitter_ms > 150 or video_latency_ms > 400 or video_loss_pct > 5 then 1 end) as poor
           from call_leg where started_at >= ? and started_at < ? and app_to_app = ? and customer_id in (${[...ids].map(() => '?').join(', ')}) group by endpoint_type`,
          [at(target, start), at(target, new Date(start.getTime() + WEEK_MS)), bool(target, false), ...ids],
        );
        for (const e of d.callingQuality.byEndpointType as Row[]) {
          const raw = endpoints.map(num).find((r) => r.endpoint_type === e.endpointType);
          expect([e.legs, e.poorLegs], e.endpointType as string).toEqual([raw?.legs ?? 0, raw?.poor ?? 0]);
        }

        const enabled = [...cur.values()].filter((r) => r.call_queue_enabled);
        expect(d.callingFeatures.customerCount).toBe(enabled.length);
        for (const f of d.callingFeatures.features as Row[]) {
          const column = (f.feature as string).toLowerCase();
          expect([f.calls, f.legs], f.feature as string).toEqual([sum(enabled, `${column}_calls`), sum(enabled, `${column}_legs`)]);
        }

        const queued = [...cur.values()].filter((r) => (r.queue_legs as number) > 0);
        expect(queued.length).toBeGreaterThan(0);
        expect(d.callQueueInsights.customerCount).toBe(queued.length);
        expect(d.callQueueInsights.abandonRate).toBeCloseTo(sum(queued, 'queue_abandoned') / sum(queued, 'queue_legs'), 9);
        const answerLegs = sum(queued, 'answer_wait_legs');
        if (answerLegs > 0) expect(d.callQueueInsights.averageTimeToAnswerSeconds).toBeCloseTo(sum(queued, 'answer_wait_seconds') / answerLegs, 9);

        // Every row the scoped admin sees is the full admin's row of that customer, in the full admin's order.
        for (const [section, table] of [['callingUsage', 'customers'], ['callingQuality', 'customers'], ['callQueueInsights', 'customers']] as const) {
          const mineRows = d[section][table] as Row[];
          const fullRows = (all.data![section][table] as Row[]).filter((r) => ids.has(r.customerId as string));
          expect(mineRows, section).toEqual(fullRows);
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
