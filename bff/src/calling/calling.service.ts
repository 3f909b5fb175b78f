import { Injectable } from '@nestjs/common';
import { ENDPOINT_TYPES, type EndpointType } from '../calls/call-leg.entity';
import { ErrorCode, type Region } from '@ph/contracts';
import { AuditService } from '../audit/audit.service';
import { PolicyService } from '../auth/policy.service';
import type { RequestActor } from '../auth/sessions.service';
import { AppError } from '../common/app-error';
import { RegionStores } from '../database/stores';
import { CallingRollupService } from './calling-rollup.service';
import { lastCompletedWeekStart, parseWeekKey, toDate, WEEK_MS, weekKey, weekKeysEndingWith } from './calling-weeks';
import type {
  CallingCustomerQuality,
  CallingCustomerUsage,
  CallingFeatures,
  CallingQuality,
  CallingRollupRun,
  CallingUsage,
  CallingWeekInfo,
  CallQueueCustomer,
  CallQueueInsights,
} from './models/calling.model';

/** Weeks in the trend charts. */
export const TREND_WEEKS = 8;
/** A customer is declining when its calls fell by more than this share vs the previous week. */
export const DECLINE_THRESHOLD = 0.1;
/** Rows of a customer table when the client names no `first`. */
export const DEFAULT_ROWS = 100;
export const MAX_ROWS = 1000;

/** Customers of a region store a query may touch (alias `c` = customer); `?` placeholders for `params`. */
interface Scope {
  where: string;
  params: string[];
}

type Num = number | string | null;
const n = (value: Num | undefined): number => Number(value ?? 0);
const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/** SQL: customers with Call Queue enabled (alias `r` = calling_customer_week). */
const CALL_QUEUE_ENABLED_SQL = `(r.call_queue_legs > 0 or exists (select 1 from phone_number p where p.customer_id = r.customer_id and p.user_type = 'CALL_QUEUE'))`;

/**
 * Calling analytics answered from the weekly rollups of the region's store (never from raw call
 * legs), within the actor's partner and customer scope; and the full admin's rollup trigger.
 */
@Injectable()
export class CallingService {
  constructor(
    private readonly stores: RegionStores,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly rollup: CallingRollupService,
  ) {}

  private async scope(actor: RequestActor): Promise<Scope> {
    const visible = await this.policy.visibleCustomerIds(actor);
    if (visible === 'all') return { where: 'c.partner_id = ?', params: [actor.partnerId] };
    if (visible.length === 0) return { where: '1 = 0', params: [] };
    return { where: `c.partner_id = ? and c.id in (${visible.map(() => '?').join(', ')})`, params: [actor.partnerId, ...visible] };
  }

  private rows(first: number | null): number {
    const rows = first ?? DEFAULT_ROWS;
    if (!Number.isInteger(rows) || rows < 1 || rows > MAX_ROWS) {
      throw new AppError(ErrorCode.BadUserInput, `first must be between 1 and ${MAX_ROWS}`, [{ field: 'first', reason: 'outOfRange', params: { min: 1, max: MAX_ROWS } }]);
    }
    return rows;
  }

  private sql<T>(region: Region, query: string, params: unknown[]): Promise<T[]> {
    return this.stores.forRegion(region).getConnection().execute<T[]>(query, params);
  }

  /** The latest rolled-up week of the region and when it was computed; null before the first rollup. */
  async week(region: Region): Promise<CallingWeekInfo | null> {
    const [row] = await this.sql<{ week_start: string; computed_at: Date | number | string }>(
      region,
      'select week_start, computed_at from calling_week order by week_start desc limit 1',
      [],
    );
    if (!row) return null;
    const computedAt = toDate(row.computed_at);
    return { weekStart: row.week_start, weekEnd: weekKey(new Date(Date.parse(`${row.week_start}T00:00:00Z`) + WEEK_MS)), computedAt };
  }

  /** Week starts of the trend ending with `week` and the set of those that are computed. */
  private async trendWeeks(region: Region, week: CallingWeekInfo): Promise<{ keys: string[]; computed: Set<string> }> {
    const keys = weekKeysEndingWith(week.weekStart, TREND_WEEKS);
    const rows = await this.sql<{ week_start: string }>(region, `select week_start from calling_week where week_start in (${keys.map(() => '?').join(', ')})`, keys);
    return { keys, computed: new Set(rows.map((r) => r.week_start)) };
  }

