// `npm start`: builds every package (Nx caches unchanged ones) and starts the BFF, which
// serves the console, the modules and the API on the embedded SQLite default with demo data.
// Honours PORT (default 3000) and DATA_DIR (default ./data); --skip-build starts what is built.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const nx = join(root, 'node_modules/nx/dist/bin/nx.js');

if (!process.argv.includes('--skip-build')) {
  const build = spawnSync(process.execPath, [nx, 'run-many', '-t', 'build', '--exclude', '@ph/e2e', '--outputStyle', 'stream'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const main = join(root, 'bff/dist/main.js');
if (!existsSync(main)) {
  console.error('bff/dist/main.js is missing: run `npm start` without --skip-build first.');
  process.exit(1);
}

const env = {
  ...process.env,
  PORT: process.env.PORT ?? '3000',
  DATA_DIR: process.env.DATA_DIR ?? join(process.cwd(), 'data'),
  DEMO_SEED: process.env.DEMO_SEED ?? 'true',
  STATIC_ROOT: process.env.STATIC_ROOT ?? root,
};
const child = spawn(process.execPath, ['--enable-source-maps', main], { cwd: root, env, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
