import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { AnalyticsModule } from './analytics/analytics.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { APP_CONFIG, type AppConfig } from './config/config';
import { CustomersModule } from './customers/customers.module';
import { DatabaseModule } from './database/database.module';
import { graphqlOptions } from './graphql/graphql.options';
import { HealthModule } from './health/health.module';
import { IngestModule } from './ingest/ingest.module';
import { OrganizationModule } from './organization/organization.module';
import { RegionsModule } from './regions/regions.module';
import { ReportsModule } from './reports/reports.module';
import { ResourcesModule } from './resources/resources.module';
import { HelpdeskModule } from './helpdesk/helpdesk.module';
import { WebModule } from './web/web.module';
import { CallingModule } from './calling/calling.module';
import { SavedViewsModule } from './saved-views/saved-views.module';

/** The BFF, wired for one validated config. */
@Module({})
export class AppModule {
  /** The root module for `config`; the config is available everywhere as `APP_CONFIG`. */
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
      imports: [
        DatabaseModule,
        GraphQLModule.forRoot<MercuriusDriverConfig>({ driver: MercuriusDriver, ...graphqlOptions(config) }),
        HealthModule,
        CustomersModule,
        IngestModule,
        AuditModule,
        AuthModule,
        OrganizationModule,
        RegionsModule,
        ReportsModule,
        WebModule,
        ResourcesModule,
        HelpdeskModule,
        CallingModule,
        AnalyticsModule,
        SavedViewsModule,
      ],
    };
  }
}
