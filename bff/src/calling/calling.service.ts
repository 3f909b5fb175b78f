import { Injectable } from '@nestjs/common';
import { ENDPOINT_TYPES, type EndpointType } from '../calls/call-leg.entity';
import { ErrorCode, isRegion, type Region } from '@ph/contracts';
import { AuditService } from '../audit/audit.service';
import { PolicyService } from '../auth/policy.service';
import type { RequestActor } from '../auth/sessions.service';
import { AppError } from '../common/app-error';
import { RegionStores, type SqlValue } from '../database/stores';
import { CallingRollupService } from './calling-rollup.service';
import { lastCompletedWeekStart, parseWeekKey, WEEK_MS, weekKey, weekKeysEndingWith } from './calling-weeks';
import { toDate } from '../common/db-values';
import {
  CALLING_FEATURES,
  type CallingFeature,
  type CallingCustomerQuality,
  type CallingCustomerUsage,
  type CallingFeatures,
  type CallingQuality,
  type CallingRollupRun,
  type CallingUsage,
  type CallingWeekInfo,
  type CallQueueCustomer,
  type CallQueueInsights,
} from './models/calling.model';

/** Weeks in the trend charts. */
export const TREND_WEEKS = 8;
/** A customer is declining when its calls fell by more than this share vs the previous week. */
export const DECLINE_THRESHOLD = 0.1;
/** Rows of a customer table when the client names no `first`. */
export const DEFAULT_ROWS = 100;
export const MAX_ROWS = 1000;

/**
 * The customers a query may touch: every customer of the partner (answered from the partner's
 * weekly totals) or the listed ones (answered by summing their customer rows).
 */
interface Scope {
  partnerId: string;
  ids: string[] | 'all';
}

type Num = number | string | null;
const n = (value: Num | undefined): number => Number(value ?? 0);
const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);
const marks = (values: unknown[]) => values.map(() => '?').join(', ');

/** Endpoint types and their column prefix in `calling_partner_week`. */
const ENDPOINT_PREFIX: Record<EndpointType, string> = { DESK_PHONE: 'desk_phone', ROOM_DEVICE: 'room_device', APP: 'app', THIRD_PARTY: 'third_party' };
/** Features and their column prefix in the rollup tables. */
const FEATURE_PREFIX: Record<CallingFeature, string> = {
  HUNT_GROUP: 'hunt_group',
  AUTO_ATTENDANT: 'auto_attendant',
  CALL_QUEUE: 'call_queue',
  TRANSFER: 'transfer',
  PARK: 'park',
  PICKUP: 'pickup',
};

/** The columns of a row of the call queue table (alias `r`). */
const QUEUE_ROW_COLUMNS = [
  'customer_id',
  'queue_legs',
  'queue_answered',
  'queue_abandoned',
  'queue_timed_out',
  'queue_overflowed',
  'queue_transferred',
  'answer_wait_seconds',
  'answer_wait_legs',
  'abandon_wait_seconds',
  'abandon_wait_legs',
  ...Object.values(FEATURE_PREFIX).map((prefix) => `${prefix}_calls`),
]
  .map((column) => `r.${column}`)
  .join(', ');

/**
 * Calling analytics answered from the weekly rollups of the region's store (never from raw call
 * legs), within the actor's partner and customer scope; and the full admin's rollup trigger. An
 * admin who sees every customer reads the partner's weekly totals and an index range of the
 * customer rows in table order; an admin limited to some customers gets the same figures summed
 * over those customers' rows.
 */
@Injectable()
export class CallingService {
  constructor(
    private readonly stores: RegionStores,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly rollup: CallingRollupService,
  ) {}

  private async scope(actor: RequestActor, region: Region): Promise<Scope> {
    return { partnerId: actor.partnerId, ids: await this.policy.visibleCustomerIdsForQuery(actor, region) };
  }

  /** SQL condition on a rollup table alias: the scope's rows (`1 = 0` for an admin without customers). */
  private where(scope: Scope, alias: string): { text: string; params: string[] } {
    if (scope.ids === 'all') return { text: `${alias}.partner_id = ?`, params: [scope.partnerId] };
    if (scope.ids.length === 0) return { text: '1 = 0', params: [] };
    return { text: `${alias}.partner_id = ? and ${alias}.customer_id in (${marks(scope.ids)})`, params: [scope.partnerId, ...scope.ids] };
  }

