// `npm run bench`: builds, runs every benchmark, writes bench-results.json and prints a table.
// Every entry carries a baseline measured in the same run (or the budget it is held to).
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from '../e2e/fixtures/console-server.mjs';
import { benchAnalytics } from './bench/analytics.mjs';
import { benchBundleSize } from './bench/bundle-size.mjs';
import { benchCalling } from './bench/calling.mjs';
import { benchCustomerList } from './bench/customer-list.mjs';
import { benchReports } from './bench/reports.mjs';
import { benchRequestOverhead } from './bench/request-overhead.mjs';
import { benchSeedThroughput } from './bench/seed-throughput.mjs';

const build = spawnSync(process.execPath, [join(root, 'node_modules/nx/dist/bin/nx.js'), 'run-many', '-t', 'build', '--exclude', '@ph/e2e'], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);

// Each bench runs at its issue's size by default (100 000 customers for the list and analytics, 10 million
// call legs for calling, 1 million legs for reports); their README-documented env vars make them smaller.
const benches = [benchBundleSize, benchSeedThroughput, benchCustomerList, benchAnalytics, benchCalling, benchReports, benchRequestOverhead];
const results = [];
for (const bench of benches) {
  for (const entry of await bench()) {
    results.push({ ...entry, ratio: Number((entry.value / entry.baseline).toFixed(3)) });
  }
}
writeFileSync(join(root, 'bench-results.json'), JSON.stringify(results, null, 2) + '\n');
console.table(results);
