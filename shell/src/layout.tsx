import { LOCALES, REGIONS, isLocale, isRegion } from '@ph/contracts';
import { useLocation } from '@solidjs/router';
import { For, splitProps, type JSX } from 'solid-js';
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

interface NavLinkProps {
  href: string;
  children: JSX.Element;
}

/** A nav link with `aria-current="page"` on its section (also for sub-paths such as /customers/123). */
function NavLink(props: NavLinkProps) {
  const [local] = splitProps(props, ['href', 'children']);
  const location = useLocation();
  const active = () => location.pathname === local.href || location.pathname.startsWith(`${local.href}/`);
  return (
    <a href={local.href} class="ph-nav__link" classList={{ 'ph-nav__link--active': active() }} aria-current={active() ? 'page' : undefined}>
      {local.children}
    </a>
  );
}

export interface LayoutProps {
  children?: JSX.Element;
}

/** Page frame: skip link, header with region and language selects, navigation, main landmark. */
export function Layout(props: LayoutProps) {
  const [local] = splitProps(props, ['children']);
  const shell = useShell();
  const t = shell.t;
  return (
    <div class="ph-shell">
      <a
        class="ph-skip"
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        {t('skipToMain')}
      </a>
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
              <For each={REGIONS}>{(region) => <option value={region}>{region}</option>}</For>
            </select>
          </label>
          <label class="ph-field">
            <span>{t('header.language')}</span>
            <select
              value={shell.locale()}
              onChange={(event) => {
                const value = event.currentTarget.value;
                if (isLocale(value)) shell.setLocale(value);
              }}
            >
              <For each={LOCALES}>{(locale) => <option value={locale}>{t(`languages.${locale}`)}</option>}</For>
            </select>
          </label>
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
          </ul>
        </nav>
        <main id="main" class="ph-main" tabindex="-1">
          {local.children}
        </main>
      </div>
    </div>
  );
}
