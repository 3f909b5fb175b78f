import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { BILLING_STATES, PRODUCTS, SUBSCRIPTION_KINDS, type BillingState, type Product, type SubscriptionKind } from '../subscriptions/subscription.entity';

/** The columns a section's rows are counted, summed and sorted by (trailing columns of the section indexes). */
const ROW = ['customerId', 'purchased', 'assigned', 'used', 'createdAt', 'customerName', 'subscriptionId', 'id'] as const;

/**
 * One licence line with everything the analytics page filters, sorts and sums on (region store):
 * the line's figures, its subscription's kind, billing state, end date and auto-renewal, its trial
 * id, and its customer's partner, name and "added" date. Derived data, kept equal to the raw tables
 * by database triggers on `license_line`, `subscription`, `customer` and `trial` (see the migration
 * that creates them and docs/analytics.md), so every writer — seed, ingest, trials, data feeds,
 * plain SQL — keeps it current in the same transaction. Today-dependent facts (active, expiring…)
 * are never stored: they are conditions on `endDate` at read time.
 */
@Entity({ tableName: 'analytics_line' })
// Each index serves one kind of read as an index-only range (see analytics.sql.ts): the leading
// columns select the range, the trailing ones (`…ROW`) cover every column a section reads and sorts on.
@Index({ name: 'analytics_line_end_date_index', properties: ['partnerId', 'product', 'autoRenew', 'endDate', 'billingState', ...ROW] })
@Index({ name: 'analytics_line_created_at_index', properties: ['partnerId', 'product', 'createdAt', 'billingState', 'endDate', ...ROW.filter((c) => c !== 'createdAt')] })
@Index({ name: 'analytics_line_ratio_index', properties: ['partnerId', 'product', 'band', 'ratio', 'kind', 'billingState', 'endDate', ...ROW] })
@Index({ name: 'analytics_line_overage_index', properties: ['partnerId', 'product', 'overage', 'endDate', 'billingState', ...ROW] })
@Index({ properties: ['customerId', 'product', 'endDate', 'billingState'] })
@Index({ properties: ['subscriptionId'] })
export class AnalyticsLine {
  /** The licence line's id. */
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  partnerId!: string;

  @Property({ type: 'uuid' })
  customerId!: string;

  @Property({ type: 'string', length: 200 })
  customerName!: string;

  /** The customer's `createdAt` ("added"). */
  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'string', length: 40 })
  subscriptionId!: string;

  /** The lowest trial id on the subscription, if any (shown instead of the subscription id). */
  @Property({ type: 'string', length: 40, nullable: true })
  trialId: string | null = null;

  @Enum({ items: [...SUBSCRIPTION_KINDS] })
  kind!: SubscriptionKind;

  @Enum({ items: [...BILLING_STATES] })
  billingState!: BillingState;

  @Property({ type: 'date' })
  endDate!: string;

  @Property({ type: 'boolean' })
  autoRenew!: boolean;

  @Enum({ items: [...PRODUCTS] })
  product!: Product;

  @Property({ type: 'integer' })
  purchased!: number;

  @Property({ type: 'integer' })
  assigned!: number;

  @Property({ type: 'integer' })
  used!: number;

  /** Size band of `purchased`: 1 (1–9), 2 (10–49), 3 (50–249), 4 (250–999), 5 (1000+); 0 without licences. */
  @Property({ type: 'integer' })
  band!: number;

  /** assigned ÷ purchased; null without licences. */
  @Property({ type: 'double', nullable: true })
  ratio: number | null = null;

  /** Licences assigned beyond the total: max(assigned − purchased, 0). */
  @Property({ type: 'integer' })
  overage!: number;
}

/**
 * How many of a partner's non-cancelled paid lines with licences (the comparison set of low
 * assignment) have each product, size band and end date (region store): the sizes of the comparison
 * groups on a day are `Σ lines where endDate ≥ today`, a few thousand rows instead of every line.
 * Kept by triggers on `analytics_line`.
 */
@Entity({ tableName: 'analytics_band_day' })
export class AnalyticsBandDay {
  @PrimaryKey({ type: 'uuid' })
  partnerId!: string;

  @PrimaryKey({ type: 'string', length: 20 })
  product!: Product;

  @PrimaryKey({ type: 'integer' })
  band!: number;

  @PrimaryKey({ type: 'date' })
  endDate!: string;

  @Property({ type: 'integer' })
  lines!: number;
}

/**
 * The latest end date of a customer's non-cancelled Calling or Meetings lines (region store), so
 * "customers with an active Calling or Meetings line" is one index range count (`endDate ≥ today`).
 * Kept by triggers on `analytics_line`.
 */
@Entity({ tableName: 'analytics_customer' })
@Index({ properties: ['partnerId', 'endDate'] })
export class AnalyticsCustomer {
  @PrimaryKey({ type: 'uuid' })
  customerId!: string;

  @Property({ type: 'uuid' })
  partnerId!: string;

  @Property({ type: 'date', nullable: true })
  endDate: string | null = null;
}

/**
 * Purchased / assigned / used licences of one product in one week, summed over all of a partner's
 * customers in the region (region store): the trend of a partner-wide administrator in one row
 * per week. Kept equal to `Σ license_snapshot` by triggers on `license_snapshot` (delta updates).
 */
@Entity({ tableName: 'analytics_week' })
export class AnalyticsWeek {
  @PrimaryKey({ type: 'uuid' })
  partnerId!: string;

  @PrimaryKey({ type: 'string', length: 20 })
  product!: Product;

  /** Monday of the week, ISO date. */
  @PrimaryKey({ type: 'date' })
  weekStart!: string;

  /** Snapshot rows summed (a week whose rows were all deleted has 0 and is not shown). */
  @Property({ type: 'integer' })
  snapshots!: number;

  @Property({ type: 'integer' })
  purchased!: number;

  @Property({ type: 'integer' })
  assigned!: number;

  @Property({ type: 'integer' })
  used!: number;
}
