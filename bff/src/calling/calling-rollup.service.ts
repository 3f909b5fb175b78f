import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { REGIONS, type Region } from '@ph/contracts';
import { RegionStores, type StoreEntityManager } from '../database/stores';
import { lastCompletedWeekStart, parseWeekKey, sundayAtOrBefore, WEEK_MS, weekKey } from './calling-weeks';
import { toDate } from '../common/db-values';

/** Where the rollup and its scheduler get the time from (tests pass a fake). */
export interface Clock {
  now(): Date;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() };

/** Name of the rollup's lease row in the directory store. */
export const ROLLUP_LEASE = 'calling-rollup';

/** One week rolled up in one region store. */
export interface RolledUpWeek {
  region: Region;
  weekStart: string;
  legs: number;
}

/** Called inside a week's transaction once its rows are written (e.g. to add that week's audit event to it). */
export type InWeekTransaction = (tx: StoreEntityManager, week: RolledUpWeek) => void;

/** SQL condition: the leg (alias `l`) has an audio or video stream with jitter > 150 ms, latency > 400 ms or loss > 5 %. */
export const POOR_LEG_SQL = `(l.audio_jitter_ms > 150 or l.audio_latency_ms > 400 or l.audio_loss_pct > 5
  or l.video_jitter_ms > 150 or l.video_latency_ms > 400 or l.video_loss_pct > 5)`;

/** Call features recorded per leg: rollup column prefix and `call_leg` column. */
export const LEG_FEATURES = [
  ['hunt_group', 'hunt_group'],
  ['auto_attendant', 'auto_attendant'],
  ['call_queue', 'call_queue'],
  ['transfer', 'transfer'],
  ['park', 'park'],
  ['pickup', 'pickup'],
] as const;

const FEATURE_LEG_COLUMNS = LEG_FEATURES.map(([f]) => `${f}_legs`).join(', ');
const FEATURE_CALL_COLUMNS = LEG_FEATURES.map(([f]) => `${f}_calls`).join(', ');

/**
 * Aggregates one week of `call_leg` per customer, with the customer's partner, whether it has Call
 * Queue enabled and its place in the quality and queue tables; bindings `[weekStart, from, to]`.
 */
