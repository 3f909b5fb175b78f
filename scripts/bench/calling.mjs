// Calling analytics (issue #7, point 4), on SQLite data sets made by the seed CLI:
// (1) the weekly rollup's throughput in call legs per second and its peak memory, at two sizes
//     (PH_BENCH_CALL_LEGS_SMALL and PH_BENCH_CALL_LEGS), in a child process; the rollup aggregates
//     in SQL, so peak RSS stays flat while the number of legs grows tenfold;
// (2) the Calling page's GraphQL request (it asks for the week and all four sections at once),
//     served from the rollups over HTTP by a production BFF, for a full admin (every customer) and a
//     scoped admin (admin@, assigned a quarter of the EU customers), against the same numbers
//     computed by SQL straight from the raw call legs (better-sqlite3 on the region file) in the same
//     run. The request is held to p95 ≤ 100 ms and a speed-up ≥ 100× (raw-leg median ÷ GraphQL p95);
//     both verdicts are printed. Both sides must give the same headline figures, or the bench fails.
// Size: PH_BENCH_CALL_LEGS (default 10 000 000, the issue's size), PH_BENCH_CALL_LEGS_SMALL (default
// a tenth of it), PH_BENCH_CUSTOMERS (default 2 000). Iterations: PH_BENCH_ITERATIONS (default 60)
// over GraphQL, PH_BENCH_RAW_ITERATIONS (default 3) for the raw-leg SQL. Port: PH_BENCH_PORT (default: a free port).
// PH_BENCH_DATA_DIR: a data folder seeded and rolled up before (skips (1), kept afterwards);
// PH_BENCH_BFF_NODE_ARGS: node flags for the BFF (e.g. --cpu-prof).
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuSeconds, root, seedDataDir, startSignedInBff, time } from './harness.mjs';

const require = createRequire(join(root, 'bff/package.json'));
const REGION = 'EU';
const WEEK = 7 * 86_400_000;
const P95_BUDGET_MS = 100;
const SPEED_UP_BUDGET = 100;
/** Share of the region's customers assigned to the scoped admin. */
const SCOPED_SHARE = 0.25;
const POOR = `(l.audio_jitter_ms > 150 or l.audio_latency_ms > 400 or l.audio_loss_pct > 5 or l.video_jitter_ms > 150 or l.video_latency_ms > 400 or l.video_loss_pct > 5)`;
const FEATURES = ['hunt_group', 'auto_attendant', 'call_queue', 'transfer', 'park', 'pickup'];
const QUEUE_OUTCOMES = ['ANSWERED', 'ABANDONED', 'TIMED_OUT', 'OVERFLOWED', 'TRANSFERRED'];

/**
 * The page's sections as its one request asks for them (mf-analytics/src/calling/queries.ts, CALLING_PAGE_QUERY;
 * that module's tests check PAGE and that document stay alike).
 */
const SECTIONS = {
  callingUsage: `callingUsage(region: $region) { week { weekStart weekEnd computedAt } customerCount trend { weekStart computed calls legs minutes activeUsers }
    customers { customerId name calls legs minutes activeUsers callsChange minutesChange activeUsersChange declining } }`,
  callingQuality: `callingQuality(region: $region) { week { weekStart weekEnd computedAt } customerCount trend { weekStart computed legs poorLegs poorShare }
    byEndpointType { endpointType legs poorLegs poorShare } customers { customerId name legs poorLegs poorShare } }`,
  callingFeatures: `callingFeatures(region: $region) { week { weekStart weekEnd computedAt } customerCount features { feature calls legs } }`,
  callQueueInsights: `callQueueInsights(region: $region) { week { weekStart weekEnd computedAt } customerCount averageTimeToAnswerSeconds averageWaitBeforeAbandonSeconds abandonRate
    customers { customerId name queueCalls answered abandoned timedOut overflowed transferred abandonRate averageTimeToAnswerSeconds averageWaitBeforeAbandonSeconds
      callQueueCalls huntGroupCalls autoAttendantCalls transferCalls parkCalls pickupCalls } }`,
};
export const PAGE = `query CallingPage($region: Region!) { callingWeek(region: $region) { weekStart weekEnd computedAt } ${Object.values(SECTIONS).join(' ')} }`;

