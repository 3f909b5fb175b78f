import { isRegion, type ModuleHost, type ModuleProps, type RemoteModule } from '@ph/contracts';
import { createModuleTranslator, LoadingState } from '@ph/ui';
import { createMemo, createSignal, Match, onCleanup, Show, splitProps, Suspense, Switch } from 'solid-js';
import { CustomerDetail } from './customer-detail';
import { CustomerList, detailHref, listHref } from './customer-list';
import { ListSettings } from './list-settings';
import { parseListState } from './list-state';
import { SavedViews } from './saved-views';
import en from './locales/en.json';
import nl from './locales/nl.json';

/** The module's i18next namespace. */
export const namespace = 'customers';

const UUID = /^\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?$/i;

/** The customers module: the customer list (state in the URL) and a customer's detail at `<basePath>/<orgId>`. */
export function App(props: ModuleProps) {
  const [local] = splitProps(props, ['host']);
  const host = local.host;
  const t = createModuleTranslator(host, namespace, { en, nl });
  const read = () => ({ path: window.location.pathname, search: window.location.search });
  const [location, setLocation] = createSignal(read());
  const onPop = () => setLocation(read());
  window.addEventListener('popstate', onPop);
  onCleanup(() => window.removeEventListener('popstate', onPop));
  const go = (href: string) => {
    host.navigate(href);
    const url = new URL(href, window.location.origin);
    setLocation({ path: url.pathname, search: url.search });
  };
  const rest = () => (location().path.startsWith(host.basePath) ? location().path.slice(host.basePath.length) : '');
  const detailId = () => UUID.exec(rest())?.[1] ?? null;
  const listState = createMemo(() => parseListState(location().search));
  /** Bumped when the thresholds change: the list is mounted again, so its statuses are reloaded. */
  const [listVersion, setListVersion] = createSignal(1);
  // A customer's detail reads its own region's store (`?region=`, from the list row), else the header's.
  const detailRegion = () => {
    const region = new URLSearchParams(location().search).get('region');
    return isRegion(region) ? region : host.region();
  };
  const detailHost: ModuleHost = { ...host, region: detailRegion };

  return (
    <section class="ph-module" aria-labelledby="customers-title">
      <Switch>
        <Match when={detailId()}>
          {(id) => <CustomerDetail host={detailHost} t={t} id={id()} onBack={() => history.back()} />}
        </Match>
        <Match when={!detailId()}>
          <h1 id="customers-title">{t('title')}</h1>
          <div class="ph-toolbar ph-list-tools">
            <SavedViews host={host} t={t} state={listState()} onApply={(state) => go(listHref(host.basePath, state))} />{' '}
            <ListSettings host={host} t={t} onSaved={() => setListVersion((v) => v + 1)} />
          </div>
          {/* The list's own boundary: while it reloads, the tools above (and any dialog they opened) stay in place. */}
          <Suspense fallback={<LoadingState label={t('loading')} />}>
            <Show when={listVersion()} keyed>
              {(_version) => (
                <CustomerList
                  host={host}
                  t={t}
                  state={listState()}
                  onChange={(state) => go(listHref(host.basePath, state))}
                  onOpen={(id, region) => go(detailHref(host.basePath, id, region))}
                />
              )}
            </Show>
          </Suspense>
        </Match>
      </Switch>
    </section>
  );
}

// Compile-time check that this expose matches the shell's contract.
({ App, namespace }) satisfies RemoteModule;
