import { Injectable } from '@nestjs/common';
import type { FilterQuery } from '@mikro-orm/core';
import { ErrorCode, type Region } from '@ph/contracts';
import { markAudited } from '../audit/audit-failures.interceptor';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { isUuid } from '../common/ids';
import { CustomerDirectoryEntry } from '../customers/customer.entity';
import { RegionStores, type StoreEntityManager } from '../database/stores';
import { roleMayOnCustomer, seesAllCustomers, type CustomerAction, type CustomerRef } from './policy';
import type { RequestActor } from './sessions.service';
import { CustomerAdminAssignment, PartnerUser } from './user.entity';

/** The answer of {@link PolicyService.decide}. */
export type Decision = { allowed: true; customer: CustomerDirectoryEntry } | { allowed: false; code: 'NOT_FOUND' | 'FORBIDDEN' };

/**
 * The one place that answers "may this actor do this on customer X" and "which customers may this
 * actor see". Another partner's customer, or one outside the requested region, is NOT_FOUND (never
 * FORBIDDEN, so nothing leaks across partners); a customer of the actor's own partner that the role or
 * scope does not allow is FORBIDDEN. Every denial is audited.
 */
@Injectable()
export class PolicyService {
  /** Per request (its actor object) and region: the visible ids its query fields share (see visibleCustomerIdsForQuery). */
  private readonly queryScopes = new WeakMap<RequestActor, Map<Region, Promise<string[] | 'all'>>>();

  constructor(
    private readonly stores: RegionStores,
    private readonly audit: AuditService,
  ) {}

  /**
   * Ids of the customers a scoped role (ADMIN, SALES_ADMIN) may see: assigned or created by them; only
   * those of `region` when given.
   */
  async scopedCustomerIds(actor: RequestActor, region?: Region): Promise<string[]> {
    // One indexed query, no entity hydration: it runs on every scoped request, and an admin may be assigned thousands of customers.
    const sql = `select distinct a.customer_id from customer_admin_assignment a join customer_directory_entry e on e.id = a.customer_id
       where a.user_id = ? and e.partner_id = ?${region ? ' and e.region = ?' : ''}`;
    const params = region ? [actor.userId, actor.partnerId, region] : [actor.userId, actor.partnerId];
    const rows = await this.stores.rows<{ customer_id: string }>('directory', sql, params);
    return rows.map((row) => row.customer_id);
  }

  /** Customer ids the actor may see (only those of `region` when given), or `all` for roles that see every customer of their partner. */
  async visibleCustomerIds(actor: RequestActor, region?: Region): Promise<string[] | 'all'> {
    return seesAllCustomers(actor.role) ? 'all' : this.scopedCustomerIds(actor, region);
  }

  /**
   * {@link visibleCustomerIds} of `region` for read-only (query) fields: read once per request and shared
   * by every field of it, e.g. the analytics view's trend and five sections. The request's actor object
   * keys it (one per request), so nothing outlives the request; a query cannot change assignments.
   */
  visibleCustomerIdsForQuery(actor: RequestActor, region: Region): Promise<string[] | 'all'> {
    let byRegion = this.queryScopes.get(actor);
    if (!byRegion) this.queryScopes.set(actor, (byRegion = new Map()));
    let visible = byRegion.get(region);
    if (!visible) byRegion.set(region, (visible = this.visibleCustomerIds(actor, region)));
    return visible;
  }

  /** A directory filter for the customers the actor may see (always within the actor's partner). */
  async customerFilter(actor: RequestActor): Promise<FilterQuery<CustomerDirectoryEntry>> {
    const visible = await this.visibleCustomerIds(actor);
    return visible === 'all' ? { partner: actor.partnerId } : { partner: actor.partnerId, id: { $in: visible } };
  }

  /**
   * Records that a scoped admin (ADMIN / SALES_ADMIN) created a customer, which puts it in their scope.
   * Call it in the same unit of work (`em`) that creates the customer's directory entry.
   */
  recordCreator(em: StoreEntityManager, actor: RequestActor, customer: CustomerDirectoryEntry): void {
    if (seesAllCustomers(actor.role)) return;
    em.create(CustomerAdminAssignment, { customer, user: em.getReference(PartnerUser, actor.userId), kind: 'CREATED', assignedById: actor.userId });
  }

  /** Decides without side effects. */
  async decide(actor: RequestActor, action: CustomerAction, ref: CustomerRef, em = this.stores.directory()): Promise<Decision> {
    if (!isUuid(ref.customerId)) return { allowed: false, code: 'NOT_FOUND' };
    const customer = await em.findOne(CustomerDirectoryEntry, { id: ref.customerId, partner: actor.partnerId, region: ref.region });
    if (!customer) return { allowed: false, code: 'NOT_FOUND' };
    if (!roleMayOnCustomer(actor.role, action)) return { allowed: false, code: 'FORBIDDEN' };
    if (!seesAllCustomers(actor.role)) {
      const assigned = await em.count(CustomerAdminAssignment, { user: actor.userId, customer: customer.id });
      if (assigned === 0) return { allowed: false, code: 'FORBIDDEN' };
    }
    return { allowed: true, customer };
  }

  /** The customer when the actor may do `action` on it; otherwise audits the denial and throws NOT_FOUND / FORBIDDEN. */
  async assertCustomer(actor: RequestActor, action: CustomerAction, ref: CustomerRef, em = this.stores.directory()): Promise<CustomerDirectoryEntry> {
    const decision = await this.decide(actor, action, ref, em);
    if (decision.allowed) return decision.customer;
    await this.audit.appendNow({
      actor,
      action: `customer.${action}`,
      outcome: 'DENIED',
      region: ref.region,
      targetType: 'customer',
      targetId: ref.customerId,
      customerId: decision.code === 'FORBIDDEN' ? ref.customerId : null,
      reason: decision.code,
      requestId: actor.requestId,
    });
    throw markAudited(
      decision.code === 'NOT_FOUND' ? new AppError(ErrorCode.NotFound, 'Customer not found') : new AppError(ErrorCode.Forbidden, 'Not allowed for your role'),
    );
  }
}
