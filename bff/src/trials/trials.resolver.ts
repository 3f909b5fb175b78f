import { Args, Field, ID, Mutation, ObjectType, Resolver } from '@nestjs/graphql';
import type { Region } from '@ph/contracts';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Policy } from '../auth/policy';
import type { RequestActor } from '../auth/sessions.service';
import { RegionEnum } from '../graphql/region.enum';
import { StartTrialInput, TrialRefInput } from './trials.inputs';
import { TrialsService } from './trials.service';

/** The outcome of a trial mutation. */
@ObjectType()
export class TrialResultModel {
  @Field(() => ID)
  trialId!: string;

  @Field(() => ID)
  customerId!: string;

  @Field(() => RegionEnum)
  region!: Region;

  @Field()
  endDate!: string;

  @Field()
  status!: string;
}

/** Start, extend and convert trials. */
@Resolver(() => TrialResultModel)
export class TrialsResolver {
  constructor(private readonly service: TrialsService) {}

  @Mutation(() => TrialResultModel, { description: 'Starts a trial for an existing or a new customer (the country decides the region).' })
  @Policy('customer')
  startTrial(@CurrentActor() actor: RequestActor, @Args('input') input: StartTrialInput): Promise<TrialResultModel> {
    return this.service.start(actor, input);
  }

  @Mutation(() => TrialResultModel, { description: 'Extends a running trial to 30 days from today.' })
  @Policy('customer')
  extendTrial(@CurrentActor() actor: RequestActor, @Args('input') input: TrialRefInput): Promise<TrialResultModel> {
    return this.service.extend(actor, input);
  }

  @Mutation(() => TrialResultModel, { description: 'Converts a running trial into a paid subscription.' })
  @Policy('customer')
  convertTrial(@CurrentActor() actor: RequestActor, @Args('input') input: TrialRefInput): Promise<TrialResultModel> {
    return this.service.convert(actor, input);
  }
}
