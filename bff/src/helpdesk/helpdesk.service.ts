import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, isRegion, type FieldError } from '@ph/contracts';
import { AuditService } from '../audit/audit.service';
import { PolicyService } from '../auth/policy.service';
import type { RequestActor } from '../auth/sessions.service';
import { AppError } from '../common/app-error';
import { isUuid } from '../common/ids';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { RegionStores } from '../database/stores';
import { PRODUCTS } from '../resources/catalogue';
import type { HelpdeskRequestInput } from './dto/helpdesk-request.input';
import { HelpdeskRequest } from './helpdesk-request.entity';
import { HelpdeskWorker } from './helpdesk.worker';
import type { HelpdeskRequestModel } from './models/helpdesk-request.model';

export const SUBJECT_MAX = 200;
export const MESSAGE_MIN = 10;
export const MESSAGE_MAX = 5000;

/** The field-level problems of a helpdesk request (paths as in the GraphQL input), empty when it is valid. */
export function validateHelpdeskInput(input: HelpdeskRequestInput): FieldError[] {
  const problems: FieldError[] = [];
  const subject = (input.subject ?? '').trim();
  const message = (input.message ?? '').trim();
  if (!subject) problems.push({ field: 'input.subject', reason: 'required' });
  else if (subject.length > SUBJECT_MAX) problems.push({ field: 'input.subject', reason: 'tooLong', params: { max: SUBJECT_MAX } });
  if (!message) problems.push({ field: 'input.message', reason: 'required' });
  else if (message.length < MESSAGE_MIN) problems.push({ field: 'input.message', reason: 'tooShort', params: { min: MESSAGE_MIN } });
  else if (message.length > MESSAGE_MAX) problems.push({ field: 'input.message', reason: 'tooLong', params: { max: MESSAGE_MAX } });
  if (!(PRODUCTS as readonly string[]).includes(input.product)) problems.push({ field: 'input.product', reason: 'required' });
  if (input.customerId && !input.customerRegion) problems.push({ field: 'input.customerRegion', reason: 'required' });
  if (input.customerRegion && !isRegion(input.customerRegion)) problems.push({ field: 'input.customerRegion', reason: 'invalid' });
  return problems;
}

/** Maps a stored request to its GraphQL shape. */
export function toRequestModel(r: HelpdeskRequest): HelpdeskRequestModel {
  return { ...r, channels: r.channels ? r.channels.split(',') : [] };
}

/** Partner Helpdesk requests: stored first (with the audit event), then delivered by the outbox worker. */
@Injectable()
export class HelpdeskService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly stores: RegionStores,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly worker: HelpdeskWorker,
  ) {}

  /** Validates and stores a request for delivery; the customer, if given, must be one the actor may see (else NOT_FOUND). */
  async submit(actor: RequestActor, input: HelpdeskRequestInput): Promise<HelpdeskRequestModel> {
    const problems = validateHelpdeskInput(input);
    if (problems.length > 0) throw new AppError(ErrorCode.BadUserInput, 'The helpdesk request is not valid', problems);
    const em = this.stores.directory();
    let customerName: string | null = null;
    if (input.customerId) {
      if (!isUuid(input.customerId)) throw new AppError(ErrorCode.NotFound, 'Customer not found');
      const customer = await this.policy.assertCustomer(actor, 'view', { region: input.customerRegion!, customerId: input.customerId }, em);
      customerName = customer.name;
    }
    const channels = [this.config.helpdesk.smtpUrl ? 'email' : null, this.config.helpdesk.webhookUrl ? 'webhook' : null].filter(Boolean).join(',');
    const request = await em.transactional(async (tx) => {
      const row = tx.create(HelpdeskRequest, {
        partnerId: actor.partnerId,
        partnerName: actor.partnerName,
        userId: actor.userId,
        userEmail: actor.email,
        userName: actor.displayName,
        product: input.product,
        subject: input.subject.trim(),
        message: input.message.trim(),
        customerRegion: input.customerId ? input.customerRegion! : null,
        customerId: input.customerId ?? null,
        customerName,
        channels,
      });
      this.audit.append(tx, {
        actor,
        action: 'helpdesk.submit',
        outcome: 'SUCCESS',
        targetType: 'helpdeskRequest',
        targetId: row.id,
        region: row.customerRegion,
        customerId: row.customerId,
        after: { subject: row.subject, product: row.product, channels },
        requestId: actor.requestId,
      });
      return row;
    });
    if (channels) this.worker.kick();
    return toRequestModel(request);
  }

  /** The partner's requests, newest first (full admins). */
  async list(actor: RequestActor, first: number): Promise<HelpdeskRequestModel[]> {
    const rows = await this.stores
      .directory()
      .find(HelpdeskRequest, { partnerId: actor.partnerId }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: Math.min(Math.max(first, 1), 200) });
    return rows.map(toRequestModel);
  }
}
