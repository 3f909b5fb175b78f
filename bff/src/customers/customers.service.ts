import { Injectable } from '@nestjs/common';
import { ErrorCode, type Region } from '@ph/contracts';
import { z } from 'zod';
import { AppError } from '../common/app-error';
import { PolicyService } from '../auth/policy.service';
import type { RequestActor } from '../auth/sessions.service';
import { RegionStores } from '../database/stores';
import type { CustomerListItem, CustomerPage } from './models/customer-page.model';

/** Page size when the client names none. */
export const DEFAULT_PAGE_SIZE = 50;
/** Largest page a client may ask for. */
export const MAX_PAGE_SIZE = 200;

interface ListRow {
  id: string;
  name: string;
  country: string;
  subscription_count: number | string;
  licenses_purchased: number | string;
  licenses_assigned: number | string;
}

const cursorSchema = z.tuple([z.string(), z.uuid()]);

/** Encodes the keyset position (name, id) of a node. */
export function encodeCursor(name: string, id: string): string {
  return Buffer.from(JSON.stringify([name, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new AppError(ErrorCode.BadUserInput, 'Invalid cursor');
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

/**
 * Page of customers with their licence figures: one aggregate query on the region's own store,
 * keyset-paged on (name, id); bindings `[...scope.params, name, id,] limit`.
 */
export const customerPageSql = (scope: Pick<CustomerScope, 'where'>, keyset: boolean) => `
  with page as (
    select c.id, c.name, c.country from customer c
    where ${scope.where}${keyset ? ' and (c.name, c.id) > (?, ?)' : ''}
    order by c.name, c.id
    limit ?
  )
  select p.id, p.name, p.country,
         count(distinct s.id) as subscription_count,
         coalesce(sum(l.purchased), 0) as licenses_purchased,
         coalesce(sum(l.assigned), 0) as licenses_assigned
  from page p
  left join subscription s on s.customer_id = p.id
  left join license_line l on l.subscription_id = s.id
  group by p.id, p.name, p.country
  order by p.name, p.id`;

/** Customer list and lookups, each answered by the customer's region store only, within the actor's scope. */
@Injectable()
export class CustomersService {
  constructor(
    private readonly stores: RegionStores,
    private readonly policy: PolicyService,
  ) {}

  /** The first `first` customers of `region` the actor may see after the `after` cursor, ordered by name then id. */
  async list(actor: RequestActor, region: Region, requested: number | null, after: string | null): Promise<CustomerPage> {
    const first = requested ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
      throw new AppError(ErrorCode.BadUserInput, `first must be between 1 and ${MAX_PAGE_SIZE}`);
    }
    const position = after ? decodeCursor(after) : null;
    const connection = this.stores.forRegion(region).getConnection();
    const scope = await scopeOf(this.policy, actor);
    const [rows, [{ n }]] = await Promise.all([
      connection.execute<ListRow[]>(customerPageSql(scope, position !== null), [...scope.params, ...(position ?? []), first + 1]),
      connection.execute<{ n: number | string }[]>(`select count(*) as n from customer c where ${scope.where}`, scope.params),
    ]);
    const nodes = rows.slice(0, first).map((row) => toItem(row, region));
    const last = nodes.at(-1);
    return {
      totalCount: Number(n),
      nodes,
      pageInfo: { endCursor: last ? encodeCursor(last.name, last.id) : null, hasNextPage: rows.length > first },
    };
  }

  /** One customer of `region` the actor may see; NOT_FOUND for another partner's or another region's customer. */
  async byId(actor: RequestActor, region: Region, id: string): Promise<CustomerListItem | null> {
    if (!z.uuid().safeParse(id).success) throw new AppError(ErrorCode.BadUserInput, 'id must be a customer org id (uuid)');
    await this.policy.assertCustomer(actor, 'view', { customerId: id, region });
    const connection = this.stores.forRegion(region).getConnection();
    const rows = await connection.execute<ListRow[]>(
      `select c.id, c.name, c.country,
              count(distinct s.id) as subscription_count,
              coalesce(sum(l.purchased), 0) as licenses_purchased,
              coalesce(sum(l.assigned), 0) as licenses_assigned
       from customer c
       left join subscription s on s.customer_id = c.id
       left join license_line l on l.subscription_id = s.id
       where c.id = ?
       group by c.id, c.name, c.country`,
      [id],
    );
    return rows[0] ? toItem(rows[0], region) : null;
  }
}

function toItem(row: ListRow, region: Region): CustomerListItem {
  return {
    id: row.id,
    name: row.name,
    country: row.country,
    region,
    subscriptionCount: Number(row.subscription_count),
    licensesPurchased: Number(row.licenses_purchased),
    licensesAssigned: Number(row.licenses_assigned),
  };
}
