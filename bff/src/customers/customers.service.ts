import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, type Region } from '@ph/contracts';
import { z } from 'zod';
import { AppError } from '../common/app-error';
import { PolicyService } from '../auth/policy.service';
import type { RequestActor } from '../auth/sessions.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { RegionStores } from '../database/stores';
import { PRODUCTS, type Product } from '../subscriptions/subscription.entity';
import { MANAGED_BY, type ManagedBy } from './customer.entity';
import { DEFAULT_EXPIRING_SOON_DAYS, DEFAULT_NO_RECENT_ACTIVITY_DAYS, PartnerCustomerSettings } from './customer-settings.entity';
import { CUSTOMER_STATUSES, figureExpressions, flagColumn, statusExpressions, type CustomerStatus, type Sql, type StatusParams } from './customer-status';
import type { CustomerFacets, CustomerListItem, CustomerPage, CustomerTagRef } from './models/customer-page.model';

/** Page size when the client names none. */
export const DEFAULT_PAGE_SIZE = 50;
/** Largest page a client may ask for. */
export const MAX_PAGE_SIZE = 200;
/** Longest search text. */
export const MAX_SEARCH_LENGTH = 100;

export const CUSTOMER_SORTS = ['NAME', 'COUNTRY', 'STATUS', 'PRODUCTS', 'LICENSES_TOTAL', 'LICENSES_ASSIGNED', 'NEXT_END_DATE'] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];
export const SUBSCRIPTION_TYPES = ['PAID', 'TRIAL'] as const;
export type SubscriptionType = (typeof SUBSCRIPTION_TYPES)[number];

/** Filters of the customer list; every list is AND-ed, values within one list are OR-ed. */
export interface CustomerListFilter {
  search?: string | null;
  managedBy?: ManagedBy[] | null;
  products?: Product[] | null;
  statuses?: CustomerStatus[] | null;
  subscriptionTypes?: SubscriptionType[] | null;
  tagIds?: string[] | null;
}

/** One list request. */
export interface CustomerListRequest {
  region: Region;
  first: number | null;
  after: string | null;
  filter?: CustomerListFilter | null;
  sort?: CustomerSort | null;
  descending?: boolean | null;
}

interface ListRow {
  id: string;
  name: string;
  country: string;
  contact_name: string;
  contact_email: string;
  contact_phone: string | null;
  all_subscription_count: number | string;
  licenses_purchased: number | string;
  licenses_assigned: number | string;
  next_end_date: string | Date | null;
  sort_key: string | number;
  [flag: string]: unknown;
}

const cursorSchema = z.tuple([z.union([z.string(), z.number()]), z.uuid()]);

