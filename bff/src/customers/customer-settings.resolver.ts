import { Args, Field, InputType, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { ErrorCode, type FieldError } from '@ph/contracts';
import { AuditService } from '../audit/audit.service';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Policy } from '../auth/policy';
import type { RequestActor } from '../auth/sessions.service';
import { AppError } from '../common/app-error';
import { RegionStores } from '../database/stores';
import { PartnerCustomerSettings } from './customer-settings.entity';
import { CustomersService } from './customers.service';

/** The partner's customer-list thresholds. */
@ObjectType()
export class CustomerListSettings {
  @Field(() => Int, { description: 'A subscription or trial ending within this many days is "expiring soon" (default 30).' })
  expiringSoonDays!: number;

  @Field(() => Int, { description: 'No customer admin sign-in within this many days is "no recent activity" (default 30).' })
  noRecentActivityDays!: number;
}

@InputType()
export class CustomerListSettingsInput {
  @Field(() => Int)
  expiringSoonDays!: number;

  @Field(() => Int)
  noRecentActivityDays!: number;
}

/** Read (every admin) and change (full admins) the thresholds of the customer statuses. */
@Resolver(() => CustomerListSettings)
export class CustomerSettingsResolver {
  constructor(
    private readonly customers: CustomersService,
    private readonly stores: RegionStores,
    private readonly audit: AuditService,
  ) {}

  @Query(() => CustomerListSettings)
  @Policy('customers.read')
  customerListSettings(@CurrentActor() actor: RequestActor): Promise<CustomerListSettings> {
    return this.customers.settings(actor.partnerId);
  }

  @Mutation(() => CustomerListSettings)
  @Policy('customerSettings.manage')
  async updateCustomerListSettings(@CurrentActor() actor: RequestActor, @Args('input') input: CustomerListSettingsInput): Promise<CustomerListSettings> {
    const problems: FieldError[] = [];
    for (const key of ['expiringSoonDays', 'noRecentActivityDays'] as const) {
      if (!Number.isInteger(input[key]) || input[key] < 1 || input[key] > 365) problems.push({ field: `input.${key}`, reason: 'outOfRange', params: { min: 1, max: 365 } });
    }
    if (problems.length) throw new AppError(ErrorCode.BadUserInput, 'Invalid thresholds', problems);
    const before = await this.customers.settings(actor.partnerId);
    await this.stores.directory().transactional(async (tx) => {
      const row = (await tx.findOne(PartnerCustomerSettings, { partnerId: actor.partnerId })) ?? tx.create(PartnerCustomerSettings, { partnerId: actor.partnerId, expiringSoonDays: input.expiringSoonDays, noRecentActivityDays: input.noRecentActivityDays });
      row.expiringSoonDays = input.expiringSoonDays;
      row.noRecentActivityDays = input.noRecentActivityDays;
      this.audit.append(tx, { actor, action: 'customerSettings.update', outcome: 'SUCCESS', targetType: 'partner', targetId: actor.partnerId, before: { ...before }, after: { ...input }, requestId: actor.requestId });
    });
    return { expiringSoonDays: input.expiringSoonDays, noRecentActivityDays: input.noRecentActivityDays };
  }
}
