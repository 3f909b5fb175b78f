import { ErrorCode } from '@ph/contracts';
import type { FastifyRequest } from 'fastify';
import { AppError } from './app-error';

/**
 * The query string of a REST request, each parameter given at most once. A repeated parameter
 * (`?status=A&status=B`, which arrives as an array) is refused as BAD_USER_INPUT naming it.
 */
export function singleValuedQuery(request: FastifyRequest): Record<string, string | undefined> {
  const query = (request.query ?? {}) as Record<string, unknown>;
  const repeated = Object.keys(query).filter((key) => typeof query[key] !== 'string');
  if (repeated.length) {
    throw new AppError(ErrorCode.BadUserInput, 'Give each query parameter once', repeated.map((field) => ({ field, reason: 'invalid' })));
  }
  return query as Record<string, string | undefined>;
}
