import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Policy } from '../auth/policy';
import type { RequestActor } from '../auth/sessions.service';
import { HelpdeskRequestInput } from './dto/helpdesk-request.input';
import { HelpdeskService } from './helpdesk.service';
import { HelpdeskRequestModel } from './models/helpdesk-request.model';

/** GraphQL entry points for the Partner Helpdesk. */
@Resolver(() => HelpdeskRequestModel)
export class HelpdeskResolver {
  constructor(private readonly helpdesk: HelpdeskService) {}

  @Mutation(() => HelpdeskRequestModel, { description: 'Sends a request to the Partner Helpdesk (stored, then delivered with retries).' })
  @Policy('helpdesk.submit')
  submitHelpdeskRequest(@CurrentActor() actor: RequestActor, @Args('input') input: HelpdeskRequestInput): Promise<HelpdeskRequestModel> {
    return this.helpdesk.submit(actor, input);
  }

  @Query(() => [HelpdeskRequestModel], { description: "The partner's helpdesk requests and their delivery, newest first (full admins)." })
  @Policy('helpdesk.readRequests')
  helpdeskRequests(@CurrentActor() actor: RequestActor, @Args('first', { type: () => Int, defaultValue: 50 }) first: number): Promise<HelpdeskRequestModel[]> {
    return this.helpdesk.list(actor, first);
  }
}
