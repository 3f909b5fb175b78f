/**
 * Partner licence analytics: every formula of the page, written once (docs/analytics.md repeats
 * them for users). All SQL here runs on one region store, in SQLite and PostgreSQL alike, on the
 * rollups `analytics_line` (one row per licence line with its subscription's and customer's
 * fields) and `analytics_week` (weekly totals per partner), which database triggers keep equal to
 * the raw tables (see analytics.entity.ts). Nothing that depends on today is stored: "active",
 * "expiring", "low" are conditions evaluated per request.
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
/** Low assignment: in the bottom quartile (cumulative share ≤ 25 %) of comparable lines… */
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

/** The actor's customers as SQL on alias `x` (from PolicyService.visibleCustomerIds). */
export interface Scope {
  partnerId: string;
  /** `all` or the visible customer ids. */
  visible: string[] | 'all';
}

function scopeSql(scope: Scope, alias = 'x'): Sql {
  if (scope.visible === 'all') return { text: `${alias}.partner_id = ?`, params: [scope.partnerId] };
  if (scope.visible.length === 0) return { text: '1 = 0', params: [] };
  return { text: `${alias}.partner_id = ? and ${alias}.customer_id in (${scope.visible.map(() => '?').join(', ')})`, params: [scope.partnerId, ...scope.visible] };
}

const placeholders = (values: readonly unknown[]) => values.map(() => '?').join(', ');

/**
 * **Active licence line**: a licence line of a subscription (paid or trial) that is not cancelled
 * and has not ended (end date ≥ today), as a condition on `analytics_line x`. Written `not (end_date
 * < today)` so SQLite's planner does not take it as an index range (nearly every line is active):
 * each read then ranges over the index of its own, selective condition.
 */
function activeSql(clock: Clock): Sql {
  return { text: `x.billing_state <> 'CANCELLED' and not (x.end_date < ?)`, params: [clock.today] };
}

/** One comparison group (product × size band) and its number of lines. */
export interface ComparableGroup {
  product: string;
  band: number;
  n: number;
}

/** A comparison group's cut: lines of the group with a ratio below it are in its bottom quartile (null: none are). */
export interface Cut {
  product: string;
  band: number;
  cut: number | null;
}

/**
 * Statement 1 of anything that needs low assignment: the size of each comparison group — the
 * partner's active paid lines with licences, by product and size band — summed from the per-day
 * counts of `analytics_band_day` (end date ≥ today).
 */
export function comparableGroupsSql(partnerId: string, products: readonly AnalyticsProduct[], clock: Clock): Sql {
  return {
    text: `select x.product, x.band, sum(x.lines) as n from analytics_band_day x
      where x.partner_id = ? and x.product in (${placeholders(products)}) and x.end_date >= ?
      group by x.product, x.band having sum(x.lines) > 0`,
    params: [partnerId, ...products, clock.today],
  };
}

/**
 * Statement 2: **low license assignment** cuts. A line is low when it is an active *paid* line with
 * at least one licence whose assigned ÷ total ratio is in the bottom quartile of its comparison group
 * — cumulative share of the group at or below its ratio ≤ 25 % (ties rank together) — and below 50 %.
 * With the group's ratios sorted r₁ ≤ … ≤ rₙ and k = ⌊n ÷ 4⌋, "at most k lines have a ratio ≤ r"
 * holds exactly when r < r₍ₖ₊₁₎ (the cut), so the flag is `ratio < cut and ratio < 0.5`; fewer than
 * 4 lines give k = 0 and flag nobody. Each cut is `order by ratio limit 1 offset k` on the
 * (partner, product, band, ratio) index (`not (end_date < ?)` keeps SQLite off the end-date index).
 */
export function cutsSql(partnerId: string, groups: readonly ComparableGroup[], clock: Clock): Sql | null {
  if (groups.length === 0) return null;
  const one = `select cast(? as varchar(20)) as product, cast(? as integer) as band, (select x.ratio from analytics_line x
        where x.partner_id = ? and x.product = ? and x.band = ? and x.kind = 'PAID' and ${activeSql(clock).text}
        order by x.ratio limit 1 offset ?) as cut`;
  return {
    text: groups.map(() => one).join('\n      union all '),
    params: groups.flatMap((g) => [g.product, g.band, partnerId, g.product, g.band, clock.today, Math.floor(g.n * LOW_QUARTILE)]),
  };
}

/** The columns of a section's lines: all in each section index, so counting, summing and sorting read no table rows. */
const LINE_COLUMNS = `x.id, x.customer_id, x.customer_name, x.created_at, x.subscription_id, x.end_date, x.product, x.purchased, x.assigned, x.used`;

