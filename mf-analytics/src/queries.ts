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

export const LICENSE_TREND_QUERY = /* GraphQL */ `
  query LicenseTrend($region: Region!, $product: AnalyticsProduct!) {
    licenseTrend(region: $region, product: $product) { weekStart purchased assigned used }
  }
`;
export interface LicenseWeek {
  weekStart: string;
  purchased: number;
  assigned: number;
  used: number;
}

export const LICENSE_SECTION_QUERY = /* GraphQL */ `
  query LicenseSection($region: Region!, $product: AnalyticsProduct!, $section: LicenseSection!, $sort: LicenseSort, $descending: Boolean, $first: Int, $offset: Int) {
    licenseSection(region: $region, product: $product, section: $section, sort: $sort, descending: $descending, first: $first, offset: $offset) {
      totalCount
      kpis { customers licenses assignmentPct usagePct usageAtAssignmentPct unassigned overageLicenses averageOverage }
      rows {
        customerId customerName subscriptionId trial daysSinceAdded monthsSinceAdded daysToEnd monthsRemaining autoRenew
        total assigned used weeklyAssignmentChange weeklyUsageChange usage3MonthsPct
      }
    }
  }
`;
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
