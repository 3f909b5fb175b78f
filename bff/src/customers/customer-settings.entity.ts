import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** Default "expiring soon" window in days (PRODUCT.md "Customer list"). */
export const DEFAULT_EXPIRING_SOON_DAYS = 30;
/** Default "no recent activity" window in days. */
export const DEFAULT_NO_RECENT_ACTIVITY_DAYS = 30;

/** A partner's customer-list thresholds (directory store); a partner without a row uses the defaults. */
@Entity({ tableName: 'partner_customer_settings' })
export class PartnerCustomerSettings {
  @PrimaryKey({ type: 'uuid' })
  partnerId!: string;

  /** A subscription or trial ending within this many days makes the customer "expiring soon". */
  @Property({ type: 'integer' })
  expiringSoonDays: number = DEFAULT_EXPIRING_SOON_DAYS;

  /** No customer admin sign-in within this many days makes the customer "no recent activity". */
  @Property({ type: 'integer' })
  noRecentActivityDays: number = DEFAULT_NO_RECENT_ACTIVITY_DAYS;
}
