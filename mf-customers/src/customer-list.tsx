import type { ModuleHost } from '@ph/contracts';
import { createNumberFormat, EmptyState, errorCodeOf, ErrorMessage, LoadingState, type ModuleTranslate } from '@ph/ui';
import { createEffect, createResource, createSignal, For, on, Show, splitProps } from 'solid-js';
import { canTag, TagAction, TagManager } from './tag-tools';
import { canManageTrials, TrialForm } from './trial-form';
import { effectiveRegions, formatListState, MANAGED_BY, PRODUCTS, REGIONS, STATUSES, SUBSCRIPTION_TYPES, toggleRegion, type ListState, type Sort } from './list-state';

/** GraphQL: one page of the customer list. */
export const CUSTOMER_LIST_QUERY = /* GraphQL */ `
  query CustomerList($region: Region!, $first: Int, $after: String, $filter: CustomerFilterInput, $sort: CustomerSort, $descending: Boolean) {
    customers(region: $region, first: $first, after: $after, filter: $filter, sort: $sort, descending: $descending) {
      totalCount
      nodes { id name country region statuses products licensesPurchased licensesAssigned nextEndDate managedBy launchUrl tags { id name color } }
      pageInfo { endCursor hasNextPage }
    }
  }
`;

/** GraphQL: counts per filter value (each facet under the search and every other filter). */
export const CUSTOMER_FACETS_QUERY = /* GraphQL */ `
  query CustomerFacets($region: Region!, $filter: CustomerFilterInput) {
    customerFacets(region: $region, filter: $filter) {
      total
      statuses { value count }
      subscriptionTypes { value count }
      products { value count }
      managedBy { value count }
      tags { tag { id name color } count }
      regions { value count }
    }
  }
`;

export interface TagRef {
  id: string;
  name: string;
  color: string;
}

/** A row of the customer list as the module reads it. */
export interface CustomerRow {
  id: string;
  name: string;
  country: string;
  /** Region of the store the row came from (absent in older answers). */
  region?: string;
  statuses: string[];
  products: string[];
  licensesPurchased: number;
  licensesAssigned: number;
  nextEndDate: string | null;
  managedBy: string;
  launchUrl: string;
  tags: TagRef[];
}

interface CustomerPage {
  totalCount: number;
  nodes: CustomerRow[];
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
}

interface ValueCount {
  value: string;
  count: number;
}

interface Facets {
  total: number;
  statuses: ValueCount[];
  subscriptionTypes: ValueCount[];
  products: ValueCount[];
  managedBy: ValueCount[];
  tags: { tag: TagRef; count: number }[];
  regions: ValueCount[];
}

/** Page size of the list. */
export const PAGE_SIZE = 25;

/** Formats an ISO date (YYYY-MM-DD) in the host's locale. */
export function formatDate(locale: string, iso: string | null): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
}

export interface CustomerListProps {
  host: ModuleHost;
  t: ModuleTranslate;
  state: ListState;
  /** Shows another view of the list (pushes a history entry). */
  onChange: (state: ListState) => void;
  /** Opens a customer's detail (in the region its row came from). */
  onOpen: (id: string, region: string) => void;
}

const COLUMNS: { key: string; sort?: Sort }[] = [
  { key: 'name', sort: 'NAME' },
  { key: 'region', sort: 'REGION' },
  { key: 'statuses', sort: 'STATUS' },
  { key: 'products', sort: 'PRODUCTS' },
  { key: 'licenses', sort: 'LICENSES_TOTAL' },
  { key: 'assigned', sort: 'LICENSES_ASSIGNED' },
  { key: 'nextEndDate', sort: 'NEXT_END_DATE' },
  { key: 'tags', sort: 'TAGS' },
  { key: 'managedBy', sort: 'MANAGED_BY' },
  { key: 'actions' },
];

/** The GraphQL filter of a view (no regions: the BFF lists the header's region). */
export function filterOf(state: ListState) {
  return {
    search: state.search || null,
    statuses: state.statuses,
    products: state.products,
    managedBy: state.managedBy,
    subscriptionTypes: state.subscriptionTypes,
    tagIds: state.tagIds,
    regions: state.regions.length ? state.regions : null,
  };
}

