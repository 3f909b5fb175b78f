import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ErrorCode, PartnerRole, type FieldError } from '@ph/contracts';
import { markAudited } from '../audit/audit-failures.interceptor';
import { AuditService } from '../audit/audit.service';
import { seesAllCustomers } from '../auth/policy';
import { PolicyService } from '../auth/policy.service';
import type { RequestActor } from '../auth/sessions.service';
import { AppError } from '../common/app-error';
import { isUuid } from '../common/ids';
import { CustomerDirectoryEntry } from '../customers/customer.entity';
import { RegionStores, type StoreEntityManager } from '../database/stores';
import { Partner } from '../partners/partner.entity';
import { CustomerTagAssignment, Tag } from '../tags/tag.entity';
import { headerOf, INVENTORY_KINDS, MAX_PERIOD_DAYS, periodProblem, REPORT_COLUMNS, REPORT_KINDS, reportLocale, type ReportKind } from './columns';
import type { ReportKindModel, ReportTemplateModel } from './models/report-template.model';
import { ReportSchedule } from './report-schedule.entity';
import { ReportTemplate, templateKind } from './report-template.entity';

/** The default templates every partner gets (PRODUCT.md, Reports); `nl` only guards custom names against look-alikes. */
export const DEFAULT_REPORT_TEMPLATES = [
  { key: 'call-detail', name: 'Call detail', nl: 'Gespreksdetails' },
  { key: 'devices', name: 'Devices', nl: 'Apparaten' },
  { key: 'phone-numbers', name: 'Phone numbers', nl: 'Telefoonnummers' },
  { key: 'call-history', name: 'Detailed call history', nl: 'Gedetailleerde gespreksgeschiedenis' },
] as const;

/** Longest custom template name. */
export const MAX_TEMPLATE_NAME = 200;

/** What a custom template takes (create and update). */
export interface CustomTemplateInput {
  name: string;
  baseKey: string;
  columns: string[];
  customerIds?: string[] | null;
  tagIds?: string[] | null;
  from?: Date | null;
  to?: Date | null;
}

type Actor = Pick<RequestActor, 'userId' | 'email' | 'partnerId' | 'role' | 'requestId'>;

const unique = <T,>(values: readonly T[]) => [...new Set(values)];

/**
 * Report templates (directory store): the default ones and each partner's custom ones — a named choice of
 * a base template, its columns in order, a customer and/or tag filter and a fixed period. Creating, editing
 * and deleting custom templates is `reports.templates.manage`; a partner administrator edits only their own.
 */
@Injectable()
export class ReportsService implements OnApplicationBootstrap {
  constructor(
    private readonly stores: RegionStores,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureDefaultTemplates();
  }

  /** Inserts any missing default template; safe to run on every start. */
  async ensureDefaultTemplates(): Promise<void> {
    const em = this.stores.directory();
    const existing = new Set((await em.find(ReportTemplate, { partner: null })).map((t) => t.key));
    for (const { key, name } of DEFAULT_REPORT_TEMPLATES) {
      if (!existing.has(key)) em.create(ReportTemplate, { key, name, partner: null });
    }
    await em.flush();
  }

  /** The default kinds with their columns (headers in `locale`) and the period each allows. */
  kinds(locale: string): ReportKindModel[] {
    const language = reportLocale(locale);
    return REPORT_KINDS.map((key) => ({
      key,
      columns: REPORT_COLUMNS[key].map((column) => ({ id: column.id, header: headerOf(column, 'labels', language) })),
      periodAllowed: !INVENTORY_KINDS.includes(key),
      maxPeriodDays: MAX_PERIOD_DAYS[key] ?? null,
    }));
  }

  /** The default templates plus the partner's own (never another partner's), with what the actor may see of their filters. */
  async templates(actor: Actor): Promise<ReportTemplateModel[]> {
    const templates = await this.stores.directory().find(ReportTemplate, { $or: [{ partner: null }, { partner: actor.partnerId }] }, { orderBy: { name: 'asc', id: 'asc' } });
    return this.toModels(actor, templates);
  }

  /** Templates as the actor sees them: the customers and tags of their filters looked up once for all. */
  private async toModels(actor: Actor, templates: readonly ReportTemplate[]): Promise<ReportTemplateModel[]> {
    const em = this.stores.directory();
    const customerIds = unique(templates.flatMap((t) => t.customerIds ?? []).filter(isUuid));
    const tagIds = unique(templates.flatMap((t) => t.tagIds ?? []).filter(isUuid));
    const visibleCustomers = async () => {
      const entries = await em.find(CustomerDirectoryEntry, { partner: actor.partnerId, id: { $in: customerIds } }, { fields: ['id', 'name', 'region'] });
      const visible = await this.policy.visibleCustomerIds(actor as RequestActor);
      const seen = visible === 'all' ? null : new Set(visible);
      return entries.filter((c) => seen === null || seen.has(c.id));
    };
    const customers = new Map((customerIds.length ? await visibleCustomers() : []).map((c) => [c.id, { id: c.id, name: c.name, region: c.region }]));
    const tags = new Map(
      (tagIds.length ? await em.find(Tag, { partnerId: actor.partnerId, id: { $in: tagIds } }) : []).map((t) => [t.id, { id: t.id, name: t.name, color: t.color.toLowerCase(), description: t.description }]),
    );
    return templates.map((t) => ({
      id: t.id,
      key: t.key,
      name: t.name,
      kind: templateKind(t),
      custom: t.partner !== null,
      baseKey: t.baseKey,
      columns: t.columns,
      customers: t.customerIds ? t.customerIds.flatMap((id) => customers.get(id) ?? []) : null,
      tagIds: t.tagIds,
      tags: t.tagIds ? t.tagIds.flatMap((id) => tags.get(id) ?? []) : null,
      from: t.periodFrom,
      to: t.periodTo,
      canEdit: this.mayEdit(actor, t),
    }));
  }

