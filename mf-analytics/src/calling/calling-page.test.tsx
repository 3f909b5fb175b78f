import type { GraphQLClient, Locale, ModuleHost, Region } from '@ph/contracts';
import { cleanup, render, screen, within } from '@solidjs/testing-library';
import i18next from 'i18next';
import { createSignal } from 'solid-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../app';
import type { CallingFeatures, CallingQuality, CallingUsage, CallQueueInsights } from './queries';

afterEach(cleanup);

vi.mock('chart.js', () => {
  class Chart {
    static register() {}
    data: unknown;
    options: unknown;
    constructor(_canvas: unknown, config: { data: unknown; options: unknown }) {
      this.data = config.data;
      this.options = config.options;
    }
    update() {}
    destroy() {}
  }
  const el = {};
  return { Chart, LineController: el, LineElement: el, PointElement: el, BarController: el, BarElement: el, CategoryScale: el, LinearScale: el, Tooltip: el, Legend: el };
});

async function fakeHost(gql: GraphQLClient) {
  const i18n = i18next.createInstance();
  await i18n.init({ lng: 'en', fallbackLng: 'en', resources: {}, interpolation: { escapeValue: false } });
  const [locale, setLocale] = createSignal<Locale>('en');
  const [region, setRegion] = createSignal<Region>('EU');
  const host: ModuleHost = { i18n, locale, region, user: () => null, gql, basePath: '/analytics', navigate: vi.fn() };
  return { host, setLocale, setRegion };
}

const week = { weekStart: '2026-11-15', weekEnd: '2026-11-22', computedAt: '2026-11-22T00:00:05.000Z' };
const trendWeeks = Array.from({ length: 8 }, (_, i) => `2026-09-${String(27 + i).padStart(2, '0')}`).map((_, i) =>
  new Date(Date.UTC(2026, 8, 27 + 7 * i)).toISOString().slice(0, 10),
);
const usage: CallingUsage = {
  week,
  customerCount: 2,
  trend: trendWeeks.map((weekStart, i) => ({ weekStart, computed: true, calls: 100 + i, legs: 200 + i, minutes: 300 + i, activeUsers: 1_200 + i })),
  customers: [
    { customerId: 'c1', name: 'Falling Co', calls: 4_321, legs: 8_765, minutes: 12_345.6, activeUsers: 77, callsChange: -0.25, minutesChange: -0.1, activeUsersChange: 0, declining: true },
    { customerId: 'c2', name: 'Steady Co', calls: 500, legs: 900, minutes: 1_000, activeUsers: 20, callsChange: 0.05, minutesChange: null, activeUsersChange: 0.1, declining: false },
  ],
};
const quality: CallingQuality = {
  week,
  customerCount: 1,
  trend: trendWeeks.map((weekStart) => ({ weekStart, computed: true, legs: 1000, poorLegs: 30, poorShare: 0.03 })),
  byEndpointType: [
    { endpointType: 'APP', legs: 600, poorLegs: 6, poorShare: 0.01 },
    { endpointType: 'DESK_PHONE', legs: 300, poorLegs: 20, poorShare: 0.0667 },
    { endpointType: 'ROOM_DEVICE', legs: 50, poorLegs: 2, poorShare: 0.04 },
    { endpointType: 'THIRD_PARTY', legs: 50, poorLegs: 2, poorShare: 0.04 },
  ],
  customers: [{ customerId: 'c1', name: 'Shaky Co', legs: 2_468, poorLegs: 357, poorShare: 0.1447 }],
};
const features: CallingFeatures = {
  week,
  customerCount: 3,
  features: [
    { feature: 'AUTO_ATTENDANT', calls: 1_111, legs: 1_500 },
    { feature: 'CALL_QUEUE', calls: 2_222, legs: 2_500 },
    { feature: 'HUNT_GROUP', calls: 3_333, legs: 3_500 },
    { feature: 'TRANSFER', calls: 444, legs: 450 },
    { feature: 'PARK', calls: 55, legs: 56 },
    { feature: 'PICKUP', calls: 66, legs: 67 },
  ],
};
const queue: CallQueueInsights = {
  week,
  customerCount: 1,
  averageTimeToAnswerSeconds: 42.4,
  averageWaitBeforeAbandonSeconds: 73,
  abandonRate: 0.125,
  customers: [
    {
      customerId: 'c9', name: 'Queue Co', queueCalls: 80, answered: 60, abandoned: 10, timedOut: 5, overflowed: 3, transferred: 2, abandonRate: 0.125,
      averageTimeToAnswerSeconds: 40, averageWaitBeforeAbandonSeconds: 70, callQueueCalls: 6_543, huntGroupCalls: 12, autoAttendantCalls: 34,
      transferCalls: 7, parkCalls: 8, pickupCalls: 9,
    },
  ],
};

