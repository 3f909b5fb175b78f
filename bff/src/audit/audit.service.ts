import { Injectable } from '@nestjs/common';
import type { FilterQuery } from '@mikro-orm/core';
import type { Region } from '@ph/contracts';
import type { Actor } from '../auth/policy';
import { RegionStores, type StoreEntityManager } from '../database/stores';
import { AuditEvent, type AuditOutcome } from './audit-event.entity';
import { AuditOutboxEntry, type OutboxEventData } from './audit-outbox.entity';

/** Outbox rows added per region-store unit of work; `AuditRelay` relays them once that transaction commits. */
export const stagedOutboxIds = new WeakMap<StoreEntityManager, string[]>();

/** The store an entity manager belongs to (`directory` or a region). */
export function storeOf(em: StoreEntityManager): string {
  return em.config.get('contextName');
}

/** A partner API key acting (the data feeds): its id and name, never the key itself. */
export interface ApiKeyActor {
  apiKeyId: string;
  name: string;
  partnerId: string;
}

/** What one audit event records; `actor` null for anonymous attempts. */
export interface AuditEntry {
  actor: Pick<Actor, 'userId' | 'email' | 'partnerId'> | ApiKeyActor | null;
  action: string;
  outcome: AuditOutcome;
  /** Defaults to the actor's partner. */
  partnerId?: string | null;
  region?: Region | null;
  targetType?: string | null;
  targetId?: string | null;
  customerId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  reason?: string | null;
  requestId?: string | null;
}

/** Filters of the audit log (always within one partner). */
export interface AuditFilter {
  actorId?: string | null;
  action?: string | null;
  customerId?: string | null;
  from?: Date | null;
  to?: Date | null;
}

export interface AuditPage {
  events: AuditEvent[];
  /** Pass as `after` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** Length of `audit_event.target_id`. */
export const TARGET_ID_MAX_LENGTH = 320;

/** The columns of the event an entry describes. */
function eventData(entry: AuditEntry, at: Date): Omit<OutboxEventData, 'at'> & { at: Date } {
  const actor = entry.actor;
  const apiKey = actor && 'apiKeyId' in actor ? actor : null;
  const user = actor && 'userId' in actor ? actor : null;
  return {
    at,
    actorType: apiKey ? 'API_KEY' : user ? 'USER' : null,
    actorId: apiKey?.apiKeyId ?? user?.userId ?? null,
    actorEmail: user?.email ?? null,
    actorName: apiKey?.name ?? null,
    partnerId: entry.partnerId !== undefined ? entry.partnerId : (entry.actor?.partnerId ?? null),
    region: entry.region ?? null,
    action: entry.action,
    targetType: entry.targetType ?? null,
    // Ids come from requests too (a denied action on a made-up id): keep what fits the column.
    targetId: entry.targetId?.slice(0, TARGET_ID_MAX_LENGTH) ?? null,
    customerId: entry.customerId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
    outcome: entry.outcome,
    reason: entry.reason ?? null,
    requestId: entry.requestId ?? null,
  };
}

/**
 * The audit log: append and query only — no code path updates or deletes an event (the relay only
 * inserts, ignoring an event id it already has).
 */
@Injectable()
export class AuditService {
  constructor(private readonly stores: RegionStores) {}

  /**
   * Adds an event to `em`'s unit of work, so it is written in the same transaction as the caller's
   * change. On the directory store that is the audit log itself; on a region store it is that store's
   * outbox (`audit_outbox`), relayed into the directory's log right after the transaction commits and
   * by `AuditRelay`'s periodic sweep — a rolled-back change leaves no event, a committed one always gets one.
   */
  append(em: StoreEntityManager, entry: AuditEntry): void {
    const data = eventData(entry, new Date());
    if (storeOf(em) === 'directory') {
      em.create(AuditEvent, data);
      return;
    }
    const row = em.create(AuditOutboxEntry, { createdAt: data.at, event: { ...data, at: data.at.toISOString() } });
    const staged = stagedOutboxIds.get(em) ?? [];
    staged.push(row.id);
    stagedOutboxIds.set(em, staged);
  }

  /** Writes one event on its own (denials and failures, where there is no change to go with). */
  async appendNow(entry: AuditEntry): Promise<void> {
    const em = this.stores.directory();
    this.append(em, entry);
    await em.flush();
  }

  /** One page of a partner's events, newest first, keyset-paged on the event id. */
  async query(partnerId: string, filter: AuditFilter, first: number, after: string | null): Promise<AuditPage> {
    const where: FilterQuery<AuditEvent> = { partnerId };
    if (filter.actorId) where.actorId = filter.actorId;
    if (filter.action) where.action = filter.action;
    if (filter.customerId) where.customerId = filter.customerId;
    if (filter.from || filter.to) where.at = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
    if (after) where.id = { $lt: Number(after) };
    const limit = Math.min(Math.max(first, 1), 500);
    const events = await this.stores.directory().find(AuditEvent, where, { orderBy: { id: 'desc' }, limit: limit + 1 });
    const more = events.length > limit;
    const page = more ? events.slice(0, limit) : events;
    return { events: page, nextCursor: more ? String(page[page.length - 1].id) : null };
  }
}
