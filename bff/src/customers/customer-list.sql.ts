/**
 * The customer list's SQL over `customer_list_row` (see customer-list.entity.ts), as pure builders so
 * the service and the benchmark run the very same statements.
 *
 * Sort keys. Every sort ends with the name and then the org id, so the order is total and one keyset
 * cursor is valid in every region store; text compares by Unicode code point (SQLite's binary order,
 * PostgreSQL with `collate "C"`, {@link compareText} when merging stores):
 * - NAME: name. REGION: region code (the same for every row of a store). COUNTRY: country code.
 * - STATUS: sum of the weights of the customer's statuses (Suspended 128, License overage 64, Expiring
 *   soon 32, Ready for order setup 16, Expired 8, No recent activity 4, Trial 2, Subscription 1):
 *   descending puts the most urgent first.
 * - PRODUCTS: number of products on current subscriptions. LICENSES_TOTAL / LICENSES_ASSIGNED: licence sums.
 * - NEXT_END_DATE: next renewal or expiry date; a customer without any subscription as 9999-12-31.
 * - TAGS: the customer's alphabetically first tag name (lower case); customers without tags come last
 *   in both directions.
 * - MANAGED_BY: EXTERNAL_ADMIN before PARTNER_ORG.
 */
import type { Region } from '@ph/contracts';
import { PRODUCTS, type Product } from '../subscriptions/subscription.entity';
import { MANAGED_BY, type ManagedBy } from './customer.entity';
import { CUSTOMER_STATUSES, type CustomerStatus, type Sql } from './customer-status';

export type Dialect = 'sqlite' | 'postgresql';

export const CUSTOMER_SORTS = ['NAME', 'REGION', 'COUNTRY', 'STATUS', 'PRODUCTS', 'LICENSES_TOTAL', 'LICENSES_ASSIGNED', 'NEXT_END_DATE', 'TAGS', 'MANAGED_BY'] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];
export const SUBSCRIPTION_TYPES = ['PAID', 'TRIAL'] as const;
export type SubscriptionType = (typeof SUBSCRIPTION_TYPES)[number];

/** Bumped whenever the meaning of a `customer_list_row` column changes: every store is rebuilt at the next start. */
export const CUSTOMER_LIST_VERSION = 1;

/** Bit of a status in `facet_bits` (bits 0–7). */
export const statusBit = (status: CustomerStatus): number => 1 << CUSTOMER_STATUSES.indexOf(status);
/** Bit of a product in `facet_bits` (bits 8–12). */
export const productBit = (product: Product): number => 1 << (8 + PRODUCTS.indexOf(product));
/** Bit of a managed-by value in `facet_bits` (bits 13–14). */
export const managedBit = (managedBy: ManagedBy): number => 1 << (13 + MANAGED_BY.indexOf(managedBy));
const MANAGED_MASK = MANAGED_BY.reduce((m, v) => m | managedBit(v), 0);
const ALL_BITS = (1 << 15) - 1;

/** Status sort weights: the most urgent status weighs most. */
export const STATUS_WEIGHT: Record<CustomerStatus, number> = {
  SUSPENDED: 128,
  LICENSE_OVERAGE: 64,
  EXPIRING_SOON: 32,
  READY_FOR_ORDER_SETUP: 16,
  EXPIRED: 8,
  NO_RECENT_ACTIVITY: 4,
  TRIAL: 2,
  SUBSCRIPTION: 1,
};