  /** Section "Call usage last week". */
  async usage(actor: RequestActor, region: Region, first: number | null): Promise<CallingUsage> {
    const limit = this.rows(first);
    const week = await this.week(region);
    if (!week) return { region, week, trend: [], customerCount: 0, customers: [] };
    const scope = await this.scope(actor);
    const { keys, computed } = await this.trendWeeks(region, week);
    const previous = keys[keys.length - 2];
    const [trendRows, customerRows] = await Promise.all([
      this.sql<{ week_start: string; active_users: Num; calls: Num; legs: Num; seconds: Num }>(
        region,
        `select r.week_start, sum(r.active_users) as active_users, sum(r.calls) as calls, sum(r.legs) as legs, sum(r.seconds) as seconds
         from calling_customer_week r join customer c on c.id = r.customer_id
         where ${scope.where} and r.week_start in (${keys.map(() => '?').join(', ')})
         group by r.week_start`,
        [...scope.params, ...keys],
      ),
      this.sql<Record<string, Num> & { id: string; name: string; total: Num }>(
        region,
        `select * from (
           select c.id, c.name,
                  coalesce(cur.calls, 0) as calls, coalesce(cur.legs, 0) as legs, coalesce(cur.seconds, 0) as seconds,
                  coalesce(cur.video_seconds, 0) as video_seconds, coalesce(cur.active_users, 0) as active_users,
                  coalesce(prev.calls, 0) as prev_calls, coalesce(prev.seconds, 0) as prev_seconds, coalesce(prev.active_users, 0) as prev_active_users,
                  case when coalesce(prev.calls, 0) > 0 then (coalesce(cur.calls, 0) - prev.calls) * 1.0 / prev.calls end as calls_change,
                  count(*) over () as total
           from customer c
           left join calling_customer_week cur on cur.customer_id = c.id and cur.week_start = ?
           left join calling_customer_week prev on prev.customer_id = c.id and prev.week_start = ?
           where ${scope.where} and (cur.customer_id is not null or prev.customer_id is not null)
         ) t
         order by case when calls_change < ? then 0 else 1 end, calls_change, name, id
         limit ?`,
        [week.weekStart, previous, ...scope.params, -DECLINE_THRESHOLD, limit],
      ),
    ]);
    const byWeek = new Map(trendRows.map((r) => [r.week_start, r]));
    const customers: CallingCustomerUsage[] = customerRows.map((r) => {
      const calls = n(r.calls);
      const prevCalls = n(r.prev_calls);
      const change = (cur: number, prev: number) => (prev > 0 ? (cur - prev) / prev : null);
      const callsChange = change(calls, prevCalls);
      return {
        customerId: r.id,
        name: r.name,
        calls,
        legs: n(r.legs),
        minutes: n(r.seconds) / 60,
        videoMinutes: n(r.video_seconds) / 60,
        activeUsers: n(r.active_users),
        previousCalls: prevCalls,
        previousMinutes: n(r.prev_seconds) / 60,
        previousActiveUsers: n(r.prev_active_users),
        callsChange,
        minutesChange: change(n(r.seconds), n(r.prev_seconds)),
        activeUsersChange: change(n(r.active_users), n(r.prev_active_users)),
        declining: callsChange !== null && callsChange < -DECLINE_THRESHOLD,
      };
    });
    return {
      region,
      week,
      trend: keys.map((key) => {
        const r = byWeek.get(key);
        return { weekStart: key, computed: computed.has(key), activeUsers: n(r?.active_users), calls: n(r?.calls), legs: n(r?.legs), minutes: n(r?.seconds) / 60 };
      }),
      customerCount: n(customerRows[0]?.total),
      customers,
    };
  }

