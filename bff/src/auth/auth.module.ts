import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeysResolver } from './api-keys.resolver';
import { ApiKeysService } from './api-keys.service';
import { AuthController } from './auth.controller';
import { AuthResolver } from './auth.resolver';
import { AuthService } from './auth.service';
import { DenialAuditService } from './denials.service';
import { PasswordLinksService } from './password-links.service';
import { PolicyGuard } from './policy.guard';
import { PolicyService } from './policy.service';
import { RateLimitService } from './rate-limit.service';
import { SessionsService } from './sessions.service';
import { UsersResolver } from './users.resolver';
import { UsersService } from './users.service';

/** Sign-in, set-password links, sessions, roles and customer scope, API keys; installs the global deny-by-default `PolicyGuard`. */
@Global()
@Module({
  providers: [
    AuthService,
    SessionsService,
    RateLimitService,
    DenialAuditService,
    PolicyService,
    UsersService,
    PasswordLinksService,
    ApiKeysService,
    AuthResolver,
    UsersResolver,
    ApiKeysResolver,
    { provide: APP_GUARD, useClass: PolicyGuard },
  ],
  controllers: [AuthController],
  exports: [SessionsService, PolicyService, ApiKeysService, RateLimitService, DenialAuditService],
})
export class AuthModule {}