/** Encodes the keyset position (sort value, id) of a node. */
export function encodeCursor(key: string | number, id: string): string {
  return Buffer.from(JSON.stringify([key, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string | number, string] {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new AppError(ErrorCode.BadUserInput, 'Invalid cursor', [{ field: 'after', reason: 'invalid' }]);
  }
}

/**
 * Which customers of a region store a query may touch: always one partner's, and for scoped roles
 * only the listed ids. `where` has `?` placeholders for `params`.
 */
export interface CustomerScope {
  where: string;
  params: string[];
}

/** The SQL scope of what `actor` may see, from the one policy layer. */
async function scopeOf(policy: PolicyService, actor: RequestActor): Promise<CustomerScope> {
  const visible = await policy.visibleCustomerIds(actor);
  if (visible === 'all') return { where: 'c.partner_id = ?', params: [actor.partnerId] };
  if (visible.length === 0) return { where: '1 = 0', params: [] };
  return { where: `c.partner_id = ? and c.id in (${visible.map(() => '?').join(', ')})`, params: [actor.partnerId, ...visible] };
}

/** Status weights for sorting by status: the most urgent status weighs most. */
const STATUS_WEIGHT: Record<CustomerStatus, number> = {
  SUSPENDED: 128,
  LICENSE_OVERAGE: 64,
  EXPIRING_SOON: 32,
  READY_FOR_ORDER_SETUP: 16,
  EXPIRED: 8,
  NO_RECENT_ACTIVITY: 4,
  TRIAL: 2,
  SUBSCRIPTION: 1,
};

const DAY = 86_400_000;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Customer list, detail header and lookups, each answered by the customer's region store only, within the actor's scope. */
@Injectable()
export class CustomersService {
  constructor(
    private readonly stores: RegionStores,
    private readonly policy: PolicyService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The partner's thresholds (defaults when it has none). */
  async settings(partnerId: string): Promise<{ expiringSoonDays: number; noRecentActivityDays: number }> {
    const row = await this.stores.directory().findOne(PartnerCustomerSettings, { partnerId });
    return {
      expiringSoonDays: row?.expiringSoonDays ?? DEFAULT_EXPIRING_SOON_DAYS,
      noRecentActivityDays: row?.noRecentActivityDays ?? DEFAULT_NO_RECENT_ACTIVITY_DAYS,
    };
  }

  /** The bindings of the status SQL for `actor`'s partner at `now`. */
  async statusParams(region: Region, partnerId: string, now = Date.now()): Promise<StatusParams> {
    const s = await this.settings(partnerId);
    const cutoff = now - s.noRecentActivityDays * DAY;
    return {
      today: isoDate(now),
      soon: isoDate(now + s.expiringSoonDays * DAY),
      activityCutoff: this.stores.dialect(region) === 'sqlite' ? cutoff : new Date(cutoff),
    };
  }

  /** The console URL of one customer ("Launch organisation"). */
  launchUrl(id: string): string {
    return this.config.customerConsoleUrl.replaceAll('{orgId}', encodeURIComponent(id));
  }

  /** One page of the region's customers the actor may see, filtered, sorted and keyset-paged. */
  async list(actor: RequestActor, request: CustomerListRequest): Promise<CustomerPage> {
    const { region } = request;
    const first = request.first ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
      throw new AppError(ErrorCode.BadUserInput, `first must be between 1 and ${MAX_PAGE_SIZE}`, [
        { field: 'first', reason: 'outOfRange', params: { min: 1, max: MAX_PAGE_SIZE } },
      ]);
    }
    const filter = request.filter ?? {};
    const search = (filter.search ?? '').trim();
    if (search.length > MAX_SEARCH_LENGTH) {
      throw new AppError(ErrorCode.BadUserInput, 'Search text is too long', [{ field: 'filter.search', reason: 'tooLong', params: { max: MAX_SEARCH_LENGTH } }]);
    }
    for (const tagId of filter.tagIds ?? []) {
      if (!z.uuid().safeParse(tagId).success) throw new AppError(ErrorCode.BadUserInput, 'Unknown tag', [{ field: 'filter.tagIds', reason: 'invalid' }]);
    }
    const sort = request.sort ?? 'NAME';
    const descending = request.descending ?? false;
    const decoded = request.after ? decodeCursor(request.after) : null;
    const position = decoded ? ([normaliseKey(decoded[0], sort), decoded[1]] as const) : null;
    const connection = this.stores.forRegion(region).getConnection();
    const params = await this.statusParams(region, actor.partnerId);
    const base = await this.baseQuery(actor, region, params, search, filter);
    const selected = this.selectedQuery(base, filter, sort);

    const { page: pageQuery, count: countQuery } = composeListSql(selected, descending, position, first);
    const [rows, [{ n }]] = await Promise.all([
      connection.execute<ListRow[]>(pageQuery.text, pageQuery.params),
      connection.execute<{ n: number | string }[]>(countQuery.text, countQuery.params),
    ]);
    const pageRows = rows.slice(0, first);
    const nodes = await this.toItems(actor, region, pageRows, params);
    const last = pageRows.at(-1);
    return {
      totalCount: Number(n),
      nodes,
      pageInfo: { endCursor: last ? encodeCursor(normaliseKey(last.sort_key, sort), last.id) : null, hasNextPage: rows.length > first },
    };
  }

  /** Counts per filter value: statuses, subscription types and products within the search; managed-by and tags over the visible region list. */
  async facets(actor: RequestActor, region: Region, search: string | null): Promise<CustomerFacets> {
    const connection = this.stores.forRegion(region).getConnection();
    const params = await this.statusParams(region, actor.partnerId);
    const base = await this.baseQuery(actor, region, params, (search ?? '').trim().slice(0, MAX_SEARCH_LENGTH), {});
    const sums = CUSTOMER_STATUSES.map((s) => `coalesce(sum(b.${flagColumn(s)}), 0) as ${flagColumn(s)}`).join(', ');
    const [[totals], products] = await Promise.all([
      connection.execute<Record<string, number | string>[]>(`${base.text} select count(*) as n, ${sums} from base b`, base.params),
      connection.execute<{ product: Product; n: number | string }[]>(
        `${base.text} select l.product, count(distinct b.id) as n from base b join subscription s on s.customer_id = b.id
           join license_line l on l.subscription_id = s.id
          where s.billing_state <> 'CANCELLED' and s.end_date >= ? group by l.product`,
        [...base.params, params.today],
      ),
    ]);
    const visible = await this.policy.visibleCustomerIds(actor);
    const em = this.stores.directory();
    const scopeIds = visible === 'all' ? null : visible;
    const managed = await em.getConnection().execute<{ managed_by: ManagedBy; n: number | string }[]>(
      `select managed_by, count(*) as n from customer_directory_entry where partner_id = ? and region = ?${scopeIds ? ` and id in (${scopeIds.map(() => '?').join(', ') || 'null'})` : ''} group by managed_by`,
      [actor.partnerId, region, ...(scopeIds ?? [])],
    );
    const tags = await em.getConnection().execute<{ id: string; name: string; color: string; n: number | string }[]>(
      `select t.id, t.name, t.color, count(e.id) as n from customer_tag t
         left join customer_tag_assignment a on a.tag_id = t.id
         left join customer_directory_entry e on e.id = a.customer_id and e.region = ?${scopeIds ? ` and e.id in (${scopeIds.map(() => '?').join(', ') || 'null'})` : ''}
        where t.partner_id = ? group by t.id, t.name, t.color order by t.name`,
      [region, ...(scopeIds ?? []), actor.partnerId],
    );
    const productCount = new Map(products.map((p) => [p.product, Number(p.n)]));
    const managedCount = new Map(managed.map((m) => [m.managed_by, Number(m.n)]));
    return {
      total: Number(totals?.n ?? 0),
      statuses: CUSTOMER_STATUSES.map((value) => ({ value, count: Number(totals?.[flagColumn(value)] ?? 0) })),
      subscriptionTypes: [
        { value: 'PAID', count: Number(totals?.[flagColumn('SUBSCRIPTION')] ?? 0) },
        { value: 'TRIAL', count: Number(totals?.[flagColumn('TRIAL')] ?? 0) },
      ],
      products: PRODUCTS.map((value) => ({ value, count: productCount.get(value) ?? 0 })),
      managedBy: MANAGED_BY.map((value) => ({ value, count: managedCount.get(value) ?? 0 })),
      tags: tags.map((t) => ({ tag: { id: t.id, name: t.name, color: t.color }, count: Number(t.n) })),
    };
  }

  /** One customer of `region` the actor may see; NOT_FOUND for another partner's or another region's customer. */
  async byId(actor: RequestActor, region: Region, id: string): Promise<CustomerListItem | null> {
    if (!z.uuid().safeParse(id).success) throw new AppError(ErrorCode.BadUserInput, 'id must be a customer org id (uuid)', [{ field: 'id', reason: 'invalid' }]);
    await this.policy.assertCustomer(actor, 'view', { customerId: id, region });
    const params = await this.statusParams(region, actor.partnerId);
    const row = await this.columns(params);
    const rows = await this.stores
      .forRegion(region)
      .getConnection()
      .execute<ListRow[]>(`select ${row.text}, 0 as sort_key from customer c where c.id = ? and c.partner_id = ?`, [...row.params, id, actor.partnerId]);
    if (rows.length === 0) throw new AppError(ErrorCode.NotFound, 'Customer not found');
    const [item] = await this.toItems(actor, region, rows, params);
    return item;
  }

  /** The selected columns of `customer c` (flags and figures). */
  private async columns(params: StatusParams): Promise<Sql> {
    return columnsSql(params);
  }

  /** `with base as (…)`: the visible customers of the region matching the search and the directory/product filters. */
  private async baseQuery(actor: RequestActor, region: Region, params: StatusParams, search: string, filter: CustomerListFilter): Promise<Sql> {
    const scope = await scopeOf(this.policy, actor);
    const json = this.stores.dialect(region) === 'sqlite' ? '(select value from json_each(?))' : '(select (jsonb_array_elements_text(?::jsonb))::uuid)';
    const where: Sql[] = [{ text: scope.where, params: scope.params }];
    if (search) {
      const like = `%${search.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      const matches = await this.directoryMatches(actor.partnerId, region, like);
      where.push({
        text: `(lower(c.name) like ? escape '\\' or lower(${this.stores.dialect(region) === 'sqlite' ? 'c.id' : 'c.id::text'}) like ? escape '\\' or c.id in ${json})`,
        params: [like, like, JSON.stringify(matches)],
      });
    }
    if (filter.managedBy?.length) {
      const ids = await this.directoryIds(actor.partnerId, region, 'e.managed_by in (' + filter.managedBy.map(() => '?').join(', ') + ')', filter.managedBy);
      where.push({ text: `c.id in ${json}`, params: [JSON.stringify(ids)] });
    }
    if (filter.tagIds?.length) {
      const ids = await this.directoryIds(
        actor.partnerId,
        region,
        `exists (select 1 from customer_tag_assignment a where a.customer_id = e.id and a.tag_id in (${filter.tagIds.map(() => '?').join(', ')}))`,
        filter.tagIds,
      );
      where.push({ text: `c.id in ${json}`, params: [JSON.stringify(ids)] });
    }
    if (filter.products?.length) {
      where.push({
        text: `exists (select 1 from subscription s join license_line l on l.subscription_id = s.id where s.customer_id = c.id and s.billing_state <> 'CANCELLED' and s.end_date >= ? and l.product in (${filter.products.map(() => '?').join(', ')}))`,
        params: [params.today, ...filter.products],
      });
    }
    const columns = await this.columns(params);
    return {
      text: `with base as (select ${columns.text} from customer c where ${where.map((w) => w.text).join(' and ')})`,
      params: [...columns.params, ...where.flatMap((w) => w.params)],
    };
  }

  /** `base` plus `f`: status and subscription-type filters and the sort key. */
  private selectedQuery(base: Sql, filter: CustomerListFilter, sort: CustomerSort): Sql {
    return selectedSql(base, filter, sort);
  }

  /** Ids of the partner's customers in `region` whose external id or tag name matches `like`. */
  private async directoryMatches(partnerId: string, region: Region, like: string): Promise<string[]> {
    return this.directoryIds(
      partnerId,
      region,
      `(lower(e.external_id) like ? escape '\\' or exists (select 1 from customer_tag_assignment a join customer_tag t on t.id = a.tag_id where a.customer_id = e.id and t.name_key like ? escape '\\'))`,
      [like, like],
    );
  }

  private async directoryIds(partnerId: string, region: Region, condition: string, params: unknown[]): Promise<string[]> {
    const rows = await this.stores
      .directory()
      .getConnection()
      .execute<{ id: string }[]>(`select e.id from customer_directory_entry e where e.partner_id = ? and e.region = ? and ${condition}`, [partnerId, region, ...params]);
    return rows.map((r) => r.id);
  }

  /** Rows to items: products from the region store, managed-by and tags from the directory, for the page's ids only. */
  private async toItems(actor: RequestActor, region: Region, rows: ListRow[], params: StatusParams): Promise<CustomerListItem[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const marks = ids.map(() => '?').join(', ');
    const [products, entries, tags] = await Promise.all([
      this.stores
        .forRegion(region)
        .getConnection()
        .execute<{ customer_id: string; product: Product }[]>(
          `select distinct s.customer_id, l.product from subscription s join license_line l on l.subscription_id = s.id
            where s.customer_id in (${marks}) and s.billing_state <> 'CANCELLED' and s.end_date >= ?`,
          [...ids, params.today],
        ),
      this.stores
        .directory()
        .getConnection()
        .execute<{ id: string; managed_by: ManagedBy; external_id: string | null }[]>(
          `select id, managed_by, external_id from customer_directory_entry where partner_id = ? and id in (${marks})`,
          [actor.partnerId, ...ids],
        ),
      this.stores
        .directory()
        .getConnection()
        .execute<{ customer_id: string; id: string; name: string; color: string }[]>(
          `select a.customer_id, t.id, t.name, t.color from customer_tag_assignment a join customer_tag t on t.id = a.tag_id
            where t.partner_id = ? and a.customer_id in (${marks}) order by t.name`,
          [actor.partnerId, ...ids],
        ),
    ]);
    const productsOf = new Map<string, Product[]>();
    for (const p of products) productsOf.set(p.customer_id, [...(productsOf.get(p.customer_id) ?? []), p.product]);
    const entryOf = new Map(entries.map((e) => [e.id, e]));
    const tagsOf = new Map<string, CustomerTagRef[]>();
    for (const t of tags) tagsOf.set(t.customer_id, [...(tagsOf.get(t.customer_id) ?? []), { id: t.id, name: t.name, color: t.color }]);
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      country: row.country,
      region,
      contactName: row.contact_name,
      contactEmail: row.contact_email,
      contactPhone: row.contact_phone,
      subscriptionCount: Number(row.all_subscription_count),
      licensesPurchased: Number(row.licenses_purchased),
      licensesAssigned: Number(row.licenses_assigned),
      nextEndDate: row.next_end_date == null ? null : typeof row.next_end_date === 'string' ? row.next_end_date.slice(0, 10) : isoDate(row.next_end_date.getTime()),
      statuses: CUSTOMER_STATUSES.filter((s) => Number(row[flagColumn(s)]) === 1),
      products: PRODUCTS.filter((p) => productsOf.get(row.id)?.includes(p)),
      managedBy: entryOf.get(row.id)?.managed_by ?? 'PARTNER_ORG',
      externalId: entryOf.get(row.id)?.external_id ?? null,
      tags: tagsOf.get(row.id) ?? [],
      launchUrl: this.launchUrl(row.id),
    }));
  }
}

/** PostgreSQL returns counts as strings and dates as Date; cursors keep a plain string or number. */
function normaliseKey(key: unknown, sort: CustomerSort): string | number {
  if (sort === 'NAME' || sort === 'COUNTRY' || sort === 'NEXT_END_DATE') return key instanceof Date ? isoDate(key.getTime()) : String(key);
  const value = Number(key);
  if (!Number.isFinite(value)) throw new AppError(ErrorCode.BadUserInput, 'Invalid cursor', [{ field: 'after', reason: 'invalid' }]);
  return value;
}

/** The selected columns of `customer c`: statuses as flags and the licence figures (pure; the bench reuses it). */
export function columnsSql(params: StatusParams): Sql {
  const flags = statusExpressions(params);
  const figures = figureExpressions(params);
  const parts: Sql[] = [
    { text: 'c.id, c.name, c.country, c.contact_name, c.contact_email, c.contact_phone', params: [] },
    ...CUSTOMER_STATUSES.map((s) => ({ text: `${flags[s].text} as ${flagColumn(s)}`, params: flags[s].params })),
    ...Object.entries(figures).map(([alias, sql]) => ({ text: `${sql.text} as ${alias}`, params: sql.params })),
    { text: '(select count(*) from subscription s where s.customer_id = c.id) as all_subscription_count', params: [] },
  ];
  return { text: parts.map((p) => p.text).join(', '), params: parts.flatMap((p) => p.params) };
}

/** `base` plus `f`: status and subscription-type filters and the sort key (pure). */
export function selectedSql(base: Sql, filter: CustomerListFilter, sort: CustomerSort): Sql {
  const conditions: string[] = [];
  if (filter.statuses?.length) conditions.push(`(${[...new Set(filter.statuses)].map((s) => `b.${flagColumn(s)} = 1`).join(' or ')})`);
  if (filter.subscriptionTypes?.length) {
    conditions.push(`(${[...new Set(filter.subscriptionTypes)].map((t) => `b.${flagColumn(t === 'PAID' ? 'SUBSCRIPTION' : 'TRIAL')} = 1`).join(' or ')})`);
  }
  const key: Record<CustomerSort, string> = {
    NAME: 'b.name',
    COUNTRY: 'b.country',
    STATUS: CUSTOMER_STATUSES.map((s) => `b.${flagColumn(s)} * ${STATUS_WEIGHT[s]}`).join(' + '),
    PRODUCTS: 'b.product_count',
    LICENSES_TOTAL: 'b.licenses_purchased',
    LICENSES_ASSIGNED: 'b.licenses_assigned',
    NEXT_END_DATE: "coalesce(b.next_end_date, '9999-12-31')",
  };
  return {
    text: `${base.text}, f as (select b.*, ${key[sort]} as sort_key from base b${conditions.length ? ` where ${conditions.join(' and ')}` : ''})`,
    params: base.params,
  };
}

/** The page and count queries over `selected` (pure); the page binds the keyset and `first + 1`. */
export function composeListSql(selected: Sql, descending: boolean, position: readonly [string | number, string] | null, first: number): { page: Sql; count: Sql } {
  const dir = descending ? 'desc' : 'asc';
  const op = descending ? '<' : '>';
  const keyset: Sql = position ? { text: `where (f.sort_key ${op} ? or (f.sort_key = ? and f.id ${op} ?))`, params: [position[0], position[0], position[1]] } : { text: '', params: [] };
  return {
    page: { text: `${selected.text} select f.* from f ${keyset.text} order by f.sort_key ${dir}, f.id ${dir} limit ?`, params: [...selected.params, ...keyset.params, first + 1] },
    count: { text: `${selected.text} select count(*) as n from f`, params: selected.params },
  };
}
