/**
 * Partner licence analytics: every formula of the page, written once (docs/analytics.md repeats
 * them for users). All SQL here runs on one region store, in SQLite and PostgreSQL alike.
 */
import type { AnalyticsProduct, LicenseSection, LicenseSort } from './models/license-analytics.model';

export const DAY_MS = 86_400_000;
/** "Soon" and "recently" mean within this many days (inclusive: today … today + 90). */
export const WINDOW_DAYS = 90;
/** Weekly snapshots averaged for "usage over the last 3 months". */
export const USAGE_WEEKS = 13;
/**
 * Size bands of a subscription's total licences for "comparable" subscriptions: lower bounds of
 * 1–9, 10–49, 50–249, 250–999 and 1000+ licences.
 */
export const SIZE_BANDS = [1, 10, 50, 250, 1000] as const;
/** Low assignment: in the bottom quartile (cumulative share ≤ 25 %) of comparable subscriptions… */
export const LOW_QUARTILE = 0.25;
/** …and below this assigned ÷ total ratio, so a book where everybody assigns well flags nobody. */
export const LOW_RATIO = 0.5;

/** SQL text with its `?` bindings in order. */
export interface Sql {
  text: string;
  params: unknown[];
}

/** Reference dates of one request: today (UTC) and the last completed snapshot week. */
export interface Clock {
  /** YYYY-MM-DD, UTC. */
  today: string;
  todayMs: number;
  /** today + 90 days, YYYY-MM-DD. */
  horizon: string;
  /** Monday of the most recently completed week, YYYY-MM-DD. */
  lastWeek: string;
  previousWeek: string;
  /** First week of the 3-month usage window. */
  usageFrom: string;
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The clock for `now`. */
export function clockAt(now: Date): Clock {
  const todayMs = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const monday = todayMs - ((new Date(todayMs).getUTCDay() + 6) % 7) * DAY_MS;
  const last = monday - 7 * DAY_MS;
  return {
    today: iso(todayMs),
    todayMs,
    horizon: iso(todayMs + WINDOW_DAYS * DAY_MS),
    lastWeek: iso(last),
    previousWeek: iso(last - 7 * DAY_MS),
    usageFrom: iso(last - (USAGE_WEEKS - 1) * 7 * DAY_MS),
  };
}

/** The SQL expression of a licence line's size band (1…5, see {@link SIZE_BANDS}). */
export const SIZE_BAND_SQL = `case when l.purchased < 10 then 1 when l.purchased < 50 then 2 when l.purchased < 250 then 3 when l.purchased < 1000 then 4 else 5 end`;

/** The actor's customers as SQL on alias `c` (from PolicyService.visibleCustomerIds). */
export interface Scope {
  partnerId: string;
  /** `all` or the visible customer ids. */
  visible: string[] | 'all';
}

function scopeSql(scope: Scope): Sql {
  if (scope.visible === 'all') return { text: 'c.partner_id = ?', params: [scope.partnerId] };
  if (scope.visible.length === 0) return { text: '1 = 0', params: [] };
  return { text: `c.partner_id = ? and c.id in (${scope.visible.map(() => '?').join(', ')})`, params: [scope.partnerId, ...scope.visible] };
}

/**
 * **Active licence line**: a licence line of a subscription (paid or trial) that is not cancelled
 * and has not ended (end date ≥ today). Every KPI and section counts active lines only.
 *
 * **Low license assignment** (`low = 1`): an active *paid* line with at least one licence whose
 * assigned ÷ total ratio is in the bottom quartile of the partner's comparable lines in the region
 * — same product, same size band ({@link SIZE_BANDS}); "bottom quartile" is a cumulative
 * distribution ≤ 25 % (ties rank together, so fewer than 4 comparables never flag) — and below 50 %.
 * The comparison set is the partner's whole book in the region, so every role sees the same flag.
 *
 * Columns: customer_id, customer_name, created_at, subscription_id, kind, end_date, auto_renew,
 * product, purchased, assigned, used, low. Without `withLow` the (costly) ranking is skipped and `low` is 0.
 */
export function activeLinesCte(scope: Scope, products: readonly AnalyticsProduct[], clock: Clock, withLow = true): Sql {
  const s = scopeSql(scope);
  const inProducts = products.map(() => '?').join(', ');
  const lines = (low: string, join: string) => `lines as (
      select c.id as customer_id, c.name as customer_name, c.created_at, s.id as subscription_id, s.kind,
             s.end_date, s.auto_renew, l.product, l.purchased, l.assigned, l.used, ${low} as low
      from license_line l
      join subscription s on s.id = l.subscription_id
      join customer c on c.id = s.customer_id${join}
      where ${s.text} and s.billing_state <> 'CANCELLED' and s.end_date >= ? and l.product in (${inProducts})
    )`;
  if (!withLow) return { text: lines('0', ''), params: [...s.params, clock.today, ...products] };
  return {
    text: `ranked as (
      select l.id,
             cume_dist() over (partition by l.product, ${SIZE_BAND_SQL} order by l.assigned * 1.0 / l.purchased) as cd,
             l.assigned * 1.0 / l.purchased as ratio
      from license_line l
      join subscription s on s.id = l.subscription_id
      join customer c on c.id = s.customer_id
      where c.partner_id = ? and s.kind = 'PAID' and s.billing_state <> 'CANCELLED' and s.end_date >= ?
        and l.purchased > 0 and l.product in (${inProducts})
    ),
    ${lines(`case when r.cd <= ${LOW_QUARTILE} and r.ratio < ${LOW_RATIO} then 1 else 0 end`, '\n      left join ranked r on r.id = l.id')}`,
    params: [scope.partnerId, clock.today, ...products, ...s.params, clock.today, ...products],
  };
}

/**
 * Section membership, as a condition on `lines` (alias `x`):
 * - **Recently added**: the customer was added in the last 90 days (created ≥ today − 90 days).
 * - **Expiring**: a subscription or trial that does not auto-renew and ends today … today + 90 days.
 * - **Renewing**: an auto-renewing subscription whose renewal date is today … today + 90 days.
 * - **Low assignment**: `low = 1` (see {@link activeLinesCte}).
 * - **Overage**: assigned > total.
 */
export function sectionCondition(section: LicenseSection, clock: Clock, createdSince: unknown): Sql {
  switch (section) {
    case 'RECENTLY_ADDED':
      return { text: 'x.created_at >= ?', params: [createdSince] };
    case 'EXPIRING':
      return { text: 'not x.auto_renew and x.end_date <= ?', params: [clock.horizon] };
    case 'RENEWING':
      return { text: 'x.auto_renew and x.end_date <= ?', params: [clock.horizon] };
    case 'LOW_ASSIGNMENT':
      return { text: 'x.low = 1', params: [] };
    case 'OVERAGE':
      return { text: 'x.assigned > x.purchased', params: [] };
  }
}

/**
 * The headline KPIs over Calling and Meetings lines, each a count of distinct customers:
 * - **Total customers**: customers with an active Calling or Meetings line.
 * - **Expiring soon**: … with such a line in the Expiring section.
 * - **Renewing soon**: … in the Renewing section.
 * - **Low license assignment**: … with a low-assignment line.
 * - **License overage**: … with a line whose assigned > total.
 */
export function headlineKpisSql(scope: Scope, clock: Clock): Sql {
  const cte = activeLinesCte(scope, ['MEETINGS', 'CALLING'], clock);
  const expiring = sectionCondition('EXPIRING', clock, null);
  const renewing = sectionCondition('RENEWING', clock, null);
  return {
    text: `with ${cte.text}
      select count(distinct x.customer_id) as total_customers,
             count(distinct case when ${expiring.text} then x.customer_id end) as expiring_soon,
             count(distinct case when ${renewing.text} then x.customer_id end) as renewing_soon,
             count(distinct case when x.low = 1 then x.customer_id end) as low_assignment,
             count(distinct case when x.assigned > x.purchased then x.customer_id end) as overage
      from lines x`,
    params: [...cte.params, ...expiring.params, ...renewing.params],
  };
}

/**
 * Section KPIs over the section's lines:
 * - customers = distinct customers; licenses = Σ total;
 * - assignment % = Σ assigned ÷ Σ total; usage % = Σ used (last 7 days) ÷ Σ total;
 * - usage at assignment % = Σ used ÷ Σ assigned; unassigned = Σ max(total − assigned, 0);
 * - overage licences = Σ max(assigned − total, 0); average overage = overage licences ÷ customers
 *   with an over-limit line.
 */
export function sectionKpisSql(cte: Sql, condition: Sql): Sql {
  return {
    text: `with ${cte.text}
      select count(*) as n, count(distinct x.customer_id) as customers,
             coalesce(sum(x.purchased), 0) as purchased, coalesce(sum(x.assigned), 0) as assigned, coalesce(sum(x.used), 0) as used,
             coalesce(sum(case when x.purchased > x.assigned then x.purchased - x.assigned else 0 end), 0) as unassigned,
             coalesce(sum(case when x.assigned > x.purchased then x.assigned - x.purchased else 0 end), 0) as overage,
             count(distinct case when x.assigned > x.purchased then x.customer_id end) as overage_customers
      from lines x where ${condition.text}`,
    params: [...cte.params, ...condition.params],
  };
}

/** The ORDER BY of a section table (whitelisted expressions only). */
export function orderBy(section: LicenseSection, sort: LicenseSort, descending: boolean): string {
  const dir = descending ? 'desc' : 'asc';
  const flip = descending ? 'asc' : 'desc';
  const byAdded = section === 'RECENTLY_ADDED' || section === 'LOW_ASSIGNMENT';
  const first = {
    CUSTOMER: `x.customer_name ${dir}`,
    // Days since added grow as created_at falls; days to the end grow with end_date.
    DAYS: byAdded ? `x.created_at ${flip}` : `x.end_date ${dir}`,
    TOTAL: `x.purchased ${dir}`,
    ASSIGNED: `x.assigned ${dir}`,
    USED: `x.used ${dir}`,
  }[sort];
  return `${first}, x.subscription_id ${dir}, x.product ${dir}`;
}

/**
 * One page of a section's rows, with the weekly changes (last completed week's snapshot minus the
 * week before) and usage over 3 months (Σ used ÷ Σ total over the last 13 weekly snapshots) —
 * snapshots are read for the page's rows only.
 */
export function sectionPageSql(cte: Sql, condition: Sql, order: string, limit: number, offset: number, clock: Clock): Sql {
  return {
    text: `with ${cte.text},
    page as (
      select x.* from lines x where ${condition.text} order by ${order} limit ? offset ?
    )
    select p.customer_id, p.customer_name, p.created_at, p.subscription_id, p.kind, p.end_date, p.auto_renew,
           p.purchased, p.assigned, p.used,
           (select min(t.id) from trial t where t.subscription_id = p.subscription_id) as trial_id,
           w1.assigned - w0.assigned as weekly_assignment_change,
           w1.used - w0.used as weekly_usage_change,
           (select sum(h.used) * 100.0 / nullif(sum(h.purchased), 0) from license_snapshot h
             where h.subscription_id = p.subscription_id and h.product = p.product and h.week_start >= ? and h.week_start <= ?) as usage_3_months_pct
    from page p
    left join license_snapshot w1 on w1.subscription_id = p.subscription_id and w1.product = p.product and w1.week_start = ?
    left join license_snapshot w0 on w0.subscription_id = p.subscription_id and w0.product = p.product and w0.week_start = ?
    order by ${order.replaceAll('x.', 'p.')}`,
    params: [...cte.params, ...condition.params, limit, offset, clock.usageFrom, clock.lastWeek, clock.lastWeek, clock.previousWeek],
  };
}

/** Purchased / assigned / used of the product per completed week, summed over the actor's customers. */
export function trendSql(scope: Scope, product: AnalyticsProduct, fromWeek: string, clock: Clock): Sql {
  const s = scopeSql(scope);
  return {
    text: `select h.week_start, sum(h.purchased) as purchased, sum(h.assigned) as assigned, sum(h.used) as used
      from license_snapshot h join customer c on c.id = h.customer_id
      where ${s.text} and h.product = ? and h.week_start >= ? and h.week_start <= ?
      group by h.week_start order by h.week_start`,
    params: [...s.params, product, fromWeek, clock.lastWeek],
  };
}