const CUSTOMER_WEEK_SQL = `
  insert into calling_customer_week (week_start, customer_id, partner_id, call_queue_enabled, calls, legs, seconds, video_seconds, active_users, poor_legs,
    ${FEATURE_LEG_COLUMNS}, ${FEATURE_CALL_COLUMNS},
    queue_legs, queue_answered, queue_abandoned, queue_timed_out, queue_overflowed, queue_transferred,
    answer_wait_seconds, answer_wait_legs, abandon_wait_seconds, abandon_wait_legs, quality_rank, queue_rank)
  select ?, g.customer_id, c.partner_id,
    (g.call_queue_legs > 0 or exists (select 1 from phone_number p where p.customer_id = g.customer_id and p.user_type = 'CALL_QUEUE')),
    g.calls, g.legs, g.seconds, g.video_seconds, g.active_users, g.poor_legs,
    ${LEG_FEATURES.map(([f]) => `g.${f}_legs`).join(', ')}, ${LEG_FEATURES.map(([f]) => `g.${f}_calls`).join(', ')},
    g.queue_legs, g.queue_answered, g.queue_abandoned, g.queue_timed_out, g.queue_overflowed, g.queue_transferred,
    g.answer_wait_seconds, g.answer_wait_legs, g.abandon_wait_seconds, g.abandon_wait_legs,
    row_number() over (partition by c.partner_id order by g.poor_legs * 1.0 / g.legs desc, g.poor_legs desc, c.name, g.customer_id),
    case when g.queue_legs > 0 then row_number() over (
      partition by c.partner_id, case when g.queue_legs > 0 then 1 else 0 end
      order by g.queue_abandoned * 1.0 / nullif(g.queue_legs, 0) desc, g.queue_legs desc, c.name, g.customer_id) end
  from (
    select l.customer_id, count(distinct l.call_id) as calls, count(*) as legs, sum(l.duration_seconds) as seconds,
      sum(case when l.video then l.duration_seconds else 0 end) as video_seconds, count(distinct l.user_id) as active_users,
      sum(case when ${POOR_LEG_SQL} then 1 else 0 end) as poor_legs,
      ${LEG_FEATURES.map(([f, col]) => `sum(case when l.${col} then 1 else 0 end) as ${f}_legs`).join(', ')},
      ${LEG_FEATURES.map(([f, col]) => `count(distinct case when l.${col} then l.call_id end) as ${f}_calls`).join(', ')},
      count(l.queue_outcome) as queue_legs,
      sum(case when l.queue_outcome = 'ANSWERED' then 1 else 0 end) as queue_answered, sum(case when l.queue_outcome = 'ABANDONED' then 1 else 0 end) as queue_abandoned,
      sum(case when l.queue_outcome = 'TIMED_OUT' then 1 else 0 end) as queue_timed_out, sum(case when l.queue_outcome = 'OVERFLOWED' then 1 else 0 end) as queue_overflowed,
      sum(case when l.queue_outcome = 'TRANSFERRED' then 1 else 0 end) as queue_transferred,
      coalesce(sum(case when l.queue_outcome = 'ANSWERED' then l.queue_wait_seconds end), 0) as answer_wait_seconds,
      count(case when l.queue_outcome = 'ANSWERED' then l.queue_wait_seconds end) as answer_wait_legs,
      coalesce(sum(case when l.queue_outcome = 'ABANDONED' then l.queue_wait_seconds end), 0) as abandon_wait_seconds,
      count(case when l.queue_outcome = 'ABANDONED' then l.queue_wait_seconds end) as abandon_wait_legs
    from call_leg l
    where l.started_at >= ? and l.started_at < ? and not l.app_to_app
    group by l.customer_id
  ) g
  left join customer c on c.id = g.customer_id`;

/** Legs and poor legs per customer and endpoint type; bindings `[weekStart, from, to]`. */
const ENDPOINT_WEEK_SQL = `
  insert into calling_endpoint_week (week_start, customer_id, endpoint_type, partner_id, legs, poor_legs)
  select ?, g.customer_id, g.endpoint_type, c.partner_id, g.legs, g.poor_legs
  from (
    select l.customer_id, l.endpoint_type, count(*) as legs, sum(case when ${POOR_LEG_SQL} then 1 else 0 end) as poor_legs
    from call_leg l
    where l.started_at >= ? and l.started_at < ? and not l.app_to_app
    group by l.customer_id, l.endpoint_type
  ) g
  left join customer c on c.id = g.customer_id`;

/**
 * The usage table of a week from the customer rows of that week and the one before (customers with
 * calls in either), ranked per partner; bindings `[weekStart, weekStart, previous, weekStart, previous]`.
 */
const USAGE_WEEK_SQL = `
  insert into calling_usage_week (week_start, customer_id, partner_id, calls, legs, seconds, video_seconds, active_users,
    previous_calls, previous_seconds, previous_active_users, usage_rank)
  select ?, k.customer_id, coalesce(cur.partner_id, prev.partner_id),
    coalesce(cur.calls, 0), coalesce(cur.legs, 0), coalesce(cur.seconds, 0), coalesce(cur.video_seconds, 0), coalesce(cur.active_users, 0),
    coalesce(prev.calls, 0), coalesce(prev.seconds, 0), coalesce(prev.active_users, 0),
    row_number() over (
      partition by coalesce(cur.partner_id, prev.partner_id)
      order by case when prev.calls > 0 then 0 else 1 end, (coalesce(cur.calls, 0) - prev.calls) * 1.0 / nullif(prev.calls, 0), c.name, k.customer_id)
  from (select distinct customer_id from calling_customer_week where week_start in (?, ?)) k
  left join calling_customer_week cur on cur.week_start = ? and cur.customer_id = k.customer_id
  left join calling_customer_week prev on prev.week_start = ? and prev.customer_id = k.customer_id
  left join customer c on c.id = k.customer_id`;