/**
 * The actor's low-assignment lines as one `select` per comparison group with a cut — each an index
 * range (partner, product, band, ratio < cut) — joined by `union all` (groups are disjoint).
 */
function lowLinesSql(scope: Scope, cuts: readonly Cut[], clock: Clock, columns: string): Sql {
  const s = scopeSql(scope);
  const active = activeSql(clock);
  const live = cuts.filter((c) => c.cut !== null);
  if (live.length === 0) return { text: `select ${columns} from analytics_line x where 1 = 0`, params: [] };
  const one = `select ${columns} from analytics_line x
      where ${s.text} and x.product = ? and x.band = ? and x.kind = 'PAID' and x.ratio < ? and x.ratio < ${LOW_RATIO} and ${active.text}`;
  return {
    text: live.map(() => one).join('\n      union all '),
    params: live.flatMap((c) => [...s.params, c.product, c.band, c.cut, ...active.params]),
  };
}

/**
 * Section membership, as a condition on an active line `x`:
 * - **Recently added**: the customer was added in the last 90 days (created ≥ today − 90 days).
 * - **Expiring**: a subscription or trial that does not auto-renew and ends today … today + 90 days.
 * - **Renewing**: an auto-renewing subscription whose renewal date is today … today + 90 days.
 * - **Overage**: assigned > total (`overage` = max(assigned − total, 0) > 0).
 * (**Low assignment** is {@link lowLinesSql}.)
 */
function sectionCondition(section: Exclude<LicenseSection, 'LOW_ASSIGNMENT'>, clock: Clock, createdSince: unknown): Sql {
  switch (section) {
    case 'RECENTLY_ADDED':
      return { text: 'x.created_at >= ?', params: [createdSince] };
    case 'EXPIRING':
      return { text: 'x.auto_renew = false and x.end_date >= ? and x.end_date <= ?', params: [clock.today, clock.horizon] };
    case 'RENEWING':
      return { text: 'x.auto_renew = true and x.end_date >= ? and x.end_date <= ?', params: [clock.today, clock.horizon] };
    case 'OVERAGE':
      return { text: 'x.overage > 0', params: [] };
  }
}

/**
 * `lines as (…)`: the actor's active lines of `product` in `section` (`cuts` from {@link cutsSql}
 * for the low-assignment section). Columns: id, customer_id, customer_name, created_at,
 * subscription_id, end_date, product, purchased, assigned, used (the page adds the rest by id).
 */
export function sectionLinesCte(scope: Scope, product: AnalyticsProduct, section: LicenseSection, clock: Clock, createdSince: unknown, cuts: readonly Cut[]): Sql {
  if (section === 'LOW_ASSIGNMENT') {
    const low = lowLinesSql(scope, cuts.filter((c) => c.product === product), clock, LINE_COLUMNS);
    return { text: `lines as (${low.text})`, params: low.params };
  }
  const s = scopeSql(scope);
  const active = activeSql(clock);
  const condition = sectionCondition(section, clock, createdSince);
  return {
    text: `lines as (
      select ${LINE_COLUMNS}
      from analytics_line x
      where ${s.text} and x.product = ? and ${active.text} and ${condition.text}
    )`,
    params: [...s.params, product, ...active.params, ...condition.params],
  };
}

/**
 * The headline KPIs over Calling and Meetings lines, each a count of distinct customers, each its
 * own index-only range (after {@link comparableGroupsSql} and {@link cutsSql} for the same products):
 * - **Total customers**: customers with an active Calling or Meetings line (`analytics_customer`:
 *   the latest end date of the customer's non-cancelled Calling/Meetings lines ≥ today).
 * - **Expiring soon**: … with such a line in the Expiring section.
 * - **Renewing soon**: … in the Renewing section.
 * - **Low license assignment**: … with a low-assignment line.
 * - **License overage**: … with a line whose assigned > total.
 */
export function headlineKpisSql(scope: Scope, clock: Clock, cuts: readonly Cut[]): Sql {
  const s = scopeSql(scope);
  const active = activeSql(clock);
  const products = placeholders(KPI_PRODUCTS);
  const low = lowLinesSql(scope, cuts, clock, 'x.customer_id');
  // The sections' own conditions (the recently-added one is not a headline KPI, so no date is needed).
  const [expiring, renewing, overage] = (['EXPIRING', 'RENEWING', 'OVERAGE'] as const).map((section) => sectionCondition(section, clock, null));
  const count = (condition: Sql) => `(select count(distinct x.customer_id) from analytics_line x where ${s.text} and x.product in (${products}) and ${active.text} and ${condition.text})`;
  const countParams = (condition: Sql) => [...s.params, ...KPI_PRODUCTS, ...active.params, ...condition.params];
  return {
    text: `select (select count(*) from analytics_customer x where ${s.text} and x.end_date >= ?) as total_customers,
      ${count(expiring)} as expiring_soon,
      ${count(renewing)} as renewing_soon,
      (select count(distinct l.customer_id) from (${low.text}) l) as low_assignment,
      ${count(overage)} as overage`,
    params: [...s.params, clock.today, ...countParams(expiring), ...countParams(renewing), ...low.params, ...countParams(overage)],
  };
}

