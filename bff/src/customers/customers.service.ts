import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, REGIONS, type Region } from '@ph/contracts';
import { z } from 'zod';
import { AppError } from '../common/app-error';
import { PolicyService } from '../auth/policy.service';
import type { RequestActor } from '../auth/sessions.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { RegionStores } from '../database/stores';
import { PRODUCTS, type Product } from '../subscriptions/subscription.entity';
import { MANAGED_BY, type ManagedBy } from './customer.entity';
import { DEFAULT_EXPIRING_SOON_DAYS, DEFAULT_NO_RECENT_ACTIVITY_DAYS } from './customer-settings.entity';
import { CUSTOMER_STATUSES, type CustomerStatus } from './customer-status';
import { CustomerListMaintenance } from './customer-list.maintenance';
import { CustomerListReader } from './customer-list.reader';
import {
  addFacetRows,
  compareText,
  compareValues,
  countSql,
  CUSTOMER_SORTS,
  decodeFacetBits,
  emptyFacetCounts,
  facetSql,
  itemTagsSql,
  listSql,
  partnerTagsSql,
  settingsSql,
  sortKeyTypes,
  SUBSCRIPTION_TYPES,
  type FacetRow,
  type CustomerSort,
  type FacetCounts,
  type ListFilter,
  type PageRow,
  type Position,
  type StoreContext,
  type SubscriptionType,
} from './customer-list.sql';
import type { CustomerFacets, CustomerListItem, CustomerPage, CustomerTagRef } from './models/customer-page.model';

export { CUSTOMER_SORTS, SUBSCRIPTION_TYPES, type CustomerSort, type SubscriptionType };

/** Page size when the client names none. */
export const DEFAULT_PAGE_SIZE = 50;
/** Largest page a client may ask for. */
export const MAX_PAGE_SIZE = 200;
/** Longest search text. */
export const MAX_SEARCH_LENGTH = 100;

/** Filters of the customer list; every list is AND-ed, values within one list are OR-ed. */
export interface CustomerListFilter {
  search?: string | null;
  managedBy?: ManagedBy[] | null;
  products?: Product[] | null;
  statuses?: CustomerStatus[] | null;
  subscriptionTypes?: SubscriptionType[] | null;
  tagIds?: string[] | null;
  /** Region stores to list (default: the request's region); rows of several are merged by the sort key. */
  regions?: Region[] | null;
}

/** One list request. */
export interface CustomerListRequest {
  /** The header's region: listed when `filter.regions` is empty. */
  region: Region;
  first: number | null;
  after: string | null;
  filter?: CustomerListFilter | null;
  sort?: CustomerSort | null;
  descending?: boolean | null;
}

const invalidCursor = () => new AppError(ErrorCode.BadUserInput, 'Invalid cursor', [{ field: 'after', reason: 'invalid' }]);

/** Encodes a keyset position (the sort key values and the org id of a row); valid in every region store. */
export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** Decodes a cursor of `sort`; BAD_USER_INPUT when it is not one. */
export function decodeCursor(cursor: string, sort: CustomerSort): Position {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const types = sortKeyTypes(sort);
  if (!Array.isArray(value) || value.length !== types.length + 1 || !z.uuid().safeParse(value.at(-1)).success) throw invalidCursor();
  types.forEach((type, i) => {
    if (type === 'number' ? !Number.isFinite(value[i]) || typeof value[i] !== 'number' : typeof value[i] !== 'string') throw invalidCursor();
  });
  return value as unknown as Position;
}


/** Regions in their canonical order, without repeats; the request's region when none. */
function regionsOf(request: { region: Region; filter?: CustomerListFilter | null }): Region[] {
  const chosen = request.filter?.regions ?? [];
  return chosen.length ? REGIONS.filter((r) => chosen.includes(r)) : [request.region];
}

/** A validated, de-duplicated filter. */
function normalise(filter: CustomerListFilter | null | undefined): ListFilter {
  const search = (filter?.search ?? '').replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  if (search.length > MAX_SEARCH_LENGTH) {
    throw new AppError(ErrorCode.BadUserInput, 'Search text is too long', [{ field: 'filter.search', reason: 'tooLong', params: { max: MAX_SEARCH_LENGTH } }]);
  }
  const tagIds = [...new Set(filter?.tagIds ?? [])];
  for (const tagId of tagIds) {
    if (!z.uuid().safeParse(tagId).success) throw new AppError(ErrorCode.BadUserInput, 'Unknown tag', [{ field: 'filter.tagIds', reason: 'invalid' }]);
  }
  const unique = <T>(values: readonly T[] | null | undefined) => [...new Set(values ?? [])];
  return {
    search,
    statuses: unique(filter?.statuses),
    products: unique(filter?.products),
    managedBy: unique(filter?.managedBy),
    subscriptionTypes: unique(filter?.subscriptionTypes),
    tagIds,
  };
}

