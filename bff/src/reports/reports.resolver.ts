import { Query, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Policy } from '../auth/policy';
import type { RequestActor } from '../auth/sessions.service';
import { ReportTemplateModel } from './models/report-template.model';
import { ReportsService } from './reports.service';

/** GraphQL entry points for reports. */
@Resolver(() => ReportTemplateModel)
export class ReportsResolver {
  constructor(private readonly reports: ReportsService) {}

  @Query(() => [ReportTemplateModel], { description: "The default templates and the signed-in user's partner's own." })
  @Policy('reports.read')
  reportTemplates(@CurrentActor() actor: RequestActor): Promise<ReportTemplateModel[]> {
    return this.reports.templates(actor.partnerId);
  }
}
