import { Controller, Get, Req, Res } from '@nestjs/common';
import { ErrorCode } from '@ph/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from '../auth/auth.controller';
import { DenialAuditService } from '../auth/denials.service';
import { roleMay } from '../auth/policy';
import { SessionsService } from '../auth/sessions.service';
import { AppError } from '../common/app-error';
import { toCsv } from '../common/csv';
import { singleValuedQuery } from '../common/rest-query';
import { isUuid } from '../common/ids';
import { AuditService, type AuditFilter } from './audit.service';
import { toAuditEventModel, type AuditEventModel } from './models/audit-event.model';

const MAX_ROWS = 50_000;
const COLUMNS = ['id', 'at', 'actorType', 'actorId', 'actorEmail', 'actorName', 'region', 'action', 'targetType', 'targetId', 'customerId', 'before', 'after', 'outcome', 'reason', 'requestId'] as const;

function parseDate(value: unknown, name: string): Date | null {
  if (value === undefined || value === '') return null;
  const date = new Date(String(value));
  if (Number.isNaN(date.getTime())) throw new AppError(ErrorCode.BadUserInput, `Invalid ${name}`);
  return date;
}

/** Audit events as CSV with a header row, written by the shared writer (its CSV-injection policy included). */
export function auditCsv(events: readonly AuditEventModel[]): string {
  return toCsv(events, COLUMNS.map((key) => ({ key, header: key })));
}

/** `GET /api/audit.csv?actorId&action&customerId&from&to`: the filtered audit log as CSV (full admins, session-checked). */
@Controller('api')
export class AuditController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly denials: DenialAuditService,
  ) {}

  @Get('audit.csv')
  async csv(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    try {
      const actor = await this.sessions.authenticate(request);
      if (!actor) throw new AppError(ErrorCode.Unauthenticated, 'Sign in first');
      // Counted before the role check, as in the GraphQL guard: refused calls in a loop are limited too.
      await this.denials.consumeUserRequest(actor, 'audit.export');
      if (!roleMay(actor.role, 'audit.read')) {
        await this.audit.appendNow({ actor, action: 'audit.export', outcome: 'DENIED', reason: ErrorCode.Forbidden, requestId: actor.requestId });
        return reply.status(403).send({ code: ErrorCode.Forbidden, message: 'Not allowed for your role' });
      }
      const query = singleValuedQuery(request);
      const filter: AuditFilter = {
        actorId: query.actorId || null,
        action: query.action || null,
        customerId: query.customerId || null,
        from: parseDate(query.from, 'from'),
        to: parseDate(query.to, 'to'),
      };
      if ((filter.actorId && !isUuid(filter.actorId)) || (filter.customerId && !isUuid(filter.customerId))) {
        throw new AppError(ErrorCode.BadUserInput, 'Invalid id filter');
      }
      const events: AuditEventModel[] = [];
      let cursor: string | null = null;
      do {
        const page = await this.audit.query(actor.partnerId, filter, 500, cursor);
        events.push(...page.events.map(toAuditEventModel));
        cursor = page.nextCursor;
      } while (cursor && events.length < MAX_ROWS);
      const body = auditCsv(events);
      return reply
        .header('Content-Type', 'text/csv; charset=utf-8')
        .header('Content-Disposition', 'attachment; filename="audit.csv"')
        .header('Cache-Control', 'no-store')
        .send(body);
    } catch (error) {
      return sendError(reply, error);
    }
  }
}
