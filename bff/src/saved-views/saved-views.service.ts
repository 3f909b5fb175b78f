import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import { ErrorCode, type FieldError } from '@ph/contracts';
import { markAudited } from '../audit/audit-failures.interceptor';
import { AuditService } from '../audit/audit.service';
import { roleMay } from '../auth/policy';
import type { RequestActor } from '../auth/sessions.service';
import { PartnerUser } from '../auth/user.entity';
import { AppError } from '../common/app-error';
import { isUuid } from '../common/ids';
import { RegionStores, type StoreEntityManager } from '../database/stores';
import { Tag } from '../tags/tag.entity';
import type { CreateSavedViewInput, UpdateSavedViewInput } from './dto/saved-view.inputs';
import type { SavedViewModel } from './models/saved-view.model';
import { SavedView } from './saved-view.entity';
import { parseViewQuery, withoutTags } from './view-query';

/** Longest view name. */
export const MAX_VIEW_NAME = 60;
/** Most views one administrator may keep. */
export const MAX_VIEWS_PER_OWNER = 50;

function checkName(name: string, problems: FieldError[]): string {
  const trimmed = name.trim();
  if (trimmed.length === 0) problems.push({ field: 'input.name', reason: 'required' });
  else if ([...trimmed].length > MAX_VIEW_NAME) problems.push({ field: 'input.name', reason: 'tooLong', params: { max: MAX_VIEW_NAME } });
  return trimmed;
}

const nameKey = (name: string) => name.toLowerCase();
const taken = () => new AppError(ErrorCode.Conflict, 'You already have a view with this name', [{ field: 'input.name', reason: 'taken' }]);

/**
 * Saved views of the customer list (directory store). Every role that reads the list lists its own views
 * and those its partner's other admins shared, and creates, renames, shares and deletes its own; a full
 * partner admin may also delete a view another admin shared (`savedViews.deleteShared`). Another partner's
 * view, or another admin's unshared one, is NOT_FOUND; a denial is audited.
 */
@Injectable()
export class SavedViewsService {
  constructor(
    private readonly stores: RegionStores,
    private readonly audit: AuditService,
  ) {}

  /** The actor's views and the views shared by the partner's other admins, by name. */
  async list(actor: RequestActor): Promise<SavedViewModel[]> {
    const em = this.stores.directory();
    const views = await em.find(
      SavedView,
      { partnerId: actor.partnerId, $or: [{ owner: actor.userId }, { shared: true }] },
      { populate: ['owner'], orderBy: { nameKey: 'asc', createdAt: 'asc' } },
    );
    const tags = await this.existingTags(em, actor.partnerId, views.flatMap((v) => parseViewQuery(v.query, false).tagIds));
    return views.map((view) => this.toModel(actor, view, tags));
  }

  /** Saves the list's current filter set under a name. */
  async create(actor: RequestActor, input: CreateSavedViewInput): Promise<SavedViewModel> {
    const problems: FieldError[] = [];
    const name = checkName(input.name, problems);
    const query = this.parseStrict(input.query, problems);
    if (problems.length || !query) throw new AppError(ErrorCode.BadUserInput, 'Invalid view', problems);
    try {
      const view = await this.stores.directory().transactional(async (tx) => {
        const tags = await tx.find(Tag, { partnerId: actor.partnerId, id: { $in: query.tagIds } });
        if (tags.length !== query.tagIds.length) throw new AppError(ErrorCode.BadUserInput, 'Unknown tag', [{ field: 'input.query', reason: 'unknownTag' }]);
        if ((await tx.count(SavedView, { owner: actor.userId })) >= MAX_VIEWS_PER_OWNER) {
          throw new AppError(ErrorCode.BadUserInput, 'Too many views', [{ field: 'input', reason: 'tooManyViews', params: { max: MAX_VIEWS_PER_OWNER } }]);
        }
        if (await tx.count(SavedView, { owner: actor.userId, nameKey: nameKey(name) })) throw taken();
        const created = tx.create(SavedView, {
          partnerId: actor.partnerId,
          owner: tx.getReference(PartnerUser, actor.userId),
          name,
          nameKey: nameKey(name),
          query: query.text,
          tagNames: Object.fromEntries(tags.map((t) => [t.id, t.name])),
          shared: input.shared ?? false,
        });
        this.audit.append(tx, { actor, action: 'savedViews.create', outcome: 'SUCCESS', targetType: 'savedView', targetId: created.id, after: { name, query: query.text, shared: created.shared }, requestId: actor.requestId });
        return created;
      });
      return this.model(actor, view.id);
    } catch (error) {
      throw error instanceof UniqueConstraintViolationException ? taken() : error;
    }
  }

