// What the query benches share: seeding a data folder with the CLI, timing a function, and a
// production-mode BFF on that folder with the seed's full partner admin signed in.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { gunzipSync } from 'node:zlib';
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

/** CPU seconds (user + system) from /proc/<pid>/stat: the process's own, or with `children` those of its waited-for children. */
export function cpuSeconds(pid, children = false) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // Fields 14–17 of stat(5) (utime, stime, cutime, cstime), counted from field 3 here; clock ticks of 1/100 s.
  const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number);
  return (children ? cutime + cstime : utime + stime) / 100;
}

/** The p-th percentile of the samples. */
export function percentile(samples, p) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * p50 / p95 in ms of `iterations` runs after up to 20 warm-up runs. A run that answers `{ ms }` has
 * measured itself (e.g. a request's time on the wire); otherwise its wall time counts.
 */
export async function time(iterations, run) {
  for (let i = 0; i < Math.min(20, iterations); i++) await run();
  const samples = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    const own = await run();
    samples.push(typeof own?.ms === 'number' ? own.ms : performance.now() - started);
  }
  return { p50: Number(percentile(samples, 50).toFixed(3)), p95: Number(percentile(samples, 95).toFixed(3)) };
}

/**
 * POSTs `body` to `url` over the keep-alive `agent` and resolves `{ ms, status, text }` once the whole
 * answer has arrived; `ms` runs from sending the request to its last byte. The answer is unzipped
 * (it asks for gzip, as a browser does) and read only after the clock stops, so the figure is the
 * BFF's time on the wire, not this client's.
 */
function post(url, agent, headers, body) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(url, { method: 'POST', agent, headers: { ...headers, 'accept-encoding': 'gzip', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const ms = performance.now() - started;
        const raw = Buffer.concat(chunks);
        const text = (res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
        resolve({ ms, status: res.statusCode, text });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Signs in `email` (demo password) on the BFF at `url`. `graphql(query, variables)` answers `data`,
 * throwing on errors; `timed(query, variables)` answers `{ ms, data }` with the request's time on the
 * wire (see `post`). Requests go over one kept-alive connection (node:http: the client's own cost
 * stays small and steady next to the BFF's, unlike fetch's).
 */
export async function signedIn(url, email) {
  const json = { 'content-type': 'application/json', 'x-partner-hub': '1' };
  const signIn = await fetch(`${url}/api/auth/sign-in`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ email, password: process.env.DEMO_PASSWORD ?? 'demo-partner-hub' }),
  });
  if (!signIn.ok) throw new Error(`sign-in of ${email} failed with ${signIn.status}`);
  const headers = { ...json, cookie: signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') };
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const timed = async (query, variables) => {
    const { ms, status, text } = await post(`${url}/graphql`, agent, headers, JSON.stringify({ query, variables }));
    const body = JSON.parse(text);
    if (status !== 200 || body.errors) throw new Error(`unexpected answer (${status}): ${text.slice(0, 300)}`);
    return { ms, data: body.data };
  };
  const graphql = async (query, variables) => (await timed(query, variables)).data;
  return { graphql, timed, headers };
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
 * partner admin; `graphql(query, variables)` answers `data` (throwing on errors), `timed(query,
 * variables)` answers `{ ms, data }` (the request's time on the wire), `signIn(email)`
 * gives another demo user's `graphql`, `pid` is the BFF's process id, `headers` the signed-in request
 * headers (cookie, CSRF) and `stop()` ends it. Without `port` it listens on a free port.
 */
export async function startSignedInBff({ dataDir, port: chosenPort }) {
  // PH_BENCH_PORT pins the port (e.g. to attach a profiler); otherwise a free one.
  const port = chosenPort ?? (process.env.PH_BENCH_PORT ? Number(process.env.PH_BENCH_PORT) : await freePort());
  // PH_BENCH_BFF_NODE_ARGS: node flags for the BFF (e.g. --cpu-prof --cpu-prof-dir=/tmp/prof).
  const args = [...(process.env.PH_BENCH_BFF_NODE_ARGS ?? '').split(' ').filter(Boolean), join(root, 'bff/dist/main.js')];
  const child = spawn(process.execPath, args, {
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
    // PH_BENCH_BFF_STDOUT: show the BFF's standard output (e.g. with --trace-gc in PH_BENCH_BFF_NODE_ARGS).
    stdio: ['ignore', process.env.PH_BENCH_BFF_STDOUT ? 'inherit' : 'ignore', 'inherit'],
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
    const { graphql, timed, headers } = await signIn('full@demo.example');
    return { url, pid: child.pid, graphql, timed, headers, signIn, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
