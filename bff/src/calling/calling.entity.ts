import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { ENDPOINT_TYPES, type EndpointType } from '../calls/call-leg.entity';

/**
 * One rolled-up calling week of a region store. A week is `[weekStart, weekStart + 7 days)` by call
 * start, Sunday 00:00:00 UTC to the next Sunday 00:00:00 UTC, so the week is complete at the instant
 * the job runs (every Sunday 00:00:00 UTC). The row is written in the same transaction as the week's
 * customer rows: a week without this row was never (completely) computed and is redone.
 */
@Entity({ tableName: 'calling_week' })
export class CallingWeek {
  /** The Sunday the week starts on, `YYYY-MM-DD` (UTC). */
  @PrimaryKey({ type: 'string', length: 10 })
  weekStart!: string;

  @Property({ type: 'datetime' })
  computedAt!: Date;

  /** Call legs aggregated (app-to-app legs excluded). */
  @Property({ type: 'integer' })
  legs!: number;
}

/**
 * Calling figures of one customer in one week (region store), aggregated from `call_leg` without
 * app-to-app legs. Sums (not averages) so weeks and customers add up; averages are sum / count.
 */
@Entity({ tableName: 'calling_customer_week' })
@Index({ properties: ['customerId', 'weekStart'] })
export class CallingCustomerWeek {
  @PrimaryKey({ type: 'string', length: 10 })
  weekStart!: string;

  @PrimaryKey({ type: 'uuid' })
  customerId!: string;

  /** Distinct call ids. */
  @Property({ type: 'integer' })
  calls!: number;

  @Property({ type: 'integer' })
  legs!: number;

  /** Sum of leg durations. */
  @Property({ type: 'integer' })
  seconds!: number;

  /** Sum of the durations of legs with video. */
  @Property({ type: 'integer' })
  videoSeconds!: number;

  /** Distinct users with a leg. */
  @Property({ type: 'integer' })
  activeUsers!: number;

  /** Legs whose audio or video stream has jitter > 150 ms, latency > 400 ms or loss > 5 %. */
  @Property({ type: 'integer' })
  poorLegs!: number;

  @Property({ type: 'integer' })
  huntGroupLegs!: number;

  @Property({ type: 'integer' })
  autoAttendantLegs!: number;

  @Property({ type: 'integer' })
  callQueueLegs!: number;

  /** Distinct calls with at least one hunt-group leg. */
  @Property({ type: 'integer' })
  huntGroupCalls!: number;

  @Property({ type: 'integer' })
  autoAttendantCalls!: number;

  @Property({ type: 'integer' })
  callQueueCalls!: number;

  /** Legs with a queue outcome. */
  @Property({ type: 'integer' })
  queueLegs!: number;

  @Property({ type: 'integer' })
  queueAnswered!: number;

  @Property({ type: 'integer' })
  queueAbandoned!: number;

  @Property({ type: 'integer' })
  queueTimedOut!: number;

  @Property({ type: 'integer' })
  queueOverflowed!: number;

  @Property({ type: 'integer' })
  queueTransferred!: number;

  /** Sum of queue waits of answered legs (average time to answer = this / answered-with-wait). */
  @Property({ type: 'integer' })
  answerWaitSeconds!: number;

  /** Answered legs that have a wait. */
  @Property({ type: 'integer' })
  answerWaitLegs!: number;

  /** Sum of queue waits of abandoned legs. */
  @Property({ type: 'integer' })
  abandonWaitSeconds!: number;

  /** Abandoned legs that have a wait. */
  @Property({ type: 'integer' })
  abandonWaitLegs!: number;
}

/** Legs and poor-quality legs of one customer, week and endpoint type (region store). */
@Entity({ tableName: 'calling_endpoint_week' })
export class CallingEndpointWeek {
  @PrimaryKey({ type: 'string', length: 10 })
  weekStart!: string;

  @PrimaryKey({ type: 'uuid' })
  customerId!: string;

  @Enum({ items: [...ENDPOINT_TYPES], primary: true })
  endpointType!: EndpointType;

  @Property({ type: 'integer' })
  legs!: number;

  @Property({ type: 'integer' })
  poorLegs!: number;
}

/**
 * A named lease in the directory store: whoever holds an unexpired lease runs the job, so two BFF
 * replicas never run it at once. Claimed atomically (insert … on conflict … where expired).
 */
@Entity({ tableName: 'job_lease' })
export class JobLease {
  @PrimaryKey({ type: 'string', length: 64 })
  name!: string;

  @Property({ type: 'string', length: 64 })
  holder!: string;

  @Property({ type: 'datetime' })
  expiresAt!: Date;
}