/** A BFF stub: EU has the figures above, US has no rolled-up week, CA fails. Answers every field a query names; counts calling requests. */
const callingRequests: Record<string, unknown>[] = [];
function stub(): GraphQLClient {
  return {
    request: async <T,>(query: string, variables?: Record<string, unknown>) => {
      if (variables!.region === 'CA') throw new Error('boom');
      const none = variables!.region === 'US';
      const answer: Record<string, unknown> = {};
      if (query.includes('callingWeek(')) {
        callingRequests.push(variables!);
        answer.callingWeek = none ? null : week;
      }
      if (query.includes('callingUsage(')) answer.callingUsage = none ? { ...usage, week: null, customers: [] } : usage;
      if (query.includes('callingQuality(')) answer.callingQuality = none ? { ...quality, week: null } : quality;
      if (query.includes('callingFeatures(')) answer.callingFeatures = none ? { ...features, week: null, customerCount: 0 } : features;
      if (query.includes('callQueueInsights(')) answer.callQueueInsights = none ? { ...queue, week: null, customerCount: 0 } : queue;
      if (query.includes('licenseKpis(')) answer.licenseKpis = { totalCustomers: 0, expiringSoon: 0, renewingSoon: 0, lowAssignment: 0, overage: 0 };
      if (query.includes('licenseTrend(')) answer.licenseTrend = [];
      if (query.includes('licenseSection(')) {
        const page = { totalCount: 0, kpis: { customers: 0, licenses: 0, assignmentPct: null, usagePct: null, usageAtAssignmentPct: null, unassigned: 0, overageLicenses: 0, averageOverage: null }, rows: [] };
        for (const [, alias] of query.matchAll(/(\w+): licenseSection\(/g)) answer[alias!] = page;
        if (!query.includes(': licenseSection(')) answer.licenseSection = page;
      }
      return answer as T;
    },
  };
}

async function openCalling() {
  callingRequests.length = 0;
  const sut = await fakeHost(stub());
  render(() => <App host={sut.host} />);
  screen.getByRole('tab', { name: 'Calling' }).click();
  // The page is a lazily loaded chunk: its first import can take seconds on a busy machine.
  await screen.findByTestId('calling-page', {}, { timeout: 15_000 });
  return sut;
}

// The first test also loads the lazy chunk: give every test room on a busy machine.
describe('CallingPage', { timeout: 30_000 }, () => {
  it('renders every section with its numbers, the week it is for and the declining marker', async () => {
    await openCalling();
    expect(await screen.findByText(/the week from Nov 15, 2026 to Nov 21, 2026 \(UTC\), computed on Nov 22, 2026, 12:00 AM UTC/)).toBeTruthy();

    const usageTable = await screen.findByTestId('calling-usage-table');
    const falling = within(usageTable).getByText('Falling Co').closest('tr')!;
    expect(falling.textContent).toContain('4,321');
    expect(falling.textContent).toContain('8,765');
    expect(falling.textContent).toContain('12,346');
    expect(falling.textContent).toContain('-25%');
    expect(within(falling).getByTestId('declining').textContent).toContain('Declining');
    expect(within(within(usageTable).getByText('Steady Co').closest('tr')!).queryByTestId('declining')).toBeNull();
    expect(within(screen.getByTestId('calling-usage-chart')).getByRole('table', { name: 'Users calling, trend over the last 8 weeks' }).textContent).toContain('1,207');

    const qualityTable = await screen.findByTestId('calling-quality-table');
    expect(qualityTable.textContent).toContain('2,468');
    expect(qualityTable.textContent).toContain('357');
    expect(qualityTable.textContent).toContain('14.5%');
    const endpoints = within(screen.getByTestId('calling-endpoint-chart')).getByRole('table', { name: 'Call quality by endpoint type' });
    expect(within(endpoints).getByText('Desk phone').closest('tr')!.textContent).toContain('20');
    expect(screen.getByTestId('calling-quality-chart').textContent).toContain('3%');

    const featureChart = await screen.findByTestId('calling-features-chart');
    expect(within(featureChart).getByText('Hunt group').closest('tr')!.textContent).toContain('3,333');
    expect(within(featureChart).getByText('Transfer').closest('tr')!.textContent).toContain('444');
    expect(within(featureChart).getByText('Call park').closest('tr')!.textContent).toContain('55');
    expect(within(featureChart).getByText('Call pickup').closest('tr')!.textContent).toContain('66');
    expect(screen.getByTestId('calling-features-customers').textContent).toBe('3 customers with Call Queue enabled.');

    expect((await screen.findByTestId('kpi-averageTimeToAnswer')).textContent).toContain('42 sec');
    expect(screen.getByTestId('kpi-averageWaitBeforeAbandon').textContent).toContain('73 sec');
    expect(screen.getByTestId('kpi-abandonRate').textContent).toContain('12.5%');
    const queueCells = [...within(screen.getByTestId('calling-queue-table')).getByText('Queue Co').closest('tr')!.querySelectorAll('td')].map((td) => td.textContent);
    expect(queueCells).toEqual(['80', '60', '10', '12.5%', '40 sec', '70 sec', '5', '3', '2', '6,543', '12', '34', '7', '8', '9']);
    const headers = [...within(screen.getByTestId('calling-queue-table')).getAllByRole('columnheader')].map((th) => th.textContent);
    expect(headers.slice(-3)).toEqual(['Calls transferred', 'Calls parked', 'Calls picked up']);
    // The whole page came in one request.
    expect(callingRequests).toEqual([{ region: 'EU' }]);
  });

  it('switches to Dutch wording and number formats', async () => {
    const sut = await openCalling();
    await screen.findByTestId('calling-usage-table');
    sut.setLocale('nl');
    expect(await screen.findByText('Belgebruik in de afgelopen week')).toBeTruthy();
    for (const text of ['Gesprekskwaliteit in de afgelopen week', 'Geavanceerde belfuncties in de afgelopen week', 'Inzichten in oproepwachtrijen in de afgelopen week', 'Klanten en gebruik', 'Klanten en gesprekskwaliteit', 'Klanten en functiegebruik', 'Gemiddelde tijd om te antwoorden']) {
      expect(screen.getAllByText(text).length).toBeGreaterThan(0);
    }
    expect(screen.getByTestId('calling-usage-table').textContent).toContain('4.321');
    expect(screen.getByTestId('declining').textContent).toContain('Dalend');
    expect(screen.getByTestId('calling-week').textContent).toContain('15 nov 2026');
    const featureChart = screen.getByTestId('calling-features-chart');
    for (const [label, calls] of [['Doorverbinden', '444'], ['Oproep parkeren', '55'], ['Oproep aannemen', '66'], ['Huntgroep', '3.333']]) {
      expect(within(featureChart).getByText(label).closest('tr')!.textContent).toContain(calls);
    }
    expect(screen.getByTestId('calling-queue-table').textContent).toContain('Geparkeerde oproepen');
  });

  it('shows the empty state without a rolled-up week and an error with retry when loading fails', async () => {
    const sut = await openCalling();
    await screen.findByTestId('calling-usage-table');
    sut.setRegion('US');
    expect(await screen.findByText('No calling week has been computed for US yet.')).toBeTruthy();
    expect(screen.getAllByText('There are no calling figures for US yet.')).toHaveLength(2);
    expect(screen.queryByTestId('calling-usage-table')).toBeNull();
    sut.setRegion('CA');
    expect((await screen.findAllByRole('button', { name: 'Retry' })).length).toBeGreaterThanOrEqual(5);
    // One request per region shown (CA fails before the stub counts it).
    expect(callingRequests).toEqual([{ region: 'EU' }, { region: 'US' }]);
    sut.setRegion('EU');
    expect(await screen.findByTestId('calling-usage-table')).toBeTruthy();
    expect(callingRequests).toEqual([{ region: 'EU' }, { region: 'US' }, { region: 'EU' }]);
  });
});
