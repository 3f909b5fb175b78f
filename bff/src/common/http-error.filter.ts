import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import { ErrorCode } from '@ph/contracts';
import type { FastifyReply } from 'fastify';
import { AppError } from './app-error';

const STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.BadUserInput]: 400,
  [ErrorCode.InvalidRegion]: 400,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Conflict]: 409,
};

/** REST routes: an {@link AppError} becomes `{ code, message }` with a matching HTTP status. */
@Catch(AppError)
export class AppErrorFilter implements ExceptionFilter {
  catch(error: AppError, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    void reply.status(STATUS[error.code] ?? 500).send({ code: error.code, message: error.message });
  }
}
