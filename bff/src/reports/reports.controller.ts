import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ErrorCode } from '@ph/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from '../auth/auth.controller';
import { SessionsService } from '../auth/sessions.service';
import { AppError } from '../common/app-error';
import { downloadName, ReportRunsService } from './report-runs.service';

/** `GET /api/reports/runs/:id/download`: a run's file, checked against the session (never a public URL). */
@Controller('api/reports')
export class ReportsController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly runs: ReportRunsService,
  ) {}

  @Get('runs/:id/download')
  async download(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    try {
      const actor = await this.sessions.authenticate(request);
      if (!actor) throw new AppError(ErrorCode.Unauthenticated, 'Sign in first');
      const { run, stream, size } = await this.runs.openDownload(actor, id);
      const name = downloadName(run, new Date());
      const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '');
      return reply
        .header('Content-Type', 'text/csv; charset=utf-8')
        .header('Content-Length', String(size))
        .header('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`)
        .header('Cache-Control', 'no-store')
        .send(stream);
    } catch (error) {
      if (error instanceof AppError && error.code === ErrorCode.Forbidden) return reply.status(403).send({ code: error.code, message: error.message });
      return sendError(reply, error);
    }
  }
}
