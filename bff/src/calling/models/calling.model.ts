import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { Region } from '@ph/contracts';
import { ENDPOINT_TYPES, type EndpointType } from '../../calls/call-leg.entity';
import { RegionEnum } from '../../graphql/region.enum';

export const CALLING_FEATURES = ['HUNT_GROUP', 'AUTO_ATTENDANT', 'CALL_QUEUE', 'TRANSFER', 'PARK', 'PICKUP'] as const;
export type CallingFeature = (typeof CALLING_FEATURES)[number];

export const EndpointTypeEnum = Object.fromEntries(ENDPOINT_TYPES.map((t) => [t, t])) as Record<EndpointType, EndpointType>;
registerEnumType(EndpointTypeEnum, { name: 'EndpointType', description: 'Kind of device or client a call leg ran on.' });
export const CallingFeatureEnum = Object.fromEntries(CALLING_FEATURES.map((f) => [f, f])) as Record<CallingFeature, CallingFeature>;
registerEnumType(CallingFeatureEnum, { name: 'CallingFeature', description: 'Advanced calling feature a call leg used.' });

/** Which week calling analytics are for. */
@ObjectType()
export class CallingWeekInfo {
  @Field({ description: 'Sunday the week starts on (YYYY-MM-DD, 00:00:00 UTC, inclusive).' })
  weekStart!: string;

  @Field({ description: 'Sunday the week ends on (YYYY-MM-DD, 00:00:00 UTC, exclusive).' })
  weekEnd!: string;

  @Field({ description: 'When the rollup of this week was computed in this region.' })
  computedAt!: Date;
}

/** Call usage of the visible customers in one week. */
@ObjectType()
export class CallingUsageWeek {
  @Field()
  weekStart!: string;

  @Field({ description: 'False when the week has not been rolled up (its figures are 0).' })
  computed!: boolean;

  @Field(() => Int, { description: 'Users who made or received a call.' })
  activeUsers!: number;

  @Field(() => Int)
  calls!: number;

  @Field(() => Int)
  legs!: number;

  @Field(() => Float)
  minutes!: number;
}

/** One customer's call usage in the week and the week before. */
@ObjectType()
export class CallingCustomerUsage {
  @Field()
  customerId!: string;

  @Field()
  name!: string;

  @Field(() => Int)
  calls!: number;

  @Field(() => Int)
  legs!: number;

  @Field(() => Float)
  minutes!: number;

  @Field(() => Float)
  videoMinutes!: number;

  @Field(() => Int)
  activeUsers!: number;

  @Field(() => Int)
  previousCalls!: number;

  @Field(() => Float)
  previousMinutes!: number;

  @Field(() => Int)
  previousActiveUsers!: number;

  @Field(() => Float, { nullable: true, description: 'Relative change of calls vs the previous week (-0.25 = 25 % fewer); null when the previous week had none.' })
  callsChange!: number | null;

  @Field(() => Float, { nullable: true, description: 'Relative change of minutes vs the previous week.' })
  minutesChange!: number | null;

  @Field(() => Float, { nullable: true, description: 'Relative change of active users vs the previous week.' })
  activeUsersChange!: number | null;

  @Field({ description: 'Calls fell by more than 10 % vs the previous week.' })
  declining!: boolean;
}

/** Section "Call usage last week". */
@ObjectType()
export class CallingUsage {
  @Field(() => RegionEnum)
  region!: Region;

  @Field(() => CallingWeekInfo, { nullable: true, description: 'Null until a week has been rolled up.' })
  week!: CallingWeekInfo | null;

  @Field(() => [CallingUsageWeek], { description: 'The 8 weeks ending with `week`, oldest first.' })
  trend!: CallingUsageWeek[];

  @Field(() => Int, { description: 'Customers with calls in the week or the week before.' })
  customerCount!: number;

  @Field(() => [CallingCustomerUsage], { description: 'Declining customers first (largest fall first), then by name.' })
  customers!: CallingCustomerUsage[];
}

/** Legs and poor-quality legs. */
@ObjectType()
export class CallingQualityWeek {
  @Field()
  weekStart!: string;

  @Field()
  computed!: boolean;

  @Field(() => Int)
  legs!: number;

  @Field(() => Int)
  poorLegs!: number;

  @Field(() => Float, { nullable: true, description: 'poorLegs / legs; null without legs.' })
  poorShare!: number | null;
}

/** Quality on one endpoint type. */
@ObjectType()
export class CallingEndpointQuality {
  @Field(() => EndpointTypeEnum)
  endpointType!: EndpointType;

  @Field(() => Int)
  legs!: number;

  @Field(() => Int)
  poorLegs!: number;

  @Field(() => Float, { nullable: true })
  poorShare!: number | null;
}

