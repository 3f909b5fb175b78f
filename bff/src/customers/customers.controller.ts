import { Controller, Get, Req, Res } from '@nestjs/common';
import { ErrorCode, isRegion, REGIONS } from '@ph/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from '../auth/auth.controller';
import { SessionsService } from '../auth/sessions.service';
import { AppError } from '../common/app-error';
import { toCsv } from '../common/csv';
import { CUSTOMER_SORTS, CustomersService, SUBSCRIPTION_TYPES, type CustomerListFilter, type CustomerSort } from './customers.service';
import { CUSTOMER_STATUSES } from './customer-status';
import { MANAGED_BY } from './customer.entity';
import { PRODUCTS } from '../subscriptions/subscription.entity';
import type { CustomerListItem } from './models/customer-page.model';

/** Most rows one export writes. */
export const MAX_EXPORT_ROWS = 100_000;

const list = <T extends string>(value: string | undefined, allowed?: readonly T[]): T[] => {
  const values = (value ?? '').split(',').filter((v) => v !== '');
  if (allowed && values.some((v) => !allowed.includes(v as T))) throw new AppError(ErrorCode.BadUserInput, 'Unknown filter value');
  return values as T[];
};

type CsvRow = Record<'name' | 'orgId' | 'country' | 'region' | 'statuses' | 'products' | 'licensesPurchased' | 'licensesAssigned' | 'nextEndDate' | 'tags' | 'managedBy' | 'externalId', string | number>;
const COLUMNS: { key: keyof CsvRow; header: string }[] = [
  { key: 'name', header: 'Name' },
  { key: 'orgId', header: 'Org ID' },
  { key: 'country', header: 'Country' },
  { key: 'region', header: 'Region' },
  { key: 'statuses', header: 'Statuses' },
  { key: 'products', header: 'Products' },
  { key: 'licensesPurchased', header: 'Licenses' },
  { key: 'licensesAssigned', header: 'Assigned' },
  { key: 'nextEndDate', header: 'Next renewal or expiry' },
  { key: 'tags', header: 'Tags' },
  { key: 'managedBy', header: 'Managed by' },
  { key: 'externalId', header: 'External ID' },
];

/** The customer rows as CSV, written by the shared writer (formula-injection safe). */
export function customersCsv(items: readonly CustomerListItem[]): string {
  return toCsv(
    items.map(
      (c): CsvRow => ({
        name: c.name,
        orgId: c.id,
        country: c.country,
        region: c.region,
        statuses: c.statuses.join(' '),
        products: c.products.join(' '),
        licensesPurchased: c.licensesPurchased,
        licensesAssigned: c.licensesAssigned,
        nextEndDate: c.nextEndDate ?? '',
        tags: c.tags.map((t) => t.name).join('; '),
        managedBy: c.managedBy,
        externalId: c.externalId ?? '',
      }),
    ),
    COLUMNS,
  );
}

/** `GET /api/customers.csv?region&regions&q&status&product&managed&type&tag&sort&desc`: the filtered customer list as CSV (session-checked, the actor's scope). */
@Controller('api')
export class CustomersController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly customers: CustomersService,
  ) {}

  @Get('customers.csv')
  async csv(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    try {
      const actor = await this.sessions.authenticate(request);
      if (!actor) throw new AppError(ErrorCode.Unauthenticated, 'Sign in first');
      const query = request.query as Record<string, string | undefined>;
      if (!isRegion(query.region)) throw new AppError(ErrorCode.InvalidRegion, 'Unknown region');
      const sort = (query.sort ?? 'NAME') as CustomerSort;
      if (!CUSTOMER_SORTS.includes(sort)) throw new AppError(ErrorCode.BadUserInput, 'Unknown sort');
      const filter: CustomerListFilter = {
        search: query.q ?? null,
        statuses: list(query.status, CUSTOMER_STATUSES),
        products: list(query.product, PRODUCTS),
        managedBy: list(query.managed, MANAGED_BY),
        subscriptionTypes: list(query.type, SUBSCRIPTION_TYPES),
        tagIds: list(query.tag),
        regions: list(query.regions, REGIONS),
      };
      const items: CustomerListItem[] = [];
      let after: string | null = null;
      do {
        const page = await this.customers.list(actor, { region: query.region, first: 200, after, filter, sort, descending: query.desc === '1' });
        items.push(...page.nodes);
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after && items.length < MAX_EXPORT_ROWS);
      return reply
        .header('Content-Type', 'text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="customers-${query.region}.csv"`)
        .header('Cache-Control', 'no-store')
        .send(customersCsv(items));
    } catch (error) {
      return sendError(reply, error);
    }
  }
}
