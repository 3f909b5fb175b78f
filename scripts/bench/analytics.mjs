// Partner licence analytics: every GraphQL request the Analytics → Licenses page makes on first
// show (headline KPIs, the 52-week trend, the first page of each of the five sections), through the
// BFF over HTTP, against the very same SQL (bff/dist/analytics/analytics.sql.js) run directly on the
// region's SQLite file with better-sqlite3 as the baseline. Data from the seed CLI with 52 weeks of
// licence snapshots. Size: PH_BENCH_CUSTOMERS (default 10 000; the size is 100000).
// Iterations: PH_BENCH_ITERATIONS (default 60).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(root, 'bff/package.json'));
const REGION = 'EU';
const SECTIONS = ['RECENTLY_ADDED', 'EXPIRING', 'RENEWING', 'LOW_ASSIGNMENT', 'OVERAGE'];
const PAGE = 10;
const KPIS = `query($region: Region!) { licenseKpis(region: $region) { totalCustomers expiringSoon renewingSoon lowAssignment overage } }`;
const TREND = `query($region: Region!, $product: AnalyticsProduct!) { licenseTrend(region: $region, product: $product) { weekStart purchased assigned used } }`;
const SECTION = `query($region: Region!, $product: AnalyticsProduct!, $section: LicenseSection!, $first: Int) {
  licenseSection(region: $region, product: $product, section: $section, first: $first) {
    totalCount
    kpis { customers licenses assignmentPct usagePct usageAtAssignmentPct unassigned overageLicenses averageOverage }
    rows { customerId customerName subscriptionId trial daysSinceAdded monthsSinceAdded daysToEnd monthsRemaining autoRenew total assigned used weeklyAssignmentChange weeklyUsageChange usage3MonthsPct }
  }
}`;

function percentile(samples, p) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function time(iterations, run) {
  for (let i = 0; i < Math.min(20, iterations); i++) await run();
  const samples = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return { p50: Number(percentile(samples, 50).toFixed(3)), p95: Number(percentile(samples, 95).toFixed(3)) };
}

/** Per request of the page: p95 over HTTP (value) against p95 of the same statements on better-sqlite3 (baseline), in ms. */
export async function benchAnalytics() {
  const customers = Number(process.env.PH_BENCH_CUSTOMERS ?? 10_000);
  const iterations = Number(process.env.PH_BENCH_ITERATIONS ?? 60);
  const dataDir = mkdtempSync(join(tmpdir(), 'ph-bench-analytics-'));
  const port = 3982;
  let child;
  try {
    const seed = spawnSync(
      process.execPath,
      [join(root, 'bff/dist/cli/seed.js'), '--customers', String(customers), '--weeks', '52', '--seed', '1', '--call-legs', '0', '--data-dir', dataDir],
      { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, LOG_LEVEL: 'warn' } },
    );
    if (seed.status !== 0) throw new Error(`seeding failed with ${seed.status}`);

    const Database = require('better-sqlite3');
    const sql = require(join(root, 'bff/dist/analytics/analytics.sql.js'));
    const directory = new Database(join(dataDir, 'directory.sqlite'), { readonly: true });
    const { id: partnerId } = directory.prepare('select id from partner').get();
    directory.close();
    const db = new Database(join(dataDir, `region-${REGION.toLowerCase()}.sqlite`), { readonly: true });
    const size = {
      customers: db.prepare('select count(*) as n from customer').get().n,
      subscriptions: db.prepare('select count(*) as n from subscription').get().n,
      snapshots: db.prepare('select count(*) as n from license_snapshot').get().n,
    };
    const clock = sql.clockAt(new Date());
    const scope = { partnerId, visible: 'all' };
    const from = new Date(Date.parse(clock.lastWeek) - 51 * 7 * sql.DAY_MS).toISOString().slice(0, 10);
    const run = (statement) => db.prepare(statement.text).all(...statement.params.map((p) => (typeof p === 'boolean' ? Number(p) : p)));
    const since = clock.todayMs - sql.WINDOW_DAYS * sql.DAY_MS;
    const requests = [
      { name: 'licenseKpis', body: { query: KPIS, variables: { region: REGION } }, direct: () => run(sql.headlineKpisSql(scope, clock)) },
      { name: 'licenseTrend', body: { query: TREND, variables: { region: REGION, product: 'MEETINGS' } }, direct: () => run(sql.trendSql(scope, 'MEETINGS', from, clock)) },
      ...SECTIONS.map((section) => ({
        name: `licenseSection ${section}`,
        body: { query: SECTION, variables: { region: REGION, product: 'MEETINGS', section, first: PAGE } },
        direct: () => {
          const cte = sql.activeLinesCte(scope, ['MEETINGS'], clock, section === 'LOW_ASSIGNMENT');
          const condition = sql.sectionCondition(section, clock, since);
          run(sql.sectionKpisSql(cte, condition));
          run(sql.sectionPageSql(cte, condition, sql.orderBy(section, 'DAYS', false), PAGE, 0, clock));
        },
      })),
    ];
    const baseline = {};
    for (const request of requests) baseline[request.name] = await time(iterations, request.direct);
    db.close();

    child = spawn(process.execPath, [join(root, 'bff/dist/main.js')], {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        DEMO_SEED: 'false',
        NODE_ENV: 'production',
        // The bench measures latency, not the per-user limit.
        RATE_LIMIT_GRAPHQL_PER_USER: '1000000',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the BFF exited with ${child.exitCode}`);
      try {
        if ((await fetch(`${url}/readyz`)).ok) break;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) throw new Error('the BFF did not become ready in 60 s');
      await new Promise((r) => setTimeout(r, 200));
    }
    // Signed in as the seed's full partner admin (sees every customer of the partner, like the SQL above).
    const headers = { 'content-type': 'application/json', 'x-partner-hub': '1' };
    const signIn = await fetch(`${url}/api/auth/sign-in`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ email: 'full@demo.example', password: process.env.DEMO_PASSWORD ?? 'demo-partner-hub' }),
    });
    if (!signIn.ok) throw new Error(`sign-in failed with ${signIn.status}`);
    const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const results = [];
    for (const request of requests) {
      const body = JSON.stringify(request.body);
      const bff = await time(iterations, async () => {
        const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { ...headers, cookie }, body });
        const json = await response.json();
        if (json.errors) throw new Error(`unexpected answer: ${JSON.stringify(json).slice(0, 200)}`);
      });
      results.push({
        name: `analytics ${request.name} p95, BFF over HTTP vs SQL (${REGION}: ${size.customers} customers, ${size.subscriptions} subscriptions, ${size.snapshots} snapshots)`,
        value: bff.p95,
        unit: 'ms',
        baseline: baseline[request.name].p95,
      });
    }
    return results;
  } finally {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await benchAnalytics());
