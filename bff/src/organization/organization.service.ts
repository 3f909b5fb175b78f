import { Injectable } from '@nestjs/common';
import { ErrorCode } from '@ph/contracts';
import { AuditService } from '../audit/audit.service';
import type { RequestActor } from '../auth/sessions.service';
import { PartnerUser } from '../auth/user.entity';
import { AppError } from '../common/app-error';
import { CustomerDirectoryEntry } from '../customers/customer.entity';
import { RegionStores } from '../database/stores';
import { PRODUCTS } from '../subscriptions/subscription.entity';
import type { MyOrganizationModel } from './organization.model';
import { OrganizationSetup } from './organization-setup.entity';

/** The version of the partner terms accepted in the setup wizard. */
export const TERMS_VERSION = '2025-01';
export const TERMS_URL = '/terms/partner-2025-01';

/** "Start my organisation": the partner's own organisation and its one-time setup. */
@Injectable()
export class OrganizationService {
  constructor(
    private readonly stores: RegionStores,
    private readonly audit: AuditService,
  ) {}

  /** Setup state, subscription overview and terms of the actor's partner organisation. */
  async get(actor: RequestActor): Promise<MyOrganizationModel> {
    const em = this.stores.directory();
    const setup = await em.findOne(OrganizationSetup, { partnerId: actor.partnerId });
    const setUpBy = setup ? await em.findOne(PartnerUser, { id: setup.acceptedById, partner: actor.partnerId }) : null;
    const customerCount = await em.count(CustomerDirectoryEntry, { partner: actor.partnerId });
    return {
      partnerId: actor.partnerId,
      name: actor.partnerName,
      setUp: setup !== null,
      setUpAt: setup?.acceptedAt ?? null,
      setUpByName: setUpBy?.displayName ?? null,
      termsVersion: TERMS_VERSION,
      termsUrl: TERMS_URL,
      acceptedTermsVersion: setup?.termsVersion ?? null,
      subscription: { products: [...PRODUCTS], customerCount },
    };
  }

  /** Records that the actor accepted the terms and set the organisation up (once). */
  async setUp(actor: RequestActor, acceptTerms: boolean): Promise<MyOrganizationModel> {
    if (acceptTerms !== true) throw new AppError(ErrorCode.BadUserInput, 'The terms must be accepted');
    await this.stores.directory().transactional(async (tx) => {
      if (await tx.findOne(OrganizationSetup, { partnerId: actor.partnerId })) {
        throw new AppError(ErrorCode.Conflict, 'The organisation is already set up');
      }
      tx.create(OrganizationSetup, { partnerId: actor.partnerId, termsVersion: TERMS_VERSION, acceptedById: actor.userId });
      this.audit.append(tx, {
        actor,
        action: 'organization.setUp',
        outcome: 'SUCCESS',
        targetType: 'partner',
        targetId: actor.partnerId,
        before: { setUp: false },
        after: { setUp: true, termsVersion: TERMS_VERSION },
        requestId: actor.requestId,
      });
    });
    return this.get(actor);
  }
}
