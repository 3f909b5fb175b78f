import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { ErrorCode, type FieldError, type Region } from '@ph/contracts';
import { AuditService } from '../audit/audit.service';
import { roleMayOnCustomer } from '../auth/policy';
import { PolicyService } from '../auth/policy.service';
import type { RequestActor } from '../auth/sessions.service';
import { CustomerAdminAssignment } from '../auth/user.entity';
import { AppError } from '../common/app-error';
import { Customer, CustomerDirectoryEntry } from '../customers/customer.entity';
import { CustomerListMaintenance, queueListChanges } from '../customers/customer-list.maintenance';
import { regionOfCountry } from '../demo/demo-generator';
import { RegionStores } from '../database/stores';
import { Partner } from '../partners/partner.entity';
import { LicenseLine, PRODUCTS, Subscription, type Product } from '../subscriptions/subscription.entity';
import { Trial } from './trial.entity';
import type { StartTrialInput, TrialRefInput } from './trials.inputs';

const DAY = 86_400_000;
/** Days a trial is extended by (from today). */
export const EXTEND_DAYS = 30;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const day = (v: string | Date) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What a trial mutation returns. */
export interface TrialResult {
  trialId: string;
  customerId: string;
  region: Region;
  endDate: string;
  status: string;
}

/** Trials: start (existing or new customer), extend by 30 days, convert to a subscription (CUSTOMER_ACTIONS.manageTrials). */
@Injectable()
export class TrialsService {
  private readonly logger = new Logger(TrialsService.name);

  constructor(
    private readonly stores: RegionStores,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly customerList: CustomerListMaintenance,
  ) {}

