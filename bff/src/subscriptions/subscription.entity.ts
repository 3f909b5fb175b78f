import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Customer } from '../customers/customer.entity';

export const SUBSCRIPTION_KINDS = ['PAID', 'TRIAL'] as const;
export type SubscriptionKind = (typeof SUBSCRIPTION_KINDS)[number];

export const BILLING_STATES = ['ACTIVE', 'UNPAID', 'SUSPENDED', 'CANCELLED'] as const;
export type BillingState = (typeof BILLING_STATES)[number];

export const PRODUCTS = ['MEETINGS', 'CALLING', 'MESSAGING', 'RTT', 'CONTACT_CENTER'] as const;
export type Product = (typeof PRODUCTS)[number];

/** A paid subscription or a trial of a customer (region store). */
@Entity({ tableName: 'subscription' })
@Index({ properties: ['customer', 'endDate'] })
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

  /** End or renewal date, ISO (YYYY-MM-DD). */
  @Index()
  @Property({ type: 'date' })
  endDate!: string;

  @Property({ type: 'boolean' })
  autoRenew = false;

  @Enum({ items: [...BILLING_STATES] })
  billingState: BillingState = 'ACTIVE';
}

/** Licences of one product on a subscription (region store). */
@Entity({ tableName: 'license_line' })
@Index({ properties: ['subscription', 'product'] })
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

/**
 * Weekly licence figures of one product on one subscription (region store): the source of every
 * trend and "weekly change". Natural key: (subscription, product, week start).
 */
@Entity({ tableName: 'license_snapshot' })
@Unique({ properties: ['subscription', 'product', 'weekStart'] })
@Index({ properties: ['customer', 'weekStart'] })
export class LicenseSnapshot {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  /** Denormalised from the subscription so per-customer trends need no join. */
  @ManyToOne(() => Customer)
  customer!: Customer;

  @ManyToOne(() => Subscription)
  subscription!: Subscription;

  @Enum({ items: [...PRODUCTS] })
  product!: Product;

  /** Monday of the week, ISO date (YYYY-MM-DD). */
  @Property({ type: 'date' })
  weekStart!: string;

  @Property({ type: 'integer' })
  purchased!: number;

  @Property({ type: 'integer' })
  assigned!: number;

  @Property({ type: 'integer' })
  used!: number;
}
