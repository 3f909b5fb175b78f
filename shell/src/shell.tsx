import { MODULES, type GraphQLClient, type Locale, type Region } from '@ph/contracts';
import { MemoryRouter, Navigate, Route, Router, type MemoryHistory, type RouteSectionProps } from '@solidjs/router';
import type { i18n as I18n } from 'i18next';
import { createEffect, createSignal, splitProps } from 'solid-js';
import { createShellTranslator } from './i18n';
import { Layout } from './layout';
import { ModuleOutlet } from './module-outlet';
import { LaterPage, NotFoundPage } from './pages';
import type { RemoteLoader } from './remotes';
import { saveLocale, saveRegion } from './settings';
import { ShellContext, type ShellContextValue } from './shell-context';

export interface ShellProps {
  i18n: I18n;
  gql: GraphQLClient;
  loader: RemoteLoader;
  initialRegion: Region;
  initialLocale: Locale;
  /** Tests pass a memory history; the app uses the browser's. */
  history?: MemoryHistory;
}

/** The console: owns region and language, routes to the federated modules and the shell's own pages. */
export function Shell(props: ShellProps) {
  const [local] = splitProps(props, ['i18n', 'gql', 'loader', 'initialRegion', 'initialLocale', 'history']);
  const [region, setRegionSignal] = createSignal<Region>(local.initialRegion);
  const [locale, setLocaleSignal] = createSignal<Locale>(local.initialLocale);

  const context: ShellContextValue = {
    t: createShellTranslator(local.i18n, locale),
    region,
    locale,
    setRegion: (next) => {
      saveRegion(next);
      setRegionSignal(next);
    },
    setLocale: (next) => {
      saveLocale(next);
      void local.i18n.changeLanguage(next);
      setLocaleSignal(next);
    },
    i18n: local.i18n,
    gql: local.gql,
    loader: local.loader,
  };

  createEffect(() => {
    document.documentElement.lang = locale();
    document.title = context.t('productName');
  });

  const Root = (rootProps: RouteSectionProps) => <Layout>{rootProps.children}</Layout>;
  const routes = () => (
    <>
      <Route path="/" component={() => <Navigate href="/customers" />} />
      {MODULES.map((module) => (
        <Route path={`${module.routePrefix}/*rest`} component={() => <ModuleOutlet id={module.id} basePath={module.routePrefix} />} />
      ))}
      <Route path="/resources" component={() => <LaterPage titleKey="nav.resources" />} />
      <Route path="/helpdesk" component={() => <LaterPage titleKey="nav.helpdesk" />} />
      <Route path="/my-organization" component={() => <LaterPage titleKey="nav.myOrganization" />} />
      <Route path="*404" component={NotFoundPage} />
    </>
  );

  return (
    <ShellContext.Provider value={context}>
      {local.history ? (
        <MemoryRouter history={local.history} root={Root}>
          {routes()}
        </MemoryRouter>
      ) : (
        <Router root={Root}>{routes()}</Router>
      )}
    </ShellContext.Provider>
  );
}