  /** Starts a trial; at most one running trial per product per customer (CONFLICT on `input.products`). */
  async start(actor: RequestActor, input: StartTrialInput): Promise<TrialResult> {
    const problems: FieldError[] = [];
    const products = [...new Set(input.products)];
    const days = input.days ?? 30;
    if (products.length === 0) problems.push({ field: 'input.products', reason: 'required' });
    if (products.some((p) => !PRODUCTS.includes(p))) problems.push({ field: 'input.products', reason: 'invalid' });
    if (!Number.isInteger(input.licenses) || input.licenses < 1 || input.licenses > 1000) problems.push({ field: 'input.licenses', reason: 'outOfRange', params: { min: 1, max: 1000 } });
    if (!Number.isInteger(days) || days < 1 || days > 90) problems.push({ field: 'input.days', reason: 'outOfRange', params: { min: 1, max: 90 } });
    const fresh = input.newCustomer;
    if (fresh && input.customerId) problems.push({ field: 'input.customerId', reason: 'invalid' });
    if (!fresh && (!input.customerId || !input.region)) problems.push({ field: 'input.customerId', reason: 'required' });
    let region: Region | null = input.region ?? null;
    if (fresh) {
      const name = fresh.name.trim();
      if (name.length === 0) problems.push({ field: 'input.newCustomer.name', reason: 'required' });
      if (name.length > 200) problems.push({ field: 'input.newCustomer.name', reason: 'tooLong', params: { max: 200 } });
      region = regionOfCountry(fresh.country.toUpperCase());
      if (!region) problems.push({ field: 'input.newCustomer.country', reason: 'unsupportedCountry' });
      const contactName = fresh.contactName.trim();
      if (!contactName) problems.push({ field: 'input.newCustomer.contactName', reason: 'required' });
      if (contactName.length > 200) problems.push({ field: 'input.newCustomer.contactName', reason: 'tooLong', params: { max: 200 } });
      if (!EMAIL.test(fresh.contactEmail) || fresh.contactEmail.length > 320) problems.push({ field: 'input.newCustomer.contactEmail', reason: 'invalidEmail' });
    }
    if (problems.length) throw new AppError(ErrorCode.BadUserInput, 'Invalid trial', problems);

    let customerId: string;
    if (fresh) {
      if (!roleMayOnCustomer(actor.role, 'manageTrials')) {
        await this.audit.appendNow({ actor, action: 'trials.start', outcome: 'DENIED', reason: 'role', requestId: actor.requestId });
        throw new AppError(ErrorCode.Forbidden, 'Your role may not start trials');
      }
      customerId = randomUUID();
      const em = this.stores.directory();
      await em.transactional(async (tx) => {
        const entry = tx.create(CustomerDirectoryEntry, {
          id: customerId,
          partner: tx.getReference(Partner, actor.partnerId),
          name: fresh.name.trim(),
          country: fresh.country.toUpperCase(),
          region: region!,
          externalId: null,
          managedBy: 'PARTNER_ORG',
        });
        this.policy.recordCreator(tx, actor, entry);
        // The region's list row (written with the customer below) takes its managed-by from the directory.
        queueListChanges(tx, [{ region: region!, customerId }]);
        this.audit.append(tx, { actor, action: 'customers.create', outcome: 'SUCCESS', region, customerId, targetType: 'customer', targetId: customerId, after: { name: entry.name, country: entry.country }, requestId: actor.requestId });
      });
    } else {
      customerId = input.customerId!;
      await this.policy.assertCustomer(actor, 'manageTrials', { customerId, region: region! });
    }

    const today = Date.now();
    const trialId = `Trial-${randomUUID().slice(0, 8)}`;
    const endDate = iso(today + days * DAY);
    try {
      await this.stores.forRegion(region!).transactional(async (tx) => {
        if (!fresh) {
          // At most one running trial per product: checked in the transaction that adds the trial, with the
          // customer's row locked on PostgreSQL (SQLite runs one write transaction at a time), so two
          // requests at once cannot both pass.
          const connection = tx.getConnection();
          const ctx = tx.getTransactionContext();
          if (this.stores.dialect(region!) === 'postgresql') await connection.execute('select id from customer where id = ? for update', [customerId], 'all', ctx);
          const running = await connection.execute<{ product: Product }[]>(
            `select distinct l.product from trial t join license_line l on l.subscription_id = t.subscription_id
              where t.customer_id = ? and t.status = 'RUNNING' and t.end_date >= ? and l.product in (${products.map(() => '?').join(', ')})`,
            [customerId, iso(today), ...products],
            'all',
            ctx,
          );
          if (running.length) {
            throw new AppError(ErrorCode.Conflict, 'A trial of this product is already running', [
              { field: 'input.products', reason: 'trialRunning', params: { products: running.map((r) => r.product).join(', ') } },
            ]);
          }
        } else {
          tx.create(Customer, {
            id: customerId,
            partnerId: actor.partnerId,
            name: fresh.name.trim(),
            country: fresh.country.toUpperCase(),
            contactName: fresh.contactName.trim(),
            contactEmail: fresh.contactEmail.trim(),
          });
        }
        const customer = tx.getReference(Customer, customerId);
        const subscription = tx.create(Subscription, { id: `Trl-${randomUUID().slice(0, 12)}`, customer, kind: 'TRIAL', startDate: iso(today), endDate, autoRenew: false, billingState: 'ACTIVE' });
        for (const product of products) tx.create(LicenseLine, { subscription, product, purchased: input.licenses, assigned: 0, used: 0 });
        tx.create(Trial, { id: trialId, customer, subscription, startDate: iso(today), endDate, status: 'RUNNING' });
        // In the region transaction (its audit outbox), relayed to the audit log once it commits.
        this.audit.append(tx, { actor, action: 'trials.start', outcome: 'SUCCESS', region, customerId, targetType: 'trial', targetId: trialId, after: { products, licenses: input.licenses, endDate }, requestId: actor.requestId });
      });
    } catch (error) {
      // A new customer whose region write failed leaves nothing behind in the directory (its entry and the
      // creator's scope), and the audit log says the creation did not hold.
      if (fresh) {
        try {
          await this.stores.directory().transactional(async (tx) => {
            await tx.nativeDelete(CustomerAdminAssignment, { customer: customerId });
            await tx.nativeDelete(CustomerDirectoryEntry, { id: customerId });
            this.audit.append(tx, { actor, action: 'customers.create', outcome: 'FAILURE', region, customerId, targetType: 'customer', targetId: customerId, reason: error instanceof AppError ? error.code : ErrorCode.Internal, requestId: actor.requestId });
          });
        } catch (cleanup) {
          // The region's error is the one the caller gets; the failed clean-up is logged for an operator.
          this.logger.error(`Directory entry ${customerId} of a failed trial start could not be removed: ${(cleanup as Error).message}`);
        }
      }
      throw error;
    }
    if (fresh) await this.customerList.sync([region!]);
    return { trialId, customerId, region: region!, endDate, status: 'RUNNING' };
  }

