import { Injectable, Logger } from '@nestjs/common';
import { ErrorCode } from '@ph/contracts';
import type { FastifyRequest } from 'fastify';
import { AuditService, type AuditEntry } from '../audit/audit.service';
import type { Actor } from './policy';
import { RateLimitedError, RateLimitService, type LimitName } from './rate-limit.service';

/** How long one audit event of CSRF rejections stands for (per user, or per client address when signed out). */
export const CSRF_AUDIT_WINDOW_SECONDS = 60;

/** What a denial event says besides its reason (the attempted action, who, which request). */
export type DenialEntry = Omit<AuditEntry, 'outcome' | 'reason'>;

/**
 * Audits refusals that happen before any change: CSRF rejections and rate-limit refusals.
 *
 * Flood guard: someone hammering an endpoint must not be able to flood the audit log. For each
 * throttle key — the limiter's key for rate limits, the user (or, signed out, the client address)
 * for CSRF — at most one event is written per window (the limiter's window; 60 s for CSRF), at the
 * first refusal; the refusals that were not written are counted (shared across replicas through
 * Redis like the limits, per replica without it) and reported by the key's next event as
 * `after.suppressedSinceLastEvent`. The events hold no IP address: the request id leads to the
 * request log for whoever may see it.
 */
@Injectable()
export class DenialAuditService {
  private readonly logger = new Logger(DenialAuditService.name);

  constructor(
    private readonly audit: AuditService,
    private readonly rateLimits: RateLimitService,
  ) {}

  /**
   * Takes a point from `limit` for `key`; when refused, audits the refusal (throttled) and rethrows.
   * `describe` is only called when an event is written (it may look up the account's partner).
   */
  async consume(limit: LimitName, key: string, describe: () => DenialEntry | Promise<DenialEntry>): Promise<void> {
    try {
      await this.rateLimits.consume(limit, key);
    } catch (error) {
      if (error instanceof RateLimitedError) {
        await this.record(`${limit}:${key}`, error.windowSeconds, ErrorCode.RateLimited, async () => {
          const entry = await describe();
          return { ...entry, after: { ...entry.after, limit } };
        });
      }
      throw error;
    }
  }

  /** Counts a REST request of a signed-in user against the same per-user limit as GraphQL fields (an export, say). */
  async consumeUserRequest(actor: Actor & { requestId: string }, action: string): Promise<void> {
    await this.consume('graphql', `user:${actor.userId}`, () => ({ actor, action, requestId: actor.requestId }));
  }

  /** Audits (throttled) a request refused for failing the CSRF check. */
  async csrfRejected(request: FastifyRequest, actor: Pick<Actor, 'userId' | 'email' | 'partnerId'> | null, action: string): Promise<void> {
    const key = actor ? `csrf:user:${actor.userId}` : `csrf:ip:${request.ip}`;
    await this.record(key, CSRF_AUDIT_WINDOW_SECONDS, ErrorCode.CsrfRejected, () => ({ actor, action, requestId: String(request.id) }));
  }

  /**
   * Writes a DENIED event for the first refusal of `key` in `windowSeconds`, counting the others.
   * Never throws: the request is refused either way.
   */
  async record(key: string, windowSeconds: number, reason: string, describe: () => DenialEntry | Promise<DenialEntry>): Promise<void> {
    try {
      const { first, suppressed } = await this.rateLimits.throttle(key, windowSeconds);
      if (!first) return;
      const entry = await describe();
      await this.audit.appendNow({ ...entry, outcome: 'DENIED', reason, after: { ...entry.after, windowSeconds, suppressedSinceLastEvent: suppressed } });
    } catch (error) {
      this.logger.error({ err: error, reason }, 'could not audit a refused request');
    }
  }
}
