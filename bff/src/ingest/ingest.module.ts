import { Module } from '@nestjs/common';
import { ApiKeysService } from '../auth/api-keys.service';
import { IngestController } from './ingest.controller';
import { IngestService } from './ingest.service';

/** REST ingestion of call legs and licence snapshots. */
@Module({ controllers: [IngestController], providers: [IngestService, ApiKeysService] })
export class IngestModule {}
