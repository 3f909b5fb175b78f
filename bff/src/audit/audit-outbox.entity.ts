import { randomUUID } from 'node:crypto';
import { Entity, Index, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import type { Region } from '@ph/contracts';
import type { AuditActorType, AuditOutcome } from './audit-event.entity';

/** The columns of one `audit_event` as the outbox carries them (`at` as an ISO string). */
export interface OutboxEventData {
  at: string;
  /** Absent in rows written before actor types were recorded. */
  actorType?: AuditActorType | null;
  actorId: string | null;
  actorEmail: string | null;
  /** Absent in rows written before actor types were recorded. */
  actorName?: string | null;
  partnerId: string | null;
  region: Region | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  customerId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  outcome: AuditOutcome;
  reason: string | null;
  requestId: string | null;
}

/**
 * An audit event of a change in a region store, written in the same transaction as the change
 * (the transactional outbox). `AuditRelay` copies it into the directory's `audit_event` (unique
 * `event_id` = this id, so copying twice stores it once) and then deletes it here.
 */
@Entity({ tableName: 'audit_outbox' })
export class AuditOutboxEntry {
  /** Becomes `audit_event.event_id`. */
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index()
  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'json' })
  event!: OutboxEventData;
}
