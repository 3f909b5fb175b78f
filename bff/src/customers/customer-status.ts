/**
 * The eight customer statuses of PRODUCT.md ("Customer list"). The database computes them for every
 * row of a page, filter or count (never row by row in JS): stored in `customer_list_row` or derived
 * from its indexed dates when read (customer-list.sql.ts).
 *
 * Definitions (today = the request's UTC date; thresholds per partner in `PartnerCustomerSettings`):
 * - TRIAL: a trial with status RUNNING whose end date is today or later.
 * - SUBSCRIPTION: a PAID subscription, billing ACTIVE, ending today or later.
 * - EXPIRING_SOON: a subscription or trial (not cancelled) ends between today and today + expiringSoonDays.
 * - LICENSE_OVERAGE: a current subscription (not cancelled, ends today or later) has a product with assigned > purchased.
 * - NO_RECENT_ACTIVITY: no customer admin signed in during the last noRecentActivityDays days (or never).
 * - READY_FOR_ORDER_SETUP: an order is PLACED or PROVISIONING and has no subscription set up yet.
 * - SUSPENDED: a PAID subscription ending today or later is UNPAID or SUSPENDED.
 * - EXPIRED: no subscription or trial that is not cancelled and ends today or later.
 */
export const CUSTOMER_STATUSES = [
  'TRIAL',
  'SUBSCRIPTION',
  'EXPIRING_SOON',
  'LICENSE_OVERAGE',
  'NO_RECENT_ACTIVITY',
  'READY_FOR_ORDER_SETUP',
  'SUSPENDED',
  'EXPIRED',
] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

/** A SQL fragment with its positional `?` bindings, in order. */
export interface Sql {
  text: string;
  params: unknown[];
}
