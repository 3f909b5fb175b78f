import type { ModuleHost } from '@ph/contracts';
import { errorCodeOf, type ModuleTranslate } from '@ph/ui';
import { createEffect, createResource, createSignal, For, Show, splitProps } from 'solid-js';
import type { TagRef } from './customer-list';
import { closeModal, openModal } from './modal';

export const TAGS_QUERY = /* GraphQL */ `query Tags { tags { id name color } }`;
const CREATE_TAG = /* GraphQL */ `mutation CreateTag($input: CreateTagInput!) { createTag(input: $input) { id } }`;
const UPDATE_TAG = /* GraphQL */ `mutation UpdateTag($input: UpdateTagInput!) { updateTag(input: $input) { id } }`;
const DELETE_TAG = /* GraphQL */ `mutation DeleteTag($id: ID!) { deleteTag(id: $id) }`;
const ASSIGN_TAG = /* GraphQL */ `mutation AssignTag($input: TagCustomersInput!) { assignTag(input: $input) }`;
const UNASSIGN_TAG = /* GraphQL */ `mutation UnassignTag($input: TagCustomersInput!) { unassignTag(input: $input) }`;

/** True when the signed-in role may change tags (FULL_ADMIN, ADMIN; the BFF enforces it). */
export function canTag(host: ModuleHost): boolean {
  const role = host.user()?.role;
  return role === 'FULL_ADMIN' || role === 'ADMIN';
}

/** The translated text of a failed request, field-level when the BFF named the field. */
export function errorText(t: ModuleTranslate, error: unknown, formatDay?: (iso: string) => string): string {
  const fields = (error as { fields?: { field: string; reason: string; params?: Record<string, unknown> }[] }).fields ?? [];
  // A date the BFF names (YYYY-MM-DD) is written as the page writes dates, given `formatDay`.
  const dates = (params: Record<string, unknown> = {}) =>
    Object.fromEntries(Object.entries(params).map(([key, value]) => [key, formatDay && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDay(value) : value]));
  if (fields.length) return fields.map((f) => t(`fieldErrors.${f.reason}`, { ...dates(f.params), field: t(`fields.${f.field.split('.').pop()}`) })).join(' ');
  return t(`errors.${errorCodeOf(error)}`);
}

export interface TagActionProps {
  host: ModuleHost;
  t: ModuleTranslate;
  /** Customers the action applies to. */
  customerIds: string[];
  /** Changes when the partner's tags may have changed (the tag manager saved): the tag choice reloads. */
  version?: number;
  /** Region of each customer (default: the header's region); one request per region. */
  regionOf?: (id: string) => string;
  onDone: () => void;
}

/** Add or remove one tag on the given customers (one customer, or the list's multi-selection). */
export function TagAction(props: TagActionProps) {
  const [local] = splitProps(props, ['host', 't', 'customerIds', 'regionOf', 'onDone', 'version']);
  const t = (key: string, options?: Record<string, unknown>) => local.t(key, options);
  const [tags] = createResource(
    () => ({ version: local.version ?? 0 }),
    async () => (await local.host.gql.request<{ tags: TagRef[] }>(TAGS_QUERY)).tags,
  );
  const [tagId, setTagId] = createSignal('');
  // A failed reload offers no tags (and the buttons stay off) instead of failing the whole list.
  const shownTags = () => (tags.error ? [] : (tags.latest ?? []));
  // A chosen tag that is gone after a reload (deleted in the tag manager) is no longer the choice.
  createEffect(() => {
    if (tags.state === 'ready' && tagId() && !tags().some((tag) => tag.id === tagId())) setTagId('');
  });
  const [message, setMessage] = createSignal<string | null>(null);
  const run = async (on: boolean) => {
    if (!tagId()) return;
    try {
      const byRegion = new Map<string, string[]>();
      for (const id of local.customerIds) {
        const region = local.regionOf?.(id) ?? local.host.region();
        byRegion.set(region, [...(byRegion.get(region) ?? []), id]);
      }
      for (const [region, customerIds] of byRegion) {
        await local.host.gql.request(on ? ASSIGN_TAG : UNASSIGN_TAG, { input: { region, tagId: tagId(), customerIds } });
      }
      setMessage(t(on ? 'tags.added' : 'tags.removed', { count: local.customerIds.length }));
      local.onDone();
    } catch (error) {
      setMessage(errorText(local.t, error));
    }
  };
  return (
    <div class="ph-tag-action" role="group" aria-label={t('tags.actionLabel', { count: local.customerIds.length })}>
      <label>
        {t('tags.choose')}{' '}
        <select value={tagId()} onChange={(event) => setTagId(event.currentTarget.value)}>
          <option value="">—</option>
          {/* `selected`: a reload makes new options, which must keep showing the choice. */}
          <For each={shownTags()}>
            {(tag) => (
              <option value={tag.id} selected={tag.id === tagId()}>
                {tag.name}
              </option>
            )}
          </For>
        </select>
      </label>
      <button type="button" class="ph-button" disabled={!tagId() || local.customerIds.length === 0 || tags.error !== undefined} onClick={() => void run(true)}>
        {t('tags.add')}
      </button>
      <button type="button" class="ph-button" disabled={!tagId() || local.customerIds.length === 0 || tags.error !== undefined} onClick={() => void run(false)}>
        {t('tags.remove')}
      </button>
      <span role="status">{message()}</span>
    </div>
  );
}