/** Line feed: separates the parts of the search text (a search never contains one). */
export const SEARCH_SEPARATOR = '\n';
/** `tag_sort_asc` without tags: after every tag name in code point order. */
export const NO_TAG_ASCENDING = String.fromCodePoint(0x10ffff);
/** Placeholder for a uuid value. */
const uuid = (dialect: Dialect) => (dialect === 'postgresql' ? 'cast(? as uuid)' : '?');
/** A text column compared by code point. */
const text = (dialect: Dialect, column: string) => (dialect === 'postgresql' ? `${column} collate "C"` : column);
/** `column` is one of the ids of a JSON array bound as one parameter. */
export function inJsonIds(dialect: Dialect, column: string): string {
  return dialect === 'sqlite' ? `${column} in (select value from json_each(?))` : `${column} in (select (jsonb_array_elements_text(cast(? as jsonb)))::uuid)`;
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

/**
 * Rewrites the region-derived columns of the customers whose id is in the JSON array `ids` (null: every
 * customer of the store) from the base tables, as of `today`; directory-derived columns are kept and
 * EXPIRING_SOON / NO_RECENT_ACTIVITY are left for {@link thresholdFlagsSql}. Stored statuses (today = `today`):
 * - TRIAL: a RUNNING trial ends today or later. SUBSCRIPTION: a PAID, ACTIVE subscription ends today or later.
 * - LICENSE_OVERAGE: a current subscription (not CANCELLED, ends today or later) has a line with assigned > purchased.
 * - READY_FOR_ORDER_SETUP: an order is PLACED or PROVISIONING without a subscription.
 * - SUSPENDED: a PAID subscription ending today or later is UNPAID or SUSPENDED. EXPIRED: no current subscription.
 */
export function refreshRowsSql(dialect: Dialect, today: string, ids: string[] | null): Sql {
  const restrict = (column: string): Sql => (ids ? { text: ` and ${inJsonIds(dialect, column)}`, params: [JSON.stringify(ids)] } : { text: '', params: [] });
  const sub = restrict('s.customer_id');
  const line = restrict('s.customer_id');
  const trial = restrict('t.customer_id');
  const order = restrict('o.customer_id');
  const customer = restrict('c.id');
  const current = `s.billing_state <> 'CANCELLED' and s.end_date >= ?`;
  const productBits = `sum(distinct case l.product ${PRODUCTS.map((p) => `when '${p}' then ${productBit(p)}`).join(' ')} else 0 end)`;
  const stored: [CustomerStatus, string][] = [
    ['TRIAL', 'tr.customer_id is not null'],
    ['SUBSCRIPTION', 'su.paid_active = 1'],
    ['LICENSE_OVERAGE', 'li.overage = 1'],
    ['READY_FOR_ORDER_SETUP', 'od.customer_id is not null'],
    ['SUSPENDED', 'su.suspended = 1'],
    ['EXPIRED', 'coalesce(su.current_n, 0) = 0'],
  ];
  const bits = stored.map(([s, c]) => `(case when ${c} then ${statusBit(s)} else 0 end)`).join(' + ');
  const products = 'coalesce(li.product_bits, 0)';
  const weight = stored.map(([s, c]) => `(case when ${c} then ${STATUS_WEIGHT[s]} else 0 end)`).join(' + ');
  const nextEnd = 'cast(coalesce(su.next_end, su.last_end) as varchar(10))';
  const values: [string, string][] = [
    ['customer_id', 'c.id'],
    ['partner_id', 'c.partner_id'],
    ['name', 'c.name'],
    ['country', 'c.country'],
    ['search_key', 'lower(c.name) || ? || cast(c.id as varchar(36))'],
    ['managed_by', "'PARTNER_ORG'"],
    ['tag_sort_asc', '?'],
    ['tag_sort_desc', "''"],
    ['valid_until', 'case when su.next_end is null then tr.next_end when tr.next_end is null or su.next_end <= tr.next_end then su.next_end else tr.next_end end'],
    ['next_sub_end', 'su.next_end'],
    ['last_sign_in', 'c.last_admin_sign_in_at'],
    ['stable_bits', bits],
    ['stable_weight', weight],
    ['is_soon', '0'],
    ['is_inactive', '0'],
    ['facet_bits', `${bits} + ${products} + ${managedBit('PARTNER_ORG')}`],
    ['status_weight', weight],
    ['product_count', 'coalesce(li.product_count, 0)'],
    ['licenses_purchased', 'coalesce(li.purchased, 0)'],
    ['licenses_assigned', 'coalesce(li.assigned, 0)'],
    ['subscription_count', 'coalesce(su.n, 0)'],
    ['next_end_date', nextEnd],
    ['end_sort', `coalesce(${nextEnd}, '9999-12-31')`],
  ];
  // On conflict the directory-derived columns stay; EXPIRING_SOON / NO_RECENT_ACTIVITY are set again by thresholdFlagsSql.
  const kept = new Set(['customer_id', 'search_key', 'managed_by', 'tag_sort_asc', 'tag_sort_desc', 'facet_bits']);
  const updates = [
    ...values.filter(([c]) => !kept.has(c)).map(([c]) => `${c} = excluded.${c}`),
    `facet_bits = (excluded.facet_bits & ${ALL_BITS & ~MANAGED_MASK}) + (customer_list_row.facet_bits & ${MANAGED_MASK})`,
    'search_key = excluded.search_key || customer_list_row.dir_key',
  ];
  return {
    text: `insert into customer_list_row (${values.map(([c]) => c).join(', ')})
select ${values.map(([, v]) => v).join(',\n  ')}
from customer c
left join (select s.customer_id, count(*) as n,
    sum(case when ${current} then 1 else 0 end) as current_n,
    min(case when ${current} then s.end_date end) as next_end,
    max(s.end_date) as last_end,
    max(case when s.kind = 'PAID' and s.billing_state = 'ACTIVE' and s.end_date >= ? then 1 else 0 end) as paid_active,
    max(case when s.kind = 'PAID' and s.billing_state in ('UNPAID', 'SUSPENDED') and s.end_date >= ? then 1 else 0 end) as suspended
  from subscription s where 1 = 1${sub.text} group by s.customer_id) su on su.customer_id = c.id
left join (select s.customer_id, sum(l.purchased) as purchased, sum(l.assigned) as assigned,
    max(case when l.assigned > l.purchased then 1 else 0 end) as overage,
    count(distinct l.product) as product_count, ${productBits} as product_bits
  from subscription s join license_line l on l.subscription_id = s.id where ${current}${line.text} group by s.customer_id) li on li.customer_id = c.id
left join (select t.customer_id, min(t.end_date) as next_end from trial t where t.status = 'RUNNING' and t.end_date >= ?${trial.text} group by t.customer_id) tr on tr.customer_id = c.id
left join (select distinct o.customer_id from customer_order o where o.status in ('PLACED', 'PROVISIONING') and o.subscription_id is null${order.text}) od on od.customer_id = c.id
where 1 = 1${customer.text}
on conflict (customer_id) do update set ${updates.join(', ')}`,
    params: [
      SEARCH_SEPARATOR,
      NO_TAG_ASCENDING,
      today, today, today, today, ...sub.params,
      today, ...line.params,
      today, ...trial.params,
      ...order.params,
      ...customer.params,
    ],
  };
}

/** Deletes the row and tag copies of the ids of a JSON array (bound once per statement) whose customer no longer exists. */
export function dropMissingSql(dialect: Dialect, ids: string[]): Sql[] {
  return ['customer_list_tag', 'customer_list_row'].map((table) => ({
    text: `delete from ${table} where ${inJsonIds(dialect, 'customer_id')} and not exists (select 1 from customer c where c.id = ${table}.customer_id)`,
    params: [JSON.stringify(ids)],
  }));
}

/** Where a partner's EXPIRING_SOON and NO_RECENT_ACTIVITY begin: the last end date that counts and the sign-in cutoff. */
export interface Thresholds {
  /** YYYY-MM-DD: today + expiringSoonDays. */
  soon: string;
  /** Last-sign-in cutoff as the store binds it (epoch ms on SQLite, a Date on PostgreSQL). */
  activityCutoff: number | Date;
}

/**
 * Sets EXPIRING_SOON and NO_RECENT_ACTIVITY (with `facet_bits` and `status_weight`) of the partner's
 * rows matching `where`, from `next_sub_end`, `last_sign_in` and `t`.
 */
export function thresholdFlagsSql(partnerId: string, t: Thresholds, where: Sql): Sql {
  const soon = 'case when next_sub_end <= ? then 1 else 0 end';
  const inactive = 'case when last_sign_in is null or last_sign_in < ? then 1 else 0 end';
  const keep = ALL_BITS & ~(statusBit('EXPIRING_SOON') | statusBit('NO_RECENT_ACTIVITY'));
  return {
    text: `update customer_list_row set is_soon = ${soon}, is_inactive = ${inactive},
  facet_bits = (facet_bits & ${keep}) + ${statusBit('EXPIRING_SOON')} * (${soon}) + ${statusBit('NO_RECENT_ACTIVITY')} * (${inactive}),
  status_weight = stable_weight + ${STATUS_WEIGHT.EXPIRING_SOON} * (${soon}) + ${STATUS_WEIGHT.NO_RECENT_ACTIVITY} * (${inactive})
where partner_id = ? and (${where.text})`,
    params: [t.soon, t.activityCutoff, t.soon, t.activityCutoff, t.soon, t.activityCutoff, partnerId, ...where.params],
  };
}

/** Rows of the partner that crossed a threshold since their flags were set (dates only move forward). */
export function crossedThresholdSql(t: Thresholds): Sql {
  return { text: '(is_soon = 0 and next_sub_end <= ?) or (is_inactive = 0 and last_sign_in < ?)', params: [t.soon, t.activityCutoff] };
}

/** Directory-derived values of one customer. */
export interface DirectoryPart {
  id: string;
  managedBy: ManagedBy | null;
  externalId: string | null;
  /** Tags on the customer: id and lower-case name. */
  tags: { id: string; nameKey: string }[];
}

/** Compares strings by Unicode code point (SQLite's binary order and PostgreSQL's "C" collation on UTF-8). */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** The tag sort and search columns of a customer's directory part. */
export function directoryColumns(part: DirectoryPart): { tagSortAsc: string; tagSortDesc: string; dirKey: string } {
  const names = part.tags.map((t) => t.nameKey).sort(compareText);
  const dirKey = [part.externalId?.toLowerCase() ?? '', ...names].map((v) => SEARCH_SEPARATOR + v).join('');
  return { tagSortAsc: names[0] ?? NO_TAG_ASCENDING, tagSortDesc: names[0] ?? '', dirKey };
}

/** Updates the directory-derived columns of up to a few hundred customers in one statement. */
export function updateDirectorySql(dialect: Dialect, parts: DirectoryPart[]): Sql {
  const cast = (v: string) => (dialect === 'postgresql' ? `cast(${v} as text)` : v);
  const rows = parts.map(
    () => `select ${cast('?')} as id, ${cast('?')} as managed_by, ${cast('?')} as external_id, ${cast('?')} as tag_sort_asc, ${cast('?')} as tag_sort_desc, ${cast('?')} as dir_key`,
  );
  const params = parts.flatMap((part) => {
    const columns = directoryColumns(part);
    return [part.id, part.managedBy ?? 'PARTNER_ORG', part.externalId, columns.tagSortAsc, columns.tagSortDesc, columns.dirKey];
  });
  const target = dialect === 'postgresql' ? 'cast(v.id as uuid)' : 'v.id';
  return {
    text: `update customer_list_row set managed_by = v.managed_by, external_id = v.external_id, tag_sort_asc = v.tag_sort_asc, tag_sort_desc = v.tag_sort_desc,
  dir_key = v.dir_key, search_key = lower(customer_list_row.name) || ? || cast(customer_list_row.customer_id as varchar(36)) || v.dir_key,
  facet_bits = (customer_list_row.facet_bits & ${ALL_BITS & ~MANAGED_MASK}) + case v.managed_by ${MANAGED_BY.map((m) => `when '${m}' then ${managedBit(m)}`).join(' ')} else 0 end
from (${rows.join(' union all ')}) v where customer_list_row.customer_id = ${target}`,
    params: [SEARCH_SEPARATOR, ...params],
  };
}

/** Replaces the tag copies of the customers in `parts`. */
export function replaceTagsSql(dialect: Dialect, parts: DirectoryPart[]): Sql[] {
  const statements: Sql[] = [{ text: `delete from customer_list_tag where ${inJsonIds(dialect, 'customer_id')}`, params: [JSON.stringify(parts.map((p) => p.id))] }];
  const pairs = parts.flatMap((p) => p.tags.map((t) => [p.id, t.id]));
  for (let at = 0; at < pairs.length; at += 400) {
    const chunk = pairs.slice(at, at + 400);
    statements.push({ text: `insert into customer_list_tag (customer_id, tag_id) values ${chunk.map(() => `(${uuid(dialect)}, ${uuid(dialect)})`).join(', ')}`, params: chunk.flat() });
  }
  return statements;
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/** A list filter after validation (lists de-duplicated; search trimmed). */
export interface ListFilter {
  search: string;
  statuses: CustomerStatus[];
  products: Product[];
  managedBy: ManagedBy[];
  subscriptionTypes: SubscriptionType[];
  tagIds: string[];
}

/** What the statements of one store bind: the actor's scope. */
export interface StoreContext {
  dialect: Dialect;
  region: Region;
  partnerId: string;
  /** Customer ids a scoped role may see, or `all`. */
  visible: string[] | 'all';
}

const join = (parts: Sql[], glue: string): Sql => ({ text: parts.map((p) => p.text).join(glue), params: parts.flatMap((p) => p.params) });

/** `facet_bits` masks of the filters: a row passes a filter when it has any of its bits (0: not filtered). */
export function filterMasks(filter: ListFilter): Record<'statuses' | 'subscriptionTypes' | 'products' | 'managedBy', number> {
  return {
    statuses: filter.statuses.reduce((m, s) => m | statusBit(s), 0),
    subscriptionTypes: filter.subscriptionTypes.reduce((m, t) => m | statusBit(t === 'PAID' ? 'SUBSCRIPTION' : 'TRIAL'), 0),
    products: filter.products.reduce((m, p) => m | productBit(p), 0),
    managedBy: filter.managedBy.reduce((m, v) => m | managedBit(v), 0),
  };
}

/** Shortest search that the trigram index answers; shorter ones scan the partner's search texts. */
export const SEARCH_INDEX_MIN_LENGTH = 3;

/** `value` as a LIKE pattern matching itself anywhere (escape character `\`). */
export function containsPattern(value: string): string {
  return `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** `value` as an FTS5 phrase (a trigram phrase matches the text containing it, case-folded). */
export function ftsPhrase(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

/**
 * The matches of a statement, computed once: without a search, a tag filter's customers
 * (`with tg as (…)`); with one, `with m as (…)`, the ids of the partner's rows whose search text
 * contains the search (lower-cased). From 3 characters on the trigram index finds the candidates (SQLite:
 * FTS5 table `customer_list_search` over `search_key`, case-folded, so `instr` re-checks the exact
 * substring; PostgreSQL: pg_trgm GIN index on the copy in `customer_list_search`, with an exact `like`);
 * shorter searches scan the (partner, search text) index.
 */
function matchesCte(ctx: StoreContext, filter: ListFilter): Sql {
  if (!filter.search) {
    if (!filter.tagIds.length) return { text: '', params: [] };
    return { text: `with tg as materialized (select distinct t.customer_id from customer_list_tag t where ${inJsonIds(ctx.dialect, 't.tag_id')}) `, params: [JSON.stringify(filter.tagIds)] };
  }
  const needle = filter.search.toLowerCase();
  const indexed = [...needle].length >= SEARCH_INDEX_MIN_LENGTH;
  if (indexed && ctx.dialect === 'sqlite') {
    return {
      text: `with m as materialized (select s.customer_id, s.rowid as rid from customer_list_search f cross join customer_list_row s on s.rowid = f.rowid
  where customer_list_search match ? and s.partner_id = ? and instr(s.search_key, ?) > 0) `,
      params: [ftsPhrase(needle), ctx.partnerId, needle],
    };
  }
  if (indexed) {
    return {
      text: `with m as materialized (select s.customer_id from customer_list_search f join customer_list_row s on s.customer_id = f.customer_id
  where f.search_key like ? escape '\\' and s.partner_id = ${uuid(ctx.dialect)}) `,
      params: [containsPattern(needle), ctx.partnerId],
    };
  }
  const contains = ctx.dialect === 'sqlite' ? 'instr(s.search_key, ?) > 0' : 'strpos(s.search_key, ?) > 0';
  return {
    text: `with m as materialized (select s.customer_id${ctx.dialect === 'sqlite' ? ', s.rowid as rid' : ''} from customer_list_row s where s.partner_id = ? and ${contains}) `,
    params: [ctx.partnerId, needle],
  };
}

/**
 * The rows a count or facet statement reads: the search's matches (`m`) or else the tagged customers
 * (with `withTags`) drive, one primary-key lookup each (`cross join` keeps that order on SQLite),
 * instead of walking every row of the partner and probing them; use with `whereSql(…, withTags, true)`.
 */
export function countedRows(ctx: StoreContext, filter: ListFilter, withTags = true): Sql {
  if (filter.search) return { text: 'm cross join customer_list_row r', params: [] };
  if (withTags && filter.tagIds.length) return { text: 'tg cross join customer_list_row r', params: [] };
  return { text: 'customer_list_row r', params: [] };
}

/** The visible customers matching the search (ids in `m`) and, with `withTags`, the tag filter. */
function baseWhere(ctx: StoreContext, filter: ListFilter, withTags: boolean, driven = false): Sql[] {
  const parts: Sql[] = [{ text: 'r.partner_id = ?', params: [ctx.partnerId] }];
  if (ctx.visible !== 'all') parts.push({ text: inJsonIds(ctx.dialect, 'r.customer_id'), params: [JSON.stringify(ctx.visible)] });
  // Driven by the matches, a row is found by its SQLite rowid (kept in `m`), one integer-key lookup.
  const byMatch = ctx.dialect === 'sqlite' ? 'r.rowid = m.rid' : 'r.customer_id = m.customer_id';
  if (filter.search) parts.push({ text: driven ? byMatch : 'r.customer_id in (select customer_id from m)', params: [] });
  if (withTags && filter.tagIds.length) {
    parts.push(
      driven && !filter.search
        ? { text: 'r.customer_id = tg.customer_id', params: [] }
        : { text: `r.customer_id in (select t.customer_id from customer_list_tag t where ${inJsonIds(ctx.dialect, 't.tag_id')})`, params: [JSON.stringify(filter.tagIds)] },
    );
  }
  return parts;
}

/**
 * The where clause of the visible customers matching every filter (`withTags` false: all but the tag
 * filter); needs {@link matchesCte}; `driven`: for rows read from {@link countedRows}.
 */
export function whereSql(ctx: StoreContext, filter: ListFilter, withTags = true, driven = false): Sql {
  const parts = baseWhere(ctx, filter, withTags, driven);
  for (const mask of Object.values(filterMasks(filter))) if (mask) parts.push({ text: `(r.facet_bits & ${mask}) <> 0`, params: [] });
  return join(parts, ' and ');
}

/** One component of a sort key: a SQL expression, or a value that is the same for every row of the store. */
type KeyPart = { sql: string; constant?: undefined } | { constant: string; sql?: undefined };

/** The sort key of `sort` before the org id, for this store and direction. */
function sortKey(ctx: StoreContext, sort: CustomerSort, descending: boolean): KeyPart[] {
  const col = (c: string): KeyPart => ({ sql: c });
  const txt = (c: string): KeyPart => ({ sql: text(ctx.dialect, c) });
  const name = txt('r.name');
  switch (sort) {
    case 'NAME':
      return [name];
    case 'REGION':
      return [{ constant: ctx.region }, name];
    case 'COUNTRY':
      return [txt('r.country'), name];
    case 'STATUS':
      return [col('r.status_weight'), name];
    case 'PRODUCTS':
      return [col('r.product_count'), name];
    case 'LICENSES_TOTAL':
      return [col('r.licenses_purchased'), name];
    case 'LICENSES_ASSIGNED':
      return [col('r.licenses_assigned'), name];
    case 'NEXT_END_DATE':
      return [txt('r.end_sort'), name];
    case 'TAGS':
      return [txt(descending ? 'r.tag_sort_desc' : 'r.tag_sort_asc'), name];
    case 'MANAGED_BY':
      return [txt('r.managed_by'), name];
  }
}

/** Value types of a sort's key parts before the org id (to check and normalise cursors). */
export function sortKeyTypes(sort: CustomerSort): ('text' | 'number')[] {
  const numeric = sort === 'STATUS' || sort === 'PRODUCTS' || sort === 'LICENSES_TOTAL' || sort === 'LICENSES_ASSIGNED';
  return sort === 'NAME' ? ['text'] : [numeric ? 'number' : 'text', 'text'];
}

/** A position in the list: the sort key values and the org id of the last row seen. */
export type Position = readonly (string | number)[];

/** Compares two key values the way the stores order them. */
export function compareValues(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return compareText(String(a), String(b));
}

/** Rows strictly after `position` in the order of `key` then org id (every part in one direction). */
function keysetSql(dialect: Dialect, key: KeyPart[], descending: boolean, position: Position): Sql {
  const values = position.slice(0, -1);
  const id = position.at(-1) as string;
  // Leading constant parts are decided here: the whole store is before, after or level with the cursor.
  let at = 0;
  while (at < key.length && key[at].constant !== undefined) {
    const cmp = compareValues(key[at].constant!, values[at]);
    if (cmp !== 0) return { text: cmp > 0 !== descending ? '1 = 1' : '1 = 0', params: [] };
    at++;
  }
  const rest = key.slice(at);
  const left = [...rest.map((k) => k.sql!), 'r.customer_id'];
  const right = [...rest.map(() => '?'), uuid(dialect)];
  return { text: `(${left.join(', ')}) ${descending ? '<' : '>'} (${right.join(', ')})`, params: [...values.slice(at), id] };
}

/** One row of a page statement; `pid` is null on the single row of an empty page (k0, k1: the sort key values). */
export interface PageRow {
  total: number | string;
  pid: string | null;
  name: string;
  country: string;
  facet_bits: number | string;
  licenses_purchased: number | string;
  licenses_assigned: number | string;
  subscription_count: number | string;
  next_end_date: string | null;
  managed_by: ManagedBy;
  external_id: string | null;
  contact_name: string;
  contact_email: string;
  contact_phone: string | null;
  [key: `k${number}`]: unknown;
}

/** Up to this many search matches in a store, a page sorts the matches instead of walking the sort index. */
export const SORT_MATCHES_MAX = 2000;

/**
 * One statement per store for a page: the count of every match (`total`, on every row) and the first
 * `first + 1` rows after `position` (ids and keys from a sort index, then the columns of those rows
 * only); an empty page is one row with `pid` null.
 */
export function listSql(
  ctx: StoreContext,
  filter: ListFilter,
  sort: CustomerSort,
  descending: boolean,
  position: Position | null,
  first: number,
  sortMatchesMax = SORT_MATCHES_MAX,
): Sql {
  const cte = matchesCte(ctx, filter);
  const where = whereSql(ctx, filter);
  const key = sortKey(ctx, sort, descending);
  const dir = descending ? 'desc' : 'asc';
  // A constant part is the store's region code, a validated enum value: written as a literal.
  const keys = key.map((k, i) => `${k.constant !== undefined ? `'${k.constant}'` : k.sql} as k${i}`);
  const order = [...key.filter((k) => k.constant === undefined).map((k) => `${k.sql} ${dir}`), `r.customer_id ${dir}`];
  // The page's order again on the outer select: the joins that add the columns (and the union of the two
  // branches) need not keep the inner order, and the service takes one store's rows as they come.
  const outerOrder = [...key.flatMap((k, i) => (k.constant === undefined ? [`p.k${i} ${dir}`] : [])), `p.pid ${dir}`];
  const keyset = position ? [keysetSql(ctx.dialect, key, descending, position)] : [];
  const conditions = join([where, ...keyset], ' and ');
  // The count reads the matches directly.
  const countFrom = countedRows(ctx, filter);
  const counted = whereSql(ctx, filter, true, true);
  const pageOf = (from: string, where: Sql): Sql => ({
    text: `select r.customer_id as pid, ${keys.join(', ')} from ${from} where ${where.text} order by ${order.join(', ')} limit ?`,
    params: [...where.params, first + 1],
  });
  // Without a search or tag filter the page walks the sort index. With one, it walks the sort index and
  // probes the matches when they are many (it stops after `first + 1` hits), and sorts the matches
  // themselves when they are few: walking would read every row after the last hit, and hits can
  // cluster (a search for "acme" finds the names that start with it; a tag's customers sort together
  // by tags), so a late page would read most of the store. The guards are constant terms (an
  // uncorrelated count of the materialised matches), tested before either branch reads a row: one
  // branch runs.
  const walk = pageOf('customer_list_row r', conditions);
  const driver = filter.search ? 'm' : filter.tagIds.length ? 'tg' : null;
  const matches = (test: string): Sql => ({ text: `(select count(*) from ${driver}) ${test} ${Math.trunc(sortMatchesMax)}`, params: [] });
  const page: Sql = !driver
    ? walk
    : (() => {
        const few = pageOf(countFrom.text, join([matches('<='), counted, ...keyset], ' and '));
        const many = pageOf('customer_list_row r', join([matches('>'), conditions], ' and '));
        return { text: `select * from (${few.text}) few union all select * from (${many.text}) many`, params: [...few.params, ...many.params] };
      })();
  return {
    text: `${cte.text}select (select count(*) from ${countFrom.text} where ${counted.text}) as total, p.*,
  r.name, r.country, r.facet_bits, r.licenses_purchased, r.licenses_assigned, r.subscription_count, r.next_end_date, r.managed_by, r.external_id,
  c.contact_name, c.contact_email, c.contact_phone
from (select 1 as one) one
left join (${page.text}) p on 1 = 1
left join customer_list_row r on r.customer_id = p.pid left join customer c on c.id = p.pid
order by ${outerOrder.join(', ')}`,
    params: [...cte.params, ...countFrom.params, ...counted.params, ...page.params],
  };
}


/** The count statement of one store. */
export function countSql(ctx: StoreContext, filter: ListFilter): Sql {
  const cte = matchesCte(ctx, filter);
  const from = countedRows(ctx, filter);
  const where = whereSql(ctx, filter, true, true);
  return { text: `${cte.text}select count(*) as n from ${from.text} where ${where.text}`, params: [...cte.params, ...from.params, ...where.params] };
}

/** One row of {@link facetSql}: a group of `facet_bits` (tag_id null) or a tag's count. */
export interface FacetRow {
  bits: number | string | null;
  tag_id: string | null;
  n: number | string;
}

/**
 * The facet statement of one store: the rows matching the search and the tag filter, counted per
 * `facet_bits` (the other filters are applied to these groups facet by facet in {@link addFacetRows}),
 * and the tag counts under every filter but the tag filter.
 */
export function facetSql(ctx: StoreContext, filter: ListFilter): Sql {
  const cte = matchesCte(ctx, filter);
  const base = join(baseWhere(ctx, filter, true, true), ' and ');
  const tagWhere = whereSql(ctx, filter, false, true);
  const rows = countedRows(ctx, filter);
  const tagRows = countedRows(ctx, filter, false);
  // The tag counts: with a search, driven by its matches. Without one, over all the partner's customers,
  // SQLite (which keeps no table statistics here) would walk every customer and look up its tags; the
  // store's tag assignments are far fewer (a tag marks some customers), so they drive: on EU of the
  // 100 000-customer bench, 1 980 assignments, 0.9–1.3 ms instead of 13 ms for 44 937 customers. A
  // scoped admin's few visible customers still drive their own count.
  const byAssignments = ctx.dialect === 'sqlite' && !filter.search && ctx.visible === 'all';
  const tagFrom = byAssignments ? `customer_list_tag t cross join ${tagRows.text} on r.customer_id = t.customer_id` : `${tagRows.text} join customer_list_tag t on t.customer_id = r.customer_id`;
  return {
    text: `${cte.text}select r.facet_bits as bits, cast(null as varchar(36)) as tag_id, count(*) as n from ${rows.text} where ${base.text} group by r.facet_bits
union all
select null, cast(t.tag_id as varchar(36)), count(*) from ${tagFrom} where ${tagWhere.text} group by t.tag_id`,
    params: [...cte.params, ...rows.params, ...base.params, ...tagRows.params, ...tagWhere.params],
  };
}

/** Counts per facet value (of one store or summed over stores). */
export interface FacetCounts {
  total: number;
  statuses: Record<CustomerStatus, number>;
  subscriptionTypes: Record<SubscriptionType, number>;
  products: Record<Product, number>;
  managedBy: Record<ManagedBy, number>;
  tags: Map<string, number>;
}

/** All-zero counts. */
export function emptyFacetCounts(): FacetCounts {
  const zero = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, 0])) as Record<T, number>;
  return { total: 0, statuses: zero(CUSTOMER_STATUSES), subscriptionTypes: zero(SUBSCRIPTION_TYPES), products: zero(PRODUCTS), managedBy: zero(MANAGED_BY), tags: new Map() };
}

/**
 * Adds the rows of {@link facetSql} to `into`: the total counts the groups passing every filter; each
 * facet counts the groups passing every filter but its own (standard faceted counts).
 */
export function addFacetRows(into: FacetCounts, filter: ListFilter, rows: FacetRow[]): void {
  const masks = filterMasks(filter);
  const facets = Object.keys(masks) as (keyof typeof masks)[];
  for (const row of rows) {
    const n = Number(row.n);
    if (row.tag_id !== null) {
      into.tags.set(row.tag_id, (into.tags.get(row.tag_id) ?? 0) + n);
      continue;
    }
    const bits = Number(row.bits);
    const failing = facets.filter((f) => masks[f] !== 0 && (bits & masks[f]) === 0);
    const passesBut = (facet: keyof typeof masks) => failing.length === 0 || (failing.length === 1 && failing[0] === facet);
    if (failing.length === 0) into.total += n;
    if (passesBut('statuses')) for (const s of CUSTOMER_STATUSES) if (bits & statusBit(s)) into.statuses[s] += n;
    if (passesBut('subscriptionTypes')) {
      if (bits & statusBit('SUBSCRIPTION')) into.subscriptionTypes.PAID += n;
      if (bits & statusBit('TRIAL')) into.subscriptionTypes.TRIAL += n;
    }
    if (passesBut('products')) for (const p of PRODUCTS) if (bits & productBit(p)) into.products[p] += n;
    if (passesBut('managedBy')) for (const m of MANAGED_BY) if (bits & managedBit(m)) into.managedBy[m] += n;
  }
}

/** Each status and product with its bit in `facet_bits`. */
const STATUS_BITS = CUSTOMER_STATUSES.map((s) => [s, statusBit(s)] as const);
const PRODUCT_BITS = PRODUCTS.map((p) => [p, productBit(p)] as const);

/** Statuses, products and managed-by of a row's `facet_bits`. */
export function decodeFacetBits(value: number | string): { statuses: CustomerStatus[]; products: Product[]; managedBy: ManagedBy | null } {
  const bits = Number(value);
  return {
    statuses: STATUS_BITS.filter(([, bit]) => bits & bit).map(([status]) => status),
    products: PRODUCT_BITS.filter(([, bit]) => bits & bit).map(([product]) => product),
    managedBy: MANAGED_BY.find((m) => bits & managedBit(m)) ?? null,
  };
}

/** A partner's thresholds in days. */
export interface ThresholdDays {
  expiringSoonDays: number;
  noRecentActivityDays: number;
}

/** The {@link Thresholds} of `days` at `now` as `dialect` binds them. */
export function thresholdsAt(dialect: Dialect, days: ThresholdDays, now: number): Thresholds {
  const cutoff = now - days.noRecentActivityDays * 86_400_000;
  return {
    soon: new Date(now + days.expiringSoonDays * 86_400_000).toISOString().slice(0, 10),
    activityCutoff: dialect === 'sqlite' ? cutoff : new Date(cutoff),
  };
}

// ---------------------------------------------------------------------------------------------
// The other statements of a read (so the benchmark can run exactly what the service runs)
// ---------------------------------------------------------------------------------------------

/** Directory: the partner's thresholds (no row: the defaults). */
export const settingsSql = (partnerId: string): Sql => ({
  text: 'select expiring_soon_days, no_recent_activity_days from partner_customer_settings where partner_id = ?',
  params: [partnerId],
});

/** Directory: regions with queued directory changes. */
export const pendingRegionsSql = (): Sql => ({ text: 'select distinct region from customer_list_change', params: [] });

/** Region: what a read must do first — rows past `valid_until`, the recorded thresholds, rows that crossed a threshold. */
export function readinessSql(partnerId: string, today: string, t: Thresholds): Sql {
  const crossed = crossedThresholdSql(t);
  return {
    text: `select (select 1 from customer_list_row where valid_until < ? limit 1) as stale, p.expiring_soon_days, p.no_recent_activity_days,
  (select 1 from customer_list_row where partner_id = ? and (${crossed.text}) limit 1) as crossed
from (select 1 as one) one left join customer_list_partner p on p.partner_id = ?`,
    params: [today, partnerId, ...crossed.params, partnerId],
  };
}

/** Directory: the tags (names, colours) of a page's customers. */
export const itemTagsSql = (partnerId: string, ids: string[]): Sql => ({
  text: `select a.customer_id, t.id, t.name, t.color from customer_tag_assignment a join customer_tag t on t.id = a.tag_id
  where t.partner_id = ? and a.customer_id in (${ids.map(() => '?').join(', ')}) order by t.name_key`,
  params: [partnerId, ...ids],
});

/** Directory: the partner's tags for the tag facet. */
export const partnerTagsSql = (partnerId: string): Sql => ({ text: 'select id, name, color from customer_tag where partner_id = ? order by name_key', params: [partnerId] });
