// The BFF's fixed cost per GraphQL request: p50 / p95 of sequential requests over HTTP for
// `{ __typename }` (no resolver, no guard: the baseline), `me { id }` (the cheapest authenticated
// query), licenseTrend and a first customer page, each with its cost above the baseline. Data: the
// seed CLI with PH_BENCH_CUSTOMERS (default 500) customers. Iterations: PH_BENCH_ITERATIONS (default 300).
// PH_BENCH_DATA_DIR reuses an already seeded folder (kept afterwards).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDataDir, startSignedInBff, time } from './harness.mjs';

const REQUESTS = [
  { name: '{ __typename }', query: '{ __typename }' },
  { name: 'me { id }', query: 'query { me { id } }' },
  {
    name: 'licenseTrend',
    query: 'query($region: Region!) { licenseTrend(region: $region, product: MEETINGS) { weekStart purchased assigned used } }',
    variables: { region: 'EU' },
  },
  {
    name: 'customers first page',
    query: `query($region: Region!) { customers(region: $region, first: 50) { totalCount
      nodes { id name country region statuses products licensesPurchased licensesAssigned nextEndDate managedBy tags { id name color } launchUrl }
      pageInfo { endCursor hasNextPage } } }`,
    variables: { region: 'EU' },
  },
];

export async function benchRequestOverhead() {
  const customers = Number(process.env.PH_BENCH_CUSTOMERS ?? 500);
  const iterations = Number(process.env.PH_BENCH_ITERATIONS ?? 300);
  const reuse = process.env.PH_BENCH_DATA_DIR;
  const dataDir = reuse ?? mkdtempSync(join(tmpdir(), 'ph-bench-overhead-'));
  let bff;
  try {
    if (!reuse) seedDataDir(dataDir, ['--customers', String(customers), '--weeks', '52', '--seed', '1', '--call-legs', '0']);
    bff = await startSignedInBff({ dataDir });
    const results = [];
    for (const request of REQUESTS) {
      const { p50, p95 } = await time(iterations, () => bff.timed(request.query, request.variables));
      results.push({ name: request.name, p50, p95 });
    }
    // Entries as `npm run bench` takes them: p50 against the `{ __typename }` p50 of the same run (reported, no budget).
    const [base] = results;
    return results.slice(1).map((r) => ({
      name: `request overhead: ${r.name} p50 over HTTP vs { __typename } (p95 ${r.p95} vs ${base.p95} ms; ${r.p50 - base.p50 >= 0 ? '+' : ''}${(r.p50 - base.p50).toFixed(3)} ms)`,
      value: r.p50,
      unit: 'ms',
      baseline: base.p50,
    }));
  } finally {
    await bff?.stop();
    if (!reuse) rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.table((await benchRequestOverhead()).map((r) => ({ ...r, ratio: Number((r.value / r.baseline).toFixed(3)) })));
