import { EmptyState, ErrorMessage, errorCodeOf, LoadingState } from '@ph/ui';
import { useSearchParams } from '@solidjs/router';
import { createResource, createSignal, createEffect, For, Show, splitProps } from 'solid-js';
import { useShell } from '../shell-context';
import './resources.css';

export const RESOURCE_TYPES = ['ARTICLE', 'VIDEO', 'TRAINING', 'TOOL', 'DOCUMENT', 'WEBINAR'] as const;
export const PRODUCTS = ['CALLING', 'CONTACT_CENTER'] as const;

/** One help resource as the BFF serves it (GraphQL `HelpResource`), already in the user's language. */
export interface HelpResourceRow {
  id: string;
  title: string;
  description: string;
  url: string;
  type: string;
  products: string[];
  language: string;
}

interface CatalogueData {
  resources: { quickLinks: HelpResourceRow[]; featured: HelpResourceRow[]; results: HelpResourceRow[]; languages: string[] };
}

export const RESOURCES_QUERY = `query Resources($locale: String!, $search: String, $type: ResourceType, $product: HelpProduct, $language: String) {
  resources(locale: $locale, search: $search, type: $type, product: $product, language: $language) {
    quickLinks { id title url }
    featured { id title description url type }
    results { id title description url type products language }
    languages
  }
}`;

/** The search and filters of the page, read from and written to the URL (`q`, `type`, `product`, `language`). */
interface Filters {
  q: string;
  type: string;
  product: string;
  language: string;
}