const ENDPOINT_COLUMNS = { DESK_PHONE: 'desk_phone', ROOM_DEVICE: 'room_device', APP: 'app', THIRD_PARTY: 'third_party' } as const;

/** Partner totals of a week from its usage, customer and endpoint rows; bindings `[weekStart × 4]`. */
const PARTNER_WEEK_SQL = `
  insert into calling_partner_week (week_start, partner_id, customers, usage_customers, calls, legs, seconds, active_users, poor_legs,
    ${Object.values(ENDPOINT_COLUMNS).map((e) => `${e}_legs, ${e}_poor_legs`).join(', ')},
    call_queue_customers, ${LEG_FEATURES.map(([f]) => `${f}_calls, ${f}_legs`).join(', ')},
    queue_customers, queue_legs, queue_abandoned, answer_wait_seconds, answer_wait_legs, abandon_wait_seconds, abandon_wait_legs)
  select ?, u.partner_id, coalesce(r.customers, 0), u.usage_customers, coalesce(r.calls, 0), coalesce(r.legs, 0), coalesce(r.seconds, 0),
    coalesce(r.active_users, 0), coalesce(r.poor_legs, 0),
    ${Object.values(ENDPOINT_COLUMNS).map((e) => `coalesce(e.${e}_legs, 0), coalesce(e.${e}_poor_legs, 0)`).join(', ')},
    coalesce(r.call_queue_customers, 0), ${LEG_FEATURES.map(([f]) => `coalesce(r.${f}_calls, 0), coalesce(r.${f}_legs, 0)`).join(', ')},
    coalesce(r.queue_customers, 0), coalesce(r.queue_legs, 0), coalesce(r.queue_abandoned, 0), coalesce(r.answer_wait_seconds, 0),
    coalesce(r.answer_wait_legs, 0), coalesce(r.abandon_wait_seconds, 0), coalesce(r.abandon_wait_legs, 0)
  from (select partner_id, count(*) as usage_customers from calling_usage_week where week_start = ? and partner_id is not null group by partner_id) u
  left join (
    select partner_id, count(*) as customers, sum(calls) as calls, sum(legs) as legs, sum(seconds) as seconds, sum(active_users) as active_users,
      sum(poor_legs) as poor_legs, sum(case when call_queue_enabled then 1 else 0 end) as call_queue_customers,
      ${LEG_FEATURES.map(([f]) => `sum(case when call_queue_enabled then ${f}_calls else 0 end) as ${f}_calls, sum(case when call_queue_enabled then ${f}_legs else 0 end) as ${f}_legs`).join(', ')},
      sum(case when queue_legs > 0 then 1 else 0 end) as queue_customers, sum(queue_legs) as queue_legs, sum(queue_abandoned) as queue_abandoned,
      sum(answer_wait_seconds) as answer_wait_seconds, sum(answer_wait_legs) as answer_wait_legs,
      sum(abandon_wait_seconds) as abandon_wait_seconds, sum(abandon_wait_legs) as abandon_wait_legs
    from calling_customer_week where week_start = ? group by partner_id
  ) r on r.partner_id = u.partner_id
  left join (
    select partner_id, ${Object.entries(ENDPOINT_COLUMNS)
      .map(([type, e]) => `sum(case when endpoint_type = '${type}' then legs else 0 end) as ${e}_legs, sum(case when endpoint_type = '${type}' then poor_legs else 0 end) as ${e}_poor_legs`)
      .join(', ')}
    from calling_endpoint_week where week_start = ? group by partner_id
  ) e on e.partner_id = u.partner_id`;

