import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditFailuresInterceptor } from './audit-failures.interceptor';
import { AuditController } from './audit.controller';
import { AuditRelay } from './audit-relay.service';
import { AuditResolver } from './audit.resolver';
import { AuditService } from './audit.service';

/** The append-only audit log, the relay of region stores' audit outboxes, its GraphQL query and CSV export. */
@Global()
@Module({ providers: [AuditService, AuditRelay, AuditResolver, { provide: APP_INTERCEPTOR, useClass: AuditFailuresInterceptor }], controllers: [AuditController], exports: [AuditService, AuditRelay] })
export class AuditModule {}
