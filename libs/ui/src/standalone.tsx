import { GRAPHQL_PATH, LOCALES, REGIONS, isLocale, isRegion, pickLocale, type Locale, type ModuleHost, type ModuleProps, type Region } from '@ph/contracts';
import i18next from 'i18next';
import { createSignal, For, type JSX } from 'solid-js';
import { render } from 'solid-js/web';
import { createGraphQLClient } from './graphql-client';
import { createModuleTranslator } from './i18n';
import en from './locales/en.json';
import nl from './locales/nl.json';

export interface StandaloneOptions {
  /** The module's `App`. */
  App: (props: ModuleProps) => JSX.Element;
  /** Shown in the harness title. */
  name: string;
  /** The module's route prefix, e.g. `/customers`. */
  basePath: string;
  element: HTMLElement;
}

/** Runs a module on its own (rsbuild dev): own i18next instance, GraphQL client, region and language selects. */
export async function mountStandalone(options: StandaloneOptions): Promise<() => void> {
  const storedLocale = localStorage.getItem('ph.locale');
  const storedRegion = localStorage.getItem('ph.region');
  const [locale, setLocale] = createSignal<Locale>(isLocale(storedLocale) ? storedLocale : pickLocale(navigator.languages));
  const [region, setRegion] = createSignal<Region>(isRegion(storedRegion) ? storedRegion : 'US');
  const i18n = i18next.createInstance();
  await i18n.init({ lng: locale(), fallbackLng: 'en', resources: {}, interpolation: { escapeValue: false } });
  const host: ModuleHost = {
    region,
    locale,
    user: () => null,
    i18n,
    gql: createGraphQLClient({ url: GRAPHQL_PATH }),
    basePath: options.basePath,
    navigate: (path, navigateOptions) =>
      navigateOptions?.replace ? history.replaceState(null, '', path) : history.pushState(null, '', path),
  };
  const t = createModuleTranslator(host, 'phUi', { en, nl });
  const App = options.App;
  return render(
    () => (
      <>
        <header class="ph-standalone">
          <strong>{t('standalone.title', { name: options.name })}</strong>
          <label>
            {t('standalone.region')}{' '}
            <select
              value={region()}
              onChange={(event) => {
                const next = event.currentTarget.value;
                if (isRegion(next)) {
                  localStorage.setItem('ph.region', next);
                  setRegion(next);
                }
              }}
            >
              <For each={REGIONS}>{(code) => <option value={code}>{code}</option>}</For>
            </select>
          </label>{' '}
          <label>
            {t('standalone.language')}{' '}
            <select
              value={locale()}
              onChange={(event) => {
                const next = event.currentTarget.value;
                if (isLocale(next)) {
                  localStorage.setItem('ph.locale', next);
                  void i18n.changeLanguage(next);
                  document.documentElement.lang = next;
                  setLocale(next);
                }
              }}
            >
              <For each={LOCALES}>{(code) => <option value={code}>{t(`languages.${code}`)}</option>}</For>
            </select>
          </label>
        </header>
        <main id="main">
          <App host={host} />
        </main>
      </>
    ),
    options.element,
  );
}
