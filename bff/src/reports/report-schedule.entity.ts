import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, ManyToOne, type Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { REGIONS, type Region } from '@ph/contracts';
import { Partner } from '../partners/partner.entity';

export const SCHEDULE_FREQUENCIES = ['DAILY', 'WEEKLY', 'MONTHLY'] as const;
export type ScheduleFrequency = (typeof SCHEDULE_FREQUENCIES)[number];

/** A report generated daily, weekly or monthly at a time of day in a time zone (directory store). */
@Entity({ tableName: 'report_schedule' })
@Index({ properties: ['nextRunAt'] })
export class ReportSchedule {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Partner)
  partner!: Partner;

  @Property({ type: 'uuid' })
  templateId!: string;

  @Property({ type: 'string', length: 200 })
  templateName!: string;

  @Enum({ items: [...REGIONS] })
  region!: Region;

  @Property({ type: 'string', length: 5 })
  locale!: string;

  @Property({ type: 'string', length: 10 })
  headers!: string;

  @Enum({ items: [...SCHEDULE_FREQUENCIES] })
  frequency!: ScheduleFrequency;

  /** `HH:mm` in {@link timeZone}. */
  @Property({ type: 'string', length: 5 })
  timeOfDay!: string;

  /** ISO weekday 1 (Monday) – 7 (Sunday), weekly only. */
  @Property({ type: 'integer', nullable: true })
  weekday: number | null = null;

  /** 1–31, monthly only; a shorter month runs on its last day. */
  @Property({ type: 'integer', nullable: true })
  dayOfMonth: number | null = null;

  /** IANA time zone. */
  @Property({ type: 'string', length: 64 })
  timeZone!: string;

  /** The user it runs as; their role and customer scope are checked at every occurrence. */
  @Property({ type: 'uuid' })
  ownerId!: string;

  @Property({ type: 'string', length: 320 })
  ownerEmail!: string;

  /** The next occurrence not yet claimed. */
  @Property({ type: 'datetime' })
  nextRunAt!: Date;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();
}

export const OCCURRENCE_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'REFUSED'] as const;
export type OccurrenceStatus = (typeof OCCURRENCE_STATUSES)[number];

/**
 * One occurrence of a schedule. The unique (schedule, occurrence time) row is the claim: whichever
 * replica inserts it runs the occurrence, every other replica's insert fails, so it runs once.
 */
@Entity({ tableName: 'report_schedule_occurrence' })
@Unique({ properties: ['scheduleId', 'occurrenceAt'] })
@Index({ properties: ['status', 'retryAt'] })
export class ReportScheduleOccurrence {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  scheduleId!: string;

  @Property({ type: 'datetime' })
  occurrenceAt!: Date;

  @Enum({ items: [...OCCURRENCE_STATUSES] })
  status: OccurrenceStatus & Opt = 'RUNNING';

  @Property({ type: 'integer' })
  attempts: number & Opt = 1;

  /** When a FAILED occurrence is tried again (backoff); null when it will not be. */
  @Property({ type: 'datetime', nullable: true })
  retryAt: Date | null = null;

  /** A claimed attempt belongs to its replica until then; after it, another replica may take it over. */
  @Property({ type: 'datetime' })
  leaseUntil!: Date;

  @Property({ type: 'uuid', nullable: true })
  runId: string | null = null;

  @Property({ type: 'string', length: 500, nullable: true })
  error: string | null = null;
}
