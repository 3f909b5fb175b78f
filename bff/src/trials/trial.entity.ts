import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Customer } from '../customers/customer.entity';
import { Subscription } from '../subscriptions/subscription.entity';

export const TRIAL_STATUSES = ['RUNNING', 'EXPIRED', 'CONVERTED'] as const;
export type TrialStatus = (typeof TRIAL_STATUSES)[number];

/**
 * A trial of a customer (region store). Its products and licence counts are the licence lines of
 * its `TRIAL` subscription; a converted trial points at the paid subscription it became.
 */
@Entity({ tableName: 'trial' })
@Index({ properties: ['customer', 'endDate'] })
export class Trial {
  /** Trial id, e.g. `Trial-1a2b3c4d-1`. */
  @PrimaryKey({ type: 'string', length: 40 })
  id!: string;

  @ManyToOne(() => Customer)
  customer!: Customer;

  @ManyToOne(() => Subscription)
  subscription!: Subscription;

  /** ISO date (YYYY-MM-DD). */
  @Property({ type: 'date' })
  startDate!: string;

  /** ISO date (YYYY-MM-DD). */
  @Property({ type: 'date' })
  endDate!: string;

  @Enum({ items: [...TRIAL_STATUSES] })
  status!: TrialStatus;

  @ManyToOne(() => Subscription, { nullable: true })
  convertedTo: Subscription | null = null;
}
