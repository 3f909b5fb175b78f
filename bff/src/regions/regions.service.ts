import { Injectable, Logger } from '@nestjs/common';
import { raw } from '@mikro-orm/core';
import type { Region } from '@ph/contracts';
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

  constructor(private readonly stores: RegionStores) {}

  /** Counts customers, subscriptions and licences of one region. */
  async summary(region: Region): Promise<RegionSummary> {
    const em = this.stores.forRegion(region);
    const [customerCount, subscriptionCount, trialCount, totals] = await Promise.all([
      em.count(Customer),
      em.count(Subscription),
      em.count(Subscription, { kind: 'TRIAL' }),
      em
        .createQueryBuilder(LicenseLine, 'l')
        .select([raw('sum(l.purchased) as purchased'), raw('sum(l.assigned) as assigned'), raw('sum(l.used) as used')])
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
