import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ErrorCode } from '@ph/contracts';
import Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '../common/app-error';
import { APP_CONFIG, type AppConfig } from '../config/config';

/** Thrown when a limit is exhausted; carries how long the client should wait. */
export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(ErrorCode.RateLimited, 'Too many requests, try again later');
  }
}

export type LimitName = 'signInAccount' | 'signInIp' | 'graphql';

/**
 * Rate limits: sign-in per account and per IP, GraphQL per user. Shared by every replica through Redis
 * when `REDIS_URL` is set, in memory otherwise.
 */
@Injectable()
export class RateLimitService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RateLimitService.name);
  private readonly redis: Redis | null;
  private readonly limiters: Record<LimitName, RateLimiterAbstract>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.redis = config.redisUrl ? new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }) : null;
    this.redis?.on('error', (error: Error) => this.logger.warn(`redis: ${error.message}`));
    const make = (keyPrefix: string, points: number, duration: number): RateLimiterAbstract =>
      this.redis
        ? new RateLimiterRedis({
            storeClient: this.redis,
            keyPrefix: `${namespace}:rl:${keyPrefix}`,
            points,
            duration,
            // While Redis is unreachable each replica limits on its own instead of failing requests.
            insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }),
          })
        : new RateLimiterMemory({ keyPrefix, points, duration });
    const { namespace, signInPerAccount, signInPerIp, graphqlPerUser } = config.rateLimits;
    this.limiters = {
      signInAccount: make('signin-account', signInPerAccount, 15 * 60),
      signInIp: make('signin-ip', signInPerIp, 15 * 60),
      graphql: make('graphql', graphqlPerUser, 60),
    };
  }

  /** Waits (at most 2 s) for Redis at start-up, so the first requests already share limits. */
  async onModuleInit(): Promise<void> {
    const redis = this.redis;
    if (!redis || redis.status === 'ready') return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2000);
      redis.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Takes `points` from the limit for `key`; throws {@link RateLimitedError} when exhausted. */
  async consume(limit: LimitName, key: string, points = 1): Promise<void> {
    try {
      await this.limiters[limit].consume(key, points);
    } catch (error) {
      if (error instanceof RateLimiterRes) throw new RateLimitedError(Math.max(1, Math.ceil(error.msBeforeNext / 1000)));
      throw error;
    }
  }

  /** Forgets the count for `key` (the account limit after a successful sign-in). */
  async forget(limit: LimitName, key: string): Promise<void> {
    await this.limiters[limit].delete(key);
  }

  async onApplicationShutdown(): Promise<void> {
    this.redis?.disconnect();
  }
}
