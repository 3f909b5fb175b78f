import { Injectable } from '@nestjs/common';
import type { FilterQuery } from '@mikro-orm/core';
import type { Region } from '@ph/contracts';
import type { Actor } from '../auth/policy';
import { RegionStores, type StoreEntityManager } from '../database/stores';
import { AuditEvent, type AuditOutcome } from './audit-event.entity';

/** What one audit event records; `actor` null for anonymous attempts. */
export interface AuditEntry {
  actor: Pick<Actor, 'userId' | 'email' | 'partnerId'> | null;
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

/** The audit log: append and query only — no code path updates or deletes an event. */
@Injectable()
export class AuditService {
  constructor(private readonly stores: RegionStores) {}

  /** Adds an event to `em`'s unit of work; it is written with (in the same transaction as) the caller's change. */
  append(em: StoreEntityManager, entry: AuditEntry): AuditEvent {
    return em.create(AuditEvent, {
      actorId: entry.actor?.userId ?? null,
      actorEmail: entry.actor?.email ?? null,
      partnerId: entry.partnerId !== undefined ? entry.partnerId : (entry.actor?.partnerId ?? null),
      region: entry.region ?? null,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      customerId: entry.customerId ?? null,
      before: entry.before ?? null,
      after: entry.after ?? null,
      outcome: entry.outcome,
      reason: entry.reason ?? null,
      requestId: entry.requestId ?? null,
    });
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
