import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

/** The products the analytics switch offers. */
export const ANALYTICS_PRODUCTS = ['MEETINGS', 'CALLING'] as const;
export type AnalyticsProduct = (typeof ANALYTICS_PRODUCTS)[number];
export const AnalyticsProductEnum = { MEETINGS: 'MEETINGS', CALLING: 'CALLING' } as const;
registerEnumType(AnalyticsProductEnum, { name: 'AnalyticsProduct', description: 'Product the Meetings / Calling switch selects.' });

/** The five subscription sections of the partner analytics page. */
export const LICENSE_SECTIONS = ['RECENTLY_ADDED', 'EXPIRING', 'RENEWING', 'LOW_ASSIGNMENT', 'OVERAGE'] as const;
export type LicenseSection = (typeof LICENSE_SECTIONS)[number];
export const LicenseSectionEnum = Object.fromEntries(LICENSE_SECTIONS.map((s) => [s, s])) as Record<LicenseSection, LicenseSection>;
registerEnumType(LicenseSectionEnum, { name: 'LicenseSection', description: 'A subscription section of the partner analytics page.' });

/** Columns a section table can be sorted by (server side). */
export const LICENSE_SORTS = ['CUSTOMER', 'DAYS', 'TOTAL', 'ASSIGNED', 'USED'] as const;
export type LicenseSort = (typeof LICENSE_SORTS)[number];
export const LicenseSortEnum = Object.fromEntries(LICENSE_SORTS.map((s) => [s, s])) as Record<LicenseSort, LicenseSort>;
registerEnumType(LicenseSortEnum, {
  name: 'LicenseSort',
  description: 'Sort column of a section table; DAYS is the section\'s time column (days since added, days to expiry or renewal, months).',
});

/** The headline KPIs: distinct customers with Calling or Meetings. */
@ObjectType()
export class LicenseKpis {
  @Field(() => Int) totalCustomers!: number;
  @Field(() => Int) expiringSoon!: number;
  @Field(() => Int) renewingSoon!: number;
  @Field(() => Int) lowAssignment!: number;
  @Field(() => Int) overage!: number;
}

/** Licences of the chosen product in one completed week (from the weekly snapshots). */
@ObjectType()
export class LicenseWeek {
  @Field({ description: 'Monday of the week, YYYY-MM-DD.' }) weekStart!: string;
  @Field(() => Int) purchased!: number;
  @Field(() => Int) assigned!: number;
  @Field(() => Int) used!: number;
}

/** The KPIs of one section (fields a section does not show are still computed). */
@ObjectType()
export class LicenseSectionKpis {
  @Field(() => Int, { description: 'Distinct customers in the section.' }) customers!: number;
  @Field(() => Int, { description: 'Licences purchased (total) over the section\'s subscriptions.' }) licenses!: number;
  @Field(() => Float, { nullable: true, description: 'Assigned ÷ total, percent.' }) assignmentPct!: number | null;
  @Field(() => Float, { nullable: true, description: 'Used in the last 7 days ÷ total, percent.' }) usagePct!: number | null;
  @Field(() => Float, { nullable: true, description: 'Used ÷ assigned, percent.' }) usageAtAssignmentPct!: number | null;
  @Field(() => Int, { description: 'Sum of max(total − assigned, 0).' }) unassigned!: number;
  @Field(() => Int, { description: 'Sum of max(assigned − total, 0).' }) overageLicenses!: number;
  @Field(() => Float, { nullable: true, description: 'overageLicenses ÷ customers with overage.' }) averageOverage!: number | null;
}

/** One subscription (licence line of the chosen product) in a section table. */
@ObjectType()
export class LicenseRow {
  @Field() customerId!: string;
  @Field() customerName!: string;
  @Field({ description: 'Subscription id, or the trial id for a trial.' }) subscriptionId!: string;
  @Field() trial!: boolean;
  @Field(() => Int) daysSinceAdded!: number;
  @Field(() => Int) monthsSinceAdded!: number;
  @Field(() => Int, { description: 'Days to the end or renewal date (0 = today).' }) daysToEnd!: number;
  @Field(() => Int) monthsRemaining!: number;
  @Field() autoRenew!: boolean;
  @Field(() => Int) total!: number;
  @Field(() => Int) assigned!: number;
  @Field(() => Int) used!: number;
  @Field(() => Int, { nullable: true, description: 'Assigned in the last completed week minus the week before.' }) weeklyAssignmentChange!: number | null;
  @Field(() => Int, { nullable: true, description: 'Used in the last completed week minus the week before.' }) weeklyUsageChange!: number | null;
  @Field(() => Float, { nullable: true, description: 'Used ÷ total over the last 13 weekly snapshots, percent.' }) usage3MonthsPct!: number | null;
}

/** One page of a section: its KPIs, the row count and the rows. */
@ObjectType()
export class LicenseSectionPage {
  @Field(() => LicenseSectionKpis) kpis!: LicenseSectionKpis;
  @Field(() => Int) totalCount!: number;
  @Field(() => [LicenseRow]) rows!: LicenseRow[];
}
