import 'reflect-metadata';
import { REGIONS } from '@ph/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallingRollupService } from '../calling/calling-rollup.service';
import { RegionStores } from '../database/stores';
import { ReportRunsService } from '../reports/report-runs.service';
import { createTestStores, gql, signIn, startApp, testConfig, type RunningApp, type TestStores } from '../test/harness';
import { DEFAULT_DEMO, seedDemo } from './demo-seed';

/** Sums a per-region number over the four regions. */
async function overRegions(each: (region: string) => Promise<number>): Promise<number> {
  let total = 0;
  for (const region of REGIONS) total += await each(region);
  return total;
}

/**
 * The default demo data (what the first `npm start` seeds) leaves nothing of PRODUCT.md empty:
 * every customer status, every analytics KPI and section, the trend, every calling section and
 * every default report has data. Runs on SQLite: it checks the generator, not the database.
 */
describe('default demo data', () => {
  let stores: TestStores;
  let sut: RunningApp;
  let full: Record<string, string>;

  const query = async <T>(q: string, variables?: Record<string, unknown>): Promise<T> => {
    const response = await gql<T>(sut.url, q, variables, full);
    expect(response.errors, q).toBeUndefined();
    return response.data!;
  };

  beforeAll(async () => {
    stores = await createTestStores('sqlite');
    sut = await startApp(testConfig(stores, { RATE_LIMIT_GRAPHQL_PER_USER: '100000' }));
    await seedDemo(sut.app.get(RegionStores), { ...DEFAULT_DEMO });
    await sut.app.get(CallingRollupService).run();
    full = (await signIn(sut.url, 'full@demo.example')).auth;
  }, 120_000);

  afterAll(async () => {
    await sut?.app.close();
    await stores?.cleanup();
  });

  it('has customers in every status of the customer list', async () => {
    const counts = new Map<string, number>();
    for (const region of REGIONS) {
      const { customerFacets } = await query<{ customerFacets: { statuses: { value: string; count: number }[] } }>(
        'query($region: Region!) { customerFacets(region: $region) { statuses { value count } } }',
        { region },
      );
      for (const { value, count } of customerFacets.statuses) counts.set(value, (counts.get(value) ?? 0) + count);
    }
    for (const status of ['TRIAL', 'SUBSCRIPTION', 'EXPIRING_SOON', 'LICENSE_OVERAGE', 'NO_RECENT_ACTIVITY', 'READY_FOR_ORDER_SETUP', 'SUSPENDED', 'EXPIRED']) {
      expect(counts.get(status) ?? 0, status).toBeGreaterThan(0);
    }
  });

  it('has every partner-analytics KPI, section and trend non-empty', async () => {
    for (const kpi of ['totalCustomers', 'expiringSoon', 'renewingSoon', 'lowAssignment', 'overage']) {
      const total = await overRegions(async (region) => (await query<{ licenseKpis: Record<string, number> }>(`query($region: Region!) { licenseKpis(region: $region) { ${kpi} } }`, { region })).licenseKpis[kpi]);
      expect(total, kpi).toBeGreaterThan(0);
    }
    for (const section of ['RECENTLY_ADDED', 'EXPIRING', 'RENEWING', 'LOW_ASSIGNMENT', 'OVERAGE']) {
      for (const product of ['MEETINGS', 'CALLING']) {
        const total = await overRegions(async (region) =>
          (await query<{ licenseSection: { totalCount: number } }>(
            'query($region: Region!, $product: AnalyticsProduct!, $section: LicenseSection!) { licenseSection(region: $region, product: $product, section: $section) { totalCount } }',
            { region, product, section },
          )).licenseSection.totalCount,
        );
        expect(total, `${section} ${product}`).toBeGreaterThan(0);
      }
    }
    const weeks = await query<{ licenseTrend: unknown[] }>('{ licenseTrend(region: EU, product: CALLING) { weekStart } }');
    expect(weeks.licenseTrend.length).toBeGreaterThan(1);
  });

  it('has every calling-analytics section non-empty for the last completed week', async () => {
    const calls = await overRegions(async (region) => {
      const d = await query<{
        callingUsage: { customerCount: number };
        callingQuality: { byEndpointType: { poorLegs: number }[] };
        callingFeatures: { customerCount: number; features: { feature: string; calls: number }[] };
        callQueueInsights: { customers: unknown[] };
      }>(
        `query($region: Region!) {
          callingUsage(region: $region) { customerCount }
          callingQuality(region: $region) { byEndpointType { poorLegs } }
          callingFeatures(region: $region) { customerCount features { feature calls } }
          callQueueInsights(region: $region) { customers { name } }
        }`,
        { region },
      );
      expect(d.callingUsage.customerCount, `${region} usage`).toBeGreaterThan(0);
      expect(d.callingFeatures.customerCount, `${region} features`).toBeGreaterThan(0);
      expect(d.callQueueInsights.customers.length, `${region} call queues`).toBeGreaterThan(0);
      // Every advanced feature (hunt group, auto attendant, call queue, transfer, park, pickup) is in the chart; the e2e spec reads EU.
      if (region === 'EU') for (const f of d.callingFeatures.features) expect(f.calls, `EU ${f.feature}`).toBeGreaterThan(0);
      return d.callingQuality.byEndpointType.reduce((n, e) => n + e.poorLegs, 0);
    });
    expect(calls, 'poor-quality legs').toBeGreaterThan(0);
  });

  it('produces rows in every default report', async () => {
    const { reportTemplates } = await query<{ reportTemplates: { id: string; key: string }[] }>('{ reportTemplates { id key } }');
    expect(reportTemplates.map((t) => t.key).sort()).toEqual(['call-detail', 'call-history', 'devices', 'phone-numbers']);
    const to = new Date();
    const from = new Date(to.getTime() - 28 * 86_400_000);
    for (const template of reportTemplates) {
      const period = template.key.startsWith('call-') ? { from, to } : {};
      const { runReport } = await query<{ runReport: { id: string } }>('mutation($input: RunReportInput!) { runReport(input: $input) { id } }', {
        input: { templateId: template.id, region: 'US', ...period },
      });
      await sut.app.get(ReportRunsService).idle();
      const { reportRun } = await query<{ reportRun: { status: string; rows: number } }>('query($id: ID!) { reportRun(id: $id) { status rows } }', { id: runReport.id });
      expect(reportRun.status, template.key).toBe('SUCCEEDED');
      expect(reportRun.rows, template.key).toBeGreaterThan(0);
    }
  });
});
