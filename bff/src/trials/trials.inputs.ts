import { Field, ID, InputType, Int } from '@nestjs/graphql';
import type { Region } from '@ph/contracts';
import { RegionEnum } from '../graphql/region.enum';
import { ProductEnum } from '../customers/models/customer-page.model';
import type { Product } from '../subscriptions/subscription.entity';

/** A new customer for a trial; its country decides the data-residency region. */
@InputType()
export class NewTrialCustomerInput {
  @Field()
  name!: string;

  @Field({ description: 'ISO 3166-1 alpha-2 of a served country (US, CA, AE or an EU member state).' })
  country!: string;

  @Field()
  contactName!: string;

  @Field()
  contactEmail!: string;
}

/** Start a trial for an existing customer (`region` + `customerId`) or a new one (`newCustomer`). */
@InputType()
export class StartTrialInput {
  @Field(() => RegionEnum, { nullable: true, description: 'Region of the existing customer.' })
  region?: Region | null;

  @Field(() => ID, { nullable: true })
  customerId?: string | null;

  @Field(() => NewTrialCustomerInput, { nullable: true })
  newCustomer?: NewTrialCustomerInput | null;

  @Field(() => [ProductEnum])
  products!: Product[];

  @Field(() => Int, { description: 'Licences per product, 1–1000.' })
  licenses!: number;

  @Field(() => Int, { nullable: true, defaultValue: 30, description: 'Length in days, 1–90 (default 30).' })
  days?: number | null;
}

/** One trial of a customer. */
@InputType()
export class TrialRefInput {
  @Field(() => RegionEnum)
  region!: Region;

  @Field(() => ID)
  trialId!: string;
}
