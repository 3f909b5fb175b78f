import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import type { Region } from '@ph/contracts';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Policy } from '../auth/policy';
import type { RequestActor } from '../auth/sessions.service';
import { RegionEnum } from '../graphql/region.enum';
import { AnalyticsService, DEFAULT_SECTION_PAGE, DEFAULT_TREND_WEEKS } from './analytics.service';
import {
  AnalyticsProductEnum,
  LicenseKpis,
  LicenseSectionEnum,
  LicenseSectionPage,
  LicenseSortEnum,
  LicenseWeek,
  type AnalyticsProduct,
  type LicenseSection,
  type LicenseSort,
} from './models/license-analytics.model';

/** GraphQL entry points of partner licence analytics (one region's store per request). */
@Resolver()
export class AnalyticsResolver {
  constructor(private readonly service: AnalyticsService) {}

  @Query(() => LicenseKpis, { description: 'Headline licence KPIs of the region (customers with Calling or Meetings).' })
  @Policy('analytics.read')
  licenseKpis(@CurrentActor() actor: RequestActor, @Args('region', { type: () => RegionEnum }) region: Region): Promise<LicenseKpis> {
    return this.service.kpis(actor, region);
  }

  @Query(() => [LicenseWeek], { description: 'Purchased, assigned and used licences of a product per completed week.' })
  @Policy('analytics.read')
  licenseTrend(
    @CurrentActor() actor: RequestActor,
    @Args('region', { type: () => RegionEnum }) region: Region,
    @Args('product', { type: () => AnalyticsProductEnum }) product: AnalyticsProduct,
    @Args('weeks', { type: () => Int, nullable: true, defaultValue: DEFAULT_TREND_WEEKS }) weeks: number,
  ): Promise<LicenseWeek[]> {
    return this.service.trend(actor, region, product, weeks);
  }

  @Query(() => LicenseSectionPage, { description: "One analytics section's KPIs and a page of its subscriptions, sorted on the server." })
  @Policy('analytics.read')
  licenseSection(
    @CurrentActor() actor: RequestActor,
    @Args('region', { type: () => RegionEnum }) region: Region,
    @Args('product', { type: () => AnalyticsProductEnum }) product: AnalyticsProduct,
    @Args('section', { type: () => LicenseSectionEnum }) section: LicenseSection,
    @Args('sort', { type: () => LicenseSortEnum, nullable: true, defaultValue: 'DAYS' }) sort: LicenseSort,
    @Args('descending', { nullable: true, defaultValue: false }) descending: boolean,
    @Args('first', { type: () => Int, nullable: true, defaultValue: DEFAULT_SECTION_PAGE }) first: number,
    @Args('offset', { type: () => Int, nullable: true, defaultValue: 0 }) offset: number,
  ): Promise<LicenseSectionPage> {
    return this.service.section(actor, region, { product, section, sort, descending, first, offset });
  }
}
