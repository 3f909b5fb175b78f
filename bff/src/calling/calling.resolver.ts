import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Region } from '@ph/contracts';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Policy } from '../auth/policy';
import type { RequestActor } from '../auth/sessions.service';
import { RegionEnum } from '../graphql/region.enum';
import { CallingService } from './calling.service';
import { CallingFeatures, CallingQuality, CallingRollupRun, CallingUsage, CallingWeekInfo, CallQueueInsights } from './models/calling.model';

/** Calling analytics of one region (one query per page section, each from the weekly rollups). */
@Resolver()
export class CallingResolver {
  constructor(private readonly service: CallingService) {}

  @Query(() => CallingWeekInfo, { nullable: true, description: 'The latest rolled-up calling week of the region and when it was computed.' })
  @Policy('customers.read')
  callingWeek(@Args('region', { type: () => RegionEnum }) region: Region): Promise<CallingWeekInfo | null> {
    return this.service.week(region);
  }

  @Query(() => CallingUsage, { description: 'Call usage last week: users-calling trend and customers with their change vs the week before.' })
  @Policy('customers.read')
  callingUsage(
    @CurrentActor() actor: RequestActor,
    @Args('region', { type: () => RegionEnum }) region: Region,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
  ): Promise<CallingUsage> {
    return this.service.usage(actor, region, first);
  }

  @Query(() => CallingQuality, { description: 'Call quality last week: trend, by endpoint type and per customer.' })
  @Policy('customers.read')
  callingQuality(
    @CurrentActor() actor: RequestActor,
    @Args('region', { type: () => RegionEnum }) region: Region,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
  ): Promise<CallingQuality> {
    return this.service.quality(actor, region, first);
  }

  @Query(() => CallingFeatures, { description: 'Advanced calling features last week, over customers with Call Queue enabled.' })
  @Policy('customers.read')
  callingFeatures(@CurrentActor() actor: RequestActor, @Args('region', { type: () => RegionEnum }) region: Region): Promise<CallingFeatures> {
    return this.service.features(actor, region);
  }

  @Query(() => CallQueueInsights, { description: 'Call queue insights last week: the three KPIs and per-customer queue figures.' })
  @Policy('customers.read')
  callQueueInsights(
    @CurrentActor() actor: RequestActor,
    @Args('region', { type: () => RegionEnum }) region: Region,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
  ): Promise<CallQueueInsights> {
    return this.service.queueInsights(actor, region, first);
  }

  @Mutation(() => CallingRollupRun, { description: 'Runs the calling rollup now: catches up missed weeks and recomputes `weekStart` (default the last completed week).' })
  @Policy('callingRollup.run')
  runCallingRollup(@CurrentActor() actor: RequestActor, @Args('weekStart', { type: () => String, nullable: true }) weekStart: string | null): Promise<CallingRollupRun> {
    return this.service.trigger(actor, weekStart);
  }
}
