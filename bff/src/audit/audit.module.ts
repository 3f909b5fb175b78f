import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditFailuresInterceptor } from './audit-failures.interceptor';
import { AuditController } from './audit.controller';
import { AuditResolver } from './audit.resolver';
import { AuditService } from './audit.service';

/** The append-only audit log, its GraphQL query and CSV export. */
@Global()
@Module({ providers: [AuditService, AuditResolver, { provide: APP_INTERCEPTOR, useClass: AuditFailuresInterceptor }], controllers: [AuditController], exports: [AuditService] })
export class AuditModule {}
