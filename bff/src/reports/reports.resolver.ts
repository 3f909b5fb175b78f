import { Query, Resolver } from '@nestjs/graphql';
import { ReportTemplateModel } from './models/report-template.model';
import { ReportsService } from './reports.service';

/** GraphQL entry points for reports. */
@Resolver(() => ReportTemplateModel)
export class ReportsResolver {
  constructor(private readonly reports: ReportsService) {}

  @Query(() => [ReportTemplateModel])
  reportTemplates(): Promise<ReportTemplateModel[]> {
    return this.reports.templates();
  }
}
