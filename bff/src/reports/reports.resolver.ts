import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Policy } from '../auth/policy';
import type { RequestActor } from '../auth/sessions.service';
import { ReportRunModel, RunReportInput, toReportRunModel } from './models/report-run.model';
import { ReportTemplateModel } from './models/report-template.model';
import { ReportRunsService } from './report-runs.service';
import { ReportsService } from './reports.service';

/** GraphQL entry points for reports. */
@Resolver(() => ReportTemplateModel)
export class ReportsResolver {
  constructor(
    private readonly reports: ReportsService,
    private readonly runs: ReportRunsService,
  ) {}

  @Query(() => [ReportTemplateModel], { description: "The default templates and the signed-in user's partner's own." })
  @Policy('reports.read')
  reportTemplates(@CurrentActor() actor: RequestActor): Promise<ReportTemplateModel[]> {
    return this.reports.templates(actor.partnerId);
  }

  @Query(() => [ReportRunModel], { description: "Report runs, newest first (scoped admins: their own)." })
  @Policy('reports.run')
  async reportRuns(
    @CurrentActor() actor: RequestActor,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first: number,
  ): Promise<ReportRunModel[]> {
    return (await this.runs.list(actor, first)).map(toReportRunModel);
  }

  @Query(() => ReportRunModel, { description: 'One report run (its progress while running).' })
  @Policy('reports.run')
  async reportRun(@CurrentActor() actor: RequestActor, @Args('id', { type: () => ID }) id: string): Promise<ReportRunModel> {
    return toReportRunModel(await this.runs.get(actor, id));
  }

  @Mutation(() => ReportRunModel, { description: "Generates a report now over the actor's customers in one region; the file is written in the background." })
  @Policy('reports.run')
  async runReport(@CurrentActor() actor: RequestActor, @Args('input') input: RunReportInput): Promise<ReportRunModel> {
    return toReportRunModel(await this.runs.run(actor, input));
  }
}
