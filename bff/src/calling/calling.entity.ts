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
 * app-to-app legs; one row per customer with legs in the week. Sums (not averages) so weeks and
 * customers add up; averages are sum / count. `partnerId` and the `*Rank` columns are copied in at
 * rollup time so a section's page is an index range scan (`weekStart, partnerId, rank`) instead of
 * a sort over every customer; ranks break ties by the customer's name at rollup time.
 */
@Entity({ tableName: 'calling_customer_week' })
// A scoped admin's sums (trends, features, queue KPIs) seek each of their customers' weeks in this
// index and read every summed column from it, without touching the table.
@Index({
  name: 'calling_customer_week_scoped_sums_index',
  properties: [
    'customerId',
    'weekStart',
    'partnerId',
    'calls',
    'legs',
    'seconds',
    'activeUsers',
    'poorLegs',
    'callQueueEnabled',
    'huntGroupCalls',
    'huntGroupLegs',
    'autoAttendantCalls',
    'autoAttendantLegs',
    'callQueueCalls',
    'callQueueLegs',
    'transferCalls',
    'transferLegs',
    'parkCalls',
    'parkLegs',
    'pickupCalls',
    'pickupLegs',
    'queueLegs',
    'queueAbandoned',
    'answerWaitSeconds',
    'answerWaitLegs',
    'abandonWaitSeconds',
    'abandonWaitLegs',
  ],
})
// Table pages in rank order; the customer id in the index lets a scoped admin's page skip other customers' rows.
@Index({ properties: ['weekStart', 'partnerId', 'qualityRank', 'customerId'] })
@Index({ properties: ['weekStart', 'partnerId', 'queueRank', 'customerId'] })
export class CallingCustomerWeek {
  @PrimaryKey({ type: 'string', length: 10 })
  weekStart!: string;

  @PrimaryKey({ type: 'uuid' })
  customerId!: string;

  /** The customer's partner at rollup time (null for legs of a customer the store does not know). */
  @Property({ type: 'uuid', nullable: true })
  partnerId: string | null = null;

  /** Call Queue enabled: call-queue legs in the week, or a CALL_QUEUE phone number when the week was rolled up. */
  @Property({ type: 'boolean', default: false })
  callQueueEnabled!: boolean;

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

  @Property({ type: 'integer', default: 0 })
  transferLegs!: number;

  @Property({ type: 'integer', default: 0 })
  parkLegs!: number;

  @Property({ type: 'integer', default: 0 })
  pickupLegs!: number;

  /** Distinct calls with at least one hunt-group leg. */
  @Property({ type: 'integer' })
  huntGroupCalls!: number;

  @Property({ type: 'integer' })
  autoAttendantCalls!: number;

  @Property({ type: 'integer' })
  callQueueCalls!: number;

  /** Distinct calls with at least one transferred leg. */
  @Property({ type: 'integer', default: 0 })
  transferCalls!: number;

  /** Distinct calls with at least one parked leg. */
  @Property({ type: 'integer', default: 0 })
  parkCalls!: number;

  /** Distinct calls with at least one leg answered by call pickup. */
  @Property({ type: 'integer', default: 0 })
  pickupCalls!: number;

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

  /** Place in the partner's "Customers and call quality" table: poor share desc, poor legs desc, name, id. */
  @Property({ type: 'integer', nullable: true })
  qualityRank: number | null = null;

  /** Place in the partner's "Customers and feature usage" table (queue legs only; null without): abandon rate desc, queue legs desc, name, id. */
  @Property({ type: 'integer', nullable: true })
  queueRank: number | null = null;
}

/**
 * One row of the "Customers and usage" table: a customer with calls in the week or the week before,
 * its figures of both weeks (the previous week's from that week's rollup; zeros when it had none).
 * Rewritten with its week and again when the week before is recomputed.
 */
@Entity({ tableName: 'calling_usage_week' })
@Index({ properties: ['weekStart', 'partnerId', 'usageRank', 'customerId'] })
export class CallingUsageWeek {
  @PrimaryKey({ type: 'string', length: 10 })
  weekStart!: string;

  @PrimaryKey({ type: 'uuid' })
  customerId!: string;

  @Property({ type: 'uuid', nullable: true })
  partnerId: string | null = null;

  @Property({ type: 'integer' })
  calls!: number;

  @Property({ type: 'integer' })
  legs!: number;

  @Property({ type: 'integer' })
  seconds!: number;

  @Property({ type: 'integer' })
  videoSeconds!: number;

  @Property({ type: 'integer' })
  activeUsers!: number;

