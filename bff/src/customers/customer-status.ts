/**
 * The eight customer statuses of PRODUCT.md ("Customer list") as SQL over one region store, so the
 * database computes them for every row of a page, filter or count (never row by row in JS).
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

/** Column alias of a status flag in the list SQL. */
export const flagColumn = (status: CustomerStatus) => `s_${status.toLowerCase()}`;

/** Values the status SQL binds. */
export interface StatusParams {
  /** YYYY-MM-DD */
  today: string;
  /** YYYY-MM-DD: today + expiringSoonDays. */
  soon: string;
  /** Last-sign-in cutoff as the store binds it (epoch ms on SQLite, a Date on PostgreSQL). */
  activityCutoff: number | Date;
}

/** A SQL fragment with its positional `?` bindings, in order. */
export interface Sql {
  text: string;
  params: unknown[];
}

const current = (alias: string) => `${alias}.customer_id = c.id and ${alias}.billing_state <> 'CANCELLED' and ${alias}.end_date >= ?`;

/** Per-status `case … end` expressions over `customer c`, each 1 or 0. */
export function statusExpressions(p: StatusParams): Record<CustomerStatus, Sql> {
  const flag = (text: string, params: unknown[]): Sql => ({ text: `case when ${text} then 1 else 0 end`, params });
  return {
    TRIAL: flag(`exists (select 1 from trial t where t.customer_id = c.id and t.status = 'RUNNING' and t.end_date >= ?)`, [p.today]),
    SUBSCRIPTION: flag(
      `exists (select 1 from subscription s where s.customer_id = c.id and s.kind = 'PAID' and s.billing_state = 'ACTIVE' and s.end_date >= ?)`,
      [p.today],
    ),
    EXPIRING_SOON: flag(`exists (select 1 from subscription s where ${current('s')} and s.end_date <= ?)`, [p.today, p.soon]),
    LICENSE_OVERAGE: flag(
      `exists (select 1 from subscription s join license_line l on l.subscription_id = s.id where ${current('s')} and l.assigned > l.purchased)`,
      [p.today],
    ),
    NO_RECENT_ACTIVITY: flag(`(c.last_admin_sign_in_at is null or c.last_admin_sign_in_at < ?)`, [p.activityCutoff]),
    READY_FOR_ORDER_SETUP: flag(
      `exists (select 1 from customer_order o where o.customer_id = c.id and o.status in ('PLACED', 'PROVISIONING') and o.subscription_id is null)`,
      [],
    ),
    SUSPENDED: flag(
      `exists (select 1 from subscription s where s.customer_id = c.id and s.kind = 'PAID' and s.billing_state in ('UNPAID', 'SUSPENDED') and s.end_date >= ?)`,
      [p.today],
    ),
    EXPIRED: flag(`not exists (select 1 from subscription s where ${current('s')})`, [p.today]),
  };
}

/** Licence totals and the next end date over the customer's current subscriptions. */
export function figureExpressions(p: StatusParams): Record<'licenses_purchased' | 'licenses_assigned' | 'product_count' | 'next_end_date', Sql> {
  const sum = (column: string): Sql => ({
    text: `(select coalesce(sum(l.${column}), 0) from subscription s join license_line l on l.subscription_id = s.id where ${current('s')})`,
    params: [p.today],
  });
  return {
    licenses_purchased: sum('purchased'),
    licenses_assigned: sum('assigned'),
    product_count: {
      text: `(select count(distinct l.product) from subscription s join license_line l on l.subscription_id = s.id where ${current('s')})`,
      params: [p.today],
    },
    next_end_date: {
      text: `cast(coalesce((select min(s.end_date) from subscription s where ${current('s')}), (select max(s.end_date) from subscription s where s.customer_id = c.id)) as varchar(10))`,
      params: [p.today],
    },
  };
}
