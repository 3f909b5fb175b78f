import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { RegionStores } from '../database/stores';
import { postWebhook, sendEmail } from './helpdesk.delivery';
import { HelpdeskRequest } from './helpdesk-request.entity';

/** How long a claimed request stays with one worker before another replica may take it over. */
const LEASE_MS = 2 * 60_000;
const MAX_DELAY_MS = 60 * 60_000;
const BATCH = 10;

/**
 * The helpdesk outbox: delivers stored requests to the configured channels. Each request is claimed with one
 * atomic conditional update (status due, lease free or expired), so several BFF replicas never deliver the
 * same request at once; failures are retried with exponential backoff until `maxAttempts`.
 */
@Injectable()
export class HelpdeskWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HelpdeskWorker.name);
  readonly owner = `${process.pid}-${randomUUID()}`;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly stores: RegionStores,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.helpdesk.smtpUrl && !this.config.helpdesk.webhookUrl) return;
    this.timer = setInterval(() => this.kick(), this.config.helpdesk.workerIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => 0);
  }

  /** Starts a delivery round unless one is running. */
  kick(): void {
    if (this.stopped || this.running) return;
    this.running = this.runOnce()
      .catch((error: unknown) => {
        this.logger.error(`helpdesk delivery round failed: ${(error as Error).message}`);
        return 0;
      })
      .finally(() => {
        this.running = null;
      });
  }

  /** Resolves when the current delivery round (if any) has finished. */
  async settle(): Promise<void> {
    await this.running;
  }

  /** Claims and delivers the due requests once; returns how many it attempted. */
  async runOnce(now = new Date()): Promise<number> {
    const em = this.stores.directory();
    const due = await em.find(
      HelpdeskRequest,
      { status: { $in: ['QUEUED', 'RETRYING'] }, channels: { $ne: '' }, nextAttemptAt: { $lte: now }, $or: [{ leaseUntil: null }, { leaseUntil: { $lt: now } }] },
      { fields: ['id'], orderBy: { nextAttemptAt: 'asc' }, limit: BATCH },
    );
    let attempted = 0;
    for (const { id } of due) {
      if (await this.claim(id, now)) {
        attempted++;
        await this.deliver(id);
      }
    }
    return attempted;
  }

  /** The atomic claim: true when this worker now holds the request's lease. */
  async claim(id: string, now = new Date()): Promise<boolean> {
    const claimed = await this.stores.directory().nativeUpdate(
      HelpdeskRequest,
      { id, status: { $in: ['QUEUED', 'RETRYING'] }, nextAttemptAt: { $lte: now }, $or: [{ leaseUntil: null }, { leaseUntil: { $lt: now } }] },
      { leaseOwner: this.owner, leaseUntil: new Date(now.getTime() + LEASE_MS) },
    );
    return claimed === 1;
  }

  private async deliver(id: string): Promise<void> {
    const em = this.stores.directory();
    const request = await em.findOneOrFail(HelpdeskRequest, { id });
    const channels = request.channels.split(',');
    const errors: string[] = [];
    if (channels.includes('email') && !request.emailDeliveredAt) {
      try {
        await sendEmail(this.config.helpdesk, request);
        request.emailDeliveredAt = new Date();
      } catch (error) {
        errors.push(`email: ${(error as Error).message}`);
      }
    }
    if (channels.includes('webhook') && !request.webhookDeliveredAt) {
      try {
        await postWebhook(this.config.helpdesk, request);
        request.webhookDeliveredAt = new Date();
      } catch (error) {
        errors.push(`webhook: ${(error as Error).message}`);
      }
    }
    request.attempts += 1;
    request.leaseOwner = null;
    request.leaseUntil = null;
    if (errors.length === 0) {
      request.status = 'DELIVERED';
      request.deliveredAt = new Date();
      request.lastError = null;
    } else {
      request.lastError = errors.join('; ').slice(0, 1000);
      const delay = Math.min(this.config.helpdesk.retryBaseMs * 2 ** (request.attempts - 1), MAX_DELAY_MS);
      request.status = request.attempts >= this.config.helpdesk.maxAttempts ? 'FAILED' : 'RETRYING';
      request.nextAttemptAt = new Date(Date.now() + delay);
      this.logger.warn(`helpdesk request ${request.id} attempt ${request.attempts} failed (${request.lastError}); ${request.status === 'FAILED' ? 'giving up' : `retrying in ${delay} ms`}`);
    }
    await em.flush();
  }
}
