import { Global, Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditResolver } from './audit.resolver';
import { AuditService } from './audit.service';

/** The append-only audit log, its GraphQL query and CSV export. */
@Global()
@Module({ providers: [AuditService, AuditResolver], controllers: [AuditController], exports: [AuditService] })
export class AuditModule {}
