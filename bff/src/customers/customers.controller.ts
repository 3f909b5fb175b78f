import { Controller, Get, Req, Res } from '@nestjs/common';
import { ErrorCode, isRegion, REGIONS } from '@ph/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from '../auth/auth.controller';
import { DenialAuditService } from '../auth/denials.service';
import { SessionsService } from '../auth/sessions.service';
import { AppError } from '../common/app-error';
import { toCsv } from '../common/csv';
import { singleValuedQuery } from '../common/rest-query';
import { reportLocale, type ReportLocale } from '../reports/columns';
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

/** What the export writes in each locale: headers, and the words of the list page for statuses, products and managed-by. */
export const EXPORT_LABELS = {
  en: {
    headers: {
      name: 'Name',
      orgId: 'Org ID',
      country: 'Country',
      region: 'Region',
      statuses: 'Statuses',
      products: 'Products',
      licensesPurchased: 'Licenses',
      licensesAssigned: 'Assigned',
      nextEndDate: 'Next renewal or expiry',
      tags: 'Tags',
      managedBy: 'Managed by',
      externalId: 'External ID',
    },
    status: {
      TRIAL: 'Trial',
      SUBSCRIPTION: 'Subscription',
      EXPIRING_SOON: 'Expiring soon',
      LICENSE_OVERAGE: 'License overage',
      NO_RECENT_ACTIVITY: 'No recent activity',
      READY_FOR_ORDER_SETUP: 'Ready for order setup',
      SUSPENDED: 'Suspended',
      EXPIRED: 'Expired',
    },
    product: { MEETINGS: 'Meetings', CALLING: 'Calling', MESSAGING: 'Messaging', RTT: 'Real-Time Translations', CONTACT_CENTER: 'Contact Center' },
    managedBy: { EXTERNAL_ADMIN: 'Me as external admin', PARTNER_ORG: 'Partner organisation' },
  },
  nl: {
    headers: {
      name: 'Naam',
      orgId: 'Organisatie-id',
      country: 'Land',
      region: 'Regio',
      statuses: 'Status',
      products: 'Producten',
      licensesPurchased: 'Licenties',
      licensesAssigned: 'Toegewezen',
      nextEndDate: 'Verlenging / einde',
      tags: 'Tags',
      managedBy: 'Beheerd door',
      externalId: 'Externe id',
    },
    status: {
      TRIAL: 'Proefperiode',
      SUBSCRIPTION: 'Abonnement',
      EXPIRING_SOON: 'Verloopt binnenkort',
      LICENSE_OVERAGE: 'Licentie-overschot',
      NO_RECENT_ACTIVITY: 'Geen recente activiteit',
      READY_FOR_ORDER_SETUP: 'Klaar voor het instellen van de bestelling',
      SUSPENDED: 'Opgeschort',
      EXPIRED: 'Verlopen',
    },
    product: { MEETINGS: 'Vergaderingen', CALLING: 'Bellen', MESSAGING: 'Berichten', RTT: 'Real-Time Translations', CONTACT_CENTER: 'Contact Center' },
    managedBy: { EXTERNAL_ADMIN: 'Ik als externe beheerder', PARTNER_ORG: 'Partnerorganisatie' },
  },
} as const satisfies Record<ReportLocale, unknown>;

/** The customer rows as CSV in `locale` (the shared writer: formula-injection safe); several statuses, products or tags are joined by "; ". */
export function customersCsv(items: readonly CustomerListItem[], locale: ReportLocale = 'en'): string {
  const labels = EXPORT_LABELS[locale];
  const columns = (Object.keys(labels.headers) as (keyof CsvRow)[]).map((key) => ({ key, header: labels.headers[key] }));
  return toCsv(
    items.map(
      (c): CsvRow => ({
        name: c.name,
        orgId: c.id,
        country: c.country,
        region: c.region,
        statuses: c.statuses.map((s) => labels.status[s]).join('; '),
        products: c.products.map((p) => labels.product[p]).join('; '),
        licensesPurchased: c.licensesPurchased,
        licensesAssigned: c.licensesAssigned,
        nextEndDate: c.nextEndDate ?? '',
        tags: c.tags.map((t) => t.name).join('; '),
        managedBy: labels.managedBy[c.managedBy],
        externalId: c.externalId ?? '',
      }),
    ),
    columns,
  );
}

/**
 * `GET /api/customers.csv?region&regions&q&status&product&managed&type&tag&sort&desc&locale`: the filtered
 * customer list as CSV in the page's language (`locale` en or nl, default en; session-checked, the actor's scope).
 */
@Controller('api')
export class CustomersController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly customers: CustomersService,
    private readonly denials: DenialAuditService,
  ) {}

  @Get('customers.csv')
  async csv(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    try {
      const actor = await this.sessions.authenticate(request);
      if (!actor) throw new AppError(ErrorCode.Unauthenticated, 'Sign in first');
      // An export counts against the user's request limit like a GraphQL request.
      await this.denials.consumeUserRequest(actor, 'customers.export');
      const query = singleValuedQuery(request);
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
        .send(customersCsv(items, reportLocale(query.locale ?? 'en')));
    } catch (error) {
      return sendError(reply, error);
    }
  }
}