  /** Renames and/or shares or unshares one of the actor's views. */
  async update(actor: RequestActor, input: UpdateSavedViewInput): Promise<SavedViewModel> {
    const problems: FieldError[] = [];
    const name = input.name == null ? null : checkName(input.name, problems);
    if (problems.length) throw new AppError(ErrorCode.BadUserInput, 'Invalid view', problems);
    const found = await this.visible(actor, input.id);
    if (found.owner.id !== actor.userId) await this.deny(actor, 'savedViews.update', found);
    try {
      await this.stores.directory().transactional(async (tx) => {
        const view = await tx.findOneOrFail(SavedView, { id: found.id });
        const before = { name: view.name, shared: view.shared };
        if (name !== null && nameKey(name) !== view.nameKey) {
          if (await tx.count(SavedView, { owner: actor.userId, nameKey: nameKey(name) })) throw taken();
        }
        if (name !== null) Object.assign(view, { name, nameKey: nameKey(name) });
        if (input.shared != null) view.shared = input.shared;
        this.audit.append(tx, { actor, action: 'savedViews.update', outcome: 'SUCCESS', targetType: 'savedView', targetId: view.id, before, after: { name: view.name, shared: view.shared }, requestId: actor.requestId });
      });
    } catch (error) {
      throw error instanceof UniqueConstraintViolationException ? taken() : error;
    }
    return this.model(actor, found.id);
  }

  /** Deletes one of the actor's views, or (full partner admin) a view another admin shared. */
  async remove(actor: RequestActor, id: string): Promise<boolean> {
    const found = await this.visible(actor, id);
    const mine = found.owner.id === actor.userId;
    if (!mine && !roleMay(actor.role, 'savedViews.deleteShared')) await this.deny(actor, 'savedViews.delete', found);
    await this.stores.directory().transactional(async (tx) => {
      const view = await tx.findOneOrFail(SavedView, { id: found.id });
      this.audit.append(tx, {
        actor,
        action: 'savedViews.delete',
        outcome: 'SUCCESS',
        targetType: 'savedView',
        targetId: view.id,
        before: { name: view.name, query: view.query, shared: view.shared, ownerId: found.owner.id },
        requestId: actor.requestId,
      });
      tx.remove(view);
    });
    return true;
  }

  private parseStrict(text: string, problems: FieldError[]) {
    try {
      return parseViewQuery(text, true);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      problems.push(...(error.fields ?? []));
      return null;
    }
  }

  /** A view the actor may see (own, or shared within the partner); NOT_FOUND otherwise. */
  private async visible(actor: RequestActor, id: string): Promise<SavedView> {
    const view = isUuid(id) ? await this.stores.directory().findOne(SavedView, { id, partnerId: actor.partnerId }, { populate: ['owner'] }) : null;
    if (!view || (view.owner.id !== actor.userId && !view.shared)) throw new AppError(ErrorCode.NotFound, 'View not found');
    return view;
  }

  /** Audits a refused change of another admin's shared view and throws FORBIDDEN. */
  private async deny(actor: RequestActor, action: string, view: SavedView): Promise<never> {
    await this.audit.appendNow({ actor, action, outcome: 'DENIED', targetType: 'savedView', targetId: view.id, reason: ErrorCode.Forbidden, requestId: actor.requestId });
    throw markAudited(new AppError(ErrorCode.Forbidden, "Only the view's owner may change it"));
  }

  private async existingTags(em: StoreEntityManager, partnerId: string, ids: string[]): Promise<Set<string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Set();
    return new Set((await em.find(Tag, { partnerId, id: { $in: unique } }, { fields: ['id'] })).map((t) => t.id));
  }

  private async model(actor: RequestActor, id: string): Promise<SavedViewModel> {
    const em = this.stores.directory();
    const view = await em.findOneOrFail(SavedView, { id }, { populate: ['owner'] });
    return this.toModel(actor, view, await this.existingTags(em, actor.partnerId, parseViewQuery(view.query, false).tagIds));
  }

  private toModel(actor: RequestActor, view: SavedView, tags: ReadonlySet<string>): SavedViewModel {
    const parsed = parseViewQuery(view.query, false);
    const dropped = new Set(parsed.tagIds.filter((id) => !tags.has(id)));
    const mine = view.owner.id === actor.userId;
    return {
      id: view.id,
      name: view.name,
      query: dropped.size ? withoutTags(parsed, dropped).text : parsed.text,
      shared: view.shared,
      mine,
      canDelete: mine || (view.shared && roleMay(actor.role, 'savedViews.deleteShared')),
      ownerName: view.owner.displayName,
      droppedTags: [...dropped].map((id) => view.tagNames[id] ?? ''),
      updatedAt: view.updatedAt,
    };
  }
}