  private rows(first: number | null): number {
    const rows = first ?? DEFAULT_ROWS;
    if (!Number.isInteger(rows) || rows < 1 || rows > MAX_ROWS) {
      throw new AppError(ErrorCode.BadUserInput, `first must be between 1 and ${MAX_ROWS}`, [{ field: 'first', reason: 'outOfRange', params: { min: 1, max: MAX_ROWS } }]);
    }
    return rows;
  }

  private sql<T>(region: Region, query: string, params: SqlValue[]): Promise<T[]> {
    if (!isRegion(region)) throw new AppError(ErrorCode.InvalidRegion, 'Unknown region');
    return this.stores.rows<T>(region, query, params);
  }

  /**
   * Weekly totals of the scope for `weeks` (consecutive, oldest first): the partner's rows of `calling_partner_week`, or for
   * some customers the same columns summed over their `calling_customer_week` rows (`sums` maps a
   * partner-week column to its expression over alias `r`). `partnerOnly` columns are read from the
   * partner's rows only (they have no sum over customer rows).
   */
  private totals(
    region: Region,
    scope: Scope,
    weeks: string[],
    sums: Record<string, string>,
    partnerOnly: string[] = [],
  ): Promise<(Record<string, Num> & { week_start: string })[]> {
    const columns = Object.keys(sums);
    if (scope.ids === 'all') {
      return this.sql(
        region,
        `select week_start, ${[...columns, ...partnerOnly].join(', ')} from calling_partner_week where partner_id = ? and week_start in (${marks(weeks)})`,
        [scope.partnerId, ...weeks],
      );
    }
    // `weeks` are consecutive: one range per customer in the covering (customer, week, …) index.
    const where = this.where(scope, 'r');
    return this.sql(
      region,
      `select r.week_start, ${columns.map((c) => `${sums[c]} as ${c}`).join(', ')}
       from calling_customer_week r where ${where.text} and r.week_start between ? and ? group by r.week_start`,
      [...where.params, weeks[0], weeks[weeks.length - 1]],
    );
  }

  /** The latest rolled-up week of the region and when it was computed; null before the first rollup. */
  async week(region: Region): Promise<CallingWeekInfo | null> {
    return (await this.weeks(region, 1))?.week ?? null;
  }

  /**
   * The latest rolled-up week, the week starts of the trend ending with it and which of those are
   * computed, from the latest `count` rows of `calling_week`; null before the first rollup.
   */
  private async weeks(region: Region, count = TREND_WEEKS): Promise<{ week: CallingWeekInfo; keys: string[]; computed: Set<string> } | null> {
    const rows = await this.sql<{ week_start: string; computed_at: Date | number | string }>(
      region,
      'select week_start, computed_at from calling_week order by week_start desc limit ?',
      [count],
    );
    const [latest] = rows;
    if (!latest) return null;
    const week = {
      weekStart: latest.week_start,
      weekEnd: weekKey(new Date(Date.parse(`${latest.week_start}T00:00:00Z`) + WEEK_MS)),
      computedAt: toDate(latest.computed_at),
    };
    return { week, keys: weekKeysEndingWith(latest.week_start, TREND_WEEKS), computed: new Set(rows.map((r) => r.week_start)) };
  }