  /** Extends a running trial to 30 days from today. */
  async extend(actor: RequestActor, ref: TrialRefInput): Promise<TrialResult> {
    return this.change(actor, ref, 'trials.extend', async (tx, trial) => {
      // 30 days from today; a trial that already runs at least that long is refused rather than shortened
      // (or "extended" without change).
      const endDate = iso(Date.now() + EXTEND_DAYS * DAY);
      if (endDate <= trial.endDate) {
        throw new AppError(ErrorCode.Conflict, 'The trial already runs at least 30 days from today', [
          { field: 'input.trialId', reason: 'notExtendable', params: { endDate: trial.endDate } },
        ]);
      }
      trial.endDate = endDate;
      trial.subscription.endDate = endDate;
      return { endDate };
    });
  }

  /** Converts a running trial into a one-year paid subscription with the same licences. */
  async convert(actor: RequestActor, ref: TrialRefInput): Promise<TrialResult> {
    return this.change(actor, ref, 'trials.convert', async (tx, trial) => {
      const now = Date.now();
      const lines = await tx.find(LicenseLine, { subscription: trial.subscription.id });
      const paid = tx.create(Subscription, { id: `Sub-${randomUUID().slice(0, 12)}`, customer: trial.customer, kind: 'PAID', startDate: iso(now), endDate: iso(now + 365 * DAY), autoRenew: true, billingState: 'ACTIVE' });
      for (const line of lines) tx.create(LicenseLine, { subscription: paid, product: line.product, purchased: line.purchased, assigned: line.assigned, used: line.used });
      trial.status = 'CONVERTED';
      trial.convertedTo = paid;
      trial.endDate = iso(now - DAY);
      trial.subscription.endDate = iso(now - DAY);
      return { endDate: paid.endDate, status: 'CONVERTED' };
    });
  }

  private async change(
    actor: RequestActor,
    ref: TrialRefInput,
    action: string,
    apply: (tx: ReturnType<RegionStores['forRegion']>, trial: Trial) => Promise<{ endDate: string; status?: string }>,
  ): Promise<TrialResult> {
    if (typeof ref.trialId !== 'string' || ref.trialId.length > 40) throw new AppError(ErrorCode.NotFound, 'Trial not found');
    const em = this.stores.forRegion(ref.region);
    const found = await em.findOne(Trial, { id: ref.trialId, customer: { partnerId: actor.partnerId } });
    if (!found) throw new AppError(ErrorCode.NotFound, 'Trial not found');
    await this.policy.assertCustomer(actor, 'manageTrials', { customerId: found.customer.id, region: ref.region });
    if (found.status !== 'RUNNING' || day(found.endDate) < iso(Date.now())) {
      throw new AppError(ErrorCode.Conflict, 'Only a running trial can be changed', [{ field: 'input.trialId', reason: 'notRunning' }]);
    }
    const result = await this.stores.forRegion(ref.region).transactional(async (tx) => {
      const trial = await tx.findOneOrFail(Trial, ref.trialId, { populate: ['subscription'] });
      const before = { endDate: day(trial.endDate), status: trial.status };
      const out = await apply(tx, trial);
      // In the region transaction (its audit outbox), relayed to the audit log once it commits.
      this.audit.append(tx, { actor, action, outcome: 'SUCCESS', region: ref.region, customerId: trial.customer.id, targetType: 'trial', targetId: ref.trialId, before, after: out, requestId: actor.requestId });
      return { before, out, customerId: trial.customer.id };
    });
    return { trialId: ref.trialId, customerId: result.customerId, region: ref.region, endDate: result.out.endDate, status: result.out.status ?? 'RUNNING' };
  }
}

