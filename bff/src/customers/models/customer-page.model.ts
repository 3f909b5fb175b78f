import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { Region } from '@ph/contracts';
import { RegionEnum } from '../../graphql/region.enum';
import { PRODUCTS, type Product } from '../../subscriptions/subscription.entity';
import { MANAGED_BY, type ManagedBy } from '../customer.entity';
import { CUSTOMER_STATUSES, type CustomerStatus } from '../customer-status';
import { CUSTOMER_SORTS, SUBSCRIPTION_TYPES, type CustomerSort, type SubscriptionType } from '../customers.service';

const asEnum = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as Record<T, T>;
export const CustomerStatusEnum = asEnum(CUSTOMER_STATUSES);
export const ProductEnum = asEnum(PRODUCTS);
export const ManagedByEnum = asEnum(MANAGED_BY);
export const CustomerSortEnum = asEnum(CUSTOMER_SORTS);
export const SubscriptionTypeEnum = asEnum(SUBSCRIPTION_TYPES);
registerEnumType(CustomerStatusEnum, { name: 'CustomerStatus', description: 'Customer statuses of PRODUCT.md; definitions and thresholds in customers/customer-status.ts.' });
registerEnumType(ProductEnum, { name: 'Product' });
registerEnumType(ManagedByEnum, { name: 'ManagedBy', description: 'EXTERNAL_ADMIN: managed by the partner as external admin; PARTNER_ORG: in the partner organisation.' });
registerEnumType(CustomerSortEnum, { name: 'CustomerSort' });
registerEnumType(SubscriptionTypeEnum, { name: 'SubscriptionType' });

/** A tag as the list shows it. */
@ObjectType()
export class CustomerTagRef {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field({ description: '#rrggbb' })
  color!: string;
}

/** One customer in the list (and the detail header). */
@ObjectType('CustomerListItem')
export class CustomerListItem {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field({ description: 'ISO 3166-1 alpha-2.' })
  country!: string;

  @Field(() => RegionEnum)
  region!: Region;

  @Field()
  contactName!: string;

  @Field()
  contactEmail!: string;

  @Field(() => String, { nullable: true })
  contactPhone!: string | null;

  @Field(() => String, { nullable: true, description: 'Wholesale external id.' })
  externalId!: string | null;

  @Field(() => Int, { description: 'Paid subscriptions and trials of the customer (any state).' })
  subscriptionCount!: number;

  @Field(() => Int, { description: 'Licences purchased over the current (not cancelled, not ended) subscriptions.' })
  licensesPurchased!: number;

  @Field(() => Int, { description: 'Licences assigned over the current subscriptions.' })
  licensesAssigned!: number;

  @Field(() => String, { nullable: true, description: 'Next renewal or expiry date (YYYY-MM-DD); the last end date when nothing is current.' })
  nextEndDate!: string | null;

  @Field(() => [CustomerStatusEnum])
  statuses!: CustomerStatus[];

  @Field(() => [ProductEnum], { description: 'Products of the current subscriptions.' })
  products!: Product[];

  @Field(() => ManagedByEnum)
  managedBy!: ManagedBy;

  @Field(() => [CustomerTagRef])
  tags!: CustomerTagRef[];

  @Field({ description: "URL of the customer's own console (Launch organisation)." })
  launchUrl!: string;
}

/** Keyset paging state. */
@ObjectType()
export class PageInfo {
  @Field(() => String, { nullable: true, description: 'Cursor of the last node; pass it as `after` for the next page.' })
  endCursor!: string | null;

  @Field()
  hasNextPage!: boolean;
}

/** A page of customers of one region. */
@ObjectType()
export class CustomerPage {
  @Field(() => Int, { description: 'Customers matching the search and filters.' })
  totalCount!: number;

  @Field(() => [CustomerListItem])
  nodes!: CustomerListItem[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

/** Filters of the customer list: lists are AND-ed, values within a list OR-ed. */
@InputType()
export class CustomerFilterInput {
  @Field(() => String, { nullable: true, description: 'Name, org id, external id or tag name (contains, ignoring case).' })
  search?: string | null;

  @Field(() => [ManagedByEnum], { nullable: true })
  managedBy?: ManagedBy[] | null;

  @Field(() => [ProductEnum], { nullable: true })
  products?: Product[] | null;

  @Field(() => [CustomerStatusEnum], { nullable: true })
  statuses?: CustomerStatus[] | null;

  @Field(() => [SubscriptionTypeEnum], { nullable: true })
  subscriptionTypes?: SubscriptionType[] | null;

  @Field(() => [ID], { nullable: true })
  tagIds?: string[] | null;

  @Field(() => [RegionEnum], {
    nullable: true,
    description: "Regions to list (default: the query's `region`); each region's customers come only from its own store, merged by the sort key.",
  })
  regions?: Region[] | null;
}

@ObjectType()
export class StatusCount {
  @Field(() => CustomerStatusEnum)
  value!: CustomerStatus;

  @Field(() => Int)
  count!: number;
}

@ObjectType()
export class ProductCount {
  @Field(() => ProductEnum)
  value!: Product;

  @Field(() => Int)
  count!: number;
}

@ObjectType()
export class ManagedByCount {
  @Field(() => ManagedByEnum)
  value!: ManagedBy;

  @Field(() => Int)
  count!: number;
}

@ObjectType()
export class SubscriptionTypeCount {
  @Field(() => SubscriptionTypeEnum)
  value!: SubscriptionType;

  @Field(() => Int)
  count!: number;
}

@ObjectType()
export class RegionCount {
  @Field(() => RegionEnum)
  value!: Region;

  @Field(() => Int)
  count!: number;
}

@ObjectType()
export class TagCount {
  @Field(() => CustomerTagRef)
  tag!: CustomerTagRef;

  @Field(() => Int)
  count!: number;
}

/** Counts per filter value: each facet applies the search and every other active filter, not its own. */
@ObjectType()
export class CustomerFacets {
  @Field(() => Int, { description: 'Visible customers of the chosen regions matching the search and every filter.' })
  total!: number;

  @Field(() => [StatusCount])
  statuses!: StatusCount[];

  @Field(() => [SubscriptionTypeCount])
  subscriptionTypes!: SubscriptionTypeCount[];

  @Field(() => [ProductCount])
  products!: ProductCount[];

  @Field(() => [ManagedByCount])
  managedBy!: ManagedByCount[];

  @Field(() => [TagCount])
  tags!: TagCount[];

  @Field(() => [RegionCount], { description: 'Every region, each counted in its own store.' })
  regions!: RegionCount[];
}

export type { CustomerSort };
