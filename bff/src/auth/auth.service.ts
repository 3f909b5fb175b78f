import { Inject, Injectable, Logger } from '@nestjs/common';
import { ErrorCode, type SignedInUser } from '@ph/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import * as oidc from 'openid-client';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { RegionStores } from '../database/stores';
import { verifyPassword } from './passwords';
import { DenialAuditService } from './denials.service';
import { RateLimitService } from './rate-limit.service';
import { SessionsService, type RequestActor } from './sessions.service';
import { PartnerUser } from './user.entity';

export const OIDC_CALLBACK_PATH = '/api/auth/oidc/callback';
const OIDC_COOKIE = 'ph_oidc';
const OIDC_COOKIE_PATH = '/api/auth/oidc';

/** The console's origin: PUBLIC_URL's when set, otherwise the request's. */
export function consoleOrigin(config: Pick<AppConfig, 'publicUrl'>, request: FastifyRequest): string {
  return config.publicUrl ? new URL(config.publicUrl).origin : `${request.protocol}://${request.host}`;
}

/** The `SignedInUser` of contracts for a user. */
export function toSignedInUser(user: PartnerUser): SignedInUser {
  return { id: user.id, email: user.email, displayName: user.displayName, role: user.role, partnerId: user.partner.id, partnerName: user.partner.name };
}

/** The `SignedInUser` of contracts for an actor. */
export function actorToSignedInUser(actor: RequestActor): SignedInUser {
  const { userId: id, email, displayName, role, partnerId, partnerName } = actor;
  return { id, email, displayName, role, partnerId, partnerName };
}

