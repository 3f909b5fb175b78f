import { Body, Controller, Headers, HttpCode, Post, Query, UseFilters } from '@nestjs/common';
import { AppErrorFilter } from '../common/http-error.filter';
import { IngestService, type IngestResult } from './ingest.service';

/** Partner data feeds: NDJSON or CSV batches, authenticated by a partner API key. */
@Controller('api/ingest')
@UseFilters(AppErrorFilter)
export class IngestController {
  constructor(private readonly ingest: IngestService) {}

  /** `POST /api/ingest/call-legs?region=EU`. */
  @Post('call-legs')
  @HttpCode(200)
  callLegs(@Headers() headers: Record<string, string | undefined>, @Query('region') region: string | undefined, @Body() body: unknown): Promise<IngestResult> {
    return this.ingest.ingest('callLegs', { authorization: headers.authorization, contentType: headers['content-type'], region, body });
  }

  /** `POST /api/ingest/license-snapshots?region=EU`. */
  @Post('license-snapshots')
  @HttpCode(200)
  licenseSnapshots(@Headers() headers: Record<string, string | undefined>, @Query('region') region: string | undefined, @Body() body: unknown): Promise<IngestResult> {
    return this.ingest.ingest('licenseSnapshots', { authorization: headers.authorization, contentType: headers['content-type'], region, body });
  }
}
