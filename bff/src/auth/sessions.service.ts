import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, type PartnerRole } from '@ph/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { toDate } from '../common/db-values';
import { isUuid } from '../common/ids';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { RegionStores } from '../database/stores';
import type { Actor } from './policy';
import { Session } from './session.entity';
import type { PartnerUser } from './user.entity';

export const IDLE_TIMEOUT_MS = 30 * 60_000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60_000;
/** `lastSeenAt` is written at most this often per session. */
const TOUCH_EVERY_MS = 30_000;

/** SHA-256 hex of a secret token (sessions and API keys store only this). */
export function sha256(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The actor of a request plus its session, as `SessionsService.authenticate` finds it. */
export interface RequestActor extends Actor {
  requestId: string;
}

/** A session row joined with its user and partner, as {@link SessionsService} reads it. */
interface SessionRow {
  id: string;
  revoked_at: Date | number | string | null;
  expires_at: Date | number | string;
  last_seen_at: Date | number | string;
  user_id: string;
  email: string;
  display_name: string;
  role: PartnerRole;
  partner_id: string;
  partner_name: string;
}


const resolved = new WeakMap<FastifyRequest, Promise<RequestActor | null>>();

/**
 * Server-side sessions in the directory store. The browser holds only a random token in an HttpOnly
 * cookie; the store keeps its hash. 30 minutes idle and 12 hours absolute expiry.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly stores: RegionStores,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `__Host-` prefixed (and Secure) in production. */
  get cookieName(): string {
    return this.config.nodeEnv === 'production' ? '__Host-ph_session' : 'ph_session';
  }

  /** Starts a new session for `user` (always a new id and token) and sets the cookie. */
  async start(user: PartnerUser, method: 'password' | 'oidc', request: FastifyRequest, reply: FastifyReply): Promise<Session> {
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    const em = this.stores.directory();
    const session = await em.transactional(async (tx) => {
      const created = tx.create(Session, {
        tokenHash: sha256(token),
        user,
        method,
        createdAt: now,
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + ABSOLUTE_TIMEOUT_MS),
        ip: request.ip ?? null,
        userAgent: (request.headers['user-agent'] ?? '').slice(0, 300) || null,
      });
      this.audit.append(tx, {
        actor: { userId: user.id, email: user.email, partnerId: user.partner.id },
        action: 'auth.signIn',
        outcome: 'SUCCESS',
        targetType: 'session',
        targetId: created.id,
        after: { method },
        requestId: String(request.id),
      });
      return created;
    });
    reply.setCookie(this.cookieName, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.nodeEnv === 'production',
      maxAge: ABSOLUTE_TIMEOUT_MS / 1000,
    });
    return session;
  }

  /** The actor of the request's session, or null when there is no valid session. Cached per request. */
  authenticate(request: FastifyRequest): Promise<RequestActor | null> {
    let actor = resolved.get(request);
    if (!actor) {
      actor = this.lookup(request);
      resolved.set(request, actor);
    }
    return actor;
  }

  /**
   * One indexed query (session by token hash, joined with its user and partner) without entity
   * hydration or the identity map: it runs on every request.
   */
  private async lookup(request: FastifyRequest): Promise<RequestActor | null> {
    const token = request.cookies?.[this.cookieName];
    if (!token) return null;
    const [row] = await this.stores.rows<SessionRow>(
      'directory',
      `select s.id, s.revoked_at, s.expires_at, s.last_seen_at, u.id as user_id, u.email, u.display_name, u.role, p.id as partner_id, p.name as partner_name
       from auth_session s join partner_user u on u.id = s.user_id join partner p on p.id = u.partner_id
       where s.token_hash = ?`,
      [sha256(token)],
    );
    const now = Date.now();
    if (!row || row.revoked_at !== null) return null;
    const expiresAt = toDate(row.expires_at).getTime();
    const lastSeenAt = toDate(row.last_seen_at).getTime();
    // Written as what must hold, so a timestamp that does not parse (NaN) ends the session too.
    if (!(expiresAt > now && lastSeenAt + IDLE_TIMEOUT_MS > now)) return null;
    if (now - lastSeenAt > TOUCH_EVERY_MS) {
      await this.stores.directory().nativeUpdate(Session, { id: row.id }, { lastSeenAt: new Date(now) });
    }
    return {
      userId: row.user_id,
      email: row.email,
      displayName: row.display_name,
      role: row.role,
      partnerId: row.partner_id,
      partnerName: row.partner_name,
      sessionId: row.id,
      requestId: String(request.id),
    };
  }

  /** The actor's own sessions that are still valid, newest first. */
  async list(actor: RequestActor): Promise<Session[]> {
    const now = new Date();
    return this.stores.directory().find(
      Session,
      { user: actor.userId, revokedAt: null, expiresAt: { $gt: now }, lastSeenAt: { $gt: new Date(now.getTime() - IDLE_TIMEOUT_MS) } },
      { orderBy: { createdAt: 'desc' } },
    );
  }

  /** Revokes one of the actor's own sessions; someone else's answers NOT_FOUND. */
  async revoke(actor: RequestActor, sessionId: string, action = 'auth.revokeSession'): Promise<boolean> {
    if (!isUuid(sessionId)) throw new AppError(ErrorCode.NotFound, 'Session not found');
    const em = this.stores.directory();
    await em.transactional(async (tx) => {
      const session = await tx.findOne(Session, { id: sessionId, user: actor.userId });
      if (!session || session.revokedAt) {
        throw new AppError(ErrorCode.NotFound, 'Session not found');
      }
      session.revokedAt = new Date();
      this.audit.append(tx, {
        actor,
        action,
        outcome: 'SUCCESS',
        targetType: 'session',
        targetId: session.id,
        before: { revoked: false },
        after: { revoked: true },
        requestId: actor.requestId,
      });
    });
    return true;
  }

  /** Clears the session cookie. */
  clearCookie(reply: FastifyReply): void {
    reply.clearCookie(this.cookieName, { path: '/', httpOnly: true, sameSite: 'lax', secure: this.config.nodeEnv === 'production' });
  }
}
