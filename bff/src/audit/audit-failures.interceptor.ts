import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import { ErrorCode } from '@ph/contracts';
import type { GraphQLResolveInfo } from 'graphql';
import { catchError, from, mergeMap, type Observable } from 'rxjs';
import { actorOf } from '../auth/policy.guard';
import { AppError } from '../common/app-error';
import type { GraphQLRequestContext } from '../common/request-context';
import { AuditService } from './audit.service';

const AUDITED = Symbol('audited');

/** Marks an error whose denial or failure has already been written to the audit log. */
export function markAudited<E extends Error>(error: E): E {
  (error as E & { [AUDITED]?: true })[AUDITED] = true;
  return error;
}

/**
 * Completes "every mutation writes one event": a mutation that fails after the guard let it through
 * (bad input, conflict, internal error) gets one FAILURE event unless the failing code already audited
 * it (e.g. `PolicyService` denials). Successful mutations write their event in their own transaction.
 */
@Injectable()
export class AuditFailuresInterceptor implements NestInterceptor {
  constructor(private readonly audit: AuditService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<GqlContextType>() !== 'graphql') return next.handle();
    const gql = GqlExecutionContext.create(context);
    const info = gql.getInfo<GraphQLResolveInfo>();
    if (info.parentType.name !== 'Mutation') return next.handle();
    const { req } = gql.getContext<GraphQLRequestContext>();
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof Error && (error as Error & { [AUDITED]?: true })[AUDITED]) throw error;
        const actor = actorOf(req);
        return from(
          this.audit.appendNow({
            actor,
            action: `Mutation.${info.fieldName}`,
            outcome: 'FAILURE',
            reason: error instanceof AppError ? error.code : ErrorCode.Internal,
            requestId: actor.requestId,
          }),
        ).pipe(
          mergeMap(() => {
            throw error;
          }),
        );
      }),
    );
  }
}
