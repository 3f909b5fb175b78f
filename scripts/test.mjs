// `npm test`: lint (with the module-boundary probe), build, every package's Vitest suite,
// then the Playwright suite against the console started as `npm start` starts it.
// The BFF suite runs on SQLite and on PostgreSQL (PH_PG_URL; required when CI is set).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const nx = join(root, 'node_modules/nx/dist/bin/nx.js');

const steps = [
  ['lint', [nx, 'run-many', '-t', 'lint', '--outputStyle', 'stream']],
  ['module boundaries', [join(root, 'scripts/check-boundaries.mjs')]],
  ['build', [nx, 'run-many', '-t', 'build', '--exclude', '@ph/e2e', '--outputStyle', 'stream']],
  ['unit and integration tests', [nx, 'run-many', '-t', 'test', '--exclude', '@ph/e2e', '--parallel', '1', '--outputStyle', 'stream']],
  ['end-to-end tests', [nx, 'run', '@ph/e2e:test', '--outputStyle', 'stream']],
];

for (const [name, args] of steps) {
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, NX_NO_CLOUD: 'true' } });
  console.log(`=== ${name}: ${result.status === 0 ? 'ok' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s ===`);
  if (result.status !== 0) process.exit(result.status ?? 1);
}
