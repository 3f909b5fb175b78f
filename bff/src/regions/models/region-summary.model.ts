import { Field, Int, ObjectType } from '@nestjs/graphql';
import type { Region } from '@ph/contracts';
import { RegionEnum } from '../../graphql/region.enum';

/** Headline numbers of one region's store. */
@ObjectType()
export class RegionSummary {
  @Field(() => RegionEnum)
  region!: Region;

  @Field(() => Int)
  customerCount!: number;

  @Field(() => Int, { description: 'Paid subscriptions and trials.' })
  subscriptionCount!: number;

  @Field(() => Int)
  trialCount!: number;

  @Field(() => Int)
  licensesPurchased!: number;

  @Field(() => Int)
  licensesAssigned!: number;

  @Field(() => Int)
  licensesUsed!: number;
}
