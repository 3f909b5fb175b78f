import { ErrorCode, type FieldError } from '@ph/contracts';
import { AuditService } from '../audit/audit.service';
import { seesAllCustomers } from '../auth/policy';
import { PolicyService } from '../auth/policy.service';
import type { RequestActor } from '../auth/sessions.service';
import { AppError } from '../common/app-error';
import { isUuid } from '../common/ids';
import { CustomerDirectoryEntry } from '../customers/customer.entity';
import type { RegionStores } from '../database/stores';
import { Partner } from '../partners/partner.entity';
import { INVENTORY_KINDS, MAX_PERIOD_DAYS, REPORT_COLUMNS, REPORT_KINDS, type ReportKind } from './columns';
import { ReportTemplate } from './report-template.entity';

/** What a custom template takes. */
export interface CustomTemplateInput {
  name: string;
  baseKey: string;
  columns: string[];
  customerIds?: string[] | null;
  from?: Date | null;
  to?: Date | null;
}

/** Validates and saves a custom template (field-level reasons for every problem); audited in the same transaction. */
export async function createCustomTemplate(stores: RegionStores, policy: PolicyService, audit: AuditService, actor: RequestActor, input: CustomTemplateInput): Promise<ReportTemplate> {
  const fields: FieldError[] = [];
  const name = input.name.trim();
  if (name.length === 0 || name.length > 200) fields.push({ field: 'input.name', reason: name.length === 0 ? 'required' : 'tooLong', params: { max: 200 } });
  const base = REPORT_KINDS.includes(input.baseKey as ReportKind) ? (input.baseKey as ReportKind) : null;
  if (!base) fields.push({ field: 'input.baseKey', reason: 'unknownTemplate' });
  if (base) {
    const known = new Set(REPORT_COLUMNS[base].map((c) => c.id));
    if (input.columns.length === 0) fields.push({ field: 'input.columns', reason: 'required' });
    for (const column of input.columns) if (!known.has(column)) fields.push({ field: 'input.columns', reason: 'unknownColumn', params: { column } });
    if (new Set(input.columns).size !== input.columns.length) fields.push({ field: 'input.columns', reason: 'duplicateColumn' });
    const inventory = INVENTORY_KINDS.includes(base);
    if (inventory && (input.from || input.to)) fields.push({ field: 'input.from', reason: 'periodNotAllowed' });
    if (!inventory && (input.from || input.to)) {
      if (!input.from || !input.to) fields.push({ field: input.from ? 'input.to' : 'input.from', reason: 'required' });
      else if (input.from.getTime() >= input.to.getTime()) fields.push({ field: 'input.to', reason: 'periodReversed' });
      else if (input.to.getTime() - input.from.getTime() > (MAX_PERIOD_DAYS[base] ?? 366) * 86_400_000) {
        fields.push({ field: 'input.to', reason: 'periodTooLong', params: { max: MAX_PERIOD_DAYS[base] ?? 366 } });
      }
    }
  }
  const customerIds = input.customerIds ?? null;
  if (customerIds) {
    const visible = await policy.visibleCustomerIds(actor);
    const valid = customerIds.filter(isUuid);
    const known = new Set(
      (await stores.directory().find(CustomerDirectoryEntry, { partner: actor.partnerId, id: { $in: valid } }, { fields: ['id'] })).map((c) => c.id),
    );
    for (const id of customerIds) {
      if (!known.has(id) || (!seesAllCustomers(actor.role) && visible !== 'all' && !visible.includes(id))) fields.push({ field: 'input.customerIds', reason: 'unknownCustomer', params: { id } });
    }
  }
  if (fields.length > 0 || !base) throw new AppError(ErrorCode.BadUserInput, 'The template is not valid', fields);
  return stores.directory().transactional(async (tx) => {
    const template = tx.create(ReportTemplate, {
      partner: tx.getReference(Partner, actor.partnerId),
      key: 'custom',
      name,
      baseKey: base,
      columns: input.columns,
      customerIds,
      periodFrom: input.from ?? null,
      periodTo: input.to ?? null,
      createdById: actor.userId,
    });
    template.key = `custom:${template.id}`;
    audit.append(tx, {
      actor,
      action: 'reports.template.create',
      outcome: 'SUCCESS',
      targetType: 'reportTemplate',
      targetId: template.id,
      after: { name, baseKey: base, columns: input.columns, customerIds },
      requestId: actor.requestId,
    });
    return template;
  });
}
