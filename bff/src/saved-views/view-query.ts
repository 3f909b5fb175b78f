import { ErrorCode, REGIONS, type FieldError, type Region } from '@ph/contracts';
import { AppError } from '../common/app-error';
import { isUuid } from '../common/ids';
import { MANAGED_BY } from '../customers/customer.entity';
import { CUSTOMER_STATUSES } from '../customers/customer-status';
import { CUSTOMER_SORTS, MAX_SEARCH_LENGTH, SUBSCRIPTION_TYPES, type CustomerListFilter, type CustomerSort } from '../customers/customers.service';
import { PRODUCTS } from '../subscriptions/subscription.entity';

/** Longest query string a saved view may store. */
export const MAX_VIEW_QUERY_LENGTH = 4000;

/**
 * The customer list's URL parameters (mf-customers `list-state.ts`, the CSV export) that a saved view
 * keeps, in the order the list writes them, each with the values the list query accepts. The page
 * cursor (`after`) is not part of a view and is dropped. Keep in step with `CustomerFilterInput`.
 */
const LIST_KEYS = {
  q: 'search',
  status: CUSTOMER_STATUSES,
  product: PRODUCTS,
  managed: MANAGED_BY,
  type: SUBSCRIPTION_TYPES,
  tag: 'tagIds',
  regions: REGIONS,
  sort: CUSTOMER_SORTS,
  desc: ['1', '0'],
} as const satisfies Record<string, readonly string[] | string>;
type ListKey = keyof typeof LIST_KEYS;
const MULTI: readonly ListKey[] = ['status', 'product', 'managed', 'type', 'tag', 'regions'];
/** Parameters of the list URL that are not part of a view. */
const IGNORED = new Set(['after']);

/** A saved view's filter set as the list query takes it. */
export interface ViewQuery {
  /** The canonical query string (no `?`), as the list writes it: known keys in order, defaults left out. */
  text: string;
  filter: CustomerListFilter;
  sort: CustomerSort;
  descending: boolean;
  tagIds: string[];
}

const FIELD = 'input.query';

/**
 * Parses and validates a list query string (`status=TRIAL,EXPIRED&sort=NAME&desc=1&tag=<uuid>`).
 * `strict` (saving): an unknown key or value is BAD_USER_INPUT naming it (reasons `unknownFilter`,
 * `invalidFilterValue`, `tooLong`); otherwise (reading a stored view) it is dropped, as the list does.
 */
export function parseViewQuery(raw: string, strict: boolean): ViewQuery {
  const problems: FieldError[] = [];
  const text = raw.trim().replace(/^\?/, '');
  if (text.length > MAX_VIEW_QUERY_LENGTH) throw new AppError(ErrorCode.BadUserInput, 'Filter too long', [{ field: FIELD, reason: 'tooLong', params: { max: MAX_VIEW_QUERY_LENGTH } }]);
  const params = new URLSearchParams(text);
  const values = new Map<ListKey, string[]>();
  const seen = new Set<string>();
  for (const [key, value] of params) {
    if (IGNORED.has(key)) continue;
    if (!(key in LIST_KEYS)) {
      problems.push({ field: FIELD, reason: 'unknownFilter', params: { key } });
      continue;
    }
    if (seen.has(key)) {
      problems.push({ field: FIELD, reason: 'invalidFilterValue', params: { key, value } });
      continue;
    }
    seen.add(key);
    const listKey = key as ListKey;
    const allowed = LIST_KEYS[listKey];
    const parts = MULTI.includes(listKey) ? value.split(',').filter((v) => v !== '') : [value];
    const kept: string[] = [];
    for (const part of parts) {
      const ok = listKey === 'q' ? part.trim().length <= MAX_SEARCH_LENGTH : listKey === 'tag' ? isUuid(part) : (allowed as readonly string[]).includes(part);
      const normal = listKey === 'tag' ? part.toLowerCase() : part;
      if (ok) {
        if (!kept.includes(normal)) kept.push(normal);
      } else if (listKey === 'q') problems.push({ field: FIELD, reason: 'tooLong', params: { max: MAX_SEARCH_LENGTH } });
      else problems.push({ field: FIELD, reason: 'invalidFilterValue', params: { key, value: part.slice(0, 60) } });
    }
    values.set(listKey, kept);
  }
  if (strict && problems.length) throw new AppError(ErrorCode.BadUserInput, 'Invalid saved filter', problems);
  return build(values);
}

/** The view without the given tag ids (tags deleted since it was saved). */
export function withoutTags(view: ViewQuery, dropped: ReadonlySet<string>): ViewQuery {
  const values = toValues(view);
  values.set('tag', view.tagIds.filter((id) => !dropped.has(id)));
  return build(values);
}

function toValues(view: ViewQuery): Map<ListKey, string[]> {
  const f = view.filter;
  return new Map<ListKey, string[]>([
    ['q', f.search ? [f.search] : []],
    ['status', [...(f.statuses ?? [])]],
    ['product', [...(f.products ?? [])]],
    ['managed', [...(f.managedBy ?? [])]],
    ['type', [...(f.subscriptionTypes ?? [])]],
    ['tag', [...view.tagIds]],
    ['regions', [...(f.regions ?? [])]],
    ['sort', [view.sort]],
    ['desc', [view.descending ? '1' : '0']],
  ]);
}

function build(values: Map<ListKey, string[]>): ViewQuery {
  const get = <T extends string>(key: ListKey) => (values.get(key) ?? []) as T[];
  const search = (get('q')[0] ?? '').trim();
  const sort = get<CustomerSort>('sort')[0] ?? 'NAME';
  const descending = get('desc')[0] === '1';
  const out = new URLSearchParams();
  if (search) out.set('q', search);
  for (const key of MULTI) if (get(key).length) out.set(key, get(key).join(','));
  if (sort !== 'NAME') out.set('sort', sort);
  if (descending) out.set('desc', '1');
  return {
    text: out.toString(),
    filter: {
      search: search || null,
      statuses: get('status'),
      products: get('product'),
      managedBy: get('managed'),
      subscriptionTypes: get('type'),
      tagIds: get('tag'),
      regions: get<Region>('regions'),
    },
    sort,
    descending,
    tagIds: get('tag'),
  };
}
