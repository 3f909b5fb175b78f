import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ErrorCode } from '@ph/contracts';
import Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '../common/app-error';
import { APP_CONFIG, type AppConfig } from '../config/config';

/** Thrown when a limit is exhausted; carries how long the client should wait and the limit's window. */
export class RateLimitedError extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    readonly limit: LimitName,
    readonly windowSeconds: number,
  ) {
    super(ErrorCode.RateLimited, 'Too many requests, try again later');
  }
}

export type LimitName = 'signInAccount' | 'signInIp' | 'setPasswordIp' | 'graphql';

/** The answer of {@link RateLimitService.throttle}. */
export interface Throttle {
  /** True for the first call of the key in its window. */
  first: boolean;
  /** On the first call: how many calls of the key since the previous first call were not first (within a day). */
  suppressed: number;
}

/**
 * Rate limits: sign-in and set-password per account / per IP, GraphQL per user. Shared by every replica through Redis
 * when `REDIS_URL` is set, in memory otherwise.
 */
@Injectable()
export class RateLimitService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RateLimitService.name);
  private readonly redis: Redis | null;
  private readonly limiters: Record<LimitName, RateLimiterAbstract>;
  private readonly windows: Record<LimitName, number>;
  private readonly make: (keyPrefix: string, points: number, duration: number) => RateLimiterAbstract;
  /** One gate per throttle window (1 point per window) and the counter of calls the gates turned away. */
  private readonly gates = new Map<number, RateLimiterAbstract>();
  private readonly suppressedCounter: RateLimiterAbstract;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.redis = config.redisUrl ? new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }) : null;
    this.redis?.on('error', (error: Error) => this.logger.warn(`redis: ${error.message}`));
    this.make = (keyPrefix: string, points: number, duration: number): RateLimiterAbstract =>
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
    this.windows = { signInAccount: 15 * 60, signInIp: 15 * 60, setPasswordIp: 15 * 60, graphql: 60 };
    this.limiters = {
      signInAccount: this.make('signin-account', signInPerAccount, this.windows.signInAccount),
      signInIp: this.make('signin-ip', signInPerIp, this.windows.signInIp),
      // Redeeming a set-password link is limited like sign-in (its own count, the same budget).
      setPasswordIp: this.make('set-password-ip', signInPerIp, this.windows.setPasswordIp),
      graphql: this.make('graphql', graphqlPerUser, this.windows.graphql),
    };
    this.suppressedCounter = this.make('throttled', 1_000_000_000, 24 * 60 * 60);
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
      if (error instanceof RateLimiterRes) throw new RateLimitedError(Math.max(1, Math.ceil(error.msBeforeNext / 1000)), limit, this.windows[limit]);
      throw error;
    }
  }

  /**
   * Lets one call per `key` through per `windowSeconds` (shared by every replica like the limits) and
   * counts the others; used to write at most one audit event per refused key and window.
   */
  async throttle(key: string, windowSeconds: number): Promise<Throttle> {
    let gate = this.gates.get(windowSeconds);
    if (!gate) {
      gate = this.make(`throttle-${windowSeconds}`, 1, windowSeconds);
      this.gates.set(windowSeconds, gate);
    }
    try {
      await gate.consume(key, 1);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      await this.suppressedCounter.consume(key, 1).catch(() => undefined);
      return { first: false, suppressed: 0 };
    }
    const counted = await this.suppressedCounter.get(key);
    const suppressed = counted?.consumedPoints ?? 0;
    if (suppressed > 0) await this.suppressedCounter.delete(key);
    return { first: true, suppressed };
  }

  /** Forgets the count for `key` (the account limit after a successful sign-in). */
  async forget(limit: LimitName, key: string): Promise<void> {
    await this.limiters[limit].delete(key);
  }

  async onApplicationShutdown(): Promise<void> {
    this.redis?.disconnect();
  }
}
