import { Args, Query, Resolver } from '@nestjs/graphql';
import type { Region } from '@ph/contracts';
import { RegionEnum } from '../graphql/region.enum';
import { RegionSummary } from './models/region-summary.model';
import { RegionsService } from './regions.service';

/** GraphQL entry points for region-level figures. */
@Resolver(() => RegionSummary)
export class RegionsResolver {
  constructor(private readonly regions: RegionsService) {}

  @Query(() => RegionSummary, { description: "Headline numbers of one region's customers." })
  regionSummary(@Args('region', { type: () => RegionEnum }) region: Region): Promise<RegionSummary> {
    return this.regions.summary(region);
  }
}
