import { Entity, Enum, Index, ManyToOne, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { Customer } from '../customers/customer.entity';
import { Subscription } from '../subscriptions/subscription.entity';

export const ORDER_STATUSES = ['PLACED', 'PROVISIONING', 'COMPLETED', 'CANCELLED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** An order of a customer (region store); "ready for order setup" = no complete subscription yet. */
@Entity({ tableName: 'customer_order' })
@Index({ properties: ['customer', 'placedAt'] })
export class Order {
  /** Order number, e.g. `Ord-1a2b3c4d-1`. */
  @PrimaryKey({ type: 'string', length: 40 })
  id!: string;

  @ManyToOne(() => Customer)
  customer!: Customer;

  @Property({ type: 'datetime' })
  placedAt!: Date;

  @Enum({ items: [...ORDER_STATUSES] })
  status!: OrderStatus;

  /** The subscription the order set up, once complete. */
  @ManyToOne(() => Subscription, { nullable: true })
  subscription: Subscription | null = null;

  /** Products and quantities as ordered, e.g. `CALLING:25,MEETINGS:25`. */
  @Property({ type: 'string', length: 500 })
  summary!: string;
}

/** One step in an order's history (region store). */
@Entity({ tableName: 'order_event' })
@Index({ properties: ['order', 'at'] })
export class OrderEvent {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne(() => Order)
  order!: Order;

  @Property({ type: 'datetime' })
  at!: Date;

  @Enum({ items: [...ORDER_STATUSES] })
  status!: OrderStatus;

  @Property({ type: 'string', length: 500 })
  note: string & Opt = '';
}
