import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Customer } from '../customers/customer.entity';
import { Subscription } from '../subscriptions/subscription.entity';

export const INVOICE_STATUSES = ['PAID', 'OPEN', 'OVERDUE'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** An invoice for a subscription (region store). */
@Entity({ tableName: 'invoice' })
@Index({ properties: ['customer', 'issuedOn'] })
@Index({ properties: ['subscription', 'issuedOn'] })
export class Invoice {
  /** Invoice number, e.g. `Inv-1a2b3c4d-1`. */
  @PrimaryKey({ type: 'string', length: 40 })
  id!: string;

  @ManyToOne(() => Customer)
  customer!: Customer;

  @ManyToOne(() => Subscription)
  subscription!: Subscription;

  /** ISO date (YYYY-MM-DD). */
  @Property({ type: 'date' })
  issuedOn!: string;

  /** ISO date (YYYY-MM-DD). */
  @Property({ type: 'date' })
  dueOn!: string;

  /** Amount in minor units (cents) of `currency`. */
  @Property({ type: 'integer' })
  amountMinor!: number;

  /** ISO 4217, e.g. `EUR`. */
  @Property({ type: 'string', length: 3 })
  currency!: string;

  @Enum({ items: [...INVOICE_STATUSES] })
  status!: InvoiceStatus;
}