function single(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** Resources & help: quick links, featured resources and the searchable, filterable catalogue; the search lives in the URL. */
export function ResourcesPage() {
  const shell = useShell();
  const t = shell.t;
  const [params, setParams] = useSearchParams();
  const filters = (): Filters => ({ q: single(params.q), type: single(params.type), product: single(params.product), language: single(params.language) });
  const [draft, setDraft] = createSignal(filters().q);
  createEffect(() => setDraft(filters().q));

  const [data, { refetch }] = createResource(
    () => ({ locale: shell.locale(), ...filters() }),
    async (key) => {
      try {
        const result = await shell.gql.request<CatalogueData>(RESOURCES_QUERY, {
          locale: key.locale,
          search: key.q || null,
          type: (RESOURCE_TYPES as readonly string[]).includes(key.type) ? key.type : null,
          product: (PRODUCTS as readonly string[]).includes(key.product) ? key.product : null,
          language: /^[a-z]{2}$/.test(key.language) ? key.language : null,
        });
        return { ok: true as const, value: result.resources };
      } catch (error) {
        return { ok: false as const, code: errorCodeOf(error) };
      }
    },
  );
  // Keep the quick links and the filter options while a new search loads.
  const [last, setLast] = createSignal<CatalogueData['resources'] | null>(null);
  createEffect(() => {
    const current = data();
    if (current?.ok) setLast(current.value);
  });

  const update = (patch: Partial<Filters>) => setParams({ ...Object.fromEntries(Object.entries(patch).map(([k, v]) => [k, v || undefined])) });
  const languageName = (code: string) => displayLanguage(code, shell.locale());

  return (
    <section class="ph-page ph-resources" aria-labelledby="resources-title">
      <h1 id="resources-title">{t('resources.title')}</h1>
      <p>{t('resources.intro')}</p>
      <Show when={data()?.ok === false && !last()}>
        <ErrorMessage message={t(`errors.${(data() as { code: string }).code}`)} retryLabel={t('modules.retry')} onRetry={() => void refetch()} />
      </Show>
      <Show when={last()} fallback={<Show when={data()?.ok !== false}><LoadingState label={t('resources.loading')} /></Show>}>
        {(catalogue) => (
          <>
            <Show when={catalogue().quickLinks.length > 0}>
              <section aria-labelledby="resources-quick">
                <h2 id="resources-quick">{t('resources.quickLinks')}</h2>
                <ul class="ph-resources__quick">
                  <For each={catalogue().quickLinks}>{(link) => <li><a href={link.url} target="_blank" rel="noopener noreferrer">{link.title}</a></li>}</For>
                </ul>
              </section>
            </Show>
            <Show when={catalogue().featured.length > 0}>
              <section aria-labelledby="resources-featured">
                <h2 id="resources-featured">{t('resources.featured')}</h2>
                <ul class="ph-resources__cards">
                  <For each={catalogue().featured}>{(resource) => <ResourceCard resource={resource} />}</For>
                </ul>
              </section>
            </Show>
            <section aria-labelledby="resources-all">
              <h2 id="resources-all">{t('resources.all')}</h2>
              <form
                role="search"
                class="ph-resources__filters"
                onSubmit={(event) => {
                  event.preventDefault();
                  update({ q: draft().trim() });
                }}
              >
                <label>
                  <span>{t('resources.search')}</span>
                  <input type="search" name="q" value={draft()} onInput={(event) => setDraft(event.currentTarget.value)} />
                </label>
                <label>
                  <span>{t('resources.type')}</span>
                  <select name="type" value={filters().type} onChange={(event) => update({ type: event.currentTarget.value })}>
                    <option value="">{t('resources.anyType')}</option>
                    <For each={RESOURCE_TYPES}>{(type) => <option value={type}>{t(`resources.types.${type}`)}</option>}</For>
                  </select>
                </label>
                <label>
                  <span>{t('resources.product')}</span>
                  <select name="product" value={filters().product} onChange={(event) => update({ product: event.currentTarget.value })}>
                    <option value="">{t('resources.anyProduct')}</option>
                    <For each={PRODUCTS}>{(product) => <option value={product}>{t(`resources.products.${product}`)}</option>}</For>
                  </select>
                </label>
                <label>
                  <span>{t('resources.language')}</span>
                  <select name="language" value={filters().language} onChange={(event) => update({ language: event.currentTarget.value })}>
                    <option value="">{t('resources.anyLanguage')}</option>
                    <For each={catalogue().languages}>{(code) => <option value={code}>{languageName(code)}</option>}</For>
                  </select>
                </label>
                <button type="submit" class="ph-button">{t('resources.submit')}</button>
              </form>
              <Show when={data()?.ok === false}>
                <ErrorMessage message={t(`errors.${(data() as { code: string }).code}`)} retryLabel={t('modules.retry')} onRetry={() => void refetch()} />
              </Show>
              <Show when={data()?.ok && data()} fallback={<Show when={data.loading}><LoadingState label={t('resources.loading')} /></Show>}>
                {(current) => {
                  const results = () => (current() as { value: CatalogueData['resources'] }).value.results;
                  return (
                    <>
                      <p role="status" aria-live="polite">{t('resources.count', { count: results().length })}</p>
                      <Show when={results().length > 0} fallback={<EmptyState message={t('resources.empty')} />}>
                        <ul class="ph-resources__list" aria-labelledby="resources-all">
                          <For each={results()}>{(resource) => <ResourceCard resource={resource} detailed />}</For>
                        </ul>
                      </Show>
                    </>
                  );
                }}
              </Show>
            </section>
          </>
        )}
      </Show>
    </section>
  );
}

/** The name of a language in the user's locale ("Engels"), or its code when Intl does not know it. */
export function displayLanguage(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** One resource: its title as a link, the description and what kind of resource it is. */
export function ResourceCard(props: { resource: HelpResourceRow; detailed?: boolean }) {
  const [local] = splitProps(props, ['resource', 'detailed']);
  const shell = useShell();
  const t = shell.t;
  return (
    <li class="ph-resource">
      <h3>
        <a href={local.resource.url} target="_blank" rel="noopener noreferrer">
          {local.resource.title}
        </a>
      </h3>
      <p>{local.resource.description}</p>
      <p class="ph-resource__meta">
        <span class="ph-badge">{t(`resources.types.${local.resource.type}`)}</span>
        <Show when={local.detailed}>
          {' '}
          <For each={local.resource.products}>{(product) => <span class="ph-badge">{t(`resources.products.${product}`)}</span>}</For>
          {' '}
          <span class="ph-badge">{displayLanguage(local.resource.language, shell.locale())}</span>
        </Show>
      </p>
    </li>
  );
}
