import { LOCALES, REGIONS, isLocale, isRegion } from '@ph/contracts';
import { errorCodeOf } from '@ph/ui';
import { useLocation } from '@solidjs/router';
import { createSignal, For, Show, splitProps, type JSX } from 'solid-js';
import { ADMIN_NAV_ITEMS } from './admin/admin-routes';
import { SET_PASSWORD_PATH, SIGN_IN_PATH } from './auth';
import { useShell } from './shell-context';

/** Navigation entries; "Start my organisation" sits at the top, as the help page describes. */
export const NAV_ITEMS = [
  { key: 'myOrganization', href: '/my-organization' },
  { key: 'customers', href: '/customers' },
  { key: 'analytics', href: '/analytics' },
  { key: 'reports', href: '/reports' },
  { key: 'resources', href: '/resources' },
  { key: 'helpdesk', href: '/helpdesk' },
] as const;

/** Pages outside the navigation and the texts that name them. */
const OTHER_PAGES: Record<string, string> = {
  '/account/sessions': 'header.sessions',
  [SIGN_IN_PATH]: 'signIn.submit',
  [SET_PASSWORD_PATH]: 'setPassword.title',
};

/** True when `pathname` is `href` or below it (e.g. /customers/123 in Customers), as the navigation marks it. */
const inSection = (pathname: string, href: string) => pathname === href || pathname.startsWith(`${href}/`);

/**
 * The key of the text naming the page at `pathname`, for the document title: the navigation's label of its
 * section, the name of a page outside the navigation, "Page not found" for unknown paths, or null for `/` (it only redirects).
 */
export function pageNameKey(pathname: string): string | null {
  if (pathname === '/') return null;
  const item = NAV_ITEMS.find((entry) => inSection(pathname, entry.href));
  if (item) return `nav.${item.key}`;
  const adminItem = ADMIN_NAV_ITEMS.find((entry) => inSection(pathname, entry.href));
  if (adminItem) return `admin.nav.${adminItem.key}`;
  return OTHER_PAGES[pathname] ?? 'pages.notFound.title';
}

interface NavLinkProps {
  href: string;
  children: JSX.Element;
}

/** A nav link with `aria-current="page"` on its section (also for sub-paths such as /customers/123). */
function NavLink(props: NavLinkProps) {
  const [local] = splitProps(props, ['href', 'children']);
  const location = useLocation();
  const active = () => inSection(location.pathname, local.href);
  return (
    <a href={local.href} class="ph-nav__link" classList={{ 'ph-nav__link--active': active() }} aria-current={active() ? 'page' : undefined}>
      {local.children}
    </a>
  );
}

/** A "skip to main content" link that also moves focus (the main landmark has tabindex -1). */
function SkipLink() {
  const shell = useShell();
  return (
    <a
      class="ph-skip"
      href="#main"
      onClick={(event) => {
        event.preventDefault();
        document.getElementById('main')?.focus();
      }}
    >
      {shell.t('skipToMain')}
    </a>
  );
}

/** The language select; shown signed in and signed out. */
function LanguageSelect() {
  const shell = useShell();
  return (
    <label class="ph-field">
      <span>{shell.t('header.language')}</span>
      <select
        value={shell.locale()}
        onChange={(event) => {
          const value = event.currentTarget.value;
          if (isLocale(value)) shell.setLocale(value);
        }}
      >
        <For each={LOCALES}>{(locale) => <option value={locale}>{shell.t(`languages.${locale}`)}</option>}</For>
      </select>
    </label>
  );
}

/** The signed-in user's name and role, a link to their sessions and the Sign out button. */
function UserMenu() {
  const shell = useShell();
  const t = shell.t;
  const [failed, setFailed] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const location = useLocation();
  const signOut = async () => {
    setBusy(true);
    setFailed(null);
    try {
      await shell.signOut();
    } catch (error) {
      setFailed(errorCodeOf(error));
      setBusy(false);
    }
  };
  return (
    <Show when={shell.user()}>
      {(user) => (
        <div class="ph-user">
          <span class="ph-user__who">
            <span class="ph-user__name">{user().displayName}</span>
            <span class="ph-user__role">{t(`roles.${user().role}`)}</span>
          </span>
          <a class="ph-user__link" href="/account/sessions" aria-current={location.pathname === '/account/sessions' ? 'page' : undefined}>
            {t('header.sessions')}
          </a>
          <button type="button" class="ph-button ph-button--secondary" disabled={busy()} onClick={() => void signOut()}>
            {t('header.signOut')}
          </button>
          <Show when={failed()}>
            {(code) => (
              <p class="ph-user__error" role="alert">
                {t(code() === 'NETWORK' ? 'header.signOutNetwork' : 'header.signOutFailed')}
              </p>
            )}
          </Show>
        </div>
      )}
    </Show>
  );
}

export interface SignedOutFrameProps {
  children?: JSX.Element;
}

/** The frame while nobody is signed in: brand and language only, no navigation. */
export function SignedOutFrame(props: SignedOutFrameProps) {
  const [local] = splitProps(props, ['children']);
  const shell = useShell();
  return (
    <div class="ph-shell ph-shell--signed-out">
      <SkipLink />
      <header class="ph-header">
        <span class="ph-brand">{shell.t('productName')}</span>
        <div class="ph-header__controls">
          <LanguageSelect />
        </div>
      </header>
      <main id="main" class="ph-main ph-main--centred" tabindex="-1">
        {local.children}
      </main>
    </div>
  );
}

export interface LayoutProps {
  children?: JSX.Element;
}

/** Page frame: skip link, header with region and language selects and the user menu, navigation, main landmark. */
export function Layout(props: LayoutProps) {
  const [local] = splitProps(props, ['children']);
  const shell = useShell();
  const t = shell.t;
  return (
    <div class="ph-shell">
      <SkipLink />
      <header class="ph-header">
        <span class="ph-brand">{t('productName')}</span>
        <div class="ph-header__controls">
          <label class="ph-field">
            <span>{t('header.region')}</span>
            <select
              value={shell.region()}
              onChange={(event) => {
                const value = event.currentTarget.value;
                if (isRegion(value)) shell.setRegion(value);
              }}
            >
              <For each={REGIONS}>{(region) => <option value={region}>{t(`regions.${region}`)}</option>}</For>
            </select>
          </label>
          <LanguageSelect />
          <UserMenu />
        </div>
      </header>
      <div class="ph-body">
        <nav class="ph-nav" aria-label={t('nav.label')}>
          <ul>
            <For each={NAV_ITEMS}>
              {(item) => (
                <li>
                  <NavLink href={item.href}>{t(`nav.${item.key}`)}</NavLink>
                </li>
              )}
            </For>
            <Show when={shell.user()?.role === 'FULL_ADMIN'}>
              <For each={ADMIN_NAV_ITEMS}>
                {(item) => (
                  <li>
                    <NavLink href={item.href}>{t(`admin.nav.${item.key}`)}</NavLink>
                  </li>
                )}
              </For>
            </Show>
          </ul>
        </nav>
        <main id="main" class="ph-main" tabindex="-1">
          {local.children}
        </main>
      </div>
    </div>
  );
}
