import {
  MODULE_EXPOSE,
  REMOTES_MANIFEST_PATH,
  type ModuleId,
  type RemoteEntry,
  type RemoteModule,
  type RemotesManifest,
} from '@ph/contracts';

/** Default wait for a manifest, a remote entry or an expose before giving up. */
export const DEFAULT_TIMEOUT_MS = 5000;

/** The part of `@module-federation/enhanced/runtime` the loader uses (injected, so tests can fake it). */
export interface FederationRuntime {
  registerRemotes(remotes: { name: string; entry: string }[], options?: { force?: boolean }): void;
  loadRemote<T>(id: string): Promise<T | null | undefined>;
}

/** Why a module could not be loaded (for logs and tests; the UI shows one translated message). */
export type ModuleLoadFailure = 'manifest' | 'missing' | 'timeout' | 'load' | 'shape';

/** A module failed to load; `reason` says at which step. */
export class ModuleLoadError extends Error {
  readonly moduleId: ModuleId;
  readonly reason: ModuleLoadFailure;

  constructor(moduleId: ModuleId, reason: ModuleLoadFailure, cause?: unknown) {
    super(`Module "${moduleId}" failed to load (${reason})`, { cause });
    this.name = 'ModuleLoadError';
    this.moduleId = moduleId;
    this.reason = reason;
  }
}

export interface RemoteLoaderOptions {
  runtime: FederationRuntime;
  fetch?: typeof fetch;
  manifestUrl?: string;
  /** Used until the manifest says otherwise (`timeoutMs`). */
  defaultTimeoutMs?: number;
  /** Pause before the one automatic retry. */
  retryDelayMs?: number;
  /** Resolves relative entries; defaults to the page's location. */
  baseUrl?: string;
  /** Called with the manifest's timeout so runtime hooks (fetch, script) can use it. */
  onTimeout?: (timeoutMs: number) => void;
  /** Called before a forced re-registration (automatic retry or the Retry button). */
  onForceRegister?: (remoteName: string) => void;
}

/** Loads remote modules through the federation runtime, with timeouts and one automatic retry. */
export interface RemoteLoader {
  /** Loads `<name>/App`; `force` re-registers the remote first (the Retry button). */
  load(id: ModuleId, options?: { force?: boolean }): Promise<RemoteModule>;
}

function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Creates the loader: fetches the remotes manifest once (again after a failure) and loads modules from it. */
export function createRemoteLoader(options: RemoteLoaderOptions): RemoteLoader {
  const manifestUrl = options.manifestUrl ?? REMOTES_MANIFEST_PATH;
  const retryDelayMs = options.retryDelayMs ?? 250;
  const registered = new Set<string>();
  let manifest: Promise<RemotesManifest> | undefined;
  let timeoutMs = options.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS;

  const fetchManifest = async (): Promise<RemotesManifest> => {
    const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    const controller = new AbortController();
    const response = await withTimeout(
      doFetch(manifestUrl, { headers: { accept: 'application/json' }, signal: controller.signal }),
      timeoutMs,
      () => {
        controller.abort();
        return new Error('manifest timeout');
      },
    );
    if (!response.ok) throw new Error(`manifest HTTP ${response.status}`);
    const body = (await response.json()) as RemotesManifest;
    if (!Array.isArray(body?.remotes)) throw new Error('manifest has no remotes');
    if (typeof body.timeoutMs === 'number' && body.timeoutMs > 0) {
      timeoutMs = body.timeoutMs;
      options.onTimeout?.(timeoutMs);
    }
    return body;
  };

  const getManifest = (): Promise<RemotesManifest> => {
    manifest ??= fetchManifest().catch((error: unknown) => {
      manifest = undefined;
      throw error;
    });
    return manifest;
  };

  const attempt = async (id: ModuleId, force: boolean): Promise<RemoteModule> => {
    let remotes: RemoteEntry[];
    try {
      remotes = (await getManifest()).remotes;
    } catch (error) {
      throw new ModuleLoadError(id, 'manifest', error);
    }
    const remote = remotes.find((entry) => entry.id === id);
    if (!remote) throw new ModuleLoadError(id, 'missing');
    if (force || !registered.has(remote.name)) {
      if (registered.has(remote.name)) options.onForceRegister?.(remote.name);
      const base = options.baseUrl ?? (typeof location === 'undefined' ? 'http://localhost/' : location.href);
      options.runtime.registerRemotes([{ name: remote.name, entry: new URL(remote.entry, base).href }], {
        force: registered.has(remote.name),
      });
      registered.add(remote.name);
    }
    let loaded: RemoteModule | null | undefined;
    try {
      loaded = await withTimeout(
        options.runtime.loadRemote<RemoteModule>(`${remote.name}/${MODULE_EXPOSE.replace(/^\.\//, '')}`),
        timeoutMs,
        () => new ModuleLoadError(id, 'timeout'),
      );
    } catch (error) {
      throw error instanceof ModuleLoadError ? error : new ModuleLoadError(id, 'load', error);
    }
    if (!loaded || typeof loaded.App !== 'function') throw new ModuleLoadError(id, 'shape');
    return loaded;
  };

  return {
    async load(id, loadOptions) {
      try {
        return await attempt(id, loadOptions?.force ?? false);
      } catch (first) {
        if (first instanceof ModuleLoadError && first.reason === 'missing') throw first;
        await delay(retryDelayMs);
        return attempt(id, true);
      }
    },
  };
}
