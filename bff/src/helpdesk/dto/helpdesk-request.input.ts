import { Field, ID, InputType } from '@nestjs/graphql';
import type { Region } from '@ph/contracts';
import { RegionEnum } from '../../graphql/region.enum';
import type { Product } from '../../resources/catalogue';
import { ProductEnum } from '../../resources/models/resource.model';

/** A request to the Partner Helpdesk. */
@InputType()
export class HelpdeskRequestInput {
  @Field(() => String)
  subject!: string;

  @Field(() => String)
  message!: string;

  @Field(() => ProductEnum)
  product!: Product;

  @Field(() => RegionEnum, { nullable: true, description: 'Region of the customer the request concerns (with customerId).' })
  customerRegion?: Region | null;

  @Field(() => ID, { nullable: true, description: 'The customer the request concerns, if any; must be one the user may see.' })
  customerId?: string | null;
}
