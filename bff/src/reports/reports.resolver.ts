import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Region } from '@ph/contracts';
import { CurrentActor } from '../auth/current-actor.decorator';
import { RegionEnum } from '../graphql/region.enum';
import { Policy } from '../auth/policy';
import type { RequestActor } from '../auth/sessions.service';
import { ReportRunModel, RunReportInput, toReportRunModel } from './models/report-run.model';
import { CreateReportScheduleInput, ReportScheduleModel, toReportScheduleModel } from './models/report-schedule.model';
import { CreateReportTemplateInput, ReportKindModel, ReportTemplateModel, UpdateReportTemplateInput } from './models/report-template.model';
import { ReportSchedulesService } from './report-schedules.service';
import { ReportRunsService } from './report-runs.service';
import { ReportsService } from './reports.service';

/** GraphQL entry points for reports. */
@Resolver(() => ReportTemplateModel)
export class ReportsResolver {
  constructor(
    private readonly reports: ReportsService,
    private readonly runs: ReportRunsService,
    private readonly schedules: ReportSchedulesService,
  ) {}

  @Query(() => [ReportTemplateModel], { description: "The default templates and the signed-in user's partner's own." })
  @Policy('reports.read')
  reportTemplates(@CurrentActor() actor: RequestActor): Promise<ReportTemplateModel[]> {
    return this.reports.templates(actor);
  }

  @Query(() => [ReportKindModel], { description: 'The default report kinds: their columns (headers in `locale`) and the period each allows, for custom templates.' })
  @Policy('reports.read')
  reportKinds(@Args('locale', { type: () => String }) locale: string): ReportKindModel[] {
    return this.reports.kinds(locale);
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

  @Query(() => [ReportScheduleModel], { description: 'Report schedules, next run first (scoped admins: their own).' })
  @Policy('reports.schedule')
  async reportSchedules(@CurrentActor() actor: RequestActor): Promise<ReportScheduleModel[]> {
    return (await this.schedules.list(actor)).map(toReportScheduleModel);
  }

  @Mutation(() => ReportScheduleModel, { description: 'Schedules a report daily, weekly or monthly; it runs as the signed-in user.' })
  @Policy('reports.schedule')
  async createReportSchedule(@CurrentActor() actor: RequestActor, @Args('input') input: CreateReportScheduleInput): Promise<ReportScheduleModel> {
    return toReportScheduleModel(await this.schedules.create(actor, input));
  }

  @Mutation(() => Boolean, { description: 'Deletes a report schedule.' })
  @Policy('reports.schedule')
  deleteReportSchedule(@CurrentActor() actor: RequestActor, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.schedules.remove(actor, id);
  }

  @Mutation(() => ReportRunModel, { description: 'Stops a running report (any replica stops within a second) and deletes its partial file.' })
  @Policy('reports.run')
  async cancelReportRun(@CurrentActor() actor: RequestActor, @Args('id', { type: () => ID }) id: string): Promise<ReportRunModel> {
    return toReportRunModel(await this.runs.cancel(actor, id));
  }

  @Mutation(() => ReportTemplateModel, { description: 'Saves a custom template: a named base template with chosen columns, customer and tag filters and period.' })
  @Policy('reports.templates.manage')
  createReportTemplate(@CurrentActor() actor: RequestActor, @Args('input') input: CreateReportTemplateInput): Promise<ReportTemplateModel> {
    return this.reports.create(actor, input);
  }

  @Mutation(() => ReportTemplateModel, { description: 'Changes a custom template (partner administrators: only their own).' })
  @Policy('reports.templates.manage')
  updateReportTemplate(@CurrentActor() actor: RequestActor, @Args('input') input: UpdateReportTemplateInput): Promise<ReportTemplateModel> {
    return this.reports.update(actor, input.id, input);
  }

  @Mutation(() => Boolean, { description: 'Deletes a custom template (refused while schedules run it).' })
  @Policy('reports.templates.manage')
  deleteReportTemplate(@CurrentActor() actor: RequestActor, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.reports.remove(actor, id);
  }

  @Query(() => [RegionEnum], { description: "Regions where the user's customers live; a report offers a region choice only when there is more than one." })
  @Policy('reports.run')
  reportRegions(@CurrentActor() actor: RequestActor): Promise<Region[]> {
    return this.runs.regionsFor(actor);
  }
}
