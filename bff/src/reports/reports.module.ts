import { Module } from '@nestjs/common';
import { ReportRunsService } from './report-runs.service';
import { ReportSchedulesService } from './report-schedules.service';
import { ReportsController } from './reports.controller';
import { ReportsResolver } from './reports.resolver';
import { ReportsService } from './reports.service';

/** Report templates, runs ("generate now") and their downloads. */
@Module({ providers: [ReportsResolver, ReportsService, ReportRunsService, ReportSchedulesService], controllers: [ReportsController] })
export class ReportsModule {}
