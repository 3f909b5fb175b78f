import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { REGIONS, type Region } from '@ph/contracts';
import { PRODUCTS, type Product } from '../resources/catalogue';

export const HELPDESK_STATUSES = ['QUEUED', 'RETRYING', 'DELIVERED', 'FAILED'] as const;
export type HelpdeskStatus = (typeof HELPDESK_STATUSES)[number];

/**
 * A request to the Partner Helpdesk (directory store), stored before it is sent: the outbox worker delivers it
 * to the configured channels, retrying with backoff; full admins see what was sent and whether it arrived.
 */
@Entity({ tableName: 'helpdesk_request' })
@Index({ properties: ['status', 'nextAttemptAt'] })
@Index({ properties: ['partnerId', 'createdAt'] })
export class HelpdeskRequest {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'uuid' })
  partnerId!: string;

  @Property({ type: 'string', length: 200 })
  partnerName!: string;

  @Property({ type: 'uuid' })
  userId!: string;

  @Property({ type: 'string', length: 320 })
  userEmail!: string;

  @Property({ type: 'string', length: 200 })
  userName!: string;

  @Enum({ items: [...PRODUCTS] })
  product!: Product;

  @Property({ type: 'string', length: 200 })
  subject!: string;

  @Property({ type: 'text' })
  message!: string;

  @Enum({ items: [...REGIONS], nullable: true })
  customerRegion: Region | null = null;

  @Property({ type: 'uuid', nullable: true })
  customerId: string | null = null;

  @Property({ type: 'string', length: 200, nullable: true })
  customerName: string | null = null;

  /** Channels to deliver to when the request was made, comma-separated (`email`, `webhook`); empty: none configured. */
  @Property({ type: 'string', length: 50 })
  channels!: string;

  @Enum({ items: [...HELPDESK_STATUSES] })
  status: HelpdeskStatus & Opt = 'QUEUED';

  @Property({ type: 'integer' })
  attempts: number & Opt = 0;

  @Property({ type: 'datetime' })
  nextAttemptAt: Date & Opt = new Date();

  /** A worker holds the request until then (atomic claim; another replica may take it over afterwards). */
  @Property({ type: 'datetime', nullable: true })
  leaseUntil: Date | null = null;

  @Property({ type: 'string', length: 100, nullable: true })
  leaseOwner: string | null = null;

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  /** Per channel, so a retry does not send again what already arrived. */
  @Property({ type: 'datetime', nullable: true })
  emailDeliveredAt: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  webhookDeliveredAt: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  deliveredAt: Date | null = null;
}
