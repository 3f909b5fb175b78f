import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Policy } from '../auth/policy';
import type { RequestActor } from '../auth/sessions.service';
import { MyOrganizationModel } from './organization.model';
import { OrganizationService } from './organization.service';

/** "Start my organisation". */
@Resolver(() => MyOrganizationModel)
export class OrganizationResolver {
  constructor(private readonly organization: OrganizationService) {}

  @Query(() => MyOrganizationModel)
  @Policy('organization.read')
  myOrganization(@CurrentActor() actor: RequestActor): Promise<MyOrganizationModel> {
    return this.organization.get(actor);
  }

  @Mutation(() => MyOrganizationModel, { description: 'Accepts the terms and sets up the own organisation (once).' })
  @Policy('organization.setUp')
  setUpMyOrganization(@CurrentActor() actor: RequestActor, @Args('acceptTerms') acceptTerms: boolean): Promise<MyOrganizationModel> {
    return this.organization.setUp(actor, acceptTerms);
  }
}