/** Sign-in with a local password or OpenID Connect, and sign-out. Tokens from the IdP never leave the server. */
@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);
  private oidcConfiguration: Promise<oidc.Configuration> | null = null;

  constructor(
    private readonly stores: RegionStores,
    private readonly sessions: SessionsService,
    private readonly rateLimits: RateLimitService,
    private readonly denials: DenialAuditService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** What the sign-in page may offer: single sign-on only when an OpenID Connect provider is configured. */
  signInOptions(): { sso: boolean } {
    return { sso: this.config.oidc !== null };
  }

  /** Checks the password (rate-limited per IP and per account) and starts a new session. */
  async signInWithPassword(email: unknown, password: unknown, request: FastifyRequest, reply: FastifyReply): Promise<SignedInUser> {
    if (typeof email !== 'string' || typeof password !== 'string' || email.length > 320 || password.length > 1000) {
      throw new AppError(ErrorCode.BadUserInput, 'E-mail and password are required');
    }
    const normalized = email.trim().toLowerCase();
    const requestId = String(request.id);
    await this.denials.consume('signInIp', request.ip, () => ({ actor: null, action: 'auth.signIn', requestId, after: { method: 'password' } }));
    await this.denials.consume('signInAccount', normalized, async () => {
      // The refused account's partner sees the event (no event names an address that is not an account).
      const account = await this.stores.directory().findOne(PartnerUser, { email: normalized }, { populate: ['partner'] });
      return { actor: null, partnerId: account?.partner.id ?? null, action: 'auth.signIn', targetType: account ? 'user' : null, targetId: account?.id ?? null, requestId, after: { method: 'password' } };
    });
    const user = await this.stores.directory().findOne(PartnerUser, { email: normalized }, { populate: ['partner'] });
    if (!(await verifyPassword(user?.passwordHash ?? null, password)) || !user) {
      await this.audit.appendNow({
        actor: null,
        partnerId: user?.partner.id ?? null,
        action: 'auth.signIn',
        outcome: 'FAILURE',
        targetType: 'user',
        targetId: user?.id ?? null,
        after: { method: 'password', email: normalized },
        reason: 'BAD_CREDENTIALS',
        requestId,
      });
      throw new AppError(ErrorCode.Unauthenticated, 'Wrong e-mail address or password');
    }
    await this.rateLimits.forget('signInAccount', normalized);
    await this.endCurrentSession(request);
    await this.sessions.start(user, 'password', request, reply);
    return toSignedInUser(user);
  }

  /** Revokes the request's session (if any) and clears the cookie. */
  async signOut(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const actor = await this.sessions.authenticate(request);
    if (actor) await this.sessions.revoke(actor, actor.sessionId, 'auth.signOut');
    this.sessions.clearCookie(reply);
  }

  /** Redirect URL to the IdP's authorization endpoint; PKCE verifier, state and nonce go in a short-lived HttpOnly cookie. */
  async oidcStart(request: FastifyRequest, reply: FastifyReply): Promise<string> {
    const configuration = await this.oidcClient();
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    reply.setCookie(OIDC_COOKIE, Buffer.from(JSON.stringify({ verifier, state, nonce })).toString('base64url'), {
      path: OIDC_COOKIE_PATH,
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.nodeEnv === 'production',
      maxAge: 600,
    });
    return oidc
      .buildAuthorizationUrl(configuration, {
        redirect_uri: this.redirectUri(request),
        scope: 'openid email profile',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      })
      .toString();
  }

  /** Completes the code flow, maps the IdP's subject (or verified e-mail, first time) to a user and starts a session. */
  async oidcCallback(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    const configuration = await this.oidcClient();
    const raw = request.cookies?.[OIDC_COOKIE];
    reply.clearCookie(OIDC_COOKIE, { path: OIDC_COOKIE_PATH });
    const fail = async (reason: string) => {
      await this.audit.appendNow({ actor: null, action: 'auth.signIn', outcome: 'FAILURE', after: { method: 'oidc' }, reason, requestId: String(request.id) });
      return false;
    };
    if (!raw) return fail('NO_STATE');
    let pending: { verifier: string; state: string; nonce: string };
    try {
      pending = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    } catch {
      return fail('BAD_STATE');
    }
    const current = new URL(request.url, this.origin(request));
    let claims: oidc.IDToken | undefined;
    try {
      const tokens = await oidc.authorizationCodeGrant(configuration, current, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch (error) {
      this.logger.warn(`OIDC callback rejected: ${(error as Error).message}`);
      return fail('TOKEN_REJECTED');
    }
    if (!claims) return fail('NO_ID_TOKEN');
    const issuer = configuration.serverMetadata().issuer;
    const user = await this.linkOidcUser(issuer, claims, String(request.id));
    if (!user) return fail('UNKNOWN_USER');
    await this.endCurrentSession(request);
    await this.sessions.start(user, 'oidc', request, reply);
    return true;
  }

  private async linkOidcUser(issuer: string, claims: oidc.IDToken, requestId: string): Promise<PartnerUser | null> {
    const em = this.stores.directory();
    const bySubject = await em.findOne(PartnerUser, { oidcIssuer: issuer, oidcSubject: claims.sub }, { populate: ['partner'] });
    if (bySubject) return bySubject;
    const email = typeof claims.email === 'string' ? claims.email.toLowerCase() : null;
    if (!email || claims.email_verified !== true) return null;
    const byEmail = await em.findOne(PartnerUser, { email, oidcSubject: null }, { populate: ['partner'] });
    if (!byEmail) return null;
    byEmail.oidcIssuer = issuer;
    byEmail.oidcSubject = claims.sub;
    this.audit.append(em, {
      actor: { userId: byEmail.id, email: byEmail.email, partnerId: byEmail.partner.id },
      action: 'users.linkSso',
      outcome: 'SUCCESS',
      targetType: 'user',
      targetId: byEmail.id,
      before: { oidcIssuer: null, oidcSubject: null },
      after: { oidcIssuer: issuer, oidcSubject: claims.sub },
      requestId,
    });
    await em.flush();
    return byEmail;
  }

  /** Starts a session for `user` (who just proved who they are some other way), ending the browser's current one. */
  async startSession(user: PartnerUser, request: FastifyRequest, reply: FastifyReply): Promise<SignedInUser> {
    await this.rateLimits.forget('signInAccount', user.email);
    await this.endCurrentSession(request);
    await this.sessions.start(user, 'password', request, reply);
    return toSignedInUser(user);
  }

  private async endCurrentSession(request: FastifyRequest): Promise<void> {
    const previous = await this.sessions.authenticate(request);
    if (previous) await this.sessions.revoke(previous, previous.sessionId, 'auth.signOut');
  }

  private origin(request: FastifyRequest): string {
    return consoleOrigin(this.config, request);
  }

  private redirectUri(request: FastifyRequest): string {
    return `${this.origin(request)}${OIDC_CALLBACK_PATH}`;
  }

  private oidcClient(): Promise<oidc.Configuration> {
    const settings = this.config.oidc;
    if (!settings) return Promise.reject(new AppError(ErrorCode.NotFound, 'Single sign-on is not configured'));
    this.oidcConfiguration ??= oidc
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        settings.clientSecret,
        undefined,
        // Plain http only for an IdP on loopback (tests, local development).
        /^http:\/\/(127\.0\.0\.1|localhost)(:|\/)/.test(settings.issuer) ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        this.oidcConfiguration = null;
        throw error;
      });
    return this.oidcConfiguration;
  }
}
