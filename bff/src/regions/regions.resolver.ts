import { Args, Query, Resolver } from '@nestjs/graphql';
import type { Region } from '@ph/contracts';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Policy } from '../auth/policy';
import type { RequestActor } from '../auth/sessions.service';
import { RegionEnum } from '../graphql/region.enum';
import { RegionSummary } from './models/region-summary.model';
import { RegionsService } from './regions.service';

/** GraphQL entry points for region-level figures. */
@Resolver(() => RegionSummary)
export class RegionsResolver {
  constructor(private readonly regions: RegionsService) {}

  @Query(() => RegionSummary, { description: "Headline numbers of the region's customers the signed-in user may see." })
  @Policy('regions.read')
  regionSummary(@CurrentActor() actor: RequestActor, @Args('region', { type: () => RegionEnum }) region: Region): Promise<RegionSummary> {
    return this.regions.summary(actor, region);
  }
}
