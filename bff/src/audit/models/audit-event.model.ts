import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { Region } from '@ph/contracts';
import { RegionEnum } from '../../graphql/region.enum';
import type { AuditEvent } from '../audit-event.entity';

/** One audit log entry. `before` / `after` are JSON text. */
@ObjectType('AuditEvent')
export class AuditEventModel {
  @Field(() => ID)
  id!: string;

  @Field(() => Date)
  at!: Date;

  @Field(() => String, { nullable: true, description: 'USER or API_KEY; null for anonymous attempts (and events recorded before actor types).' })
  actorType!: string | null;

  @Field(() => ID, { nullable: true, description: "The user's id, or the API key's id for API_KEY." })
  actorId!: string | null;

  @Field(() => String, { nullable: true })
  actorEmail!: string | null;

  @Field(() => String, { nullable: true, description: "An API key's name (API_KEY actors)." })
  actorName!: string | null;

  @Field(() => RegionEnum, { nullable: true })
  region!: Region | null;

  @Field(() => String)
  action!: string;

  @Field(() => String, { nullable: true })
  targetType!: string | null;

  @Field(() => String, { nullable: true })
  targetId!: string | null;

  @Field(() => ID, { nullable: true })
  customerId!: string | null;

  @Field(() => String, { nullable: true, description: 'JSON of the state before the change.' })
  before!: string | null;

  @Field(() => String, { nullable: true, description: 'JSON of the state after the change.' })
  after!: string | null;

  @Field(() => String, { description: 'SUCCESS, DENIED or FAILURE.' })
  outcome!: string;

  @Field(() => String, { nullable: true })
  reason!: string | null;

  @Field(() => String, { nullable: true })
  requestId!: string | null;
}

/** A page of audit events, newest first. */
@ObjectType('AuditEventPage')
export class AuditEventPageModel {
  @Field(() => [AuditEventModel])
  events!: AuditEventModel[];

  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page; null on the last page.' })
  nextCursor!: string | null;
}

/** The GraphQL view of an event. */
export function toAuditEventModel(event: AuditEvent): AuditEventModel {
  return {
    id: String(event.id),
    at: event.at,
    actorType: event.actorType,
    actorId: event.actorId,
    actorEmail: event.actorEmail,
    actorName: event.actorName,
    region: event.region,
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId,
    customerId: event.customerId,
    before: event.before ? JSON.stringify(event.before) : null,
    after: event.after ? JSON.stringify(event.after) : null,
    outcome: event.outcome,
    reason: event.reason,
    requestId: event.requestId,
  };
}