  @Property({ type: 'integer' })
  previousCalls!: number;

  @Property({ type: 'integer' })
  previousSeconds!: number;

  @Property({ type: 'integer' })
  previousActiveUsers!: number;

  /**
   * Place in the partner's table: customers whose previous week had calls first, by relative change
   * of calls ascending (so the largest fall comes first), then customers new this week; ties by
   * name, then id.
   */
  @Property({ type: 'integer' })
  usageRank!: number;
}

/** Legs and poor-quality legs of one customer, week and endpoint type (region store). */
@Entity({ tableName: 'calling_endpoint_week' })
// A scoped admin's legs per endpoint type: their customers' rows of a week read from the index alone.
@Index({ properties: ['weekStart', 'customerId', 'endpointType', 'partnerId', 'legs', 'poorLegs'] })
export class CallingEndpointWeek {
  @PrimaryKey({ type: 'string', length: 10 })
  weekStart!: string;

  @PrimaryKey({ type: 'uuid' })
  customerId!: string;

  @Enum({ items: [...ENDPOINT_TYPES], primary: true })
  endpointType!: EndpointType;

  @Property({ type: 'uuid', nullable: true })
  partnerId: string | null = null;

  @Property({ type: 'integer' })
  legs!: number;

  @Property({ type: 'integer' })
  poorLegs!: number;
}

/**
 * A partner's totals of one week (region store), summed from its customer rows in the same
 * transaction: what the partner-wide KPIs, trends and charts show to an admin who sees every
 * customer, in one row per week. Admins limited to some customers get sums over their customers' rows.
 */
@Entity({ tableName: 'calling_partner_week' })
export class CallingPartnerWeek {
  @PrimaryKey({ type: 'string', length: 10 })
  weekStart!: string;

  @PrimaryKey({ type: 'uuid' })
  partnerId!: string;

  /** Customers with legs in the week. */
  @Property({ type: 'integer' })
  customers!: number;

  /** Customers with calls in the week or the week before (rows of the usage table). */
  @Property({ type: 'integer' })
  usageCustomers!: number;

  @Property({ type: 'integer' })
  calls!: number;

  @Property({ type: 'integer' })
  legs!: number;

  @Property({ type: 'integer' })
  seconds!: number;

  @Property({ type: 'integer' })
  activeUsers!: number;

  @Property({ type: 'integer' })
  poorLegs!: number;

  /** Legs and poor legs per endpoint type. */
  @Property({ type: 'integer' })
  deskPhoneLegs!: number;

  @Property({ type: 'integer' })
  deskPhonePoorLegs!: number;

  @Property({ type: 'integer' })
  roomDeviceLegs!: number;

  @Property({ type: 'integer' })
  roomDevicePoorLegs!: number;

  @Property({ type: 'integer' })
  appLegs!: number;

  @Property({ type: 'integer' })
  appPoorLegs!: number;

  @Property({ type: 'integer' })
  thirdPartyLegs!: number;

  @Property({ type: 'integer' })
  thirdPartyPoorLegs!: number;

  /** Customers with Call Queue enabled and legs in the week; the feature sums below are over them. */
  @Property({ type: 'integer' })
  callQueueCustomers!: number;

  @Property({ type: 'integer' })
  huntGroupCalls!: number;

  @Property({ type: 'integer' })
  huntGroupLegs!: number;

  @Property({ type: 'integer' })
  autoAttendantCalls!: number;

  @Property({ type: 'integer' })
  autoAttendantLegs!: number;

  @Property({ type: 'integer' })
  callQueueCalls!: number;

  @Property({ type: 'integer' })
  callQueueLegs!: number;

  @Property({ type: 'integer' })
  transferCalls!: number;

  @Property({ type: 'integer' })
  transferLegs!: number;

  @Property({ type: 'integer' })
  parkCalls!: number;

  @Property({ type: 'integer' })
  parkLegs!: number;

  @Property({ type: 'integer' })
  pickupCalls!: number;

  @Property({ type: 'integer' })
  pickupLegs!: number;

  /** Customers with queue legs; the queue sums below are over every customer. */
  @Property({ type: 'integer' })
  queueCustomers!: number;

  @Property({ type: 'integer' })
  queueLegs!: number;

  @Property({ type: 'integer' })
  queueAbandoned!: number;

  @Property({ type: 'integer' })
  answerWaitSeconds!: number;

  @Property({ type: 'integer' })
  answerWaitLegs!: number;

  @Property({ type: 'integer' })
  abandonWaitSeconds!: number;

  @Property({ type: 'integer' })
  abandonWaitLegs!: number;
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
