/** GraphQL documents and result shapes of the licence analytics page (see bff/schema.gql). */
export type AnalyticsProduct = 'MEETINGS' | 'CALLING';
export type LicenseSection = 'RECENTLY_ADDED' | 'EXPIRING' | 'RENEWING' | 'LOW_ASSIGNMENT' | 'OVERAGE';
export type LicenseSort = 'CUSTOMER' | 'DAYS' | 'TOTAL' | 'ASSIGNED' | 'USED';

export const LICENSE_KPIS_QUERY = /* GraphQL */ `
  query LicenseKpis($region: Region!) {
    licenseKpis(region: $region) { totalCustomers expiringSoon renewingSoon lowAssignment overage }
  }
`;
export interface LicenseKpis {
  totalCustomers: number;
  expiringSoon: number;
  renewingSoon: number;
  lowAssignment: number;
  overage: number;
}

export interface LicenseWeek {
  weekStart: string;
  purchased: number;
  assigned: number;
  used: number;
}

const SECTION_FIELDS = `
      totalCount
      kpis { customers licenses assignmentPct usagePct usageAtAssignmentPct unassigned overageLicenses averageOverage }
      rows {
        customerId customerName subscriptionId trial daysSinceAdded monthsSinceAdded daysToEnd monthsRemaining autoRenew
        total assigned used weeklyAssignmentChange weeklyUsageChange usage3MonthsPct
      }`;

/** One page of one section, sorted as asked (what a section asks for once it is sorted or paged). */
export const LICENSE_SECTION_QUERY = /* GraphQL */ `
  query LicenseSection($region: Region!, $product: AnalyticsProduct!, $section: LicenseSection!, $sort: LicenseSort, $descending: Boolean, $first: Int, $offset: Int) {
    licenseSection(region: $region, product: $product, section: $section, sort: $sort, descending: $descending, first: $first, offset: $offset) {${SECTION_FIELDS}
    }
  }
`;

/** The field alias of each section in {@link LICENSE_VIEW_QUERY}. */
export const SECTION_ALIAS = {
  RECENTLY_ADDED: 'recentlyAdded',
  EXPIRING: 'expiring',
  RENEWING: 'renewing',
  LOW_ASSIGNMENT: 'lowAssignment',
  OVERAGE: 'overage',
} as const satisfies Record<LicenseSection, string>;

/**
 * What the page shows for one region and product, in one request: the trend and the first page of
 * every section in its default order (by days, ascending).
 */
export const LICENSE_VIEW_QUERY = /* GraphQL */ `
  query LicenseView($region: Region!, $product: AnalyticsProduct!, $first: Int) {
    licenseTrend(region: $region, product: $product) { weekStart purchased assigned used }
${Object.entries(SECTION_ALIAS)
  .map(([section, alias]) => `    ${alias}: licenseSection(region: $region, product: $product, section: ${section}, first: $first) {${SECTION_FIELDS}\n    }`)
  .join('\n')}
  }
`;
export type LicenseView = { licenseTrend: LicenseWeek[] } & { [K in (typeof SECTION_ALIAS)[LicenseSection]]: LicenseSectionPage };

export interface LicenseSectionKpis {
  customers: number;
  licenses: number;
  assignmentPct: number | null;
  usagePct: number | null;
  usageAtAssignmentPct: number | null;
  unassigned: number;
  overageLicenses: number;
  averageOverage: number | null;
}
export interface LicenseRow {
  customerId: string;
  customerName: string;
  subscriptionId: string;
  trial: boolean;
  daysSinceAdded: number;
  monthsSinceAdded: number;
  daysToEnd: number;
  monthsRemaining: number;
  autoRenew: boolean;
  total: number;
  assigned: number;
  used: number;
  weeklyAssignmentChange: number | null;
  weeklyUsageChange: number | null;
  usage3MonthsPct: number | null;
}
export interface LicenseSectionPage {
  totalCount: number;
  kpis: LicenseSectionKpis;
  rows: LicenseRow[];
}