/** A page row of one store and the store's region. */
interface RegionRow {
  row: PageRow & { pid: string };
  region: Region;
}

/** Customer list, detail header and lookups, each answered by the customer's region store only, within the actor's scope. */
@Injectable()
export class CustomersService {
  constructor(
    private readonly stores: RegionStores,
    private readonly policy: PolicyService,
    private readonly maintenance: CustomerListMaintenance,
    private readonly reader: CustomerListReader,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The partner's thresholds (defaults when it has none). */
  async settings(partnerId: string): Promise<{ expiringSoonDays: number; noRecentActivityDays: number }> {
    const [row] = await this.reader.read<{ expiring_soon_days: number; no_recent_activity_days: number }>('directory', settingsSql(partnerId));
    return {
      expiringSoonDays: row ? Number(row.expiring_soon_days) : DEFAULT_EXPIRING_SOON_DAYS,
      noRecentActivityDays: row ? Number(row.no_recent_activity_days) : DEFAULT_NO_RECENT_ACTIVITY_DAYS,
    };
  }

  /** The console URL of one customer ("Launch organisation"). */
  launchUrl(id: string): string {
    return this.config.customerConsoleUrl.replaceAll('{orgId}', encodeURIComponent(id));
  }

  /**
   * What every store of one request binds (the actor's scope, or `only` these customers), once each
   * store is exact for now (see CustomerListMaintenance.prepare).
   */
  private async contexts(actor: RequestActor, regions: readonly Region[], only?: string[]): Promise<Map<Region, StoreContext>> {
    const [visible, days] = await Promise.all([only ?? this.policy.visibleCustomerIds(actor), this.settings(actor.partnerId)]);
    await this.maintenance.prepare(regions, actor.partnerId, days, Date.now(), this.reader.read);
    return new Map(regions.map((region) => [region, { dialect: this.stores.dialect(region), region, partnerId: actor.partnerId, visible }]));
  }

  /**
   * One page of the customers the actor may see in the chosen regions, filtered, sorted and
   * keyset-paged. Each region's rows come only from its own store; with several regions, each store
   * answers its first `first + 1` rows after the cursor and the pages are merged by the sort key.
   */
  async list(actor: RequestActor, request: CustomerListRequest): Promise<CustomerPage> {
    const first = request.first ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
      throw new AppError(ErrorCode.BadUserInput, `first must be between 1 and ${MAX_PAGE_SIZE}`, [
        { field: 'first', reason: 'outOfRange', params: { min: 1, max: MAX_PAGE_SIZE } },
      ]);
    }
    const filter = normalise(request.filter);
    const sort = request.sort ?? 'NAME';
    const descending = request.descending ?? false;
    const position = request.after ? decodeCursor(request.after, sort) : null;
    const regions = regionsOf(request);
    const contexts = await this.contexts(actor, regions);
    const answers = await Promise.all(
      regions.map(async (region) => {
        const rows = await this.reader.read<PageRow>(region, listSql(contexts.get(region)!, filter, sort, descending, position, first));
        // A store with no row in the page answers one row of nulls and its total.
        return { region, rows: rows.filter((row): row is PageRow & { pid: string } => row.pid !== null), total: Number(rows[0]?.total ?? 0) };
      }),
    );
    const types = sortKeyTypes(sort);
    const keyOf = (row: PageRow & { pid: string }): Position => [...types.map((type, i) => normaliseKey(row[`k${i}`], type)), row.pid];
    // One store answers its rows in the list's order already; the rows of several are merged by the sort key.
    let rows: RegionRow[];
    if (answers.length === 1) {
      rows = answers[0].rows.map((row) => ({ row, region: answers[0].region }));
    } else {
      const order = descending ? -1 : 1;
      rows = answers
        .flatMap((a) => a.rows.map((row) => ({ row, region: a.region, key: keyOf(row) })))
        .sort((a, b) => order * comparePositions(a.key, b.key));
    }
    const page = rows.slice(0, first);
    const last = page.at(-1);
    return {
      totalCount: answers.reduce((sum, a) => sum + a.total, 0),
      nodes: await this.toItems(actor, page),
      pageInfo: { endCursor: last ? encodeCursor(keyOf(last.row)) : null, hasNextPage: rows.length > first },
    };
  }