/**
 * The same numbers straight from call_leg (what each request would cost without the rollup), for the
 * partner's customers or only `ids`.
 */
function rawQueries(db, partnerId, weekStart, ids) {
  const from = weekStart;
  const to = weekStart + WEEK;
  const trendFrom = weekStart - 7 * WEEK;
  const only = ids ? `and l.customer_id in (${ids.map(() => '?').join(', ')})` : '';
  const legs = `from call_leg l join customer c on c.id = l.customer_id where c.partner_id = ? ${only} and not l.app_to_app`;
  const scope = [partnerId, ...(ids ?? [])];
  const s = (sql) => db.prepare(sql);
  // Active users: distinct (customer, user) pairs of legs with a user, as the rollup counts them.
  const usageTrend = s(`select cast((l.started_at - ?) / ${WEEK} as integer) as w, count(distinct case when l.user_id is not null then l.customer_id || '/' || l.user_id end) as users,
    count(distinct l.customer_id || '/' || l.call_id) as calls, count(*) as legs, sum(l.duration_seconds) as seconds ${legs} and l.started_at >= ? and l.started_at < ? group by w`);
  const usageCustomers = s(`select l.customer_id, l.started_at >= ? as cur, count(distinct l.call_id) as calls, count(*) as legs, sum(l.duration_seconds) as seconds,
    sum(case when l.video then l.duration_seconds else 0 end) as video_seconds, count(distinct l.user_id) as users
    ${legs} and l.started_at >= ? and l.started_at < ? group by l.customer_id, cur`);
  const qualityTrend = s(`select cast((l.started_at - ?) / ${WEEK} as integer) as w, count(*) as legs, sum(case when ${POOR} then 1 else 0 end) as poor ${legs} and l.started_at >= ? and l.started_at < ? group by w`);
  const qualityTypes = s(`select l.endpoint_type, count(*) as legs, sum(case when ${POOR} then 1 else 0 end) as poor ${legs} and l.started_at >= ? and l.started_at < ? group by l.endpoint_type`);
  const qualityCustomers = s(`select l.customer_id, count(*) as legs, sum(case when ${POOR} then 1 else 0 end) as poor ${legs} and l.started_at >= ? and l.started_at < ? group by l.customer_id`);
  const features = s(`select count(distinct l.customer_id) as customers, ${FEATURES.map((f) => `count(distinct case when l.${f} then l.customer_id || '/' || l.call_id end) as ${f}_calls, sum(case when l.${f} then 1 else 0 end) as ${f}_legs`).join(', ')}
    ${legs} and l.started_at >= ? and l.started_at < ? and l.customer_id in (
      select customer_id from call_leg where call_queue and not app_to_app and started_at >= ? and started_at < ? union select customer_id from phone_number where user_type = 'CALL_QUEUE')`);
  // Wait sums and counts (not per-customer averages) so the partner-wide averages come out too.
  const queue = s(`select l.customer_id, count(l.queue_outcome) as queue_legs, ${QUEUE_OUTCOMES.map((o) => `sum(l.queue_outcome = '${o}') as ${o.toLowerCase()}`).join(', ')},
    sum(case when l.queue_outcome = 'ANSWERED' then l.queue_wait_seconds end) as answer_wait, count(case when l.queue_outcome = 'ANSWERED' then l.queue_wait_seconds end) as answer_waits,
    sum(case when l.queue_outcome = 'ABANDONED' then l.queue_wait_seconds end) as abandon_wait, count(case when l.queue_outcome = 'ABANDONED' then l.queue_wait_seconds end) as abandon_waits,
    ${FEATURES.map((f) => `count(distinct case when l.${f} then l.call_id end) as ${f}_calls`).join(', ')}
    ${legs} and l.started_at >= ? and l.started_at < ? group by l.customer_id having count(l.queue_outcome) > 0`);
  const sum = (rows, key) => rows.reduce((total, row) => total + (row[key] ?? 0), 0);
  const ratio = (part, whole) => (whole > 0 ? part / whole : null);
  // Each returns the request's headline figures as the page shows them (compared with the GraphQL answer).
  return {
    callingUsage: () => {
      const trend = usageTrend.all(trendFrom, ...scope, trendFrom, to);
      const customers = usageCustomers.all(from, ...scope, from - WEEK, to);
      const week = trend.find((row) => row.w === 7) ?? {};
      return { customerCount: new Set(customers.map((row) => row.customer_id)).size, calls: week.calls ?? 0, legs: week.legs ?? 0, minutes: (week.seconds ?? 0) / 60, activeUsers: week.users ?? 0 };
    },
    callingQuality: () => {
      const trend = qualityTrend.all(trendFrom, ...scope, trendFrom, to);
      const types = qualityTypes.all(...scope, from, to);
      const customers = qualityCustomers.all(...scope, from, to);
      const week = trend.find((row) => row.w === 7) ?? {};
      const byType = Object.fromEntries(types.map((row) => [row.endpoint_type, [row.legs, row.poor]]));
      return { customerCount: customers.length, legs: week.legs ?? 0, poorLegs: week.poor ?? 0, byType };
    },
    callingFeatures: () => {
      const [row] = features.all(...scope, from, to, from, to);
      return { customerCount: row.customers, features: Object.fromEntries(FEATURES.map((f) => [f.toUpperCase(), [row[`${f}_calls`], row[`${f}_legs`] ?? 0]])) };
    },
    callQueueInsights: () => {
      const rows = queue.all(...scope, from, to);
      return {
        customerCount: rows.length,
        abandonRate: ratio(sum(rows, 'abandoned'), sum(rows, 'queue_legs')),
        averageTimeToAnswerSeconds: ratio(sum(rows, 'answer_wait'), sum(rows, 'answer_waits')),
        averageWaitBeforeAbandonSeconds: ratio(sum(rows, 'abandon_wait'), sum(rows, 'abandon_waits')),
      };
    },
  };
}

