import { Injectable } from '@nestjs/common';
import { ErrorCode, isRegion, type Region } from '@ph/contracts';
import { PolicyService } from '../auth/policy.service';
import type { RequestActor } from '../auth/sessions.service';
import { AppError } from '../common/app-error';
import { RegionStores, type SqlValue } from '../database/stores';
import {
  clockAt,
  comparableGroupsSql,
  cutsSql,
  DAY_MS,
  headlineKpisSql,
  KPI_PRODUCTS,
  orderBy,
  sectionLinesCte,
  sectionKpisSql,
  sectionPageSql,
  trendSql,
  WINDOW_DAYS,
  type Clock,
  type Cut,
  type Scope,
  type Sql,
} from './analytics.sql';
import type {
  AnalyticsProduct,
  LicenseKpis,
  LicenseRow,
  LicenseSection,
  LicenseSectionPage,
  LicenseSort,
  LicenseWeek,
} from './models/license-analytics.model';

/** Rows per section page when the client names none, and the most it may ask for. */
export const DEFAULT_SECTION_PAGE = 10;
export const MAX_SECTION_PAGE = 100;
/** Weeks of trend when the client names none, and the most it may ask for. */
export const DEFAULT_TREND_WEEKS = 52;

type Num = number | string | null;
const num = (v: Num) => (v === null ? 0 : Number(v));
const pct = (part: number, whole: number) => (whole > 0 ? (part * 100) / whole : null);
const dateOf = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));
const msOf = (v: unknown) => (v instanceof Date ? v.getTime() : typeof v === 'number' ? v : Number.isNaN(Number(v)) ? Date.parse(String(v)) : Number(v));

/**
 * Partner licence analytics of one region: headline KPIs, the trend and the five sections. Every
 * request is a bounded number of aggregate statements on the region's own store (no per-row queries;
 * KPIs 3, trend 1, a section 2, the low-assignment section 4), on the rollups of analytics.sql.ts,
 * within the actor's customer scope from {@link PolicyService}.
 */
@Injectable()
export class AnalyticsService {
  constructor(
    private readonly stores: RegionStores,
    private readonly policy: PolicyService,
  ) {}

  /** The five headline KPIs over Calling and Meetings (three statements: comparison groups, cuts, KPIs). */
  async kpis(actor: RequestActor, region: Region, now = new Date()): Promise<LicenseKpis> {
    const clock = clockAt(now);
    const scope = await this.scope(actor, region);
    const cuts = await this.cuts(region, scope, KPI_PRODUCTS, clock);
    const [row] = await this.run<Record<string, Num>>(region, headlineKpisSql(scope, clock, cuts));
    return {
      totalCustomers: num(row.total_customers),
      expiringSoon: num(row.expiring_soon),
      renewingSoon: num(row.renewing_soon),
      lowAssignment: num(row.low_assignment),
      overage: num(row.overage),
    };
  }

  /** Weekly purchased / assigned / used of `product` over the last `weeks` completed weeks (one statement). */
  async trend(actor: RequestActor, region: Region, product: AnalyticsProduct, weeks: number, now = new Date()): Promise<LicenseWeek[]> {
    if (!Number.isInteger(weeks) || weeks < 1 || weeks > 104) throw new AppError(ErrorCode.BadUserInput, 'weeks must be between 1 and 104');
    const clock = clockAt(now);
    const from = new Date(Date.parse(clock.lastWeek) - (weeks - 1) * 7 * DAY_MS).toISOString().slice(0, 10);
    const rows = await this.run<{ week_start: unknown; purchased: Num; assigned: Num; used: Num }>(region, trendSql(await this.scope(actor, region), product, from, clock));
    return rows.map((r) => ({ weekStart: dateOf(r.week_start), purchased: num(r.purchased), assigned: num(r.assigned), used: num(r.used) }));
  }

