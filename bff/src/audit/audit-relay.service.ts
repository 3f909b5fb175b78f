import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { EventSubscriber, TransactionEventArgs } from '@mikro-orm/core';
import { REGIONS, type Region } from '@ph/contracts';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { RegionStores, type StoreEntityManager } from '../database/stores';
import { AuditEvent } from './audit-event.entity';
import { AuditOutboxEntry } from './audit-outbox.entity';
import { stagedOutboxIds } from './audit.service';

/** Outbox rows copied per statement. */
const BATCH = 200;

/**
 * Moves audit events of region-store changes from each region's `audit_outbox` into the directory's
 * `audit_event`: right after the change's transaction commits (for the rows it added), and in a
 * periodic sweep (every `AUDIT_RELAY_INTERVAL_MS`, and once at start) that picks up anything a crash
 * or an unreachable directory left behind. Copying is idempotent — the event id is unique in the
 * audit log and the insert ignores an id it already has — and the outbox row is deleted only after
 * the copy, so any number of replicas may relay and sweep at once with no state of their own.
 */
@Injectable()
export class AuditRelay implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AuditRelay.name);
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<number> | null = null;

  constructor(
    private readonly stores: RegionStores,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Relays the outbox rows of every committed region-store transaction that added some. */
  onModuleInit(): void {
    for (const region of REGIONS) {
      const subscriber: EventSubscriber = {
        afterTransactionCommit: async (args: TransactionEventArgs) => {
          const em = args.em as StoreEntityManager;
          const ids = stagedOutboxIds.get(em);
          if (!ids) return;
          stagedOutboxIds.delete(em);
          // The change is committed: a failure here must not fail it. The sweep relays the rows later.
          await this.relay(region, ids).catch((error: unknown) => {
            this.logger.warn({ region, events: ids.length, err: error }, 'audit relay after commit failed; the sweep will retry');
          });
        },
        afterTransactionRollback: async (args: TransactionEventArgs) => {
          stagedOutboxIds.delete(args.em as StoreEntityManager);
        },
      };
      this.stores.orm(region).em.getEventManager().registerSubscriber(subscriber);
    }
  }

  onApplicationBootstrap(): void {
    if (this.config.nodeEnv === 'test') return;
    this.kick();
    this.timer = setInterval(() => this.kick(), this.config.auditRelayIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.sweeping;
  }

  /** Starts a sweep unless one is running on this replica. */
  private kick(): void {
    if (this.sweeping) return;
    this.sweeping = this.sweep()
      .catch((error: unknown) => {
        this.logger.error({ err: error }, 'audit outbox sweep failed');
        return 0;
      })
      .finally(() => {
        this.sweeping = null;
      });
  }

  /**
   * Copies outbox rows of one region (those with `ids`, or the oldest `BATCH`) into the audit log,
   * then deletes them from the outbox. Returns how many rows it handled.
   */
  async relay(region: Region, ids?: readonly string[]): Promise<number> {
    const em = this.stores.forRegion(region);
    const rows = await em.find(AuditOutboxEntry, ids ? { id: { $in: [...ids] } } : {}, { orderBy: { createdAt: 'asc', id: 'asc' }, limit: BATCH });
    if (rows.length === 0) return 0;
    await this.stores
      .directory()
      .createQueryBuilder(AuditEvent)
      .insert(rows.map((row) => ({ ...row.event, actorType: row.event.actorType ?? null, actorName: row.event.actorName ?? null, at: new Date(row.event.at), eventId: row.id })))
      .onConflict('eventId')
      .ignore()
      .execute();
    await em.nativeDelete(AuditOutboxEntry, { id: { $in: rows.map((row) => row.id) } });
    return rows.length;
  }

  /** Relays every region's outbox until it is empty; returns how many rows it handled. */
  async sweep(): Promise<number> {
    let total = 0;
    for (const region of REGIONS) {
      for (;;) {
        const handled = await this.relay(region);
        total += handled;
        if (handled < BATCH) break;
      }
    }
    if (total > 0) this.logger.log({ events: total }, 'audit outbox swept');
    return total;
  }
}