/** The products of the headline KPIs. */
export const KPI_PRODUCTS: readonly AnalyticsProduct[] = ['MEETINGS', 'CALLING'];

/**
 * Section KPIs over the section's lines:
 * - customers = distinct customers; licenses = Σ total;
 * - assignment % = Σ assigned ÷ Σ total; usage % = Σ used (last 7 days) ÷ Σ total;
 * - usage at assignment % = Σ used ÷ Σ assigned; unassigned = Σ max(total − assigned, 0);
 * - overage licences = Σ max(assigned − total, 0); average overage = overage licences ÷ customers
 *   with an over-limit line.
 */
export function sectionKpisSql(cte: Sql): Sql {
  return {
    text: `with ${cte.text}
      select count(*) as n, count(distinct x.customer_id) as customers,
             coalesce(sum(x.purchased), 0) as purchased, coalesce(sum(x.assigned), 0) as assigned, coalesce(sum(x.used), 0) as used,
             coalesce(sum(case when x.purchased > x.assigned then x.purchased - x.assigned else 0 end), 0) as unassigned,
             coalesce(sum(case when x.assigned > x.purchased then x.assigned - x.purchased else 0 end), 0) as overage,
             count(distinct case when x.assigned > x.purchased then x.customer_id end) as overage_customers
      from lines x`,
    params: cte.params,
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
 * snapshots are read for the page's rows only (index lookups on subscription, product, week).
 */
export function sectionPageSql(cte: Sql, order: string, limit: number, offset: number, clock: Clock): Sql {
  return {
    text: `with ${cte.text},
    page as (
      select x.* from lines x order by ${order} limit ? offset ?
    )
    select p.customer_id, p.customer_name, p.created_at, p.subscription_id, a.trial_id, a.kind, p.end_date, a.auto_renew,
           p.purchased, p.assigned, p.used,
           w1.assigned - w0.assigned as weekly_assignment_change,
           w1.used - w0.used as weekly_usage_change,
           (select sum(h.used) * 100.0 / nullif(sum(h.purchased), 0) from license_snapshot h
             where h.subscription_id = p.subscription_id and h.product = p.product and h.week_start >= ? and h.week_start <= ?) as usage_3_months_pct
    from page p
    join analytics_line a on a.id = p.id
    left join license_snapshot w1 on w1.subscription_id = p.subscription_id and w1.product = p.product and w1.week_start = ?
    left join license_snapshot w0 on w0.subscription_id = p.subscription_id and w0.product = p.product and w0.week_start = ?
    order by ${order.replaceAll('x.', 'p.')}`,
    params: [...cte.params, limit, offset, clock.usageFrom, clock.lastWeek, clock.lastWeek, clock.previousWeek],
  };
}

/**
 * Purchased / assigned / used of the product per completed week, summed over the actor's customers:
 * a partner-wide actor reads the partner's weekly totals (`analytics_week`, one row per week); a
 * scoped one sums the snapshots of its own customers (customer, week index).
 */
export function trendSql(scope: Scope, product: AnalyticsProduct, fromWeek: string, clock: Clock): Sql {
  if (scope.visible === 'all') {
    return {
      text: `select w.week_start, w.purchased, w.assigned, w.used from analytics_week w
        where w.partner_id = ? and w.product = ? and w.week_start >= ? and w.week_start <= ? and w.snapshots > 0
        order by w.week_start`,
      params: [scope.partnerId, product, fromWeek, clock.lastWeek],
    };
  }
  const s = scopeSql(scope, 'c').text.replace('c.customer_id', 'c.id');
  return {
    text: `select h.week_start, sum(h.purchased) as purchased, sum(h.assigned) as assigned, sum(h.used) as used
      from license_snapshot h join customer c on c.id = h.customer_id
      where ${s} and h.product = ? and h.week_start >= ? and h.week_start <= ?
      group by h.week_start order by h.week_start`,
    params: [...scopeSql(scope, 'c').params, product, fromWeek, clock.lastWeek],
  };
}