  /** Section "Call quality last week". */
  async quality(actor: RequestActor, region: Region, first: number | null): Promise<CallingQuality> {
    const limit = this.rows(first);
    const week = await this.week(region);
    if (!week) return { region, week, trend: [], byEndpointType: [], customerCount: 0, customers: [] };
    const scope = await this.scope(actor);
    const { keys, computed } = await this.trendWeeks(region, week);
    const [trendRows, endpointRows, customerRows] = await Promise.all([
      this.sql<{ week_start: string; legs: Num; poor_legs: Num }>(
        region,
        `select r.week_start, sum(r.legs) as legs, sum(r.poor_legs) as poor_legs
         from calling_customer_week r join customer c on c.id = r.customer_id
         where ${scope.where} and r.week_start in (${keys.map(() => '?').join(', ')})
         group by r.week_start`,
        [...scope.params, ...keys],
      ),
      this.sql<{ endpoint_type: EndpointType; legs: Num; poor_legs: Num }>(
        region,
        `select e.endpoint_type, sum(e.legs) as legs, sum(e.poor_legs) as poor_legs
         from calling_endpoint_week e join customer c on c.id = e.customer_id
         where ${scope.where} and e.week_start = ?
         group by e.endpoint_type`,
        [...scope.params, week.weekStart],
      ),
      this.sql<{ id: string; name: string; legs: Num; poor_legs: Num; total: Num }>(
        region,
        `select c.id, c.name, r.legs, r.poor_legs, count(*) over () as total
         from calling_customer_week r join customer c on c.id = r.customer_id
         where ${scope.where} and r.week_start = ?
         order by r.poor_legs * 1.0 / r.legs desc, r.poor_legs desc, c.name, c.id
         limit ?`,
        [...scope.params, week.weekStart, limit],
      ),
    ]);
    const byWeek = new Map(trendRows.map((r) => [r.week_start, r]));
    const byType = new Map(endpointRows.map((r) => [r.endpoint_type, r]));
    const customers: CallingCustomerQuality[] = customerRows.map((r) => ({
      customerId: r.id,
      name: r.name,
      legs: n(r.legs),
      poorLegs: n(r.poor_legs),
      poorShare: ratio(n(r.poor_legs), n(r.legs)),
    }));
    return {
      region,
      week,
      trend: keys.map((key) => {
        const r = byWeek.get(key);
        return { weekStart: key, computed: computed.has(key), legs: n(r?.legs), poorLegs: n(r?.poor_legs), poorShare: ratio(n(r?.poor_legs), n(r?.legs)) };
      }),
      byEndpointType: ENDPOINT_TYPES.map((endpointType) => {
        const r = byType.get(endpointType);
        return { endpointType, legs: n(r?.legs), poorLegs: n(r?.poor_legs), poorShare: ratio(n(r?.poor_legs), n(r?.legs)) };
      }),
      customerCount: n(customerRows[0]?.total),
      customers,
    };
  }

  /** Section "Advanced calling features last week": customers with Call Queue enabled. */
  async features(actor: RequestActor, region: Region): Promise<CallingFeatures> {
    const week = await this.week(region);
    if (!week) return { region, week, customerCount: 0, features: [] };
    const scope = await this.scope(actor);
    const [row] = await this.sql<Record<string, Num>>(
      region,
      `select count(*) as customers, sum(r.hunt_group_calls) as hg_calls, sum(r.hunt_group_legs) as hg_legs,
              sum(r.auto_attendant_calls) as aa_calls, sum(r.auto_attendant_legs) as aa_legs,
              sum(r.call_queue_calls) as cq_calls, sum(r.call_queue_legs) as cq_legs
       from calling_customer_week r join customer c on c.id = r.customer_id
       where ${scope.where} and r.week_start = ? and ${CALL_QUEUE_ENABLED_SQL}`,
      [...scope.params, week.weekStart],
    );
    return {
      region,
      week,
      customerCount: n(row?.customers),
      features: [
        { feature: 'HUNT_GROUP', calls: n(row?.hg_calls), legs: n(row?.hg_legs) },
        { feature: 'AUTO_ATTENDANT', calls: n(row?.aa_calls), legs: n(row?.aa_legs) },
        { feature: 'CALL_QUEUE', calls: n(row?.cq_calls), legs: n(row?.cq_legs) },
      ],
    };
  }

