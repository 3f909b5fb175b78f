import { existsSync, statSync } from 'node:fs';
import { basename, join, normalize, resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import { GRAPHQL_PATH, MODULES } from '@ph/contracts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Logger } from 'pino';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const NO_CACHE = 'no-cache';
const ALWAYS_FRESH = new Set(['index.html', 'mf-manifest.json', 'mf-stats.json', 'remoteEntry.js']);
/** `[name].[contenthash:8].ext` as rsbuild emits it. */
const CONTENT_HASH = /\.[0-9a-f]{8,}\.[a-z0-9]+$/i;
/** Paths the SPA fallback never answers with the shell. */
const RESERVED_PREFIXES = [GRAPHQL_PATH, '/graphiql', '/config', '/modules', '/healthz', '/readyz', '/api'];

/** The Cache-Control value for a served file: immutable when its name carries a content hash. */
export function cacheControlFor(file: string): string {
  const name = basename(file);
  return !ALWAYS_FRESH.has(name) && CONTENT_HASH.test(name) ? IMMUTABLE : NO_CACHE;
}

/** Resolves a URL path inside `root`, or null when it escapes the root or is not a file. */
function fileIn(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const file = resolve(root, `.${normalize(`/${decoded}`)}`);
  if (!file.startsWith(root + sep)) return null;
  return existsSync(file) && statSync(file).isFile() ? file : null;
}

function isReserved(path: string): boolean {
  return RESERVED_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}.`));
}

/**
 * Serves the built front ends from `staticRoot`: the shell at `/` with SPA fallback to its
 * `index.html`, and each module's `dist` under `/modules/<id>/`. Missing folders only log a warning.
 */
export async function registerStaticFiles(app: FastifyInstance, staticRoot: string, log: Logger): Promise<void> {
  const roots = new Map<string, string>([['shell', join(staticRoot, 'shell', 'dist')]]);
  for (const m of MODULES) roots.set(m.id, join(staticRoot, `mf-${m.id}`, 'dist'));
  for (const [name, dir] of roots) {
    if (!existsSync(dir)) log.warn({ dir }, `front-end build for ${name} not found; its files will 404`);
  }
  await app.register(fastifyStatic, { root: staticRoot, serve: false, cacheControl: false, etag: true });

  const send = (reply: FastifyReply, root: string, file: string) =>
    reply.header('Cache-Control', cacheControlFor(file)).sendFile(file.slice(root.length + 1), root);

  app.get('/modules/:module/*', (request, reply) => {
    const { module, '*': rest } = request.params as { module: string; '*': string };
    const root = MODULES.some((m) => m.id === module) ? roots.get(module) : undefined;
    const file = root ? fileIn(root, rest) : null;
    return root && file ? send(reply, root, file) : reply.callNotFound();
  });

  app.get('/*', (request, reply) => {
    const shell = roots.get('shell')!;
    const path = request.url.split('?')[0];
    const file = fileIn(shell, path);
    if (file) return send(reply, shell, file);
    const index = join(shell, 'index.html');
    if (isReserved(path) || !existsSync(index)) return reply.callNotFound();
    return send(reply, shell, index);
  });
}