  /**
   * The customers a run of `template` may read for `actor`, or null for every customer of the partner:
   * the actor's scope, narrowed by the template's customer filter and by its tag filter (customers carrying
   * any of its tags; a deleted tag matches nobody). A filter never widens the runner's scope.
   */
  async runScope(actor: Actor, template: ReportTemplate): Promise<string[] | null> {
    let ids: string[] | null = seesAllCustomers(actor.role) ? null : await this.policy.scopedCustomerIds(actor as RequestActor);
    const narrow = (allowed: readonly string[]) => {
      const set = new Set(allowed);
      ids = ids === null ? unique(allowed) : ids.filter((id) => set.has(id));
    };
    if (template.customerIds) narrow(template.customerIds);
    if (template.tagIds) {
      const tagIds = template.tagIds.filter(isUuid);
      const assignments = tagIds.length
        ? await this.stores.directory().find(CustomerTagAssignment, { tag: { id: { $in: tagIds }, partnerId: actor.partnerId } }, { fields: ['customer'] })
        : [];
      narrow(assignments.map((a) => a.customer.id));
    }
    return ids;
  }

  /** Validates and saves a new custom template; audited in the same transaction. */
  async create(actor: RequestActor, input: CustomTemplateInput): Promise<ReportTemplateModel> {
    const valid = await this.validate(actor, input, null);
    const template = await this.save(async (tx) => {
      const created = tx.create(ReportTemplate, {
        partner: tx.getReference(Partner, actor.partnerId),
        key: 'custom',
        ...valid,
        createdById: actor.userId,
      });
      created.key = `custom:${created.id}`;
      this.audit.append(tx, {
        actor,
        action: 'reports.template.create',
        outcome: 'SUCCESS',
        targetType: 'reportTemplate',
        targetId: created.id,
        after: snapshot(created),
        requestId: actor.requestId,
      });
      return created;
    });
    return this.one(actor, template.id);
  }

  /** Replaces a custom template's definition (its schedules keep running it, under the new name). */
  async update(actor: RequestActor, id: string, input: CustomTemplateInput): Promise<ReportTemplateModel> {
    await this.editable(actor, id, 'reports.template.update');
    const valid = await this.validate(actor, input, id);
    await this.save(async (tx) => {
      const template = await tx.findOneOrFail(ReportTemplate, { id, partner: actor.partnerId });
      const before = snapshot(template);
      Object.assign(template, valid);
      await tx.nativeUpdate(ReportSchedule, { partner: actor.partnerId, templateId: id }, { templateName: valid.name });
      this.audit.append(tx, {
        actor,
        action: 'reports.template.update',
        outcome: 'SUCCESS',
        targetType: 'reportTemplate',
        targetId: id,
        before,
        after: snapshot(template),
        requestId: actor.requestId,
      });
      return template;
    });
    return this.one(actor, id);
  }

  /** Deletes a custom template; refused (field `id`, reason `templateInUse`) while schedules run it. Runs already written stay. */
  async remove(actor: RequestActor, id: string): Promise<boolean> {
    await this.editable(actor, id, 'reports.template.delete');
    return this.stores.directory().transactional(async (tx) => {
      const template = await tx.findOneOrFail(ReportTemplate, { id, partner: actor.partnerId });
      const schedules = await tx.count(ReportSchedule, { partner: actor.partnerId, templateId: id });
      if (schedules > 0) {
        throw new AppError(ErrorCode.BadUserInput, 'Schedules still run this template', [{ field: 'id', reason: 'templateInUse', params: { count: schedules } }]);
      }
      const before = snapshot(template);
      tx.remove(template);
      this.audit.append(tx, { actor, action: 'reports.template.delete', outcome: 'SUCCESS', targetType: 'reportTemplate', targetId: id, before, requestId: actor.requestId });
      return true;
    });
  }

  private async one(actor: Actor, id: string): Promise<ReportTemplateModel> {
    const template = await this.stores.directory().findOneOrFail(ReportTemplate, { id, partner: actor.partnerId });
    return (await this.toModels(actor, [template]))[0];
  }

  private mayEdit(actor: Actor, template: ReportTemplate): boolean {
    if (template.partner === null) return false;
    if (actor.role === PartnerRole.FullAdmin) return true;
    return actor.role === PartnerRole.Admin && template.createdById === actor.userId;
  }

