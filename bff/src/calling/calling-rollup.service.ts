import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { REGIONS, type Region } from '@ph/contracts';
import { RegionStores, type StoreEntityManager } from '../database/stores';
import { lastCompletedWeekStart, parseWeekKey, sundayAtOrBefore, toDate, WEEK_MS, weekKey } from './calling-weeks';

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

/** Aggregates one week of `call_leg` per customer; bindings `[weekStart, from, to]`. */
const CUSTOMER_WEEK_SQL = `
  insert into calling_customer_week (week_start, customer_id, calls, legs, seconds, video_seconds, active_users, poor_legs,
    hunt_group_legs, auto_attendant_legs, call_queue_legs, hunt_group_calls, auto_attendant_calls, call_queue_calls,
    queue_legs, queue_answered, queue_abandoned, queue_timed_out, queue_overflowed, queue_transferred,
    answer_wait_seconds, answer_wait_legs, abandon_wait_seconds, abandon_wait_legs)
  select ?, l.customer_id, count(distinct l.call_id), count(*), sum(l.duration_seconds),
    sum(case when l.video then l.duration_seconds else 0 end), count(distinct l.user_id),
    sum(case when ${POOR_LEG_SQL} then 1 else 0 end),
    sum(case when l.hunt_group then 1 else 0 end), sum(case when l.auto_attendant then 1 else 0 end), sum(case when l.call_queue then 1 else 0 end),
    count(distinct case when l.hunt_group then l.call_id end), count(distinct case when l.auto_attendant then l.call_id end),
    count(distinct case when l.call_queue then l.call_id end),
    count(l.queue_outcome),
    sum(case when l.queue_outcome = 'ANSWERED' then 1 else 0 end), sum(case when l.queue_outcome = 'ABANDONED' then 1 else 0 end),
    sum(case when l.queue_outcome = 'TIMED_OUT' then 1 else 0 end), sum(case when l.queue_outcome = 'OVERFLOWED' then 1 else 0 end),
    sum(case when l.queue_outcome = 'TRANSFERRED' then 1 else 0 end),
    coalesce(sum(case when l.queue_outcome = 'ANSWERED' then l.queue_wait_seconds end), 0),
    count(case when l.queue_outcome = 'ANSWERED' then l.queue_wait_seconds end),
    coalesce(sum(case when l.queue_outcome = 'ABANDONED' then l.queue_wait_seconds end), 0),
    count(case when l.queue_outcome = 'ABANDONED' then l.queue_wait_seconds end)
  from call_leg l
  where l.started_at >= ? and l.started_at < ? and not l.app_to_app
  group by l.customer_id`;

/** Legs and poor legs per customer and endpoint type; bindings `[weekStart, from, to]`. */
const ENDPOINT_WEEK_SQL = `
  insert into calling_endpoint_week (week_start, customer_id, endpoint_type, legs, poor_legs)
  select ?, l.customer_id, l.endpoint_type, count(*), sum(case when ${POOR_LEG_SQL} then 1 else 0 end)
  from call_leg l
  where l.started_at >= ? and l.started_at < ? and not l.app_to_app
  group by l.customer_id, l.endpoint_type`;

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
    return this.stores.forRegion(region).transactional(async (tx) => {
      const connection = tx.getConnection();
      const ctx = tx.getTransactionContext();
      const run = (sql: string, params: unknown[]) => connection.execute(sql, params, 'run', ctx);
      await run('delete from calling_customer_week where week_start = ?', [weekStart]);
      await run('delete from calling_endpoint_week where week_start = ?', [weekStart]);
      await run('delete from calling_week where week_start = ?', [weekStart]);
      await run(CUSTOMER_WEEK_SQL, [weekStart, from, to]);
      await run(ENDPOINT_WEEK_SQL, [weekStart, from, to]);
      const [{ legs }] = await connection.execute<{ legs: number | string | null }[]>(
        'select coalesce(sum(legs), 0) as legs from calling_customer_week where week_start = ?',
        [weekStart],
        'all',
        ctx,
      );
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