/** The customer list: search, filters with counts, a sortable table and keyset paging, all driven by `state`. */
export function CustomerList(props: CustomerListProps) {
  const [local] = splitProps(props, ['host', 't', 'state', 'onChange', 'onOpen']);
  const t = (key: string, options?: Record<string, unknown>) => local.t(key, options);
  const n = createNumberFormat(local.host);
  const [version, setVersion] = createSignal(0);
  const [selected, setSelected] = createSignal<string[]>([]);
  const refresh = () => setVersion((v) => v + 1);
  // A page cursor belongs to the header region it was made in (`at` in the URL): after a switch of that
  // region, or Back to a page of another region (or a link without `at`), the list starts at its first page.
  const cursors = () => (local.state.at === local.host.region() ? local.state.after : []);
  const [page, { refetch }] = createResource(
    () => ({ region: local.host.region(), state: local.state, after: cursors().at(-1) ?? null, version: version() }),
    async ({ region, state, after }) =>
      (
        await local.host.gql.request<{ customers: CustomerPage }>(CUSTOMER_LIST_QUERY, {
          region,
          first: PAGE_SIZE,
          after,
          sort: state.sort,
          descending: state.descending,
          filter: filterOf(state),
        })
      ).customers,
  );
  // Facets follow the search and every filter, not the sort or the page.
  const facetKey = () => JSON.stringify(filterOf(local.state));
  const [facets] = createResource(
    () => ({ region: local.host.region(), key: facetKey(), version: version() }),
    async ({ region, key }) => (await local.host.gql.request<{ customerFacets: Facets }>(CUSTOMER_FACETS_QUERY, { region, filter: JSON.parse(key) })).customerFacets,
  );
  const regions = () => effectiveRegions(local.state, local.host.region());

  const change = (patch: Partial<ListState>) => {
    setSelected([]);
    local.onChange({ ...local.state, after: [], ...patch });
  };
  // A switch of the header region also takes the other region's cursors out of the URL (a later switch
  // back does not jump to that page again, and a copied link is the page shown).
  createEffect(
    on(
      () => local.host.region(),
      () => {
        if (local.state.after.length > 0 && cursors().length === 0) change({ after: [] });
      },
      { defer: true },
    ),
  );
  // Bulk actions apply to selected rows on the page shown: a row that left it (a removed tag, Back, a
  // reload) leaves the selection too.
  createEffect(
    on(
      () => (page.state === 'ready' ? page() : undefined),
      (shown) => {
        if (shown) setSelected((ids) => ids.filter((id) => shown.nodes.some((row) => row.id === id)));
      },
      { defer: true },
    ),
  );
  const toggleSelected = (id: string) => setSelected((list) => (list.includes(id) ? list.filter((v) => v !== id) : [...list, id]));
  const toggle = (key: 'statuses' | 'products' | 'managedBy' | 'subscriptionTypes' | 'tagIds', value: string) => {
    const current = local.state[key];
    change({ [key]: current.includes(value) ? current.filter((v) => v !== value) : [...current, value] });
  };
  const sortBy = (sort: Sort) => change({ sort, descending: local.state.sort === sort ? !local.state.descending : false });
  const countOf = (list: ValueCount[] | undefined, value: string) => list?.find((c) => c.value === value)?.count ?? 0;

  let searchInput!: HTMLInputElement;

  const FilterGroup = (group: { legend: string; name: 'statuses' | 'products' | 'managedBy' | 'subscriptionTypes'; values: readonly string[]; label: (v: string) => string; counts?: ValueCount[] }) => (
    <fieldset class="ph-filter" data-testid={`filter-${group.name}`}>
      <legend>{group.legend}</legend>
      <For each={group.values}>
        {(value) => (
          <label class="ph-filter__option">
            <input type="checkbox" checked={local.state[group.name].includes(value)} onChange={() => toggle(group.name, value)} />
            {group.label(value)} <span class="ph-muted">({n(countOf(group.counts, value))})</span>
          </label>
        )}
      </For>
    </fieldset>
  );

  return (
    <div class="ph-customer-list">
      <Show when={canManageTrials(local.host)}>
        <details class="ph-card">
          <summary>{t('trials.startNew')}</summary>
          <TrialForm host={local.host} t={local.t} onStarted={refresh} />
        </details>
      </Show>
      <Show when={canTag(local.host)}>
        <div class="ph-toolbar">
          <TagManager host={local.host} t={local.t} onChanged={refresh} />
          <TagAction host={local.host} t={local.t} version={version()} customerIds={selected()} regionOf={(id) => page.latest?.nodes.find((row) => row.id === id)?.region ?? local.host.region()} onDone={refresh} />
        </div>
      </Show>
      <form
        role="search"
        class="ph-search"
        onSubmit={(event) => {
          event.preventDefault();
          change({ search: searchInput.value.trim() });
        }}
      >
        <label for="customer-search">{t('list.search')}</label>
        <input id="customer-search" ref={searchInput} type="search" maxLength={100} value={local.state.search} placeholder={t('list.searchPlaceholder')} />
        <button type="submit" class="ph-button">
          {t('list.searchButton')}
        </button>
      </form>
      <div class="ph-list-layout">
        <aside aria-label={t('list.filters')} class="ph-filters">
          <FilterGroup legend={t('filters.status')} name="statuses" values={STATUSES} label={(v) => t(`status.${v}`)} counts={facets()?.statuses} />
          <FilterGroup legend={t('filters.product')} name="products" values={PRODUCTS} label={(v) => t(`product.${v}`)} counts={facets()?.products} />
          <FilterGroup legend={t('filters.subscriptionType')} name="subscriptionTypes" values={SUBSCRIPTION_TYPES} label={(v) => t(`subscriptionType.${v}`)} counts={facets()?.subscriptionTypes} />
          <FilterGroup legend={t('filters.managedBy')} name="managedBy" values={MANAGED_BY} label={(v) => t(`managedBy.${v}`)} counts={facets()?.managedBy} />
          <fieldset class="ph-filter" data-testid="filter-regions">
            <legend>{t('filters.region')}</legend>
            <For each={REGIONS}>
              {(value) => (
                <label class="ph-filter__option">
                  <input
                    type="checkbox"
                    checked={regions().includes(value)}
                    disabled={regions().length === 1 && regions()[0] === value}
                    onChange={() => change({ regions: toggleRegion(local.state, local.host.region(), value) })}
                  />
                  {t(`region.${value}`)} ({value}) <span class="ph-muted">({n(countOf(facets()?.regions, value))})</span>
                </label>
              )}
            </For>
          </fieldset>
          <fieldset class="ph-filter" data-testid="filter-tags">
            <legend>{t('filters.tag')}</legend>
            <Show when={(facets()?.tags.length ?? 0) > 0} fallback={<p class="ph-muted">{t('filters.noTags')}</p>}>
              <For each={facets()?.tags}>
                {(entry) => (
                  <label class="ph-filter__option">
                    <input type="checkbox" checked={local.state.tagIds.includes(entry.tag.id)} onChange={() => toggle('tagIds', entry.tag.id)} />
                    {entry.tag.name} <span class="ph-muted">({n(entry.count)})</span>
                  </label>
                )}
              </For>
            </Show>
          </fieldset>
        </aside>
        <div class="ph-list-main">
          <Show when={page.error}>
            {(error) => <ErrorMessage message={`${t('loadFailed')} ${t(`errors.${errorCodeOf(error())}`)}`} retryLabel={t('retry')} onRetry={() => void refetch()} />}
          </Show>
          <Show when={page.loading}>
            <LoadingState label={t('loading')} />
          </Show>
          <Show when={!page.error && page.latest}>
            {(data) => (
              <>
                <a class="ph-button" data-testid="export-csv" href={exportHref(local.host.region(), local.state, local.host.locale())} download="">
                  {t('list.export')}
                </a>
                <p role="status" data-testid="result-count">
                  {t('list.count', { count: data().totalCount, value: n(data().totalCount), region: regions().join(', ') })}
                </p>
                <Show when={data().nodes.length > 0} fallback={<EmptyState message={t('list.noMatch')} />}>
                  <table class="ph-table" aria-labelledby="customers-title">
                    <thead>
                      <tr>
                        <Show when={canTag(local.host)}>
                          <th scope="col">
                            <input
                              type="checkbox"
                              aria-label={t('tags.selectAll')}
                              checked={data().nodes.length > 0 && data().nodes.every((row) => selected().includes(row.id))}
                              onChange={(event) => setSelected(event.currentTarget.checked ? data().nodes.map((row) => row.id) : [])}
                            />
                          </th>
                        </Show>
                        <For each={COLUMNS}>
                          {(column) => (
                            <th
                              scope="col"
                              aria-sort={column.sort && local.state.sort === column.sort ? (local.state.descending ? 'descending' : 'ascending') : undefined}
                            >
                              <Show when={column.sort} fallback={t(`columns.${column.key}`)}>
                                {(sort) => (
                                  <button type="button" class="ph-link-button" onClick={() => sortBy(sort())}>
                                    {t(`columns.${column.key}`)}
                                    <span aria-hidden="true">{local.state.sort === sort() ? (local.state.descending ? ' ▼' : ' ▲') : ''}</span>
                                  </button>
                                )}
                              </Show>
                            </th>
                          )}
                        </For>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={data().nodes}>
                        {(row) => (
                          <tr data-testid="customer-row">
                            <Show when={canTag(local.host)}>
                              <td>
                                <input type="checkbox" aria-label={t('tags.select', { name: row.name })} checked={selected().includes(row.id)} onChange={() => toggleSelected(row.id)} />
                              </td>
                            </Show>
                            <td>
                              <a
                                href={detailHref(local.host.basePath, row.id, row.region ?? local.host.region())}
                                onClick={(event) => {
                                  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
                                  event.preventDefault();
                                  local.onOpen(row.id, row.region ?? local.host.region());
                                }}
                              >
                                {row.name}
                              </a>
                            </td>
                            <td>{row.region ?? local.host.region()}</td>
                            <td>
                              <ul class="ph-chips">
                                <For each={row.statuses}>{(status) => <li class="ph-chip" data-status={status}>{t(`status.${status}`)}</li>}</For>
                              </ul>
                            </td>
                            <td>{row.products.map((p) => t(`product.${p}`)).join(', ') || '—'}</td>
                            <td>{n(row.licensesPurchased)}</td>
                            <td>{n(row.licensesAssigned)}</td>
                            <td>{formatDate(local.host.locale(), row.nextEndDate)}</td>
                            <td>
                              <ul class="ph-chips">
                                <For each={row.tags}>{(tag) => <li class="ph-chip" style={{ 'border-color': tag.color }}>{tag.name}</li>}</For>
                              </ul>
                            </td>
                            <td>{t(`managedBy.${row.managedBy}`)}</td>
                            <td>
                              <a href={row.launchUrl} target="_blank" rel="noopener noreferrer" aria-label={t('list.launchFor', { name: row.name })}>
                                {t('list.launch')}
                              </a>
                            </td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </Show>
                <nav aria-label={t('list.paging')} class="ph-paging">
                  <button type="button" class="ph-button" disabled={cursors().length === 0} onClick={() => {
                      setSelected([]);
                      local.onChange({ ...local.state, after: cursors().slice(0, -1), at: local.host.region() });
                    }}>
                    {t('list.previous')}
                  </button>
                  <span>{t('list.page', { page: n(cursors().length + 1) })}</span>
                  <button
                    type="button"
                    class="ph-button"
                    disabled={!data().pageInfo.hasNextPage}
                    onClick={() => {
                      setSelected([]);
                      local.onChange({ ...local.state, after: [...cursors(), data().pageInfo.endCursor!], at: local.host.region() });
                    }}
                  >
                    {t('list.next')}
                  </button>
                </nav>
              </>
            )}
          </Show>
        </div>
      </div>
    </div>
  );
}

/** A customer's detail path; the region names the store its data is read from. */
export function detailHref(basePath: string, id: string, region: string): string {
  return `${basePath}/${id}?region=${encodeURIComponent(region)}`;
}

/** The list's path with its state, for links and `navigate`. */
export function listHref(basePath: string, state: ListState): string {
  return `${basePath}${formatListState(state)}`;
}

/** The CSV export of the current filtered, sorted list in the page's language (the BFF's session-checked `GET /api/customers.csv`). */
export function exportHref(region: string, state: ListState, locale: string): string {
  const query = formatListState({ ...state, after: [] }).replace(/^\?/, '');
  return `/api/customers.csv?region=${encodeURIComponent(region)}${query ? `&${query}` : ''}&locale=${encodeURIComponent(locale)}`;
}
