import { Module } from '@nestjs/common';
import { IngestController } from './ingest.controller';
import { IngestService } from './ingest.service';

/** REST ingestion of call legs and licence snapshots (API keys come from the global AuthModule). */
@Module({ controllers: [IngestController], providers: [IngestService] })
export class IngestModule {}