  /**
   * Counts per filter value: each facet applies the search and every other active filter, not its own
   * (statuses, subscription types, products, managed by and tags over the chosen regions; the region
   * facet counts every region under all the other filters, each from its own store).
   */
  async facets(actor: RequestActor, region: Region, filter: CustomerListFilter | null): Promise<CustomerFacets> {
    const normalised = normalise(filter);
    const chosen = regionsOf({ region, filter });
    const contexts = await this.contexts(actor, REGIONS);
    const counts = emptyFacetCounts();
    const perRegion = new Map<Region, number>();
    const [tags] = await Promise.all([
      this.reader.read<{ id: string; name: string; color: string }>('directory', partnerTagsSql(actor.partnerId)),
      ...REGIONS.map(async (r) => {
        const ctx = contexts.get(r)!;
        if (!chosen.includes(r)) {
          const [{ n }] = await this.reader.read<{ n: number | string }>(r, countSql(ctx, normalised));
          perRegion.set(r, Number(n));
          return;
        }
        const sql = facetSql(ctx, normalised);
        const own = emptyFacetCounts();
        addFacetRows(own, normalised, await this.reader.read<FacetRow>(r, sql));
        perRegion.set(r, own.total);
        addCounts(counts, own);
      }),
    ]);
    return {
      total: counts.total,
      statuses: CUSTOMER_STATUSES.map((value) => ({ value, count: counts.statuses[value] })),
      subscriptionTypes: SUBSCRIPTION_TYPES.map((value) => ({ value, count: counts.subscriptionTypes[value] })),
      products: PRODUCTS.map((value) => ({ value, count: counts.products[value] })),
      managedBy: MANAGED_BY.map((value) => ({ value, count: counts.managedBy[value] })),
      tags: tags.map((t) => ({ tag: { id: t.id, name: t.name, color: t.color }, count: counts.tags.get(t.id) ?? 0 })),
      regions: REGIONS.map((value) => ({ value, count: perRegion.get(value) ?? 0 })),
    };
  }

  /** One customer of `region` the actor may see; NOT_FOUND for another partner's or another region's customer. */
  async byId(actor: RequestActor, region: Region, id: string): Promise<CustomerListItem | null> {
    if (!z.uuid().safeParse(id).success) throw new AppError(ErrorCode.BadUserInput, 'id must be a customer org id (uuid)', [{ field: 'id', reason: 'invalid' }]);
    await this.policy.assertCustomer(actor, 'view', { customerId: id, region });
    // The page statement of a one-id scope (the actor may see it): the same columns as a list row.
    const ctx = (await this.contexts(actor, [region], [id])).get(region)!;
    const sql = listSql(ctx, normalise(null), 'NAME', false, null, 1);
    const [row] = await this.reader.read<PageRow>(region, sql);
    if (!row?.pid) throw new AppError(ErrorCode.NotFound, 'Customer not found');
    const [item] = await this.toItems(actor, [{ row: { ...row, pid: row.pid }, region }]);
    return item;
  }

  /** Rows to items; the tags (names and colours) from the directory, for the page's ids only. */
  private async toItems(actor: RequestActor, rows: RegionRow[]): Promise<CustomerListItem[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.row.pid);
    const tags = await this.reader.read<{ customer_id: string; id: string; name: string; color: string }>('directory', itemTagsSql(actor.partnerId, ids));
    const tagsOf = new Map<string, CustomerTagRef[]>();
    for (const t of tags) {
      const ref = { id: t.id, name: t.name, color: t.color };
      const list = tagsOf.get(t.customer_id);
      if (list) list.push(ref);
      else tagsOf.set(t.customer_id, [ref]);
    }
    return rows.map(({ row, region }) => {
      const decoded = decodeFacetBits(row.facet_bits);
      return {
        id: row.pid,
        name: row.name,
        country: row.country,
        region,
        contactName: row.contact_name,
        contactEmail: row.contact_email,
        contactPhone: row.contact_phone,
        subscriptionCount: Number(row.subscription_count),
        licensesPurchased: Number(row.licenses_purchased),
        licensesAssigned: Number(row.licenses_assigned),
        nextEndDate: row.next_end_date == null ? null : String(row.next_end_date).slice(0, 10),
        statuses: decoded.statuses,
        products: decoded.products,
        managedBy: row.managed_by,
        externalId: row.external_id,
        tags: tagsOf.get(row.pid) ?? [],
        launchUrl: this.launchUrl(row.pid),
      };
    });
  }
}

/** A key value as a cursor keeps it (PostgreSQL may answer numbers as strings). */
export function normaliseKey(value: unknown, type: 'text' | 'number'): string | number {
  return type === 'number' ? Number(value) : String(value);
}

/** Orders two positions (key values, then org id) ascending. */
export function comparePositions(a: Position, b: Position): number {
  for (let i = 0; i < a.length - 1; i++) {
    const cmp = compareValues(a[i], b[i]);
    if (cmp !== 0) return cmp;
  }
  return compareText(a.at(-1) as string, b.at(-1) as string);
}

function addCounts(into: FacetCounts, add: FacetCounts): void {
  into.total += add.total;
  for (const [tag, n] of add.tags) into.tags.set(tag, (into.tags.get(tag) ?? 0) + n);
  for (const key of ['statuses', 'subscriptionTypes', 'products', 'managedBy'] as const) {
    const target = into[key] as Record<string, number>;
    for (const [value, n] of Object.entries(add[key])) target[value] += n;
  }
}
