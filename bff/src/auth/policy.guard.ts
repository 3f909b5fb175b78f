import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import { CSRF_HEADER, ErrorCode } from '@ph/contracts';
import type { FastifyRequest } from 'fastify';
import type { GraphQLResolveInfo } from 'graphql';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import type { GraphQLRequestContext } from '../common/request-context';
import { POLICY_KEY, roleMay, type PolicyName } from './policy';
import { DenialAuditService } from './denials.service';
import { RateLimitedError } from './rate-limit.service';
import { SessionsService, type RequestActor } from './sessions.service';

const actors = new WeakMap<FastifyRequest, RequestActor>();

/** The actor the guard authenticated for this request (set before any resolver runs). */
export function actorOf(request: FastifyRequest): RequestActor {
  const actor = actors.get(request);
  if (!actor) throw new AppError(ErrorCode.Unauthenticated, 'Sign in first');
  return actor;
}

/** True for a mutation sent as JSON with the CSRF header (a cross-site form or simple request cannot do both). */
export function passesCsrfCheck(request: FastifyRequest): boolean {
  const type = String(request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  return type === 'application/json' && typeof request.headers[CSRF_HEADER] === 'string';
}

/**
 * Global guard for every GraphQL query and mutation, deny by default: an operation without a
 * `@Policy` is refused. It authenticates the session, applies the per-user rate limit (each top-level
 * field counts, so aliases and batches count one by one), checks CSRF on mutations and the role's
 * right to the action. Every refusal is audited (CSRF and rate limits through the flood guard of
 * `DenialAuditService`). Customer scope is checked later, in services, through `PolicyService`.
 */
@Injectable()
export class PolicyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
    private readonly denials: DenialAuditService,
    private readonly audit: AuditService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<GqlContextType>() !== 'graphql') return true;
    const gql = GqlExecutionContext.create(context);
    const info = gql.getInfo<GraphQLResolveInfo>();
    const { req, reply } = gql.getContext<GraphQLRequestContext>();
    const operation = `${info.parentType.name}.${info.fieldName}`;
    const policy = this.reflector.getAllAndOverride<PolicyName | undefined>(POLICY_KEY, [context.getHandler(), context.getClass()]);
    const requestId = String(req.id);

    const actor = await this.sessions.authenticate(req);
    if (info.parentType.name === 'Mutation' && !passesCsrfCheck(req)) {
      await this.denials.csrfRejected(req, actor, operation);
      throw new AppError(ErrorCode.CsrfRejected, 'Mutations need application/json and the x-partner-hub header');
    }
    try {
      await this.denials.consume('graphql', actor ? `user:${actor.userId}` : `ip:${req.ip}`, () => ({ actor, action: operation, requestId }));
    } catch (error) {
      if (error instanceof RateLimitedError) reply.header('Retry-After', String(error.retryAfterSeconds));
      throw error;
    }
    if (!policy) {
      await this.audit.appendNow({ actor, action: operation, outcome: 'DENIED', reason: 'NO_POLICY', requestId });
      throw new AppError(ErrorCode.Forbidden, 'Not allowed');
    }
    if (policy === 'public') return true;
    if (!actor) {
      await this.audit.appendNow({ actor: null, action: operation, outcome: 'DENIED', reason: ErrorCode.Unauthenticated, requestId });
      throw new AppError(ErrorCode.Unauthenticated, 'Sign in first');
    }
    if (!roleMay(actor.role, policy)) {
      await this.audit.appendNow({ actor, action: operation, outcome: 'DENIED', reason: ErrorCode.Forbidden, requestId });
      throw new AppError(ErrorCode.Forbidden, 'Not allowed for your role');
    }
    actors.set(req, actor);
    return true;
  }
}