/**
 * The weekly calling rollup: aggregates call legs in SQL (legs never load into the BFF) into
 * `calling_customer_week` / `calling_endpoint_week` of each region store, one transaction per
 * (region, week) that replaces the week's rows and records when it was computed in `calling_week`.
 * Idempotent (re-running a week replaces it), crash-safe (a week interrupted mid-run has no
 * `calling_week` row and is redone), catches up every missed week back to the earliest call leg
 * or `horizonWeeks`, and runs on one replica at a time under a lease in the directory store.
 */
@Injectable()
export class CallingRollupService {
  private readonly logger = new Logger(CallingRollupService.name);
  /** Replaceable in tests. */
  clock: Clock = systemClock;
  /** How many completed weeks back the catch-up reaches at most. */
  horizonWeeks = 8;
  /** Lease lifetime; renewed before every week. */
  leaseMs = 10 * 60_000;
  /** This replica's lease holder id. */
  holder: string = randomUUID();
  /** Test hook: runs inside a week's transaction after its rows are written (throw to simulate a crash). */
  beforeCommit: ((region: Region, weekStart: string) => void | Promise<void>) | null = null;

  constructor(private readonly stores: RegionStores) {}

  /** A timestamp as the store's dialect binds it (SQLite keeps epoch milliseconds). */
  private ts(store: Region | 'directory', date: Date): number | string {
    return this.stores.dialect(store) === 'sqlite' ? date.getTime() : date.toISOString();
  }

  /** Recomputes one week of one region store in one transaction; returns the legs aggregated. */
  async rollupWeek(region: Region, weekStart: string, inTransaction?: InWeekTransaction): Promise<number> {
    const start = parseWeekKey(weekStart);
    if (!start) throw new Error(`Not a week start: ${weekStart}`);
    const from = this.ts(region, start);
    const to = this.ts(region, new Date(start.getTime() + WEEK_MS));
    const computedAt = this.ts(region, this.clock.now());
    const previous = weekKey(new Date(start.getTime() - WEEK_MS));
    const next = weekKey(new Date(start.getTime() + WEEK_MS));
    return this.stores.forRegion(region).transactional(async (tx) => {
      const connection = tx.getConnection();
      const ctx = tx.getTransactionContext();
      const run = (sql: string, params: unknown[]) => connection.execute(sql, params, 'run', ctx);
      const all = <T>(sql: string, params: unknown[]) => connection.execute<T[]>(sql, params, 'all', ctx);
      for (const table of ['calling_customer_week', 'calling_endpoint_week', 'calling_usage_week', 'calling_partner_week', 'calling_week']) {
        await run(`delete from ${table} where week_start = ?`, [weekStart]);
      }
      await run(CUSTOMER_WEEK_SQL, [weekStart, from, to]);
      await run(ENDPOINT_WEEK_SQL, [weekStart, from, to]);
      await run(USAGE_WEEK_SQL, [weekStart, weekStart, previous, weekStart, previous]);
      await run(PARTNER_WEEK_SQL, [weekStart, weekStart, weekStart, weekStart]);
      // The next week's usage table compares with this week: refresh it when that week is already computed.
      if ((await all<{ week_start: string }>('select week_start from calling_week where week_start = ?', [next])).length > 0) {
        await run('delete from calling_usage_week where week_start = ?', [next]);
        await run('delete from calling_partner_week where week_start = ?', [next]);
        await run(USAGE_WEEK_SQL, [next, next, weekStart, next, weekStart]);
        await run(PARTNER_WEEK_SQL, [next, next, next, next]);
      }
      const [{ legs }] = await all<{ legs: number | string | null }>('select coalesce(sum(legs), 0) as legs from calling_customer_week where week_start = ?', [weekStart]);
      await run('insert into calling_week (week_start, computed_at, legs) values (?, ?, ?)', [weekStart, computedAt, Number(legs)]);
      inTransaction?.(tx, { region, weekStart, legs: Number(legs) });
      await this.beforeCommit?.(region, weekStart);
      return Number(legs);
    });
  }