/** The same headline figures from a GraphQL answer (`data[name]`), to check that both sides compute the same numbers. */
function answerFigures(name, answer) {
  switch (name) {
    case 'callingUsage': {
      const week = answer.trend.at(-1);
      return { customerCount: answer.customerCount, calls: week.calls, legs: week.legs, minutes: week.minutes, activeUsers: week.activeUsers };
    }
    case 'callingQuality': {
      const week = answer.trend.at(-1);
      const byType = Object.fromEntries(answer.byEndpointType.filter((t) => t.legs > 0).map((t) => [t.endpointType, [t.legs, t.poorLegs]]));
      return { customerCount: answer.customerCount, legs: week.legs, poorLegs: week.poorLegs, byType };
    }
    case 'callingFeatures':
      return { customerCount: answer.customerCount, features: Object.fromEntries(answer.features.map((f) => [f.feature, [f.calls, f.legs]])) };
    default:
      return {
        customerCount: answer.customerCount,
        abandonRate: answer.abandonRate,
        averageTimeToAnswerSeconds: answer.averageTimeToAnswerSeconds,
        averageWaitBeforeAbandonSeconds: answer.averageWaitBeforeAbandonSeconds,
      };
  }
}

/** Throws unless two figure trees are equal (numbers to 1e-9 relative). */
function assertSameFigures(label, raw, answer) {
  const same = (a, b) =>
    typeof a === 'number' && typeof b === 'number'
      ? Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))
      : a && b && typeof a === 'object' && typeof b === 'object'
        ? Object.keys({ ...a, ...b }).every((key) => same(a[key], b[key]))
        : a === b;
  if (!same(raw, answer)) throw new Error(`${label}: raw legs and rollups disagree: ${JSON.stringify(raw)} vs ${JSON.stringify(answer)}`);
}

