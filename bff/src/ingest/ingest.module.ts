import { Module } from '@nestjs/common';
import { CallingModule } from '../calling/calling.module';
import { IngestController } from './ingest.controller';
import { IngestService } from './ingest.service';

/** REST ingestion of call legs and licence snapshots (API keys come from the global AuthModule; late legs reopen calling weeks). */
@Module({ imports: [CallingModule], controllers: [IngestController], providers: [IngestService] })
export class IngestModule {}
