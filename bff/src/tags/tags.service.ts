import { Injectable } from '@nestjs/common';
import { ErrorCode, REGIONS, type FieldError } from '@ph/contracts';
import { AuditService } from '../audit/audit.service';
import { PolicyService } from '../auth/policy.service';
import type { RequestActor } from '../auth/sessions.service';
import { AppError } from '../common/app-error';
import { isUuid } from '../common/ids';
import { CustomerDirectoryEntry } from '../customers/customer.entity';
import { CustomerListMaintenance, queueListChanges } from '../customers/customer-list.maintenance';
import { RegionStores } from '../database/stores';
import { CustomerTagAssignment, Tag } from './tag.entity';
import type { TagModel } from './tag.model';
import type { CreateTagInput, TagCustomersInput, UpdateTagInput } from './tags.inputs';

/** Longest tag name. */
export const MAX_TAG_NAME = 25;
/** Most customers one bulk tag operation may touch. */
export const MAX_BULK = 200;
const COLOR = /^#[0-9a-fA-F]{6}$/;

const toModel = (tag: Tag): TagModel => ({ id: tag.id, name: tag.name, color: tag.color.toLowerCase(), description: tag.description });

function checkName(name: string, problems: FieldError[]): string {
  const trimmed = name.trim();
  if (trimmed.length === 0) problems.push({ field: 'input.name', reason: 'required' });
  else if ([...trimmed].length > MAX_TAG_NAME) problems.push({ field: 'input.name', reason: 'tooLong', params: { max: MAX_TAG_NAME } });
  return trimmed;
}

function checkRest(input: { color?: string | null; description?: string | null }, problems: FieldError[]) {
  if (input.color != null && !COLOR.test(input.color)) problems.push({ field: 'input.color', reason: 'invalidColor' });
  if (input.description != null && input.description.length > 200) problems.push({ field: 'input.description', reason: 'tooLong', params: { max: 200 } });
}

/** Custom tags (directory store): every admin sees them; FULL_ADMIN and ADMIN change them (`tags.manage`, CUSTOMER_ACTIONS.tag). */
@Injectable()
export class TagsService {
  constructor(
    private readonly stores: RegionStores,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly customerList: CustomerListMaintenance,
  ) {}

  /** The partner's tags by name. */
  async list(actor: RequestActor): Promise<TagModel[]> {
    const tags = await this.stores.directory().find(Tag, { partnerId: actor.partnerId }, { orderBy: { nameKey: 'asc' } });
    return tags.map(toModel);
  }

  /** Creates a tag; CONFLICT (field `input.name`, reason `taken`) when the name exists ignoring case. */
  async create(actor: RequestActor, input: CreateTagInput): Promise<TagModel> {
    const problems: FieldError[] = [];
    const name = checkName(input.name, problems);
    if (input.color == null) problems.push({ field: 'input.color', reason: 'required' });
    checkRest(input, problems);
    if (problems.length) throw new AppError(ErrorCode.BadUserInput, 'Invalid tag', problems);
    const tag = await this.stores.directory().transactional(async (tx) => {
      await this.assertFree(tx, actor.partnerId, name, null);
      const created = tx.create(Tag, { partnerId: actor.partnerId, name, nameKey: name.toLowerCase(), color: input.color.toLowerCase(), description: input.description?.trim() || null });
      this.audit.append(tx, { actor, action: 'tags.create', outcome: 'SUCCESS', targetType: 'tag', targetId: created.id, after: { name, color: created.color }, requestId: actor.requestId });
      return created;
    });
    return toModel(tag);
  }

  /** Renames and/or recolours a tag of the actor's partner. */
  async update(actor: RequestActor, input: UpdateTagInput): Promise<TagModel> {
    const problems: FieldError[] = [];
    const name = input.name == null ? null : checkName(input.name, problems);
    checkRest(input, problems);
    if (problems.length) throw new AppError(ErrorCode.BadUserInput, 'Invalid tag', problems);
    const tag = await this.stores.directory().transactional(async (tx) => {
      const target = await this.own(tx, actor, input.id);
      const before = { name: target.name, color: target.color, description: target.description };
      if (name !== null) {
        await this.assertFree(tx, actor.partnerId, name, target.id);
        // The customer list sorts and searches by tag name: every region's copies follow.
        if (target.nameKey !== name.toLowerCase()) queueListChanges(tx, REGIONS.map((region) => ({ region, tagId: target.id })));
        target.name = name;
        target.nameKey = name.toLowerCase();
      }
      if (input.color != null) target.color = input.color.toLowerCase();
      if (input.description !== undefined) target.description = input.description?.trim() || null;
      this.audit.append(tx, {
        actor,
        action: 'tags.update',
        outcome: 'SUCCESS',
        targetType: 'tag',
        targetId: target.id,
        before,
        after: { name: target.name, color: target.color, description: target.description },
        requestId: actor.requestId,
      });
      return target;
    });
    await this.customerList.sync(REGIONS);
    return toModel(tag);
  }

