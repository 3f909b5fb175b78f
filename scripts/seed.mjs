// `npm run seed -- --customers N --weeks W --seed S [--call-legs L] [--data-dir D] [--now YYYY-MM-DD]`:
// generates demo data with the compiled BFF CLI (build the BFF first: `npm run build -w @ph/bff`).
// Honours the same environment as `npm start` (DATA_DIR, DATABASE_URL_*).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'bff/dist/cli/seed.js');
if (!existsSync(cli)) {
  console.error('bff/dist/cli/seed.js is missing: run `npm run build -w @ph/bff` first.');
  process.exit(1);
}
const env = { ...process.env, DATA_DIR: process.env.DATA_DIR ?? join(process.cwd(), 'data') };
const child = spawn(process.execPath, ['--enable-source-maps', cli, ...process.argv.slice(2)], { cwd: root, env, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