  /** Section "Call usage last week". */
  async usage(actor: RequestActor, region: Region, first: number | null): Promise<CallingUsage> {
    const limit = this.rows(first);
    const weeks = await this.weeks(region);
    if (!weeks) return { region, week: null, trend: [], customerCount: 0, customers: [] };
    const { week, keys, computed } = weeks;
    const scope = await this.scope(actor, region);
    const where = this.where(scope, 'u');
    const [trendRows, customerRows, scopedCount] = await Promise.all([
      this.totals(region, scope, keys, { active_users: 'sum(r.active_users)', calls: 'sum(r.calls)', legs: 'sum(r.legs)', seconds: 'sum(r.seconds)' }, ['usage_customers']),
      this.sql<Record<string, Num> & { customer_id: string; name: string | null }>(
        region,
        `select u.customer_id, u.calls, u.legs, u.seconds, u.video_seconds, u.active_users, u.previous_calls, u.previous_seconds, u.previous_active_users, c.name
         from calling_usage_week u left join customer c on c.id = u.customer_id
         where u.week_start = ? and ${where.text}
         order by u.usage_rank
         limit ?`,
        [week.weekStart, ...where.params, limit],
      ),
      scope.ids === 'all' ? null : this.scopedUsageCount(region, scope, week.weekStart),
    ]);
    const byWeek = new Map(trendRows.map((r) => [r.week_start, r]));
    const change = (cur: number, prev: number) => (prev > 0 ? (cur - prev) / prev : null);
    const customers: CallingCustomerUsage[] = customerRows.map((r) => {
      const calls = n(r.calls);
      const prevCalls = n(r.previous_calls);
      const callsChange = change(calls, prevCalls);
      return {
        customerId: r.customer_id,
        name: r.name ?? r.customer_id,
        calls,
        legs: n(r.legs),
        minutes: n(r.seconds) / 60,
        videoMinutes: n(r.video_seconds) / 60,
        activeUsers: n(r.active_users),
        previousCalls: prevCalls,
        previousMinutes: n(r.previous_seconds) / 60,
        previousActiveUsers: n(r.previous_active_users),
        callsChange,
        minutesChange: change(n(r.seconds), n(r.previous_seconds)),
        activeUsersChange: change(n(r.active_users), n(r.previous_active_users)),
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
      customerCount: scopedCount ?? n(byWeek.get(week.weekStart)?.usage_customers),
      customers,
    };
  }

  /** Rows of the usage table of some customers in a week. */
  private async scopedUsageCount(region: Region, scope: Scope, weekStart: string): Promise<number> {
    const where = this.where(scope, 'r');
    const [row] = await this.sql<{ v: Num }>(region, `select count(*) as v from calling_usage_week r where r.week_start = ? and ${where.text}`, [weekStart, ...where.params]);
    return n(row?.v);
  }

  /** Section "Call quality last week". */
  async quality(actor: RequestActor, region: Region, first: number | null): Promise<CallingQuality> {
    const limit = this.rows(first);
    const weeks = await this.weeks(region);
    if (!weeks) return { region, week: null, trend: [], byEndpointType: [], customerCount: 0, customers: [] };
    const { week, keys, computed } = weeks;
    const scope = await this.scope(actor, region);
    const where = this.where(scope, 'r');
    const endpointColumns = ENDPOINT_TYPES.flatMap((t) => [`${ENDPOINT_PREFIX[t]}_legs`, `${ENDPOINT_PREFIX[t]}_poor_legs`]);
    const [trendRows, scopedEndpoints, customerRows] = await Promise.all([
      this.totals(region, scope, keys, { legs: 'sum(r.legs)', poor_legs: 'sum(r.poor_legs)', customers: 'count(*)' }, endpointColumns),
      scope.ids === 'all'
        ? null
        : this.sql<{ endpoint_type: EndpointType; legs: Num; poor_legs: Num }>(
            region,
            `select r.endpoint_type, sum(r.legs) as legs, sum(r.poor_legs) as poor_legs
             from calling_endpoint_week r where r.week_start = ? and ${where.text} group by r.endpoint_type`,
            [week.weekStart, ...where.params],
          ),
      this.sql<{ customer_id: string; name: string | null; legs: Num; poor_legs: Num }>(
        region,
        `select r.customer_id, c.name, r.legs, r.poor_legs
         from calling_customer_week r left join customer c on c.id = r.customer_id
         where r.week_start = ? and ${where.text}
         order by r.quality_rank
         limit ?`,
        [week.weekStart, ...where.params, limit],
      ),
    ]);
    const current = trendRows.find((r) => r.week_start === week.weekStart);
    const byType = new Map<EndpointType, { legs: number; poorLegs: number }>(
      scopedEndpoints
        ? scopedEndpoints.map((r) => [r.endpoint_type, { legs: n(r.legs), poorLegs: n(r.poor_legs) }])
        : ENDPOINT_TYPES.map((t) => [t, { legs: n(current?.[`${ENDPOINT_PREFIX[t]}_legs`]), poorLegs: n(current?.[`${ENDPOINT_PREFIX[t]}_poor_legs`]) }]),
    );
    const byWeek = new Map(trendRows.map((r) => [r.week_start, r]));
    const customers: CallingCustomerQuality[] = customerRows.map((r) => ({
      customerId: r.customer_id,
      name: r.name ?? r.customer_id,
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
        return { endpointType, legs: n(r?.legs), poorLegs: n(r?.poorLegs), poorShare: ratio(n(r?.poorLegs), n(r?.legs)) };
      }),
      customerCount: n(current?.customers),
      customers,
    };
  }

  /** Section "Advanced calling features last week": customers with Call Queue enabled. */
  async features(actor: RequestActor, region: Region): Promise<CallingFeatures> {
    const week = await this.week(region);
    if (!week) return { region, week: null, customerCount: 0, features: [] };
    const scope = await this.scope(actor, region);
    const sums: Record<string, string> = { call_queue_customers: 'count(*)' };
    for (const prefix of Object.values(FEATURE_PREFIX)) {
      sums[`${prefix}_calls`] = `sum(r.${prefix}_calls)`;
      sums[`${prefix}_legs`] = `sum(r.${prefix}_legs)`;
    }
    // The partner's totals count Call Queue customers only; for some customers, their enabled rows are summed.
    const [row] = scope.ids === 'all' ? await this.totals(region, scope, [week.weekStart], sums) : await this.enabledTotals(region, scope, week.weekStart, sums);
    return {
      region,
      week,
      customerCount: n(row?.call_queue_customers),
      features: CALLING_FEATURES.map((feature) => ({ feature, calls: n(row?.[`${FEATURE_PREFIX[feature]}_calls`]), legs: n(row?.[`${FEATURE_PREFIX[feature]}_legs`]) })),
    };
  }

  /** Feature sums over the scope's customers with Call Queue enabled in a week. */
  private enabledTotals(region: Region, scope: Scope, weekStart: string, sums: Record<string, string>): Promise<Record<string, Num>[]> {
    const where = this.where(scope, 'r');
    return this.sql(
      region,
      `select ${Object.entries(sums).map(([c, e]) => `${e} as ${c}`).join(', ')}
       from calling_customer_week r where r.week_start = ? and ${where.text} and r.call_queue_enabled`,
      [weekStart, ...where.params],
    );
  }

  /** Section "Call queue insights last week". */
  async queueInsights(actor: RequestActor, region: Region, first: number | null): Promise<CallQueueInsights> {
    const limit = this.rows(first);
    const week = await this.week(region);
    const empty = { region, week, averageTimeToAnswerSeconds: null, averageWaitBeforeAbandonSeconds: null, abandonRate: null, customerCount: 0, customers: [] };
    if (!week) return empty;
    const scope = await this.scope(actor, region);
    const where = this.where(scope, 'r');
    const kpis = async (): Promise<Record<string, Num> | undefined> => {
      const columns = 'queue_customers, queue_legs, queue_abandoned, answer_wait_seconds, answer_wait_legs, abandon_wait_seconds, abandon_wait_legs';
      if (scope.ids === 'all') {
        const [row] = await this.sql<Record<string, Num>>(region, `select ${columns} from calling_partner_week where partner_id = ? and week_start = ?`, [scope.partnerId, week.weekStart]);
        return row;
      }
      const [row] = await this.sql<Record<string, Num>>(
        region,
        `select count(*) as queue_customers, ${columns.split(', ').slice(1).map((c) => `sum(r.${c}) as ${c}`).join(', ')}
         from calling_customer_week r where r.week_start = ? and ${where.text} and r.queue_legs > 0`,
        [week.weekStart, ...where.params],
      );
      return row;
    };
    const [kpi, rows] = await Promise.all([
      kpis(),
      this.sql<Record<string, Num> & { customer_id: string; name: string | null }>(
        region,
        `select ${QUEUE_ROW_COLUMNS}, c.name
         from calling_customer_week r left join customer c on c.id = r.customer_id
         where r.week_start = ? and ${where.text} and r.queue_rank is not null
         order by r.queue_rank
         limit ?`,
        [week.weekStart, ...where.params, limit],
      ),
    ]);
    const customers: CallQueueCustomer[] = rows.map((r) => ({
      customerId: r.customer_id,
      name: r.name ?? r.customer_id,
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
      transferCalls: n(r.transfer_calls),
      parkCalls: n(r.park_calls),
      pickupCalls: n(r.pickup_calls),
    }));
    return {
      ...empty,
      averageTimeToAnswerSeconds: ratio(n(kpi?.answer_wait_seconds), n(kpi?.answer_wait_legs)),
      averageWaitBeforeAbandonSeconds: ratio(n(kpi?.abandon_wait_seconds), n(kpi?.abandon_wait_legs)),
      abandonRate: ratio(n(kpi?.queue_abandoned), n(kpi?.queue_legs)),
      customerCount: n(kpi?.queue_customers),
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
