import { Injectable, Logger } from '@nestjs/common';
import { raw, type FilterQuery } from '@mikro-orm/core';
import type { Region } from '@ph/contracts';
import { PolicyService } from '../auth/policy.service';
import type { RequestActor } from '../auth/sessions.service';
import { Customer } from '../customers/customer.entity';
import { RegionStores } from '../database/stores';
import { LicenseLine, Subscription } from '../subscriptions/subscription.entity';
import type { RegionSummary } from './models/region-summary.model';

interface LicenseTotals {
  purchased: number | string | null;
  assigned: number | string | null;
  used: number | string | null;
}

/** Region-level figures, computed by aggregate SQL on the region's own store. */
@Injectable()
export class RegionsService {
  private readonly logger = new Logger(RegionsService.name);

  constructor(
    private readonly stores: RegionStores,
    private readonly policy: PolicyService,
  ) {}

  /** Counts the customers, subscriptions and licences of one region that the actor may see. */
  async summary(actor: RequestActor, region: Region): Promise<RegionSummary> {
    const em = this.stores.forRegion(region);
    const visible = await this.policy.visibleCustomerIds(actor);
    const customers: FilterQuery<Customer> = visible === 'all' ? { partnerId: actor.partnerId } : { partnerId: actor.partnerId, id: { $in: visible } };
    const [customerCount, subscriptionCount, trialCount, totals] = await Promise.all([
      em.count(Customer, customers),
      em.count(Subscription, { customer: customers }),
      em.count(Subscription, { kind: 'TRIAL', customer: customers }),
      em
        .createQueryBuilder(LicenseLine, 'l')
        .select([raw('sum(l.purchased) as purchased'), raw('sum(l.assigned) as assigned'), raw('sum(l.used) as used')])
        .join('l.subscription', 's')
        .join('s.customer', 'c')
        .where({ subscription: { customer: customers } })
        .execute<LicenseTotals>('get'),
    ]);
    this.logger.debug(`region summary computed for ${region}`);
    return {
      region,
      customerCount,
      subscriptionCount,
      trialCount,
      licensesPurchased: Number(totals.purchased ?? 0),
      licensesAssigned: Number(totals.assigned ?? 0),
      licensesUsed: Number(totals.used ?? 0),
    };
  }
}
