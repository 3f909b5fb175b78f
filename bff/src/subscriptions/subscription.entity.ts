import { randomUUID } from 'node:crypto';
import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Customer } from '../customers/customer.entity';

export const SUBSCRIPTION_KINDS = ['PAID', 'TRIAL'] as const;
export type SubscriptionKind = (typeof SUBSCRIPTION_KINDS)[number];

export const BILLING_STATES = ['ACTIVE', 'UNPAID', 'SUSPENDED', 'CANCELLED'] as const;
export type BillingState = (typeof BILLING_STATES)[number];

export const PRODUCTS = ['MEETINGS', 'CALLING', 'MESSAGING', 'RTT', 'CONTACT_CENTER'] as const;
export type Product = (typeof PRODUCTS)[number];

/** A paid subscription or a trial of a customer (region store). */
@Entity({ tableName: 'subscription' })
export class Subscription {
  /** Human-readable id, e.g. `Sub-123456`. */
  @PrimaryKey({ type: 'string', length: 40 })
  id!: string;

  @ManyToOne(() => Customer)
  customer!: Customer;

  @Enum({ items: [...SUBSCRIPTION_KINDS] })
  kind!: SubscriptionKind;

  /** ISO date (YYYY-MM-DD). */
  @Property({ type: 'date' })
  startDate!: string;

  /** ISO date (YYYY-MM-DD). */
  @Property({ type: 'date' })
  endDate!: string;

  @Property({ type: 'boolean' })
  autoRenew = false;

  @Enum({ items: [...BILLING_STATES] })
  billingState: BillingState = 'ACTIVE';
}

/** Licences of one product on a subscription (region store). */
@Entity({ tableName: 'license_line' })
export class LicenseLine {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Subscription)
  subscription!: Subscription;

  @Enum({ items: [...PRODUCTS] })
  product!: Product;

  @Property({ type: 'integer' })
  purchased!: number;

  @Property({ type: 'integer' })
  assigned!: number;

  @Property({ type: 'integer' })
  used!: number;
}
