import { Entity, Enum, Index, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { REGIONS, type Region } from '@ph/contracts';
import { MANAGED_BY, type ManagedBy } from './customer.entity';

/**
 * One row per customer of a region store: everything the customer list filters, sorts and counts on,
 * so a list page, its count and its facets read this table and its indexes only (definitions and sort
 * keys in customer-list.sql.ts).
 *
 * Region-derived columns are rewritten from the base tables (customer, subscription, license_line,
 * trial, customer_order) in the transaction of every write to them, as of that day; they stay exact
 * until the day after `validUntil` (the first end date of a current subscription or running trial),
 * when a read refreshes the row first. EXPIRING_SOON and NO_RECENT_ACTIVITY also depend on the
 * partner's thresholds (recorded in {@link CustomerListPartner}) and the clock: a read first sets the
 * rows that crossed a threshold since (indexed on `nextSubEnd` / `lastSignIn`). Directory-derived
 * columns (managed by, external id, tags) are copied from the directory store through
 * {@link CustomerListChange}.
 */
@Entity({ tableName: 'customer_list_row' })
// One index per sort (key, name, org id), each also holding `facetBits` so the filters are read from
// the index; one for counts and facets; one for the search text.
@Index({ properties: ['partnerId', 'name', 'customerId', 'facetBits'] })
@Index({ properties: ['partnerId', 'country', 'name', 'customerId', 'facetBits'] })
@Index({ properties: ['partnerId', 'statusWeight', 'name', 'customerId', 'facetBits'] })
@Index({ properties: ['partnerId', 'productCount', 'name', 'customerId', 'facetBits'] })
@Index({ properties: ['partnerId', 'licensesPurchased', 'name', 'customerId', 'facetBits'] })
@Index({ properties: ['partnerId', 'licensesAssigned', 'name', 'customerId', 'facetBits'] })
@Index({ properties: ['partnerId', 'endSort', 'name', 'customerId', 'facetBits'] })
@Index({ properties: ['partnerId', 'tagSortAsc', 'name', 'customerId', 'facetBits'] })
@Index({ properties: ['partnerId', 'tagSortDesc', 'name', 'customerId', 'facetBits'] })
@Index({ properties: ['partnerId', 'managedBy', 'name', 'customerId', 'facetBits'] })
@Index({ properties: ['partnerId', 'facetBits', 'customerId'] })
@Index({ properties: ['partnerId', 'searchKey', 'customerId'] })
@Index({ properties: ['partnerId', 'isSoon', 'nextSubEnd'] })
@Index({ properties: ['partnerId', 'isInactive', 'lastSignIn'] })
@Index({ properties: ['validUntil'] })
export class CustomerListRow {
  @PrimaryKey({ type: 'uuid' })
  customerId!: string;

  @Property({ type: 'uuid' })
  partnerId!: string;

  @Property({ type: 'string', length: 200 })
  name!: string;

  @Property({ type: 'string', length: 2 })
  country!: string;

  /** `lower(name)`, the org id and {@link dirKey}, separated by line feeds: what the free-text search matches. */
  @Property({ type: 'text' })
  searchKey!: string;

  /** Directory part of the search text: a line feed before the lower-cased external id and before each tag name. */
  @Property({ type: 'text' })
  dirKey: string & Opt = '';

  /** PARTNER_ORG (what the app creates) until the directory's value is copied. */
  @Enum({ items: [...MANAGED_BY] })
  managedBy!: ManagedBy;

  @Property({ type: 'string', length: 100, nullable: true })
  externalId: string | null = null;

  /** TAGS ascending: the alphabetically first tag name (lower case), or U+10FFFF without tags (last). */
  @Property({ type: 'string', length: 25 })
  tagSortAsc!: string;

  /** TAGS descending: the same name, or the empty string without tags (last when descending). */
  @Property({ type: 'string', length: 25 })
  tagSortDesc!: string;

  /** Last day the region-derived columns stay exact: the earliest end date, on or after the day they were computed, of a current subscription or running trial. */
  @Property({ type: 'date', nullable: true })
  validUntil: string | null = null;

  /** Earliest end date, on or after the day of computation, of a current subscription (EXPIRING_SOON once ≤ today + threshold). */
  @Property({ type: 'date', nullable: true })
  nextSubEnd: string | null = null;

  /** Copy of the customer's last admin sign-in (NO_RECENT_ACTIVITY once older than the threshold). */
  @Property({ type: 'datetime', nullable: true })
  lastSignIn: Date | null = null;

  /** The six statuses that change only with writes or dates passing (bits as in `facetBits`). */
  @Property({ type: 'integer' })
  stableBits!: number;

  /** Status sort weight of `stableBits`. */
  @Property({ type: 'integer' })
  stableWeight!: number;

  /** EXPIRING_SOON under the thresholds of {@link CustomerListPartner}. */
  @Property({ type: 'integer' })
  isSoon!: number;

  /** NO_RECENT_ACTIVITY under the thresholds of {@link CustomerListPartner}. */
  @Property({ type: 'integer' })
  isInactive!: number;

  /**
   * What the filters and facets read, as bits: 0–7 the statuses (CUSTOMER_STATUSES order), 8–12 the
   * products of current subscriptions (PRODUCTS order), 13–14 managed by (MANAGED_BY order).
   */
  @Property({ type: 'integer' })
  facetBits!: number;

  /** STATUS sort value: sum of the weights of the statuses. */
  @Property({ type: 'integer' })
  statusWeight!: number;

  @Property({ type: 'integer' })
  productCount!: number;

  @Property({ type: 'integer' })
  licensesPurchased!: number;

  @Property({ type: 'integer' })
  licensesAssigned!: number;

  /** Subscriptions and trials of the customer in any state. */
  @Property({ type: 'integer' })
  subscriptionCount!: number;

  /** Next renewal or expiry date; the last end date when nothing is current (YYYY-MM-DD). */
  @Property({ type: 'string', length: 10, nullable: true })
  nextEndDate: string | null = null;

  /** `nextEndDate`, or `9999-12-31` without one: the NEXT_END_DATE sort value. */
  @Property({ type: 'string', length: 10 })
  endSort!: string;
}

/** The thresholds a region's rows of one partner were computed with (region store). */
@Entity({ tableName: 'customer_list_partner' })
export class CustomerListPartner {
  @PrimaryKey({ type: 'uuid' })
  partnerId!: string;

  @Property({ type: 'integer' })
  expiringSoonDays!: number;

  @Property({ type: 'integer' })
  noRecentActivityDays!: number;
}

/** A tag on a customer, copied from the directory's assignments (region store): tag filter and tag facet. */
@Entity({ tableName: 'customer_list_tag' })
@Index({ properties: ['tagId', 'customerId'] })
export class CustomerListTag {
  @PrimaryKey({ type: 'uuid' })
  customerId!: string;

  @PrimaryKey({ type: 'uuid' })
  tagId!: string;
}

/** Which definition `customer_list_row` was last rebuilt with (region store; one row, id 1). */
@Entity({ tableName: 'customer_list_state' })
export class CustomerListState {
  @PrimaryKey({ type: 'integer', autoincrement: false })
  id!: number;

  @Property({ type: 'integer' })
  version!: number;

  @Property({ type: 'datetime' })
  builtAt!: Date;
}

/**
 * Outbox of directory changes the region copies must follow (directory store): written in the same
 * transaction as a tag assignment, tag rename or tag deletion, applied to the region store and then
 * deleted. A customer id names one customer; a tag id names every customer of the region carrying it.
 */
@Entity({ tableName: 'customer_list_change' })
@Index({ properties: ['region', 'id'] })
export class CustomerListChange {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Enum({ items: [...REGIONS] })
  region!: Region;

  @Property({ type: 'uuid', nullable: true })
  customerId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  tagId: string | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();
}
