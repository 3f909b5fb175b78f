import { REGIONS } from '@ph/contracts';
/** Customer statuses (PRODUCT.md), in display order. */
export const STATUSES = ['TRIAL', 'SUBSCRIPTION', 'EXPIRING_SOON', 'LICENSE_OVERAGE', 'NO_RECENT_ACTIVITY', 'READY_FOR_ORDER_SETUP', 'SUSPENDED', 'EXPIRED'] as const;
export const PRODUCTS = ['MEETINGS', 'CALLING', 'MESSAGING', 'RTT', 'CONTACT_CENTER'] as const;
export const MANAGED_BY = ['EXTERNAL_ADMIN', 'PARTNER_ORG'] as const;
export const SUBSCRIPTION_TYPES = ['PAID', 'TRIAL'] as const;
export const SORTS = ['NAME', 'REGION', 'STATUS', 'PRODUCTS', 'LICENSES_TOTAL', 'LICENSES_ASSIGNED', 'NEXT_END_DATE', 'TAGS', 'MANAGED_BY', 'COUNTRY'] as const;
/** Data-residency regions, in the order the filter shows them. */
export { REGIONS };
export type Sort = (typeof SORTS)[number];

/** Everything that decides which customers the list shows: kept in the URL query string. */
export interface ListState {
  search: string;
  statuses: string[];
  products: string[];
  managedBy: string[];
  subscriptionTypes: string[];
  tagIds: string[];
  /** Regions to list; empty: the header's region. */
  regions: string[];
  sort: Sort;
  descending: boolean;
  /** Cursors of the pages before the current one (the current page starts after the last). */
  after: string[];
  /** The header region the cursors were made in (a cursor of another region is not used). */
  at?: string;
}

const list = (params: URLSearchParams, key: string, allowed?: readonly string[]) =>
  (params.get(key) ?? '')
    .split(',')
    .filter((v) => v !== '' && (!allowed || allowed.includes(v)));

/** Reads the list state from a query string (`?q=…&status=TRIAL,EXPIRED&regions=US,EU&sort=NAME&desc=1&after=…&at=EU`); unknown values are dropped. */
export function parseListState(search: string): ListState {
  const params = new URLSearchParams(search);
  const sort = params.get('sort');
  return {
    search: params.get('q') ?? '',
    statuses: list(params, 'status', STATUSES),
    products: list(params, 'product', PRODUCTS),
    managedBy: list(params, 'managed', MANAGED_BY),
    subscriptionTypes: list(params, 'type', SUBSCRIPTION_TYPES),
    tagIds: list(params, 'tag'),
    regions: list(params, 'regions', REGIONS),
    sort: (SORTS as readonly string[]).includes(sort ?? '') ? (sort as Sort) : 'NAME',
    descending: params.get('desc') === '1',
    after: list(params, 'after'),
    at: REGIONS.find((region) => region === params.get('at')),
  };
}

/** Writes the list state as a query string (with `?`, or empty for the default view). */
export function formatListState(state: ListState): string {
  const params = new URLSearchParams();
  if (state.search) params.set('q', state.search);
  if (state.statuses.length) params.set('status', state.statuses.join(','));
  if (state.products.length) params.set('product', state.products.join(','));
  if (state.managedBy.length) params.set('managed', state.managedBy.join(','));
  if (state.subscriptionTypes.length) params.set('type', state.subscriptionTypes.join(','));
  if (state.tagIds.length) params.set('tag', state.tagIds.join(','));
  if (state.regions.length) params.set('regions', state.regions.join(','));
  if (state.sort !== 'NAME') params.set('sort', state.sort);
  if (state.descending) params.set('desc', '1');
  if (state.after.length) params.set('after', state.after.join(','));
  if (state.after.length && state.at) params.set('at', state.at);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The regions a view lists: its own choice, else the header's region. */
export function effectiveRegions(state: ListState, headerRegion: string): string[] {
  return state.regions.length ? REGIONS.filter((r) => state.regions.includes(r)) : [headerRegion];
}

/**
 * The region choice after toggling `region`: never empty (the last region stays), and empty again
 * (follow the header) when only the header's region is left.
 */
export function toggleRegion(state: ListState, headerRegion: string, region: string): string[] {
  const current = effectiveRegions(state, headerRegion);
  const next = current.includes(region) ? current.filter((r) => r !== region) : REGIONS.filter((r) => r === region || current.includes(r));
  if (next.length === 0) return state.regions;
  return next.length === 1 && next[0] === headerRegion ? [] : next;
}