export interface TagManagerProps {
  host: ModuleHost;
  t: ModuleTranslate;
  onChanged: () => void;
}

/** A dialog to create, rename, recolour and delete the partner's tags. */
export function TagManager(props: TagManagerProps) {
  const [local] = splitProps(props, ['host', 't', 'onChanged']);
  const t = (key: string, options?: Record<string, unknown>) => local.t(key, options);
  const [tags, { refetch }] = createResource(async () => (await local.host.gql.request<{ tags: TagRef[] }>(TAGS_QUERY)).tags);
  const [open, setOpen] = createSignal(false);
  const [message, setMessage] = createSignal<string | null>(null);
  let dialog!: HTMLDialogElement;
  let opener!: HTMLButtonElement;
  const run = async (query: string, variables: Record<string, unknown>, done: string) => {
    try {
      await local.host.gql.request(query, variables);
      setMessage(t(done));
      await refetch();
      local.onChanged();
      return true;
    } catch (error) {
      setMessage(errorText(local.t, error));
      return false;
    }
  };
  const show = () => {
    setOpen(true);
    setMessage(null);
    // Modal with Tab kept inside, the keyboard on the first field.
    openModal(dialog, dialog.querySelector<HTMLElement>('input, button') ?? undefined);
  };
  const close = () => {
    setOpen(false);
    closeModal(dialog, opener);
  };
  return (
    <>
      <button type="button" class="ph-button" ref={opener} onClick={show}>
        {t('tags.manage')}
      </button>
      <dialog ref={dialog} aria-labelledby="tag-manager-title" onClose={() => setOpen(false)}>
        <Show when={open()}>
          <h2 id="tag-manager-title">{t('tags.manage')}</h2>
          <form
            onSubmit={async (event) => {
              event.preventDefault();
              const form = event.currentTarget;
              const data = new FormData(form);
              if (await run(CREATE_TAG, { input: { name: String(data.get('name')), color: String(data.get('color')) } }, 'tags.created')) form.reset();
            }}
          >
            <label>
              {t('tags.name')} <input name="name" required maxLength={25} />
            </label>
            <label>
              {t('tags.color')} <input name="color" type="color" value="#0b5cad" />
            </label>
            <button type="submit" class="ph-button">
              {t('tags.create')}
            </button>
          </form>
          <ul class="ph-tag-list">
            <For each={tags() ?? []}>
              {(tag) => (
                <li>
                  <form
                    onSubmit={(event) => {
                      event.preventDefault();
                      const data = new FormData(event.currentTarget);
                      void run(UPDATE_TAG, { input: { id: tag.id, name: String(data.get('name')), color: String(data.get('color')) } }, 'tags.saved');
                    }}
                  >
                    <label>
                      <span class="ph-visually-hidden">{t('tags.nameOf', { name: tag.name })}</span>
                      <input name="name" value={tag.name} required maxLength={25} />
                    </label>
                    <label>
                      <span class="ph-visually-hidden">{t('tags.colorOf', { name: tag.name })}</span>
                      <input name="color" type="color" value={tag.color} />
                    </label>
                    <button type="submit" class="ph-button">
                      {t('tags.save')}
                    </button>
                    <button type="button" class="ph-button" onClick={() => void run(DELETE_TAG, { id: tag.id }, 'tags.deleted')}>
                      {t('tags.delete', { name: tag.name })}
                    </button>
                  </form>
                </li>
              )}
            </For>
          </ul>
          <p role="status">{message()}</p>
          <button type="button" class="ph-button" onClick={close}>
            {t('tags.close')}
          </button>
        </Show>
      </dialog>
    </>
  );
}
