import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, type FieldError } from '@ph/contracts';
import type { FastifyRequest } from 'fastify';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { RegionStores, type StoreEntityManager } from '../database/stores';
import { DenialAuditService } from './denials.service';
import { hashPassword } from './passwords';
import { PasswordToken, type PasswordTokenPurpose } from './password-token.entity';
import { Session } from './session.entity';
import { sha256, type RequestActor } from './sessions.service';
import { PartnerUser } from './user.entity';

/** The console page that redeems a link; the token travels in the fragment, which browsers never send to a server. */
export const SET_PASSWORD_PATH = '/set-password';
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/** Why a link cannot be used (`fields[0].reason` of the BAD_USER_INPUT answer on `token`). */
export type TokenProblem = 'unknown' | 'expired' | 'used' | 'replaced';

/** A link as the issuing admin sees it, once. */
export interface PasswordLink {
  url: string;
  expiresAt: Date;
}

/** What the set-password page shows about a valid link. */
export interface PasswordLinkInfo {
  email: string;
  displayName: string;
  purpose: PasswordTokenPurpose;
  expiresAt: Date;
}

/**
 * The password policy (NIST SP 800-63B style: length, no composition rules): 12 to 128 characters,
 * and not the account's e-mail address or its name part. Returns field errors on `password`.
 */
export function passwordProblems(password: string, email: string): FieldError[] {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return [{ field: 'password', reason: 'tooShort', params: { min: PASSWORD_MIN_LENGTH } }];
  if (length > PASSWORD_MAX_LENGTH) return [{ field: 'password', reason: 'tooLong', params: { max: PASSWORD_MAX_LENGTH } }];
  const lower = password.trim().toLowerCase();
  const address = email.toLowerCase();
  if (lower.includes(address) || lower === address.split('@')[0]) return [{ field: 'password', reason: 'containsEmail' }];
  return [];
}

function tokenError(problem: TokenProblem): AppError {
  return new AppError(ErrorCode.BadUserInput, 'This set-password link cannot be used', [{ field: 'token', reason: problem }]);
}

/**
 * Set-password links: a full admin's invitation or password reset issues a single-use token that
 * expires after PASSWORD_LINK_TTL_HOURS; only its SHA-256 is stored (directory store, so any replica
 * redeems it). Issuing a link revokes the user's older unused ones. The raw token appears only in
 * the link returned to the issuing admin — never in the log or the audit log.
 */
@Injectable()
export class PasswordLinksService {
  constructor(
    private readonly stores: RegionStores,
    private readonly audit: AuditService,
    private readonly denials: DenialAuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Issues a link for `user` in the caller's transaction (older unused links of the user stop working) and audits it. */
  async issue(tx: StoreEntityManager, actor: RequestActor, user: PartnerUser, purpose: PasswordTokenPurpose, origin: string): Promise<PasswordLink> {
    const now = new Date();
    const replaced = await tx.nativeUpdate(PasswordToken, { user: user.id, usedAt: null, revokedAt: null }, { revokedAt: now });
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + this.config.passwordLinkTtlHours * 3600_000);
    const row = tx.create(PasswordToken, { tokenHash: sha256(token), user, purpose, createdById: actor.userId, createdAt: now, expiresAt });
    this.audit.append(tx, {
      actor,
      action: 'users.issuePasswordLink',
      outcome: 'SUCCESS',
      targetType: 'user',
      targetId: user.id,
      after: { purpose, linkId: row.id, expiresAt: expiresAt.toISOString(), replacedLinks: replaced },
      requestId: actor.requestId,
    });
    return { url: `${origin}${SET_PASSWORD_PATH}#token=${token}`, expiresAt };
  }

  /** Whom a link is for, so the page can greet them; rate-limited like redeeming. */
  async inspect(token: unknown, request: FastifyRequest): Promise<PasswordLinkInfo> {
    await this.limit(request);
    const found = await this.find(token);
    const problem = found ? this.problemOf(found) : 'unknown';
    if (problem) throw tokenError(problem);
    return { email: found!.user.email, displayName: found!.user.displayName, purpose: found!.purpose, expiresAt: found!.expiresAt };
  }

  /**
   * Sets the password of the link's user and uses the link up, in one transaction that also revokes
   * the user's sessions; returns the user to sign in. Failures are audited (no token in the event).
   */
  async redeem(token: unknown, password: unknown, request: FastifyRequest): Promise<PartnerUser> {
    await this.limit(request);
    if (typeof password !== 'string' || password.length === 0) {
      throw new AppError(ErrorCode.BadUserInput, 'A password is required', [{ field: 'password', reason: 'required' }]);
    }
    const requestId = String(request.id);
    const found = await this.find(token);
    const fail = async (reason: string, error: AppError): Promise<never> => {
      await this.audit.appendNow({
        actor: null,
        partnerId: found?.user.partner.id ?? null,
        action: 'auth.setPassword',
        outcome: 'FAILURE',
        targetType: found ? 'user' : null,
        targetId: found?.user.id ?? null,
        after: found ? { linkId: found.id, purpose: found.purpose } : null,
        reason,
        requestId,
      });
      throw error;
    };
    const problem = found ? this.problemOf(found) : 'unknown';
    if (problem || !found) return fail(`TOKEN_${(problem ?? 'unknown').toUpperCase()}`, tokenError(problem ?? 'unknown'));
    const policy = passwordProblems(password, found.user.email);
    if (policy.length > 0) return fail('PASSWORD_POLICY', new AppError(ErrorCode.BadUserInput, 'The password does not meet the policy', policy));

    const passwordHash = await hashPassword(password);
    const now = new Date();
    const user = found.user;
    const done = await this.stores.directory().transactional(async (tx) => {
      // The conditional update is what makes the link single-use across replicas and concurrent requests.
      const claimed = await tx.nativeUpdate(PasswordToken, { id: found.id, usedAt: null, revokedAt: null, expiresAt: { $gt: now } }, { usedAt: now });
      if (claimed !== 1) return false;
      await tx.nativeUpdate(PartnerUser, { id: user.id }, { passwordHash });
      const sessionsRevoked = await tx.nativeUpdate(Session, { user: user.id, revokedAt: null }, { revokedAt: now });
      this.audit.append(tx, {
        actor: { userId: user.id, email: user.email, partnerId: user.partner.id },
        action: 'auth.setPassword',
        outcome: 'SUCCESS',
        targetType: 'user',
        targetId: user.id,
        before: { hasPassword: user.passwordHash !== null },
        after: { hasPassword: true, linkId: found.id, purpose: found.purpose, sessionsRevoked },
        requestId,
      });
      return true;
    });
    if (!done) return fail('TOKEN_USED', tokenError('used'));
    user.passwordHash = passwordHash;
    return user;
  }

  private async limit(request: FastifyRequest): Promise<void> {
    await this.denials.consume('setPasswordIp', request.ip, () => ({ actor: null, action: 'auth.setPassword', requestId: String(request.id) }));
  }

  private async find(token: unknown): Promise<PasswordToken | null> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 200) return null;
    return this.stores.directory().findOne(PasswordToken, { tokenHash: sha256(token) }, { populate: ['user', 'user.partner'] });
  }

  private problemOf(found: PasswordToken): TokenProblem | null {
    if (found.usedAt) return 'used';
    if (found.revokedAt) return 'replaced';
    if (found.expiresAt.getTime() <= Date.now()) return 'expired';
    return null;
  }
}
