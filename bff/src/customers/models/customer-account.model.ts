import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { Product } from '../../subscriptions/subscription.entity';
import { ProductEnum } from './customer-page.model';

/** Licences of one product on a subscription. */
@ObjectType()
export class LicenseLineModel {
  @Field(() => ProductEnum)
  product!: Product;

  @Field(() => Int)
  purchased!: number;

  @Field(() => Int)
  assigned!: number;

  @Field(() => Int)
  used!: number;
}

/** The latest invoice of a subscription. */
@ObjectType()
export class InvoiceModel {
  @Field(() => ID)
  id!: string;

  @Field()
  issuedOn!: string;

  @Field()
  dueOn!: string;

  @Field(() => Int, { description: 'Minor units of `currency`.' })
  amountMinor!: number;

  @Field()
  currency!: string;

  @Field({ description: 'PAID, OPEN or OVERDUE.' })
  status!: string;
}

/** A paid subscription or a trial's subscription. */
@ObjectType()
export class SubscriptionModel {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'PAID or TRIAL.' })
  kind!: string;

  @Field()
  startDate!: string;

  @Field({ description: 'Renewal or end date (YYYY-MM-DD).' })
  endDate!: string;

  @Field()
  autoRenew!: boolean;

  @Field({ description: 'ACTIVE, UNPAID, SUSPENDED or CANCELLED.' })
  billingState!: string;

  @Field(() => [LicenseLineModel])
  lines!: LicenseLineModel[];

  @Field(() => InvoiceModel, { nullable: true })
  invoice!: InvoiceModel | null;
}

/** One order of the order history. */
@ObjectType()
export class OrderModel {
  @Field(() => ID)
  id!: string;

  @Field()
  placedAt!: Date;

  @Field()
  status!: string;

  @Field({ description: 'Products and quantities, e.g. CALLING:25,MEETINGS:25.' })
  summary!: string;

  @Field(() => String, { nullable: true })
  subscriptionId!: string | null;
}

/** A trial with its products. */
@ObjectType()
export class TrialModel {
  @Field(() => ID)
  id!: string;

  @Field()
  startDate!: string;

  @Field()
  endDate!: string;

  @Field({ description: 'RUNNING, EXPIRED or CONVERTED.' })
  status!: string;

  @Field(() => [LicenseLineModel])
  lines!: LicenseLineModel[];
}

/** Subscriptions, orders and trials of one customer (the detail tabs). */
@ObjectType()
export class CustomerAccount {
  @Field(() => [SubscriptionModel])
  subscriptions!: SubscriptionModel[];

  @Field(() => [OrderModel])
  orders!: OrderModel[];

  @Field(() => [TrialModel])
  trials!: TrialModel[];
}
