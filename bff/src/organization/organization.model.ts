import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

/** What the partner's own organisation subscribes to. */
@ObjectType('OwnSubscriptionOverview')
export class OwnSubscriptionOverviewModel {
  @Field(() => [String], { description: 'Products included in the partner subscription.' })
  products!: string[];

  @Field(() => Int, { description: 'Customer organisations the partner manages.' })
  customerCount!: number;
}

/** "Start my organisation": setup state, subscription overview and terms. */
@ObjectType('MyOrganization')
export class MyOrganizationModel {
  @Field(() => ID)
  partnerId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Boolean)
  setUp!: boolean;

  @Field(() => Date, { nullable: true })
  setUpAt!: Date | null;

  @Field(() => String, { nullable: true })
  setUpByName!: string | null;

  @Field(() => String, { description: 'The current terms version the wizard asks to accept.' })
  termsVersion!: string;

  @Field(() => String)
  termsUrl!: string;

  @Field(() => String, { nullable: true })
  acceptedTermsVersion!: string | null;

  @Field(() => OwnSubscriptionOverviewModel)
  subscription!: OwnSubscriptionOverviewModel;
}
