import type { RemotesManifest } from '@ph/contracts';
import { describe, expect, it, vi } from 'vitest';
import { createRemoteLoader, ModuleLoadError, type FederationRuntime } from './remotes';

const manifest: RemotesManifest = {
  remotes: [{ id: 'customers', name: 'mf_customers', entry: '/modules/customers/mf-manifest.json', routePrefix: '/customers' }],
  timeoutMs: 50,
};
const okFetch = vi.fn(async () => new Response(JSON.stringify(manifest), { status: 200 }));
const App = () => null;

function fakeRuntime(results: (() => Promise<unknown>)[]): FederationRuntime & { registered: unknown[] } {
  const registered: unknown[] = [];
  return {
    registered,
    registerRemotes: (remotes, options) => void registered.push({ remotes, options }),
    loadRemote: <T,>() => (results.shift() ?? (() => Promise.resolve({ App, namespace: 'customers' })))() as Promise<T>,
  };
}

describe(createRemoteLoader.name, () => {
  it('registers the remote with an absolute entry and loads App', async () => {
    const runtime = fakeRuntime([]);
    const sut = createRemoteLoader({ runtime, fetch: okFetch, baseUrl: 'http://hub.test/customers' });
    await expect(sut.load('customers')).resolves.toMatchObject({ namespace: 'customers' });
    expect(runtime.registered).toEqual([
      { remotes: [{ name: 'mf_customers', entry: 'http://hub.test/modules/customers/mf-manifest.json' }], options: { force: false } },
    ]);
  });

  it('retries once with force before failing', async () => {
    const runtime = fakeRuntime([() => Promise.reject(new Error('404')), () => Promise.resolve({ App, namespace: 'customers' })]);
    const sut = createRemoteLoader({ runtime, fetch: okFetch, retryDelayMs: 0 });
    await expect(sut.load('customers')).resolves.toMatchObject({ namespace: 'customers' });
    expect(runtime.registered).toHaveLength(2);
    expect((runtime.registered[1] as { options: { force: boolean } }).options.force).toBe(true);
  });

  it('gives up after the manifest timeout on a hanging remote', async () => {
    const hang = () => new Promise(() => {});
    const runtime = fakeRuntime([hang, hang]);
    const sut = createRemoteLoader({ runtime, fetch: okFetch, retryDelayMs: 0 });
    const error = await sut.load('customers').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModuleLoadError);
    expect((error as ModuleLoadError).reason).toBe('timeout');
  });

  it('fails with reason manifest when the remotes manifest is down, and refetches next time', async () => {
    const fetch = vi.fn(async () => new Response('nope', { status: 500 }));
    const sut = createRemoteLoader({ runtime: fakeRuntime([]), fetch, retryDelayMs: 0 });
    await expect(sut.load('customers')).rejects.toMatchObject({ reason: 'manifest' });
    fetch.mockImplementation(async () => new Response(JSON.stringify(manifest)));
    await expect(sut.load('customers')).resolves.toMatchObject({ namespace: 'customers' });
  });

  it('rejects an expose without App', async () => {
    const bad = () => Promise.resolve({ namespace: 'x' });
    const sut = createRemoteLoader({ runtime: fakeRuntime([bad, bad]), fetch: okFetch, retryDelayMs: 0 });
    await expect(sut.load('customers')).rejects.toMatchObject({ reason: 'shape' });
  });
});
