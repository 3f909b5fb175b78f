import { ErrorCode, MODULES, type GraphQLClient, type Locale, type Region, type SignedInUser } from '@ph/contracts';
import { ErrorMessage, errorCodeOf, LoadingState } from '@ph/ui';
import { MemoryRouter, Navigate, Route, Router, useLocation, type MemoryHistory, type RouteSectionProps } from '@solidjs/router';
import type { i18n as I18n } from 'i18next';
import { createEffect, createSignal, lazy, Match, on, onCleanup, onMount, splitProps, Suspense, Switch } from 'solid-js';
import { adminRoutes } from './admin/admin-routes';
import {
  AuthRequestError,
  createAuthApi,
  fetchSignedInUser,
  safeNextPath,
  SET_PASSWORD_PATH,
  SIGN_IN_PATH,
  signInHref,
  watchUnauthenticated,
  type AuthApi,
} from './auth';
import { createShellTranslator } from './i18n';
import { Layout, pageNameKey, SignedOutFrame } from './layout';
import { ModuleOutlet } from './module-outlet';
import { NotFoundPage } from './pages';
import type { RemoteLoader } from './remotes';
import { SessionsPage } from './sessions-page';
import { saveLocale, saveRegion } from './settings';
import { ShellContext, type ShellContextValue } from './shell-context';
import { SignInPage } from './sign-in-page';

// Resources & help and the helpdesk load on first visit, keeping them out of the shell's first paint.
const ResourcesPage = lazy(() => import('./resources/resources-page').then((m) => ({ default: m.ResourcesPage })));
const SetPasswordPage = lazy(() => import('./set-password-page').then((m) => ({ default: m.SetPasswordPage })));
const HelpdeskPage = lazy(() => import('./resources/helpdesk-page').then((m) => ({ default: m.HelpdeskPage })));

export interface ShellProps {
  i18n: I18n;
  gql: GraphQLClient;
  loader: RemoteLoader;
  initialRegion: Region;
  initialLocale: Locale;
  /** Tests pass a memory history; the app uses the browser's. */
  history?: MemoryHistory;
  /** The BFF's sign-in routes; defaults to the real ones over the global fetch. */
  auth?: AuthApi;
}

type SessionStatus = 'checking' | 'ready' | 'failed';

