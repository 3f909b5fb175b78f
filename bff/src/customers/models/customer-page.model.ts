import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { Region } from '@ph/contracts';
import { RegionEnum } from '../../graphql/region.enum';

/** One customer in the list, with its subscription count and licence totals. */
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

  @Field(() => Int, { description: 'Paid subscriptions and trials of the customer.' })
  subscriptionCount!: number;

  @Field(() => Int, { description: 'Licences purchased over all subscriptions.' })
  licensesPurchased!: number;

  @Field(() => Int, { description: 'Licences assigned over all subscriptions.' })
  licensesAssigned!: number;
}

/** Keyset paging state. */
@ObjectType()
export class PageInfo {
  @Field(() => String, { nullable: true, description: 'Cursor of the last node; pass it as `after` for the next page.' })
  endCursor!: string | null;

  @Field()
  hasNextPage!: boolean;
}

/** A page of customers of one region, ordered by name then id. */
@ObjectType()
export class CustomerPage {
  @Field(() => Int, { description: "All customers in the region's store." })
  totalCount!: number;

  @Field(() => [CustomerListItem])
  nodes!: CustomerListItem[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
