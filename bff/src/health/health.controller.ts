import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { RegionStores } from '../database/stores';

/** Liveness and readiness probes. */
@Controller()
export class HealthController {
  constructor(private readonly stores: RegionStores) {}

  /** The process is up. */
  @Get('healthz')
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Every store answers `select 1`; otherwise 503 naming the stores that failed. */
  @Get('readyz')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<{ status: 'ok' | 'unavailable'; failed: string[] }> {
    const failed = await this.stores.failingStores();
    if (failed.length > 0) reply.status(503);
    return { status: failed.length > 0 ? 'unavailable' : 'ok', failed };
  }
}
