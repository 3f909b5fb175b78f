import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ErrorCode } from '@ph/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../common/app-error';
import { AuthService } from './auth.service';
import { DenialAuditService } from './denials.service';
import { PasswordLinksService } from './password-links.service';
import { passesCsrfCheck } from './policy.guard';
import { RateLimitedError } from './rate-limit.service';
import { SessionsService } from './sessions.service';

const STATUS: Partial<Record<string, number>> = {
  [ErrorCode.BadUserInput]: 400,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.CsrfRejected]: 403,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.RateLimited]: 429,
};

/** Sends a REST error body `{ code, message, fields? }`; anything that is not an AppError becomes INTERNAL. */
export function sendError(reply: FastifyReply, error: unknown): FastifyReply {
  if (error instanceof RateLimitedError) reply.header('Retry-After', String(error.retryAfterSeconds));
  if (error instanceof AppError) {
    return reply.status(STATUS[error.code] ?? 400).send({ code: error.code, message: error.message, ...(error.fields?.length ? { fields: error.fields } : {}) });
  }
  reply.request.log.error({ err: error }, 'auth route failed');
  return reply.status(500).send({ code: ErrorCode.Internal, message: 'Internal server error' });
}

/** REST routes of the sign-in flows; the browser only ever receives the session cookie. */
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly links: PasswordLinksService,
    private readonly sessions: SessionsService,
    private readonly denials: DenialAuditService,
  ) {}

  /** Refuses (and audits, throttled) a request that is not JSON with the CSRF header. */
  private async checkCsrf(request: FastifyRequest, action: string): Promise<void> {
    if (passesCsrfCheck(request)) return;
    await this.denials.csrfRejected(request, await this.sessions.authenticate(request), action);
    throw new AppError(ErrorCode.CsrfRejected, 'Send JSON with the x-partner-hub header');
  }

  /** `{ sso }`: which sign-in methods the sign-in page offers. */
  @Get('options')
  options(): { sso: boolean } {
    return this.auth.signInOptions();
  }

  /** `{ email, password }` → `{ user }` and a new session cookie. */
  @Post('sign-in')
  async signIn(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    try {
      await this.checkCsrf(request, 'auth.signIn');
      const body = (request.body ?? {}) as { email?: unknown; password?: unknown };
      const user = await this.auth.signInWithPassword(body.email, body.password, request, reply);
      return reply.status(200).send({ user });
    } catch (error) {
      return sendError(reply, error);
    }
  }

  /** Revokes the current session and clears the cookie. */
  @Post('sign-out')
  @HttpCode(204)
  async signOut(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    try {
      await this.checkCsrf(request, 'auth.signOut');
      await this.auth.signOut(request, reply);
      return reply.status(204).send();
    } catch (error) {
      return sendError(reply, error);
    }
  }

  /** `{ token }` → `{ email, displayName, purpose, expiresAt }` of a usable set-password link (the page greets the user). */
  @Post('password-link')
  async passwordLink(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    try {
      await this.checkCsrf(request, 'auth.setPassword');
      const body = (request.body ?? {}) as { token?: unknown };
      return reply.status(200).header('Cache-Control', 'no-store').send(await this.links.inspect(body.token, request));
    } catch (error) {
      return sendError(reply, error);
    }
  }

  /** `{ token, password }` → sets the password, uses the link up and starts a session: `{ user }` and the cookie. */
  @Post('set-password')
  async setPassword(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    try {
      await this.checkCsrf(request, 'auth.setPassword');
      const body = (request.body ?? {}) as { token?: unknown; password?: unknown };
      const user = await this.links.redeem(body.token, body.password, request);
      return reply.status(200).send({ user: await this.auth.startSession(user, request, reply) });
    } catch (error) {
      return sendError(reply, error);
    }
  }

  /** Redirects to the OpenID Connect provider. */
  @Get('oidc/start')
  async oidcStart(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    try {
      return reply.redirect(await this.auth.oidcStart(request, reply), 302);
    } catch (error) {
      return sendError(reply, error);
    }
  }

  /** The provider redirects back here; on success a session starts and the browser goes to the console. */
  @Get('oidc/callback')
  async oidcCallback(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    try {
      const ok = await this.auth.oidcCallback(request, reply);
      return reply.redirect(ok ? '/' : '/sign-in?error=sso', 302);
    } catch (error) {
      return sendError(reply, error);
    }
  }
}
