import { loadRemote, registerPlugins, registerRemotes } from '@module-federation/enhanced/runtime';
import { GRAPHQL_PATH } from '@ph/contracts';
import { createGraphQLClient } from '@ph/ui';
import '@ph/ui/src/tokens.css';
import { render } from 'solid-js/web';
import { createShellI18n } from './i18n';
import { createRemoteLoader, DEFAULT_TIMEOUT_MS } from './remotes';
import { loadLocale, loadRegion } from './settings';
import { Shell } from './shell';
import './shell.css';

/** Starts the console: i18n, the federation runtime hooks, the module loader, then renders. */
async function start(): Promise<void> {
  const locale = loadLocale();
  const i18n = await createShellI18n(locale);
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  // After a forced retry, a remote entry gets a fresh URL so the browser cannot reuse a hung request.
  const retryStamps = new Map<string, number>();
  // Give manifests and remote entries the manifest's timeout instead of the runtime's 20 s default.
  registerPlugins([
    {
      name: 'ph-timeouts',
      fetch: (url: string, init: RequestInit) => fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) }),
      createScript: ({ url, remoteInfo }: { url: string; remoteInfo?: { name: string } }) => {
        const script = document.createElement('script');
        const stamp = remoteInfo && retryStamps.get(remoteInfo.name);
        script.src = stamp ? `${url}${url.includes('?') ? '&' : '?'}retry=${stamp}` : url;
        return { script, timeout: timeoutMs };
      },
    },
  ]);
  const loader = createRemoteLoader({
    runtime: { registerRemotes, loadRemote },
    onTimeout: (ms) => {
      timeoutMs = ms;
    },
    onForceRegister: (name) => retryStamps.set(name, Date.now()),
  });
  const gql = createGraphQLClient({ url: GRAPHQL_PATH });
  const root = document.getElementById('root')!;
  root.textContent = '';
  render(() => <Shell i18n={i18n} gql={gql} loader={loader} initialRegion={loadRegion()} initialLocale={locale} />, root);
}

void start();