  /** Deletes a tag and removes it from every customer. */
  async remove(actor: RequestActor, id: string): Promise<boolean> {
    await this.stores.directory().transactional(async (tx) => {
      const target = await this.own(tx, actor, id);
      const removed = await tx.nativeDelete(CustomerTagAssignment, { tag: target.id });
      queueListChanges(tx, REGIONS.map((region) => ({ region, tagId: target.id })));
      this.audit.append(tx, { actor, action: 'tags.delete', outcome: 'SUCCESS', targetType: 'tag', targetId: target.id, before: { name: target.name, customers: removed }, requestId: actor.requestId });
      tx.remove(target);
    });
    await this.customerList.sync(REGIONS);
    return true;
  }

  /**
   * Puts the tag on (or takes it off) each listed customer; every customer must be one the actor may tag
   * (NOT_FOUND outside the partner/region, FORBIDDEN outside a scoped admin's customers), else nothing changes.
   * Returns the number of customers whose tags changed.
   */
  async setOnCustomers(actor: RequestActor, input: TagCustomersInput, on: boolean): Promise<number> {
    const ids = [...new Set(input.customerIds)];
    if (ids.length === 0 || ids.length > MAX_BULK) {
      throw new AppError(ErrorCode.BadUserInput, 'Choose 1 to 200 customers', [{ field: 'input.customerIds', reason: 'outOfRange', params: { min: 1, max: MAX_BULK } }]);
    }
    // Checks first, outside the transaction: a denial is audited on its own connection.
    const tag = await this.own(this.stores.directory(), actor, input.tagId);
    const customers: CustomerDirectoryEntry[] = [];
    for (const customerId of ids) customers.push(await this.policy.assertCustomer(actor, 'tag', { customerId, region: input.region }));
    const changed = await this.stores.directory().transactional(async (tx) => {
      const existing = await tx.find(CustomerTagAssignment, { tag: tag.id, customer: { $in: ids } });
      const tagged = new Set(existing.map((a) => a.customer.id));
      let changed = 0;
      for (const customer of customers) {
        if (on && !tagged.has(customer.id)) {
          tx.create(CustomerTagAssignment, { tag: tx.getReference(Tag, tag.id), customer: tx.getReference(CustomerDirectoryEntry, customer.id) });
          changed++;
        } else if (!on && tagged.has(customer.id)) {
          changed++;
        }
      }
      if (!on) await tx.nativeDelete(CustomerTagAssignment, { tag: tag.id, customer: { $in: ids } });
      queueListChanges(
        tx,
        customers.filter((c) => tagged.has(c.id) !== on).map((c) => ({ region: input.region, customerId: c.id })),
      );
      for (const customer of customers) {
        this.audit.append(tx, {
          actor,
          action: on ? 'tags.assign' : 'tags.unassign',
          outcome: 'SUCCESS',
          region: input.region,
          customerId: customer.id,
          targetType: 'tag',
          targetId: tag.id,
          before: { tagged: tagged.has(customer.id) },
          after: { tagged: on },
          requestId: actor.requestId,
        });
      }
      return changed;
    });
    await this.customerList.sync([input.region]);
    return changed;
  }

  private async own(tx: ReturnType<RegionStores['directory']>, actor: RequestActor, id: string): Promise<Tag> {
    const tag = isUuid(id) ? await tx.findOne(Tag, { id, partnerId: actor.partnerId }) : null;
    if (!tag) throw new AppError(ErrorCode.NotFound, 'Tag not found');
    return tag;
  }

  private async assertFree(tx: ReturnType<RegionStores['directory']>, partnerId: string, name: string, except: string | null) {
    const clash = await tx.findOne(Tag, { partnerId, nameKey: name.toLowerCase() });
    if (clash && clash.id !== except) throw new AppError(ErrorCode.Conflict, 'A tag with this name exists', [{ field: 'input.name', reason: 'taken' }]);
  }
}