/** One customer's call quality. */
@ObjectType()
export class CallingCustomerQuality {
  @Field()
  customerId!: string;

  @Field()
  name!: string;

  @Field(() => Int)
  legs!: number;

  @Field(() => Int)
  poorLegs!: number;

  @Field(() => Float, { nullable: true })
  poorShare!: number | null;
}

/** Section "Call quality last week". */
@ObjectType()
export class CallingQuality {
  @Field(() => RegionEnum)
  region!: Region;

  @Field(() => CallingWeekInfo, { nullable: true })
  week!: CallingWeekInfo | null;

  @Field(() => [CallingQualityWeek], { description: 'The 8 weeks ending with `week`, oldest first.' })
  trend!: CallingQualityWeek[];

  @Field(() => [CallingEndpointQuality], { description: 'Every endpoint type, in a fixed order.' })
  byEndpointType!: CallingEndpointQuality[];

  @Field(() => Int)
  customerCount!: number;

  @Field(() => [CallingCustomerQuality], { description: 'Highest poor-quality share first.' })
  customers!: CallingCustomerQuality[];
}

/** Calls that used one feature. */
@ObjectType()
export class CallingFeatureUsage {
  @Field(() => CallingFeatureEnum)
  feature!: CallingFeature;

  @Field(() => Int, { description: 'Distinct calls with at least one leg using the feature.' })
  calls!: number;

  @Field(() => Int)
  legs!: number;
}

/** Section "Advanced calling features last week" (customers with Call Queue enabled). */
@ObjectType()
export class CallingFeatures {
  @Field(() => RegionEnum)
  region!: Region;

  @Field(() => CallingWeekInfo, { nullable: true })
  week!: CallingWeekInfo | null;

  @Field(() => Int, { description: 'Customers with Call Queue enabled (a CALL_QUEUE number or call-queue legs) and calls in the week.' })
  customerCount!: number;

  @Field(() => [CallingFeatureUsage], { description: 'Every feature, in a fixed order (hunt group, auto attendant, call queue, transfer, park, pickup).' })
  features!: CallingFeatureUsage[];
}

/** One customer's call-queue figures. */
@ObjectType()
export class CallQueueCustomer {
  @Field()
  customerId!: string;

  @Field()
  name!: string;

  @Field(() => Int, { description: 'Queue legs (legs with a queue outcome).' })
  queueCalls!: number;

  @Field(() => Int)
  answered!: number;

  @Field(() => Int)
  abandoned!: number;

  @Field(() => Int)
  timedOut!: number;

  @Field(() => Int)
  overflowed!: number;

  @Field(() => Int)
  transferred!: number;

  @Field(() => Float, { nullable: true })
  averageTimeToAnswerSeconds!: number | null;

  @Field(() => Float, { nullable: true })
  averageWaitBeforeAbandonSeconds!: number | null;

  @Field(() => Float, { nullable: true, description: 'abandoned / queueCalls.' })
  abandonRate!: number | null;

  @Field(() => Int)
  huntGroupCalls!: number;

  @Field(() => Int)
  autoAttendantCalls!: number;

  @Field(() => Int)
  callQueueCalls!: number;

  @Field(() => Int, { description: 'Calls with a transferred leg.' })
  transferCalls!: number;

  @Field(() => Int, { description: 'Calls with a parked leg (Call Park).' })
  parkCalls!: number;

  @Field(() => Int, { description: 'Calls answered by call pickup.' })
  pickupCalls!: number;
}

/** Section "Call queue insights last week". */
@ObjectType()
export class CallQueueInsights {
  @Field(() => RegionEnum)
  region!: Region;

  @Field(() => CallingWeekInfo, { nullable: true })
  week!: CallingWeekInfo | null;

  @Field(() => Float, { nullable: true, description: 'Mean queue wait of answered calls.' })
  averageTimeToAnswerSeconds!: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean queue wait of abandoned calls.' })
  averageWaitBeforeAbandonSeconds!: number | null;

  @Field(() => Float, { nullable: true, description: 'Abandoned / all queue calls over the visible customers (timed-out calls are not abandoned).' })
  abandonRate!: number | null;

  @Field(() => Int)
  customerCount!: number;

  @Field(() => [CallQueueCustomer], { description: 'Customers with queue calls, highest abandon rate first.' })
  customers!: CallQueueCustomer[];
}

/** One week rolled up in one region. */
@ObjectType()
export class CallingRolledUpWeek {
  @Field(() => RegionEnum)
  region!: Region;

  @Field()
  weekStart!: string;

  @Field(() => Int)
  legs!: number;
}

/** What a triggered rollup did. */
@ObjectType()
export class CallingRollupRun {
  @Field(() => [CallingRolledUpWeek])
  weeks!: CallingRolledUpWeek[];
}
