import type { ModuleProps, RemoteModule } from '@ph/contracts';
import { createModuleTranslator, ErrorMessage, LoadingState } from '@ph/ui';
import { createResource, createSignal, For, Match, splitProps, Switch, type Component } from 'solid-js';
import { Dynamic } from 'solid-js/web';
import { viewContext, type ViewContext } from './format';
import { LicensesPage } from './licenses-page';
import en from './locales/en.json';
import nl from './locales/nl.json';

/** The module's i18next namespace. */
export const namespace = 'analytics';

/** The Calling page, loaded as its own chunk on first show (keeps the module's first load small). */
function CallingPage(props: { ctx: ViewContext }) {
  const [local] = splitProps(props, ['ctx']);
  const [page, { refetch }] = createResource(async () => (await import('./calling/calling-page')).CallingPage);
  return (
    <Switch fallback={<LoadingState label={local.ctx.t('loading')} />}>
      <Match when={page.error}>
        <ErrorMessage message={local.ctx.t('loadFailed')} retryLabel={local.ctx.t('retry')} onRetry={() => void refetch()} />
      </Match>
      <Match when={page.latest}>{(component) => <Dynamic component={component()} ctx={local.ctx} />}</Match>
    </Switch>
  );
}

/**
 * The module's pages, one file each, shown as tabs. A page is `{ key, component }` with its tab label
 * at `pages.<key>`; Calling analytics is added here beside Licenses.
 */
export const PAGES: { key: string; component: Component<{ ctx: ViewContext }> }[] = [
  { key: 'licenses', component: LicensesPage },
  { key: 'calling', component: CallingPage },
];

/** The analytics module: tabs of analytics pages for the host's region. */
export function App(props: ModuleProps) {
  const [local] = splitProps(props, ['host']);
  const t = createModuleTranslator(local.host, namespace, { en, nl });
  const ctx = viewContext(local.host, t);
  const [active, setActive] = createSignal(0);
  const tabs: HTMLButtonElement[] = [];
  const onKey = (e: KeyboardEvent, index: number) => {
    const next = e.key === 'ArrowRight' ? index + 1 : e.key === 'ArrowLeft' ? index - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? PAGES.length - 1 : null;
    if (next === null) return;
    e.preventDefault();
    const target = (next + PAGES.length) % PAGES.length;
    setActive(target);
    tabs[target]?.focus();
  };
  return (
    <section class="ph-module ph-analytics" aria-labelledby="analytics-title">
      <h1 id="analytics-title">{t('title')}</h1>
      <div role="tablist" aria-label={t('pages.label')} class="ph-analytics__tabs">
        <For each={PAGES}>
          {(page, index) => (
            <button
              ref={(el) => (tabs[index()] = el)}
              type="button"
              role="tab"
              id={`analytics-tab-${page.key}`}
              aria-selected={active() === index()}
              aria-controls={`analytics-panel-${page.key}`}
              tabindex={active() === index() ? 0 : -1}
              onClick={() => setActive(index())}
              onKeyDown={(e) => onKey(e, index())}
            >
              {t(`pages.${page.key}`)}
            </button>
          )}
        </For>
      </div>
      <div role="tabpanel" id={`analytics-panel-${PAGES[active()]!.key}`} aria-labelledby={`analytics-tab-${PAGES[active()]!.key}`}>
        <Dynamic component={PAGES[active()]!.component} ctx={ctx} />
      </div>
    </section>
  );
}

// Compile-time check that this expose matches the shell's contract.
({ App, namespace }) satisfies RemoteModule;
