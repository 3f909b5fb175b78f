/** GraphQL documents and result shapes of the Calling analytics page (see bff/schema.gql; fractions are 0…1). */
export interface CallingWeekInfo {
  weekStart: string;
  weekEnd: string;
  computedAt: string;
}
const WEEK = 'week { weekStart weekEnd computedAt }';


const USAGE = `callingUsage(region: $region) {
      ${WEEK}
      customerCount
      trend { weekStart computed calls legs minutes activeUsers }
      customers { customerId name calls legs minutes activeUsers callsChange minutesChange activeUsersChange declining }
    }`;
export interface CallingUsageWeek {
  weekStart: string;
  computed: boolean;
  calls: number;
  legs: number;
  minutes: number;
  activeUsers: number;
}
export interface CallingCustomerUsage {
  customerId: string;
  name: string;
  calls: number;
  legs: number;
  minutes: number;
  activeUsers: number;
  callsChange: number | null;
  minutesChange: number | null;
  activeUsersChange: number | null;
  declining: boolean;
}
export interface CallingUsage {
  week: CallingWeekInfo | null;
  customerCount: number;
  trend: CallingUsageWeek[];
  customers: CallingCustomerUsage[];
}

const QUALITY = `callingQuality(region: $region) {
      ${WEEK}
      customerCount
      trend { weekStart computed legs poorLegs poorShare }
      byEndpointType { endpointType legs poorLegs poorShare }
      customers { customerId name legs poorLegs poorShare }
    }`;
export type EndpointType = 'APP' | 'DESK_PHONE' | 'ROOM_DEVICE' | 'THIRD_PARTY';
export interface CallingQuality {
  week: CallingWeekInfo | null;
  customerCount: number;
  trend: { weekStart: string; computed: boolean; legs: number; poorLegs: number; poorShare: number | null }[];
  byEndpointType: { endpointType: EndpointType; legs: number; poorLegs: number; poorShare: number | null }[];
  customers: { customerId: string; name: string; legs: number; poorLegs: number; poorShare: number | null }[];
}

const FEATURES = `callingFeatures(region: $region) {
      ${WEEK}
      customerCount
      features { feature calls legs }
    }`;
export type CallingFeature = 'AUTO_ATTENDANT' | 'CALL_QUEUE' | 'HUNT_GROUP' | 'PARK' | 'PICKUP' | 'TRANSFER';
export interface CallingFeatures {
  week: CallingWeekInfo | null;
  customerCount: number;
  features: { feature: CallingFeature; calls: number; legs: number }[];
}

const QUEUE = `callQueueInsights(region: $region) {
      ${WEEK}
      customerCount
      averageTimeToAnswerSeconds
      averageWaitBeforeAbandonSeconds
      abandonRate
      customers {
        customerId name queueCalls answered abandoned timedOut overflowed transferred abandonRate
        averageTimeToAnswerSeconds averageWaitBeforeAbandonSeconds callQueueCalls huntGroupCalls autoAttendantCalls transferCalls parkCalls pickupCalls
      }
    }`;
export interface CallQueueCustomer {
  customerId: string;
  name: string;
  queueCalls: number;
  answered: number;
  abandoned: number;
  timedOut: number;
  overflowed: number;
  transferred: number;
  abandonRate: number | null;
  averageTimeToAnswerSeconds: number | null;
  averageWaitBeforeAbandonSeconds: number | null;
  callQueueCalls: number;
  huntGroupCalls: number;
  autoAttendantCalls: number;
  transferCalls: number;
  parkCalls: number;
  pickupCalls: number;
}
export interface CallQueueInsights {
  week: CallingWeekInfo | null;
  customerCount: number;
  averageTimeToAnswerSeconds: number | null;
  averageWaitBeforeAbandonSeconds: number | null;
  abandonRate: number | null;
  customers: CallQueueCustomer[];
}

/**
 * Everything the page shows for a region, in one request (one round trip; the BFF answers each field
 * from the rollups): the week, usage, quality, advanced features and call queue insights.
 */
export const CALLING_PAGE_QUERY = /* GraphQL */ `
  query CallingPage($region: Region!) {
    callingWeek(region: $region) { weekStart weekEnd computedAt }
    ${USAGE}
    ${QUALITY}
    ${FEATURES}
    ${QUEUE}
  }
`;
export interface CallingPageData {
  callingWeek: CallingWeekInfo | null;
  callingUsage: CallingUsage;
  callingQuality: CallingQuality;
  callingFeatures: CallingFeatures;
  callQueueInsights: CallQueueInsights;
}
