import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';

export const CALL_DIRECTIONS = ['INBOUND', 'OUTBOUND'] as const;
export type CallDirection = (typeof CALL_DIRECTIONS)[number];

export const ENDPOINT_TYPES = ['DESK_PHONE', 'ROOM_DEVICE', 'APP', 'THIRD_PARTY'] as const;
export type EndpointType = (typeof ENDPOINT_TYPES)[number];

export const QUEUE_OUTCOMES = ['ANSWERED', 'ABANDONED', 'TIMED_OUT', 'OVERFLOWED', 'TRANSFERRED'] as const;
export type QueueOutcome = (typeof QUEUE_OUTCOMES)[number];

/**
 * One leg of a call (region store). A leg is poor quality when its audio or video stream has
 * jitter > 150 ms, latency > 400 ms or packet loss > 5 %. Natural key: the leg id.
 */
@Entity({ tableName: 'call_leg' })
@Index({ properties: ['customerId', 'startedAt'] })
@Index({ properties: ['startedAt'] })
export class CallLeg {
  @PrimaryKey({ type: 'string', length: 64 })
  id!: string;

  /** The customer's org id (no foreign key: legs are bulk-ingested at volume; ingestion checks the customer). */
  @Property({ type: 'uuid' })
  customerId!: string;

  @Property({ type: 'string', length: 64 })
  callId!: string;

  @Property({ type: 'datetime' })
  startedAt!: Date;

  @Property({ type: 'integer' })
  durationSeconds!: number;

  @Enum({ items: [...CALL_DIRECTIONS] })
  direction!: CallDirection;

  @Enum({ items: [...ENDPOINT_TYPES] })
  endpointType!: EndpointType;

  @Property({ type: 'boolean' })
  audio!: boolean;

  @Property({ type: 'boolean' })
  video!: boolean;

  @Property({ type: 'float', nullable: true })
  audioJitterMs: number | null = null;

  @Property({ type: 'float', nullable: true })
  audioLatencyMs: number | null = null;

  @Property({ type: 'float', nullable: true })
  audioLossPct: number | null = null;

  @Property({ type: 'float', nullable: true })
  videoJitterMs: number | null = null;

  @Property({ type: 'float', nullable: true })
  videoLatencyMs: number | null = null;

  @Property({ type: 'float', nullable: true })
  videoLossPct: number | null = null;

  /** "Call on Webex"-style app-to-app call (excluded from Calling analytics). */
  @Property({ type: 'boolean' })
  appToApp!: boolean;

  @Property({ type: 'boolean' })
  huntGroup!: boolean;

  @Property({ type: 'boolean' })
  autoAttendant!: boolean;

  @Property({ type: 'boolean' })
  callQueue!: boolean;

  /** The call was transferred (blind or consultative) on this leg. Default false (older feeds do not send it). */
  @Property({ type: 'boolean', default: false })
  transfer = false;

  /** The call was parked on this leg (Call Park). */
  @Property({ type: 'boolean', default: false })
  park = false;

  /** This leg answered a call ringing elsewhere (Call Pickup). */
  @Property({ type: 'boolean', default: false })
  pickup = false;

  @Enum({ items: [...QUEUE_OUTCOMES], nullable: true })
  queueOutcome: QueueOutcome | null = null;

  @Property({ type: 'integer', nullable: true })
  queueWaitSeconds: number | null = null;

  @Property({ type: 'uuid', nullable: true })
  userId: string | null = null;
}
