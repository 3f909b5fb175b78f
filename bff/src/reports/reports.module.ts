import { Module } from '@nestjs/common';
import { ReportsResolver } from './reports.resolver';
import { ReportsService } from './reports.service';

/** Report templates (runs and schedules come later). */
@Module({ providers: [ReportsResolver, ReportsService] })
export class ReportsModule {}