/** Rolls up every week of a data set in a child process; returns legs, seconds and memory. */
function runRollup(dataDir) {
  const script = `
    require('reflect-metadata');
    const { Logger } = require('@nestjs/common');
    Logger.overrideLogger(['error']);
    const { loadConfig } = require(${JSON.stringify(join(root, 'bff/dist/config/config.js'))});
    const { RegionStores } = require(${JSON.stringify(join(root, 'bff/dist/database/stores.js'))});
    const { CallingRollupService } = require(${JSON.stringify(join(root, 'bff/dist/calling/calling-rollup.service.js'))});
    (async () => {
      const stores = await RegionStores.open(loadConfig({ DATA_DIR: ${JSON.stringify(dataDir)}, LOG_LEVEL: 'error' }));
      const sut = new CallingRollupService(stores);
      sut.horizonWeeks = 14;
      global.gc?.();
      const rss0 = process.memoryUsage().rss;
      const heap0 = process.memoryUsage().heapUsed;
      let peak = rss0;
      let heapPeak = heap0;
      const sample = () => { const m = process.memoryUsage(); peak = Math.max(peak, m.rss); heapPeak = Math.max(heapPeak, m.heapUsed); };
      const sampler = setInterval(sample, 20);
      const started = performance.now();
      const weeks = await sut.run();
      const seconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      sample();
      await stores.close();
      process.stdout.write(JSON.stringify({ legs: weeks.reduce((s, w) => s + w.legs, 0), weeks: weeks.length, seconds, peakRssMb: peak / 1048576, rssGrowthMb: (peak - rss0) / 1048576, heapGrowthMb: (heapPeak - heap0) / 1048576 }));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const result = spawnSync(process.execPath, ['--expose-gc', '-e', script], { cwd: join(root, 'bff'), encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.status !== 0) throw new Error(`rollup failed with ${result.status}`);
  return JSON.parse(result.stdout);
}

/** Seeds a data set of `legs` call legs and rolls it up; returns the data folder and the rollup's figures. */
function seedAndRollUp(legs, customers) {
  const dataDir = mkdtempSync(join(tmpdir(), 'ph-bench-calling-'));
  const started = performance.now();
  seedDataDir(dataDir, ['--customers', String(customers), '--weeks', '13', '--seed', '1', '--call-legs', String(legs)]);
  const seedSeconds = (performance.now() - started) / 1000;
  return { dataDir, seedSeconds, rollup: runRollup(dataDir) };
}

/** Gives admin@ every 1/SCOPED_SHARE-th customer of the region (directory store); returns their ids. */
function assignScopedAdmin(dataDir) {
  const Database = require('better-sqlite3');
  const directory = new Database(join(dataDir, 'directory.sqlite'));
  try {
    const { id: userId } = directory.prepare("select id from partner_user where email = 'admin@demo.example'").get();
    const step = Math.round(1 / SCOPED_SHARE);
    const ids = directory
      .prepare('select id from customer_directory_entry where region = ? order by id')
      .all(REGION)
      .filter((_, i) => i % step === 0)
      .map((r) => r.id);
    const insert = directory.prepare("insert or ignore into customer_admin_assignment (id, customer_id, user_id, kind, created_at) values (?, ?, ?, 'ASSIGNED', ?)");
    directory.transaction(() => ids.forEach((id) => insert.run(randomUUID(), id, userId, Date.now())))();
    return directory
      .prepare('select distinct a.customer_id from customer_admin_assignment a join customer_directory_entry e on e.id = a.customer_id where a.user_id = ? and e.region = ?')
      .all(userId, REGION)
      .map((r) => r.customer_id);
  } finally {
    directory.close();
  }
}

/**
 * Rollup throughput and peak memory at two sizes; per request and role: GraphQL p95 from the rollups
 * (held to 100 ms) and its speed-up over the raw-leg SQL (held to 100×).
 */
export async function benchCalling() {
  const benchStarted = performance.now();
  const callLegs = Number(process.env.PH_BENCH_CALL_LEGS ?? 10_000_000);
  const smallLegs = Number(process.env.PH_BENCH_CALL_LEGS_SMALL ?? Math.round(callLegs / 10));
  const customers = Number(process.env.PH_BENCH_CUSTOMERS ?? 2_000);
  const iterations = Number(process.env.PH_BENCH_ITERATIONS ?? 60);
  const rawIterations = Number(process.env.PH_BENCH_RAW_ITERATIONS ?? 3);
  const reuseDir = process.env.PH_BENCH_DATA_DIR;
  const results = [];
  const dirs = [];
  let bff;
  try {
    // (1) Rollup at two sizes: same customers, ten times the legs. PH_BENCH_DATA_DIR instead names a
    // data folder seeded and rolled up before (kept; for working on the requests), skipping (1).
    let small = null;
    let big = null;
    if (reuseDir) {
      big = { dataDir: reuseDir, seedSeconds: 0 };
    } else {
      small = seedAndRollUp(smallLegs, customers);
      dirs.push(small.dataDir);
      rmSync(small.dataDir, { recursive: true, force: true });
      big = seedAndRollUp(callLegs, customers);
      dirs.push(big.dataDir);
      for (const run of [small, big]) {
        const { legs, weeks, seconds, peakRssMb } = run.rollup;
        results.push({ name: `calling rollup throughput (${legs} legs, ${weeks} region-weeks, ${seconds.toFixed(1)} s)`, value: Math.round(legs / seconds), unit: 'legs/s', baseline: null });
        results.push({
          name: `calling rollup peak RSS (${legs} legs; baseline: the ${small.rollup.legs}-leg run)`,
          value: Number(peakRssMb.toFixed(1)),
          unit: 'MB',
          baseline: run === big ? Number(small.rollup.peakRssMb.toFixed(1)) : null,
        });
        results.push({ name: `calling rollup peak JS heap growth (${legs} legs)`, value: Number(run.rollup.heapGrowthMb.toFixed(1)), unit: 'MB', baseline: null });
      }
    }

    // (2) The page's requests on the big data set: raw-leg SQL first (no BFF running), then GraphQL.
    const dataDir = big.dataDir;
    const scopedIds = assignScopedAdmin(dataDir);
    const Database = require('better-sqlite3');
    const directory = new Database(join(dataDir, 'directory.sqlite'), { readonly: true });
    const { id: partnerId } = directory.prepare('select id from partner').get();
    directory.close();
    const db = new Database(join(dataDir, `region-${REGION.toLowerCase()}.sqlite`), { readonly: true });
    const { week_start: weekKey } = db.prepare('select max(week_start) as week_start from calling_week').get();
    const weekStart = Date.parse(`${weekKey}T00:00:00Z`);
    const countLegs = (region) => {
      const file = new Database(join(dataDir, `region-${region}.sqlite`), { readonly: true });
      try {
        return file.prepare('select count(*) as n from call_leg').get().n;
      } finally {
        file.close();
      }
    };
    const legCount = reuseDir ? ['us', 'ca', 'eu', 'ae'].reduce((sum, region) => sum + countLegs(region), 0) : callLegs;
    const roles = [
      { role: 'full admin', email: 'full@demo.example', raw: rawQueries(db, partnerId, weekStart, null) },
      { role: `scoped admin, ${scopedIds.length} customers`, email: 'admin@demo.example', raw: rawQueries(db, partnerId, weekStart, scopedIds) },
    ];
    // Raw legs: the four sections' numbers in one go (what the page's request would cost without the rollups).
    const rawTimes = new Map();
    for (const { role, raw } of roles) {
      const samples = [];
      const sections = Object.fromEntries(Object.keys(raw).map((name) => [name, []]));
      let figures;
      for (let i = 0; i < rawIterations; i++) {
        figures = {};
        const started = performance.now();
        for (const [name, run] of Object.entries(raw)) {
          const at = performance.now();
          figures[name] = run();
          sections[name].push(performance.now() - at);
        }
        samples.push(performance.now() - started);
      }
      const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
      rawTimes.set(role, { p50: median(samples), max: Math.max(...samples), figures, sections: Object.fromEntries(Object.entries(sections).map(([k, v]) => [k, Math.round(median(v))])) });
    }
    db.close();

    bff = await startSignedInBff({ dataDir });
    const rows = [];
    for (const { role, email } of roles) {
      const { timed } = await bff.signIn(email);
      let answer;
      const check = async () => {
        const { ms, data } = await timed(PAGE, { region: REGION });
        if (!data.callingWeek) throw new Error('no rolled-up week');
        answer = data;
        return { ms };
      };
      const cpuBefore = cpuSeconds(bff.pid);
      const over = await time(iterations, check);
      const cpuMs = ((cpuSeconds(bff.pid) - cpuBefore) * 1000) / (iterations + Math.min(20, iterations));
      const raw = rawTimes.get(role);
      // Both sides must compute the same numbers, or the speed-up compares different work.
      for (const name of Object.keys(SECTIONS)) assertSameFigures(`${name} (${role})`, raw.figures[name], answerFigures(name, answer[name]));
      const speedUp = raw.p50 / over.p95;
      const p95Verdict = over.p95 <= P95_BUDGET_MS ? 'PASS' : 'FAIL';
      const speedVerdict = speedUp >= SPEED_UP_BUDGET ? 'PASS' : 'FAIL';
      const label = `Calling page request (${role}, ${legCount} legs)`;
      results.push({ name: `calling ${label} p95 over HTTP, budget ${P95_BUDGET_MS} ms`, value: over.p95, unit: 'ms', baseline: P95_BUDGET_MS, verdict: p95Verdict });
      results.push({
        name: `calling ${label} speed-up: raw-leg SQL median ${raw.p50.toFixed(0)} ms ÷ GraphQL p95, budget ${SPEED_UP_BUDGET}×`,
        value: Number(speedUp.toFixed(1)),
        unit: '×',
        baseline: SPEED_UP_BUDGET,
        verdict: speedVerdict,
      });
      rows.push({
        role,
        'p50 ms': over.p50,
        'p95 ms': over.p95,
        [`p95 ≤ ${P95_BUDGET_MS} ms`]: p95Verdict,
        'BFF CPU ms/request': Number(cpuMs.toFixed(1)),
        'raw-leg SQL median ms': Math.round(raw.p50),
        'raw-leg SQL max ms': Math.round(raw.max),
        'raw median per section ms': Object.values(raw.sections).join(' / '),
        'speed-up ×': Math.round(speedUp),
        'speed-up at p50 ×': Math.round(raw.p50 / over.p50),
        [`≥ ${SPEED_UP_BUDGET}×`]: speedVerdict,
      });
    }
    console.log(`\nThe Calling page's request (week, usage, quality, features, call queue) on ${legCount} call legs (${REGION}, week ${weekKey}; ${iterations} GraphQL runs, ${rawIterations} raw-leg runs; raw per section: usage / quality / features / queue):`);
    console.table(rows);
    const wall = (performance.now() - benchStarted) / 1000;
    if (small) results.push({ name: `calling bench wall time (seeding ${small.seedSeconds.toFixed(0)} s + ${big.seedSeconds.toFixed(0)} s)`, value: Math.round(wall), unit: 's', baseline: null });
    return results;
  } finally {
    await bff?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await benchCalling());