  /** Section "Call queue insights last week". */
  async queueInsights(actor: RequestActor, region: Region, first: number | null): Promise<CallQueueInsights> {
    const limit = this.rows(first);
    const week = await this.week(region);
    const empty = { region, week, averageTimeToAnswerSeconds: null, averageWaitBeforeAbandonSeconds: null, abandonRate: null, customerCount: 0, customers: [] };
    if (!week) return empty;
    const scope = await this.scope(actor);
    const where = `${scope.where} and r.week_start = ? and r.queue_legs > 0`;
    const [[kpi], rows] = await Promise.all([
      this.sql<Record<string, Num>>(
        region,
        `select count(*) as customers, sum(r.queue_legs) as queue_legs, sum(r.queue_abandoned) as abandoned,
                sum(r.answer_wait_seconds) as answer_wait_seconds, sum(r.answer_wait_legs) as answer_wait_legs,
                sum(r.abandon_wait_seconds) as abandon_wait_seconds, sum(r.abandon_wait_legs) as abandon_wait_legs
         from calling_customer_week r join customer c on c.id = r.customer_id where ${where}`,
        [...scope.params, week.weekStart],
      ),
      this.sql<Record<string, Num> & { id: string; name: string }>(
        region,
        `select c.id, c.name, r.* from calling_customer_week r join customer c on c.id = r.customer_id where ${where}
         order by r.queue_abandoned * 1.0 / r.queue_legs desc, r.queue_legs desc, c.name, c.id
         limit ?`,
        [...scope.params, week.weekStart, limit],
      ),
    ]);
    const customers: CallQueueCustomer[] = rows.map((r) => ({
      customerId: r.id,
      name: r.name,
      queueCalls: n(r.queue_legs),
      answered: n(r.queue_answered),
      abandoned: n(r.queue_abandoned),
      timedOut: n(r.queue_timed_out),
      overflowed: n(r.queue_overflowed),
      transferred: n(r.queue_transferred),
      averageTimeToAnswerSeconds: ratio(n(r.answer_wait_seconds), n(r.answer_wait_legs)),
      averageWaitBeforeAbandonSeconds: ratio(n(r.abandon_wait_seconds), n(r.abandon_wait_legs)),
      abandonRate: ratio(n(r.queue_abandoned), n(r.queue_legs)),
      huntGroupCalls: n(r.hunt_group_calls),
      autoAttendantCalls: n(r.auto_attendant_calls),
      callQueueCalls: n(r.call_queue_calls),
    }));
    return {
      ...empty,
      averageTimeToAnswerSeconds: ratio(n(kpi?.answer_wait_seconds), n(kpi?.answer_wait_legs)),
      averageWaitBeforeAbandonSeconds: ratio(n(kpi?.abandon_wait_seconds), n(kpi?.abandon_wait_legs)),
      abandonRate: ratio(n(kpi?.abandoned), n(kpi?.queue_legs)),
      customerCount: n(kpi?.customers),
      customers,
    };
  }

  /**
   * Runs the rollup now (a full admin's trigger): catches up every missed week and recomputes
   * `weekStart` (default: the last completed week) in every region. Audited (one event per region and
   * week, committed with it); CONFLICT while another run holds the lease.
   */
  async trigger(actor: RequestActor, weekStart: string | null): Promise<CallingRollupRun> {
    const latest = weekKey(lastCompletedWeekStart(this.rollup.clock.now()));
    const week = weekStart ?? latest;
    const start = parseWeekKey(week);
    if (!start || week > latest) {
      throw new AppError(ErrorCode.BadUserInput, 'weekStart must be the Sunday a completed week starts on (YYYY-MM-DD)', [
        { field: 'weekStart', reason: 'notCompletedWeek' },
      ]);
    }
    const entry = { actor, action: 'calling.rollup.run', targetType: 'callingRollup', targetId: week, requestId: actor.requestId };
    // One event per (region, week) recomputed, in that week's region transaction (the region's audit outbox).
    const weeks = await this.rollup.run([week], (tx, done) =>
      this.audit.append(tx, { ...entry, outcome: 'SUCCESS', region: done.region, targetId: done.weekStart, after: { weekStart: done.weekStart, legs: done.legs } }),
    );
    if (weeks === null) {
      await this.audit.appendNow({ ...entry, outcome: 'FAILURE', reason: 'CONFLICT' });
      throw new AppError(ErrorCode.Conflict, 'A calling rollup is already running');
    }
    return { weeks };
  }
}
