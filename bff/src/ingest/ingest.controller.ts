import { Body, Controller, HttpCode, Post, Query, Req, UseFilters } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppErrorFilter } from '../common/http-error.filter';
import { IngestService, type IngestRequest, type IngestResult } from './ingest.service';

/** The parts of a feed request the service needs. */
function feedRequest(request: FastifyRequest, region: string | undefined, body: unknown): IngestRequest {
  const { authorization, 'content-type': contentType } = request.headers;
  return { authorization, contentType, region, body, requestId: String(request.id), ip: request.ip };
}

/** Partner data feeds: NDJSON or CSV batches, authenticated by a partner API key. */
@Controller('api/ingest')
@UseFilters(AppErrorFilter)
export class IngestController {
  constructor(private readonly ingest: IngestService) {}

  /** `POST /api/ingest/call-legs?region=EU`. */
  @Post('call-legs')
  @HttpCode(200)
  callLegs(@Req() request: FastifyRequest, @Query('region') region: string | undefined, @Body() body: unknown): Promise<IngestResult> {
    return this.ingest.ingest('callLegs', feedRequest(request, region, body));
  }

  /** `POST /api/ingest/license-snapshots?region=EU`. */
  @Post('license-snapshots')
  @HttpCode(200)
  licenseSnapshots(@Req() request: FastifyRequest, @Query('region') region: string | undefined, @Body() body: unknown): Promise<IngestResult> {
    return this.ingest.ingest('licenseSnapshots', feedRequest(request, region, body));
  }
}
