import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { CallingRollupService } from './calling-rollup.service';
import { nextRunAfter } from './calling-weeks';

/** Timers the scheduler uses (tests pass fakes that fire on demand). */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const systemTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Runs the calling rollup at start (catching up every missed week) and then every Sunday 00:00:00
 * UTC, by the rollup service's clock. Started by `createApp` outside tests; tests start it themselves.
 */
@Injectable()
export class CallingScheduler implements OnApplicationShutdown {
  private readonly logger = new Logger(CallingScheduler.name);
  private handle: unknown = null;
  private running: Promise<unknown> | null = null;
  timers: Timers = systemTimers;

  constructor(private readonly rollup: CallingRollupService) {}

  /** True between `start` and `stop`. */
  get started(): boolean {
    return this.handle !== null;
  }

  /** Runs a catch-up now and schedules the weekly runs. */
  start(): void {
    if (this.handle !== null) return;
    this.handle = this.timers.setTimeout(() => this.tick(), 0);
  }

  /** Cancels the next run and waits for one in progress. */
  async stop(): Promise<void> {
    if (this.handle !== null) this.timers.clearTimeout(this.handle);
    this.handle = null;
    await this.running;
  }

  /** The run in progress, if any (tests await it). */
  get current(): Promise<unknown> | null {
    return this.running;
  }

  private tick(): void {
    this.running = this.rollup
      .run()
      .then((weeks) => {
        if (weeks === null) this.logger.log('calling rollup skipped: another replica holds the lease');
      })
      .catch((error: unknown) => this.logger.error({ err: error }, 'calling rollup failed; the week is redone on the next run'))
      .finally(() => {
        this.running = null;
        if (this.handle === null) return;
        const now = this.rollup.clock.now();
        this.handle = this.timers.setTimeout(() => this.tick(), nextRunAfter(now).getTime() - now.getTime());
      });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }
}
