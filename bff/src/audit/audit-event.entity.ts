import { BeforeDelete, BeforeUpdate, Entity, Enum, Index, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { REGIONS, type Region } from '@ph/contracts';

export const AUDIT_OUTCOMES = ['SUCCESS', 'DENIED', 'FAILURE'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** Who acted: a signed-in partner administrator or a partner API key (data feeds). */
export const AUDIT_ACTOR_TYPES = ['USER', 'API_KEY'] as const;
export type AuditActorType = (typeof AUDIT_ACTOR_TYPES)[number];

/** One audited change or denied attempt (directory store). Append-only: updates and deletes throw. */
@Entity({ tableName: 'audit_event' })
@Index({ properties: ['partnerId', 'id'] })
export class AuditEvent {
  /**
   * Monotonic; also the keyset-paging cursor. `integer` rather than `bigint`: MikroORM 6.6.16 sees a
   * SQLite bigint primary key as changed on every schema diff.
   */
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number & Opt;

  /**
   * Set for events relayed from a region store's outbox (the outbox row's id): unique, so relaying
   * the same event twice (a retry, two replicas sweeping at once) stores it once.
   */
  @Property({ type: 'uuid', nullable: true, unique: true })
  eventId: string | null = null;

  @Index()
  @Property({ type: 'datetime' })
  at: Date & Opt = new Date();

  /** Null for anonymous attempts and for events written before actor types were recorded. */
  @Enum({ items: [...AUDIT_ACTOR_TYPES], nullable: true })
  actorType: AuditActorType | null = null;

  /** The user's id, or the API key's id (`actorType` says which). */
  @Property({ type: 'uuid', nullable: true })
  actorId: string | null = null;

  @Property({ type: 'string', length: 320, nullable: true })
  actorEmail: string | null = null;

  /** The name of an actor that has no e-mail address: an API key's name (never the key itself). */
  @Property({ type: 'string', length: 100, nullable: true })
  actorName: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  partnerId: string | null = null;

  @Enum({ items: [...REGIONS], nullable: true })
  region: Region | null = null;

  /** e.g. `users.changeRole`, `auth.signIn`. */
  @Index()
  @Property({ type: 'string', length: 100 })
  action!: string;

  @Property({ type: 'string', length: 50, nullable: true })
  targetType: string | null = null;

  @Index()
  @Property({ type: 'string', length: 320, nullable: true })
  targetId: string | null = null;

  /** The customer the event concerns, if any (filterable). */
  @Index()
  @Property({ type: 'uuid', nullable: true })
  customerId: string | null = null;

  @Property({ type: 'json', nullable: true })
  before: Record<string, unknown> | null = null;

  @Property({ type: 'json', nullable: true })
  after: Record<string, unknown> | null = null;

  @Enum({ items: [...AUDIT_OUTCOMES] })
  outcome!: AuditOutcome;

  /** A short machine reason for denials and failures (e.g. an error code). */
  @Property({ type: 'string', length: 100, nullable: true })
  reason: string | null = null;

  @Property({ type: 'string', length: 100, nullable: true })
  requestId: string | null = null;

  @BeforeUpdate()
  @BeforeDelete()
  protected refuseChange(): never {
    throw new Error('Audit events are append-only');
  }
}
