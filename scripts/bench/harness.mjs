// What the query benches share: seeding a data folder with the CLI, timing a function, and a
// production-mode BFF on that folder with the seed's full partner admin signed in.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** Seeds `dataDir` with the seed CLI (`args`: its flags after --data-dir). */
export function seedDataDir(dataDir, args) {
  const seed = spawnSync(process.execPath, [join(root, 'bff/dist/cli/seed.js'), ...args, '--data-dir', dataDir], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, LOG_LEVEL: 'warn' },
  });
  if (seed.status !== 0) throw new Error(`seeding failed with ${seed.status}`);
}

/** The p-th percentile of the samples. */
export function percentile(samples, p) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** p50 / p95 in ms of `iterations` runs after up to 20 warm-up runs. */
export async function time(iterations, run) {
  for (let i = 0; i < Math.min(20, iterations); i++) await run();
  const samples = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return { p50: Number(percentile(samples, 50).toFixed(3)), p95: Number(percentile(samples, 95).toFixed(3)) };
}

/** Signs in `email` (demo password) on the BFF at `url`; `graphql(query, variables)` answers `data`, throwing on errors. */
export async function signedIn(url, email) {
  const json = { 'content-type': 'application/json', 'x-partner-hub': '1' };
  const signIn = await fetch(`${url}/api/auth/sign-in`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ email, password: process.env.DEMO_PASSWORD ?? 'demo-partner-hub' }),
  });
  if (!signIn.ok) throw new Error(`sign-in of ${email} failed with ${signIn.status}`);
  const headers = { ...json, cookie: signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') };
  const graphql = async (query, variables) => {
    const response = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    const body = await response.json();
    if (body.errors) throw new Error(`unexpected answer: ${JSON.stringify(body).slice(0, 300)}`);
    return body.data;
  };
  return { graphql, headers };
}

/** A TCP port that is free on 127.0.0.1 right now (the system picks it). */
export async function freePort() {
  const server = createServer();
  await new Promise((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts bff/dist/main.js in production mode on a seeded `dataDir` and signs in as the seed's full
 * partner admin; `graphql(query, variables)` answers `data` (throwing on errors), `signIn(email)`
 * gives another demo user's `graphql`, `pid` is the BFF's process id, `headers` the signed-in request
 * headers (cookie, CSRF) and `stop()` ends it. Without `port` it listens on a free port.
 */
export async function startSignedInBff({ dataDir, port: chosenPort }) {
  // PH_BENCH_PORT pins the port (e.g. to attach a profiler); otherwise a free one.
  const port = chosenPort ?? (process.env.PH_BENCH_PORT ? Number(process.env.PH_BENCH_PORT) : await freePort());
  // PH_BENCH_BFF_NODE_ARGS: node flags for the BFF (e.g. --cpu-prof --cpu-prof-dir=/tmp/prof).
  const child = spawn(process.execPath, [...(process.env.PH_BENCH_BFF_NODE_ARGS ?? '').split(' ').filter(Boolean), join(root, 'bff/dist/main.js')], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      DEMO_SEED: 'false',
      NODE_ENV: 'production',
      // The benches measure latency, not the per-user limit.
      RATE_LIMIT_GRAPHQL_PER_USER: '1000000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
  };
  try {
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the BFF exited with ${child.exitCode}`);
      const ready = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
      if (ready) break;
      if (Date.now() > deadline) throw new Error('the BFF did not become ready in 60 s');
      await new Promise((r) => setTimeout(r, 200));
    }
    const signIn = (email) => signedIn(url, email);
    const { graphql, headers } = await signIn('full@demo.example');
    return { url, pid: child.pid, graphql, headers, signIn, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