  /**
   * The custom template `id` when the actor may change it. Another partner's (or no) template is NOT_FOUND;
   * a default template or a colleague's (for a partner admin) is FORBIDDEN. Denials are audited.
   */
  private async editable(actor: RequestActor, id: string, action: string): Promise<ReportTemplate> {
    const template = isUuid(id) ? await this.stores.directory().findOne(ReportTemplate, { id, $or: [{ partner: null }, { partner: actor.partnerId }] }) : null;
    const code = !template ? ErrorCode.NotFound : this.mayEdit(actor, template) ? null : ErrorCode.Forbidden;
    if (code === null) return template!;
    await this.audit.appendNow({ actor, action, outcome: 'DENIED', targetType: 'reportTemplate', targetId: id, reason: code, requestId: actor.requestId });
    throw markAudited(code === ErrorCode.NotFound ? new AppError(code, 'Report template not found') : new AppError(code, 'Not allowed to change this template'));
  }

  /** Runs `change` in a transaction; a name taken meanwhile (the unique index) is the same field error as the check. */
  private async save(change: (tx: StoreEntityManager) => Promise<ReportTemplate>): Promise<ReportTemplate> {
    try {
      return await this.stores.directory().transactional(change);
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw duplicateName();
      throw error;
    }
  }

  /** Every problem of the input as a field-level reason; the normalised template otherwise. */
  private async validate(actor: Actor, input: CustomTemplateInput, id: string | null): Promise<ValidTemplate> {
    const fields: FieldError[] = [];
    const name = input.name.trim();
    if (name.length === 0) fields.push({ field: 'input.name', reason: 'required' });
    else if (name.length > MAX_TEMPLATE_NAME) fields.push({ field: 'input.name', reason: 'tooLong', params: { max: MAX_TEMPLATE_NAME } });
    else if (await this.nameTaken(actor.partnerId, name, id)) fields.push(duplicateName().fields![0]!);
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
        else {
          const problem = periodProblem(base, input.from, input.to);
          if (problem) fields.push(problem);
        }
      }
    }
    const customerIds = input.customerIds?.length ? unique(input.customerIds) : null;
    if (customerIds) {
      const visible = await this.policy.visibleCustomerIds(actor as RequestActor);
      const valid = customerIds.filter(isUuid);
      const known = new Set(
        (valid.length ? await this.stores.directory().find(CustomerDirectoryEntry, { partner: actor.partnerId, id: { $in: valid } }, { fields: ['id'] }) : []).map((c) => c.id),
      );
      for (const customer of customerIds) {
        if (!known.has(customer) || (visible !== 'all' && !visible.includes(customer))) fields.push({ field: 'input.customerIds', reason: 'unknownCustomer', params: { id: customer } });
      }
    }
    const tagIds = input.tagIds?.length ? unique(input.tagIds) : null;
    if (tagIds) {
      const valid = tagIds.filter(isUuid);
      const known = new Set((valid.length ? await this.stores.directory().find(Tag, { partnerId: actor.partnerId, id: { $in: valid } }, { fields: ['id'] }) : []).map((t) => t.id));
      for (const tag of tagIds) if (!known.has(tag)) fields.push({ field: 'input.tagIds', reason: 'unknownTag', params: { id: tag } });
    }
    if (fields.length > 0 || !base) throw new AppError(ErrorCode.BadUserInput, 'The template is not valid', fields);
    return {
      name,
      nameKey: name.toLowerCase(),
      baseKey: base,
      columns: input.columns,
      customerIds,
      tagIds,
      periodFrom: input.from ?? null,
      periodTo: input.to ?? null,
    };
  }

  private async nameTaken(partnerId: string, name: string, except: string | null): Promise<boolean> {
    const key = name.toLowerCase();
    if (DEFAULT_REPORT_TEMPLATES.some((t) => t.name.toLowerCase() === key || t.nl.toLowerCase() === key)) return true;
    const em = this.stores.directory();
    // Rows saved before name_key existed are compared by their name too.
    const clash = await em.find(ReportTemplate, { partner: partnerId, $or: [{ nameKey: key }, { nameKey: null }] }, { fields: ['id', 'name'] });
    return clash.some((t) => t.id !== except && t.name.trim().toLowerCase() === key);
  }
}

interface ValidTemplate {
  name: string;
  nameKey: string;
  baseKey: ReportKind;
  columns: string[];
  customerIds: string[] | null;
  tagIds: string[] | null;
  periodFrom: Date | null;
  periodTo: Date | null;
}

const duplicateName = () => new AppError(ErrorCode.Conflict, 'A template with this name exists', [{ field: 'input.name', reason: 'duplicateName' }]);

/** What the audit log keeps of a template (before / after). */
function snapshot(t: ReportTemplate) {
  return { name: t.name, baseKey: t.baseKey, columns: t.columns, customerIds: t.customerIds, tagIds: t.tagIds, from: t.periodFrom?.toISOString() ?? null, to: t.periodTo?.toISOString() ?? null };
}
