import { SetMetadata } from '@nestjs/common';
import { ALL_CUSTOMER_ROLES, PartnerRole, type Region } from '@ph/contracts';

/** The signed-in partner administrator a request acts for. */
export interface Actor {
  userId: string;
  email: string;
  displayName: string;
  role: PartnerRole;
  partnerId: string;
  partnerName: string;
  sessionId: string;
}

const { FullAdmin, Admin, ReadOnly, SalesFullAdmin, SalesAdmin, HelpDesk } = PartnerRole;
const EVERY_ROLE = [FullAdmin, Admin, ReadOnly, SalesFullAdmin, SalesAdmin, HelpDesk];

/**
 * Partner-level actions and the roles that may perform them (PRODUCT.md, "Partner administrator roles").
 * `authenticated` means any signed-in user acting on their own account.
 */
export const ACTIONS = {
  authenticated: EVERY_ROLE,
  'regions.read': EVERY_ROLE,
  'customers.read': EVERY_ROLE,
  'reports.read': EVERY_ROLE,
  'organization.read': EVERY_ROLE,
  'organization.setUp': [FullAdmin],
  'users.read': [FullAdmin],
  'users.manage': [FullAdmin],
  /**
   * Operations on one customer: any signed-in role gets past the guard and the service asks
   * `PolicyService.assertCustomer` for the customer action, so another partner's customer is
   * NOT_FOUND for every role (never FORBIDDEN).
   */
  customer: EVERY_ROLE,
  'audit.read': [FullAdmin],
  'apiKeys.manage': [FullAdmin],
  'resources.read': EVERY_ROLE,
  'helpdesk.submit': EVERY_ROLE,
  'helpdesk.readRequests': [FullAdmin],
  /** Run the weekly calling rollup now (it recomputes every partner's rollups, so full admins only). */
  'callingRollup.run': [FullAdmin],
  /** Partner and calling analytics, within the role's customer scope. */
  'analytics.read': EVERY_ROLE,
  /** Create, rename, recolour and delete the partner's custom tags (putting them on customers is CUSTOMER_ACTIONS.tag). */
  'tags.manage': [FullAdmin, Admin],
  /** Create, rename, share and delete one's own saved views of the customer list (listing them is `customers.read`). */
  'savedViews.manage': EVERY_ROLE,
  /** Also delete a saved view another administrator of the partner shared. */
  'savedViews.deleteShared': [FullAdmin],
  /** Change the partner's customer-list thresholds (expiring soon, no recent activity). */
  'customerSettings.manage': [FullAdmin],
  /** Generate report files, list runs and download them (PRODUCT.md: read-only may run reports; scoped admins only their customers). */
  'reports.run': [FullAdmin, Admin, ReadOnly],
  /** Create, list and delete report schedules (they run as their owner, whose access is checked each time). */
  'reports.schedule': [FullAdmin, Admin, ReadOnly],
  /**
   * Create, edit and delete custom report templates (PRODUCT.md: full admins change everything, partner admins
   * reports on their customers, read-only admins nothing). A partner admin edits only the templates they created.
   */
  'reports.templates.manage': [FullAdmin, Admin],
} as const satisfies Record<string, readonly PartnerRole[]>;
export type Action = keyof typeof ACTIONS;

/** Actions on one customer and the roles that may perform them; scoped roles only on customers in their scope. */
export const CUSTOMER_ACTIONS = {
  /** See the customer and its detail. */
  view: EVERY_ROLE,
  /** Start, extend or convert trials; orders. */
  manageTrials: [FullAdmin, Admin, SalesFullAdmin, SalesAdmin],
  /** Put tags on the customer. */
  tag: [FullAdmin, Admin],
  /** Run reports on the customer. */
  runReports: [FullAdmin, Admin, ReadOnly],
  /** List, assign and unassign the customer's partner administrators. */
  manageAdmins: [FullAdmin],
} as const satisfies Record<string, readonly PartnerRole[]>;
export type CustomerAction = keyof typeof CUSTOMER_ACTIONS;

/** Roles that can be assigned to individual customers. */
export const ASSIGNABLE_ROLES: readonly PartnerRole[] = [Admin, SalesAdmin];

/** True when the role sees every customer of its partner. */
export function seesAllCustomers(role: PartnerRole): boolean {
  return ALL_CUSTOMER_ROLES.includes(role);
}

/** True when the role may perform the partner-level action. */
export function roleMay(role: PartnerRole, action: Action): boolean {
  return (ACTIONS[action] as readonly PartnerRole[]).includes(role);
}

/** True when the role may perform the customer action on a customer in its scope. */
export function roleMayOnCustomer(role: PartnerRole, action: CustomerAction): boolean {
  return (CUSTOMER_ACTIONS[action] as readonly PartnerRole[]).includes(role);
}

export const POLICY_KEY = 'ph:policy';
/** `public`: no session needed (none of the GraphQL operations today). */
export type PolicyName = Action | 'public';

/**
 * Declares who may call a GraphQL query or mutation. The global `PolicyGuard` denies any operation
 * without one; services still check customer scope through `PolicyService`.
 */
export const Policy = (policy: PolicyName) => SetMetadata(POLICY_KEY, policy);

/** A customer reference as operations receive it: the region the console is looking at plus the org id. */
export interface CustomerRef {
  region: Region;
  customerId: string;
}