  /** One section's KPIs and one page of its rows, sorted on the server (two statements; four for low assignment). */
  async section(
    actor: RequestActor,
    region: Region,
    args: { product: AnalyticsProduct; section: LicenseSection; sort: LicenseSort; descending: boolean; first: number; offset: number },
    now = new Date(),
  ): Promise<LicenseSectionPage> {
    if (!Number.isInteger(args.first) || args.first < 1 || args.first > MAX_SECTION_PAGE) {
      throw new AppError(ErrorCode.BadUserInput, `first must be between 1 and ${MAX_SECTION_PAGE}`);
    }
    if (!Number.isInteger(args.offset) || args.offset < 0) throw new AppError(ErrorCode.BadUserInput, 'offset must be 0 or more');
    const clock = clockAt(now);
    const scope = await this.scope(actor, region);
    // Only the low-assignment section needs the cuts of the comparison groups.
    const cuts = args.section === 'LOW_ASSIGNMENT' ? await this.cuts(region, scope, [args.product], clock) : [];
    const since = clock.todayMs - WINDOW_DAYS * DAY_MS;
    const cte = sectionLinesCte(scope, args.product, args.section, clock, this.stores.dialect(region) === 'sqlite' ? since : new Date(since), cuts);
    const [[k], rows] = await Promise.all([
      this.run<Record<string, Num>>(region, sectionKpisSql(cte)),
      this.run<Record<string, unknown>>(region, sectionPageSql(cte, orderBy(args.section, args.sort, args.descending), args.first, args.offset, clock)),
    ]);
    const purchased = num(k.purchased);
    const assigned = num(k.assigned);
    const overageCustomers = num(k.overage_customers);
    return {
      totalCount: num(k.n),
      kpis: {
        customers: num(k.customers),
        licenses: purchased,
        assignmentPct: pct(assigned, purchased),
        usagePct: pct(num(k.used), purchased),
        usageAtAssignmentPct: pct(num(k.used), assigned),
        unassigned: num(k.unassigned),
        overageLicenses: num(k.overage),
        averageOverage: overageCustomers > 0 ? num(k.overage) / overageCustomers : null,
      },
      rows: rows.map((r) => toRow(r, clock)),
    };
  }

  /** The actor's customers in `region` (ids of other regions could match nothing in its store). */
  private async scope(actor: RequestActor, region: Region): Promise<Scope> {
    return { partnerId: actor.partnerId, visible: await this.policy.visibleCustomerIdsForQuery(actor, region) };
  }

  /**
   * The low-assignment cuts of the comparison groups (partner-wide, whatever the actor's scope): two
   * statements, the groups' sizes then their cuts.
   */
  private async cuts(region: Region, scope: Scope, products: readonly AnalyticsProduct[], clock: Clock): Promise<Cut[]> {
    const groups = await this.run<{ product: string; band: Num; n: Num }>(region, comparableGroupsSql(scope.partnerId, products, clock));
    const statement = cutsSql(scope.partnerId, groups.map((g) => ({ product: g.product, band: num(g.band), n: num(g.n) })), clock);
    if (!statement) return [];
    const rows = await this.run<{ product: string; band: Num; cut: Num }>(region, statement);
    return rows.map((r) => ({ product: r.product, band: num(r.band), cut: r.cut === null ? null : Number(r.cut) }));
  }

  /**
   * Rows of one read on the region's store through `RegionStores.rows`: on SQLite the statement is
   * prepared once per connection (the same values as the ORM connection's `execute`: booleans and
   * dates bound as numbers, rows as plain objects), on PostgreSQL it is the connection's `execute`.
   */
  private run<T>(region: Region, sql: Sql): Promise<T[]> {
    if (!isRegion(region)) throw new AppError(ErrorCode.InvalidRegion, 'Unknown region');
    return this.stores.rows<T>(region, sql.text, sql.params as SqlValue[]);
  }
}

/** Whole months between two UTC day timestamps (calendar months, rounded down). */
function monthsBetween(fromMs: number, toMs: number): number {
  const a = new Date(fromMs);
  const b = new Date(toMs);
  let months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth();
  if (b.getUTCDate() < a.getUTCDate()) months--;
  return Math.max(0, months);
}

function toRow(r: Record<string, unknown>, clock: Clock): LicenseRow {
  const createdMs = msOf(r.created_at);
  const createdDay = createdMs - (createdMs % DAY_MS);
  const endMs = Date.parse(dateOf(r.end_date));
  const nullable = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    customerId: String(r.customer_id),
    customerName: String(r.customer_name),
    subscriptionId: String(r.trial_id ?? r.subscription_id),
    trial: r.kind === 'TRIAL',
    daysSinceAdded: Math.round((clock.todayMs - createdDay) / DAY_MS),
    monthsSinceAdded: monthsBetween(createdDay, clock.todayMs),
    daysToEnd: Math.round((endMs - clock.todayMs) / DAY_MS),
    monthsRemaining: monthsBetween(clock.todayMs, endMs),
    autoRenew: r.auto_renew === true || Number(r.auto_renew) === 1,
    total: Number(r.purchased),
    assigned: Number(r.assigned),
    used: Number(r.used),
    weeklyAssignmentChange: nullable(r.weekly_assignment_change),
    weeklyUsageChange: nullable(r.weekly_usage_change),
    usage3MonthsPct: nullable(r.usage_3_months_pct),
  };
}
