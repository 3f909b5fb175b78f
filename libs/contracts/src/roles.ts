/** Partner administrator roles (PRODUCT.md, "Partner administrator roles"). */
export const PartnerRole = {
  FullAdmin: 'FULL_ADMIN',
  Admin: 'ADMIN',
  ReadOnly: 'READ_ONLY',
  SalesFullAdmin: 'SALES_FULL_ADMIN',
  SalesAdmin: 'SALES_ADMIN',
  HelpDesk: 'HELP_DESK',
} as const;
export type PartnerRole = (typeof PartnerRole)[keyof typeof PartnerRole];
export const PARTNER_ROLES: readonly PartnerRole[] = Object.values(PartnerRole);

/** Roles that see every customer of the partner; the others see only assigned customers. */
export const ALL_CUSTOMER_ROLES: readonly PartnerRole[] = [
  PartnerRole.FullAdmin,
  PartnerRole.ReadOnly,
  PartnerRole.SalesFullAdmin,
  PartnerRole.HelpDesk,
];
