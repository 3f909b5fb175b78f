import { Injectable } from '@nestjs/common';
import { ErrorCode, type Region } from '@ph/contracts';
import { z } from 'zod';
import { AppError } from '../common/app-error';
import { PolicyService } from '../auth/policy.service';
import type { RequestActor } from '../auth/sessions.service';
import { RegionStores } from '../database/stores';
import { Invoice } from '../invoices/invoice.entity';
import { Order } from '../orders/order.entity';
import { LicenseLine, Subscription } from '../subscriptions/subscription.entity';
import { Trial } from '../trials/trial.entity';
import type { CustomerAccount, LicenseLineModel } from './models/customer-account.model';

const day = (value: string | Date) => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10));

/** The detail tabs of one customer: subscriptions with licences and latest invoice, order history, trials. */
@Injectable()
export class CustomerAccountService {
  constructor(
    private readonly stores: RegionStores,
    private readonly policy: PolicyService,
  ) {}

  /** Everything the Subscriptions and Trials tabs show; NOT_FOUND outside the actor's partner or region. */
  async account(actor: RequestActor, region: Region, customerId: string): Promise<CustomerAccount> {
    if (!z.uuid().safeParse(customerId).success) throw new AppError(ErrorCode.BadUserInput, 'customerId must be an org id', [{ field: 'customerId', reason: 'invalid' }]);
    await this.policy.assertCustomer(actor, 'view', { customerId, region });
    const em = this.stores.forRegion(region);
    const [subscriptions, lines, invoices, orders, trials] = await Promise.all([
      em.find(Subscription, { customer: customerId }, { orderBy: { endDate: 'desc', id: 'asc' } }),
      em.find(LicenseLine, { subscription: { customer: customerId } }, { orderBy: { product: 'asc' } }),
      em.find(Invoice, { customer: customerId }, { orderBy: { issuedOn: 'desc', id: 'desc' } }),
      em.find(Order, { customer: customerId }, { orderBy: { placedAt: 'desc', id: 'asc' } }),
      em.find(Trial, { customer: customerId }, { orderBy: { endDate: 'desc', id: 'asc' } }),
    ]);
    const linesOf = (subscriptionId: string): LicenseLineModel[] =>
      lines.filter((l) => l.subscription.id === subscriptionId).map((l) => ({ product: l.product, purchased: l.purchased, assigned: l.assigned, used: l.used }));
    return {
      subscriptions: subscriptions.map((s) => {
        const invoice = invoices.find((i) => i.subscription.id === s.id);
        return {
          id: s.id,
          kind: s.kind,
          startDate: day(s.startDate),
          endDate: day(s.endDate),
          autoRenew: Boolean(s.autoRenew),
          billingState: s.billingState,
          lines: linesOf(s.id),
          invoice: invoice
            ? { id: invoice.id, issuedOn: day(invoice.issuedOn), dueOn: day(invoice.dueOn), amountMinor: invoice.amountMinor, currency: invoice.currency, status: invoice.status }
            : null,
        };
      }),
      orders: orders.map((o) => ({ id: o.id, placedAt: o.placedAt, status: o.status, summary: o.summary, subscriptionId: o.subscription?.id ?? null })),
      trials: trials.map((t) => ({ id: t.id, startDate: day(t.startDate), endDate: day(t.endDate), status: t.status, lines: linesOf(t.subscription.id) })),
    };
  }
}