  /** Completed weeks of a region store that have no rollup yet, oldest first (none before its earliest call leg). */
  async dueWeeks(region: Region): Promise<string[]> {
    const connection = this.stores.forRegion(region).getConnection();
    const [{ first }] = await connection.execute<{ first: number | string | Date | null }[]>('select min(started_at) as first from call_leg');
    if (first === null || first === undefined) return [];
    const earliest = toDate(first);
    const last = lastCompletedWeekStart(this.clock.now()).getTime();
    const fromHorizon = last - (this.horizonWeeks - 1) * WEEK_MS;
    const fromData = sundayAtOrBefore(earliest).getTime();
    const done = new Set(
      (await connection.execute<{ week_start: string }[]>('select week_start from calling_week')).map((row) => row.week_start),
    );
    const weeks: string[] = [];
    for (let t = Math.max(fromHorizon, fromData); t <= last; t += WEEK_MS) {
      const key = weekKey(new Date(t));
      if (!done.has(key)) weeks.push(key);
    }
    return weeks;
  }

  /**
   * Claims the lease and rolls up every due week of every region, plus `recompute` weeks (already
   * computed ones too); `inTransaction` runs in each week's transaction. Returns null without doing
   * anything when another replica holds the lease.
   */
  async run(recompute: string[] = [], inTransaction?: InWeekTransaction): Promise<RolledUpWeek[] | null> {
    if (!(await this.claimLease())) return null;
    const done: RolledUpWeek[] = [];
    try {
      for (const region of REGIONS) {
        const weeks = [...new Set([...(await this.dueWeeks(region)), ...recompute])].sort();
        for (const weekStart of weeks) {
          if (!(await this.renewLease())) {
            this.logger.warn({ region, weekStart }, 'calling rollup lost its lease; stopping');
            return done;
          }
          const started = Date.now();
          const legs = await this.rollupWeek(region, weekStart, inTransaction);
          this.logger.log({ region, weekStart, legs, ms: Date.now() - started }, 'calling week rolled up');
          done.push({ region, weekStart, legs });
        }
      }
      return done;
    } finally {
      await this.releaseLease();
    }
  }

  /** Takes the lease when it is free or expired, atomically; true when this replica holds it now. */
  async claimLease(): Promise<boolean> {
    const now = this.clock.now();
    const connection = this.stores.directory().getConnection();
    await connection.execute(
      `insert into job_lease (name, holder, expires_at) values (?, ?, ?)
       on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at
       where job_lease.expires_at <= ?`,
      [ROLLUP_LEASE, this.holder, this.ts('directory', new Date(now.getTime() + this.leaseMs)), this.ts('directory', now)],
      'run',
    );
    const rows = await connection.execute<{ holder: string }[]>('select holder from job_lease where name = ?', [ROLLUP_LEASE]);
    return rows[0]?.holder === this.holder;
  }

  /** Extends this replica's unexpired lease; false when it has lost it. */
  async renewLease(): Promise<boolean> {
    const now = this.clock.now();
    const result = await this.stores
      .directory()
      .getConnection()
      .execute<{ affectedRows: number }>(
        'update job_lease set expires_at = ? where name = ? and holder = ? and expires_at > ?',
        [this.ts('directory', new Date(now.getTime() + this.leaseMs)), ROLLUP_LEASE, this.holder, this.ts('directory', now)],
        'run',
      );
    return result.affectedRows === 1;
  }

  /** Lets the lease expire now if this replica holds it. */
  async releaseLease(): Promise<void> {
    await this.stores
      .directory()
      .getConnection()
      .execute('update job_lease set expires_at = ? where name = ? and holder = ?', [this.ts('directory', this.clock.now()), ROLLUP_LEASE, this.holder], 'run');
  }
}