/** The console: owns the session, region and language, routes to the federated modules and the shell's own pages. */
export function Shell(props: ShellProps) {
  const [local] = splitProps(props, ['i18n', 'gql', 'loader', 'initialRegion', 'initialLocale', 'history', 'auth']);
  const [region, setRegionSignal] = createSignal<Region>(local.initialRegion);
  const [locale, setLocaleSignal] = createSignal<Locale>(local.initialLocale);
  const [status, setStatus] = createSignal<SessionStatus>('checking');
  const [user, setUser] = createSignal<SignedInUser | null>(null);
  const [sessionEnded, setSessionEnded] = createSignal(false);
  // After an explicit sign-out the sign-in page does not offer to return to the last page.
  const [leftOnPurpose, setLeftOnPurpose] = createSignal(false);
  const auth = local.auth ?? createAuthApi();

  const checkSession = async () => {
    setStatus('checking');
    try {
      setUser(await fetchSignedInUser(local.gql));
      setStatus('ready');
    } catch (error) {
      console.error('[shell] could not check the session', errorCodeOf(error));
      setStatus('failed');
    }
  };
  onMount(() => void checkSession());

  const forget = (ended: boolean) => {
    setLeftOnPurpose(!ended);
    setSessionEnded(ended);
    setUser(null);
  };

  /** Loads the user of the session the BFF just started. */
  const adoptSession = async () => {
    const me = await fetchSignedInUser(local.gql);
    // Signed in but no session on the next request: the cookie did not stick (blocked cookies, clock skew).
    if (!me) throw new AuthRequestError(ErrorCode.Internal);
    setSessionEnded(false);
    setLeftOnPurpose(false);
    setUser(me);
  };

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
    // Any UNAUTHENTICATED answer while signed in means the session expired or was revoked elsewhere.
    gql: watchUnauthenticated(local.gql, () => {
      if (user()) forget(true);
    }),
    loader: local.loader,
    user,
    sessionEnded,
    signInOptions: () => auth.options(),
    signIn: async (email, password) => {
      await auth.signIn(email, password);
      await adoptSession();
    },
    passwordLink: (token) => auth.passwordLink(token),
    setPassword: async (token, password) => {
      await auth.setPassword(token, password);
      await adoptSession();
    },
    signOut: async () => {
      try {
        await auth.signOut();
      } catch (error) {
        if (errorCodeOf(error) !== ErrorCode.Unauthenticated) throw error;
      }
      forget(false);
    },
    signedOut: () => forget(false),
  };

  createEffect(() => {
    document.documentElement.lang = locale();
  });

  /**
   * Tells screen-reader users that the page changed: the document title names the page (in the current
   * language), and after a navigation focus moves to the main landmark, as a full page load would start there.
   * Only a new pathname counts (not a query-string change such as the customer list's filters), and only
   * once the user has interacted: the first load and its redirects (`/` to /customers, to the sign-in page)
   * leave focus at the top of the document, with the skip link first.
   */
  const announcePages = (pathname: () => string) => {
    createEffect(() => {
      const key = pageNameKey(pathname());
      const product = context.t('productName');
      document.title = key ? context.t('pageTitle', { page: context.t(key), product }) : product;
    });

    let interacted = false;
    const interactions = ['pointerdown', 'keydown', 'click'] as const;
    const stopListening = () => {
      for (const type of interactions) document.removeEventListener(type, onInteraction, { capture: true });
    };
    function onInteraction() {
      interacted = true;
      stopListening();
    }
    for (const type of interactions) document.addEventListener(type, onInteraction, { capture: true });
    let pending: ReturnType<typeof setTimeout> | undefined;
    onCleanup(() => {
      stopListening();
      clearTimeout(pending);
    });
    createEffect(
      on(
        pathname,
        () => {
          if (!interacted) return;
          clearTimeout(pending);
          // After the new page has rendered (and after other popstate listeners, such as a module's own).
          pending = setTimeout(() => {
            const main = document.getElementById('main');
            const active = document.activeElement;
            // A page that focused something of its own (a heading, a field, a tab) keeps it.
            if (!main || (active && active !== main && main.contains(active))) return;
            main.focus();
          });
        },
        { defer: true },
      ),
    );
  };

  /** Chooses the frame: a check in progress, the signed-out frame for the sign-in page, or the console layout. */
  const Root = (rootProps: RouteSectionProps) => {
    const location = useLocation();
    announcePages(() => location.pathname);
    const onSignIn = () => location.pathname === SIGN_IN_PATH;
    // A set-password link works signed out and signed in alike (redeeming it starts the invitee's session).
    const onSetPassword = () => location.pathname === SET_PASSWORD_PATH;
    const here = () => `${location.pathname}${location.search}`;
    const nextAfterSignIn = () => safeNextPath(new URLSearchParams(location.search).get('next')) ?? '/';
    return (
      <Switch>
        <Match when={status() === 'checking'}>
          <SignedOutFrame>
            <LoadingState label={context.t('session.checking')} />
          </SignedOutFrame>
        </Match>
        <Match when={status() === 'failed'}>
          <SignedOutFrame>
            <ErrorMessage message={context.t('session.checkFailed')} retryLabel={context.t('modules.retry')} onRetry={() => void checkSession()} />
          </SignedOutFrame>
        </Match>
        <Match when={onSetPassword()}>
          <SignedOutFrame>{rootProps.children}</SignedOutFrame>
        </Match>
        <Match when={!user() && !onSignIn()}>
          <Navigate href={leftOnPurpose() ? SIGN_IN_PATH : signInHref(here())} />
        </Match>
        <Match when={user() && onSignIn()}>
          <Navigate href={nextAfterSignIn()} />
        </Match>
        <Match when={!user()}>
          <SignedOutFrame>{rootProps.children}</SignedOutFrame>
        </Match>
        <Match when={user()}>
          <Layout>{rootProps.children}</Layout>
        </Match>
      </Switch>
    );
  };
  const routes = () => (
    <>
      <Route path={SIGN_IN_PATH} component={SignInPage} />
      <Route path={SET_PASSWORD_PATH} component={() => <Suspense fallback={<LoadingState label={context.t('setPassword.checking')} />}><SetPasswordPage /></Suspense>} />
      <Route path="/account/sessions" component={SessionsPage} />
      <Route path="/" component={() => <Navigate href="/customers" />} />
      {MODULES.map((module) => (
        <Route path={`${module.routePrefix}/*rest`} component={() => <ModuleOutlet id={module.id} basePath={module.routePrefix} />} />
      ))}
      <Route path="/resources" component={() => <Suspense fallback={<LoadingState label={context.t('resources.loading')} />}><ResourcesPage /></Suspense>} />
      <Route path="/helpdesk" component={() => <Suspense fallback={<LoadingState label={context.t('helpdesk.loading')} />}><HelpdeskPage /></Suspense>} />
      {adminRoutes()}
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
