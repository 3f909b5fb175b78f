import type { ModuleHost } from '@ph/contracts';
import type { ModuleTranslate } from '@ph/ui';
import { createMemo, createResource, createSignal, For, Show, splitProps } from 'solid-js';
import { formatListState, parseListState, type ListState } from './list-state';
import { closeModal, openModal } from './modal';
import { errorText } from './tag-tools';

/** GraphQL: the actor's saved views and those the partner's other admins shared. */
export const SAVED_VIEWS_QUERY = /* GraphQL */ `query SavedViews { savedViews { id name query shared mine canDelete ownerName droppedTags } }`;
const CREATE_VIEW = /* GraphQL */ `mutation CreateSavedView($input: CreateSavedViewInput!) { createSavedView(input: $input) { id } }`;
const UPDATE_VIEW = /* GraphQL */ `mutation UpdateSavedView($input: UpdateSavedViewInput!) { updateSavedView(input: $input) { id } }`;
const DELETE_VIEW = /* GraphQL */ `mutation DeleteSavedView($id: ID!) { deleteSavedView(id: $id) }`;

/** Longest view name (the BFF checks it too). */
export const MAX_VIEW_NAME = 60;

/** A saved view as the BFF lists it. */
export interface SavedView {
  id: string;
  name: string;
  /** The list's query string without `?` and without the page cursor. */
  query: string;
  shared: boolean;
  mine: boolean;
  canDelete: boolean;
  ownerName: string;
  /** Tags of the view deleted since it was saved (left out of `query`). */
  droppedTags: string[];
}

/** The query string a view of `state` stores: everything the list keeps in the URL except the page. */
export function viewQuery(state: ListState): string {
  return formatListState({ ...state, after: [] }).replace(/^\?/, '');
}

export interface SavedViewsProps {
  host: ModuleHost;
  t: ModuleTranslate;
  /** The list's current state (what "Save current view" saves). */
  state: ListState;
  /** Shows a view (pushes a history entry, so Back returns to the previous one). */
  onApply: (state: ListState) => void;
}

const ERROR_STYLE = { color: 'var(--ph-color-danger, #b3261e)' };

type Item = { kind: 'view'; view: SavedView } | { kind: 'save' } | { kind: 'manage' };

/**
 * The "Saved views" menu button of the customer list (WAI-ARIA menu button: arrows, Home/End, type-ahead,
 * Enter/Space, Escape and Tab close it, focus returns to the button), with the save and manage dialogs.
 */
export function SavedViews(props: SavedViewsProps) {
  const [local] = splitProps(props, ['host', 't', 'state', 'onApply']);
  const t = (key: string, options?: Record<string, unknown>) => local.t(key, options);
  const [views, { refetch }] = createResource(async () => (await local.host.gql.request<{ savedViews: SavedView[] }>(SAVED_VIEWS_QUERY)).savedViews);
  const [open, setOpen] = createSignal(false);
  const [notice, setNotice] = createSignal('');
  const [loadError, setLoadError] = createSignal('');
  const current = createMemo(() => viewQuery(local.state));
  /** The views loaded so far: none before the first answer or after a failed load (never suspends the list, never throws). */
  const all = () => (views.state === 'ready' || views.state === 'refreshing' ? (views.latest ?? []) : []);
  const mine = () => all().filter((v) => v.mine);
  const others = () => all().filter((v) => !v.mine);
  const manageable = () => all().some((v) => v.mine || v.canDelete);
  const items = createMemo<Item[]>(() => [
    ...mine().map((view) => ({ kind: 'view' as const, view })),
    ...others().map((view) => ({ kind: 'view' as const, view })),
    { kind: 'save' as const },
    ...(manageable() ? [{ kind: 'manage' as const }] : []),
  ]);

  let container!: HTMLDivElement;
  let button!: HTMLButtonElement;
  let menu: HTMLUListElement | undefined;
  let saveDialog!: HTMLDialogElement;
  let manageDialog!: HTMLDialogElement;
  let nameInput!: HTMLInputElement;
  let closeButton!: HTMLButtonElement;

  const menuItems = () => [...(menu?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? [])];
  const focusItem = (index: number) => {
    const list = menuItems();
    if (list.length === 0) return;
    list[(index + list.length) % list.length].focus();
  };
  const show = (focus: 'first' | 'last') => {
    setOpen(true);
    if (views.error) setLoadError(`${t('views.loadFailed')} ${errorText(local.t, views.error)}`);
    queueMicrotask(() => focusItem(focus === 'first' ? 0 : -1));
  };
  const hide = (returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) button.focus();
  };

  const apply = (view: SavedView) => {
    hide(true);
    local.onApply(parseListState(`?${view.query}`));
    setNotice(
      view.droppedTags.length
        ? `${t('views.opened', { name: view.name })} ${t('views.droppedTags', { count: view.droppedTags.length, names: view.droppedTags.map((n) => `“${n}”`).join(', ') })}`
        : t('views.opened', { name: view.name }),
    );
  };
  const activate = (item: Item) => {
    if (item.kind === 'view') apply(item.view);
    else if (item.kind === 'save') {
      hide(false);
      setSaveError('');
      setNameError('');
      saveDialog.querySelector('form')?.reset();
      openModal(saveDialog, nameInput);
    } else {
      hide(false);
      setManageMessage('');
      openModal(manageDialog, manageDialog.querySelector<HTMLElement>('input, button') ?? undefined);
    }
  };

  const onButtonKey = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      show('first');
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      show('last');
    }
  };
  const onMenuKey = (event: KeyboardEvent) => {
    const list = menuItems();
    const index = list.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => {
      event.preventDefault();
      focusItem(to);
    };
    switch (event.key) {
      case 'ArrowDown':
        return move(index + 1);
      case 'ArrowUp':
        return move(index - 1);
      case 'Home':
        return move(0);
      case 'End':
        return move(-1);
      case 'Escape':
        event.preventDefault();
        return hide(true);
      case 'Tab':
        return hide(false);
      case 'Enter':
      case ' ':
        event.preventDefault();
        if (index >= 0) activate(items()[index]);
        return;
      default:
        if (event.key.length === 1 && /\S/.test(event.key)) {
          const key = event.key.toLocaleLowerCase();
          const order = list.map((_, i) => (index + 1 + i) % list.length);
          const next = order.find((i) => (list[i].textContent ?? '').trim().toLocaleLowerCase().startsWith(key));
          if (next !== undefined) move(next);
        }
    }
  };

  // Save dialog.
  const [saveError, setSaveError] = createSignal('');
  const [nameError, setNameError] = createSignal('');
  const [saving, setSaving] = createSignal(false);
  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const name = String(data.get('name') ?? '').trim();
    setSaveError('');
    setNameError('');
    if (!name) return setNameError(t('fieldErrors.required', { field: t('views.name') }));
    if ([...name].length > MAX_VIEW_NAME) return setNameError(t('fieldErrors.tooLong', { field: t('views.name'), max: MAX_VIEW_NAME }));
    setSaving(true);
    try {
      await local.host.gql.request(CREATE_VIEW, { input: { name, query: current(), shared: data.get('shared') === 'on' } });
      await refetch();
      form.reset();
      closeModal(saveDialog, button);
      setNotice(t('views.saved', { name }));
    } catch (error) {
      const fields = (error as { fields?: { field: string }[] }).fields ?? [];
      if (fields.some((f) => f.field === 'input.name')) setNameError(errorText(local.t, error));
      else setSaveError(errorText(local.t, error));
      nameInput.focus();
    } finally {
      setSaving(false);
    }
  };

  // Manage dialog.
  const [manageMessage, setManageMessage] = createSignal('');
  const [manageFailed, setManageFailed] = createSignal(false);
  const change = async (query: string, variables: Record<string, unknown>, done: string) => {
    // The rows are rebuilt after the change: put focus back on the same control (or on Close when the view is gone).
    const active = document.activeElement as HTMLElement | null;
    const key = active?.dataset.view ? `[data-view="${active.dataset.view}"][data-control="${active.dataset.control}"]` : null;
    try {
      await local.host.gql.request(query, variables);
      setManageFailed(false);
      setManageMessage(done);
      await refetch();
      if (key && !manageDialog.contains(document.activeElement)) (manageDialog.querySelector<HTMLElement>(key) ?? closeButton).focus();
      return true;
    } catch (error) {
      setManageFailed(true);
      setManageMessage(errorText(local.t, error));
      return false;
    }
  };

  const label = (view: SavedView) => (view.mine ? (view.shared ? t('views.ownShared', { name: view.name }) : view.name) : t('views.sharedBy', { name: view.name, owner: view.ownerName }));
  const ViewItem = (item: { view: SavedView }) => (
    <li role="none">
      <button
        type="button"
        role="menuitemradio"
        aria-checked={item.view.query === current()}
        tabIndex={-1}
        class="ph-menu__item"
        onClick={() => apply(item.view)}
      >
        {label(item.view)}
      </button>
    </li>
  );

  return (
    <div
      class="ph-saved-views"
      ref={container}
      style={{ position: 'relative', display: 'inline-block' }}
      onFocusOut={(event) => {
        if (open() && !container.contains(event.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button
        id="saved-views-button"
        ref={button}
        type="button"
        class="ph-button"
        aria-haspopup="menu"
        aria-expanded={open()}
        aria-controls={open() ? 'saved-views-menu' : undefined}
        onClick={() => (open() ? hide(true) : show('first'))}
        onKeyDown={onButtonKey}
      >
        {t('views.menu')}
      </button>
      <Show when={open()}>
        <ul
          id="saved-views-menu"
          ref={menu}
          role="menu"
          aria-labelledby="saved-views-button"
          class="ph-menu"
          onKeyDown={onMenuKey}
          style={{
            position: 'absolute',
            'z-index': 20,
            'min-width': '18rem',
            margin: '4px 0 0',
            padding: '4px 0',
            'list-style': 'none',
            background: 'var(--ph-color-surface, #fff)',
            border: '1px solid var(--ph-color-border, #d5d9e0)',
            'border-radius': 'var(--ph-radius, 6px)',
            'box-shadow': '0 4px 12px rgba(0, 0, 0, 0.15)',
          }}
        >
          <Show when={mine().length > 0}>
            <li role="none">
              <ul role="group" aria-label={t('views.mine')} style={{ 'list-style': 'none', margin: 0, padding: 0 }}>
                <For each={mine()}>{(view) => <ViewItem view={view} />}</For>
              </ul>
            </li>
            <li role="separator" style={{ 'border-top': '1px solid var(--ph-color-border, #d5d9e0)', margin: '4px 0' }} />
          </Show>
          <Show when={others().length > 0}>
            <li role="none">
              <ul role="group" aria-label={t('views.shared')} style={{ 'list-style': 'none', margin: 0, padding: 0 }}>
                <For each={others()}>{(view) => <ViewItem view={view} />}</For>
              </ul>
            </li>
            <li role="separator" style={{ 'border-top': '1px solid var(--ph-color-border, #d5d9e0)', margin: '4px 0' }} />
          </Show>
          <li role="none">
            <button type="button" role="menuitem" tabIndex={-1} class="ph-menu__item" onClick={() => activate({ kind: 'save' })}>
              {t('views.saveCurrent')}
            </button>
          </li>
          <Show when={manageable()}>
            <li role="none">
              <button type="button" role="menuitem" tabIndex={-1} class="ph-menu__item" onClick={() => activate({ kind: 'manage' })}>
                {t('views.manage')}
              </button>
            </li>
          </Show>
        </ul>
      </Show>
      <p role="status" class="ph-muted" data-testid="saved-views-status">
        {loadError() || notice()}
      </p>

      <dialog ref={saveDialog} aria-labelledby="save-view-title" aria-describedby="save-view-description" onClose={() => button.focus()}>
        <form noValidate onSubmit={(event) => void save(event)}>
          <h2 id="save-view-title">{t('views.saveTitle')}</h2>
          <p id="save-view-description">{t('views.saveDescription')}</p>
          <div class="ph-form__field">
            <label for="saved-view-name">{t('views.name')}</label>
            <input
              id="saved-view-name"
              ref={nameInput}
              name="name"
              autocomplete="off"
              maxLength={MAX_VIEW_NAME * 2}
              aria-invalid={nameError() ? 'true' : undefined}
              aria-describedby="saved-view-name-error"
            />
            <span id="saved-view-name-error" role="alert" style={ERROR_STYLE}>
              {nameError()}
            </span>
          </div>
          <label>
            <input type="checkbox" name="shared" /> {t('views.share')}
          </label>
          <div role="alert" style={ERROR_STYLE}>
            {saveError()}
          </div>
          <button type="submit" class="ph-button" disabled={saving()}>
            {t('views.save')}
          </button>{' '}
          <button type="button" class="ph-button ph-button--secondary" onClick={() => closeModal(saveDialog, button)}>
            {t('views.cancel')}
          </button>
        </form>
      </dialog>

      <dialog ref={manageDialog} aria-labelledby="manage-views-title" onClose={() => button.focus()}>
        <h2 id="manage-views-title">{t('views.manageTitle')}</h2>
        <ul class="ph-saved-views__list" style={{ 'list-style': 'none', padding: 0 }}>
          <For each={mine()}>
            {(view) => (
              <li>
                <form
                  noValidate
                  onSubmit={(event) => {
                    event.preventDefault();
                    const name = String(new FormData(event.currentTarget).get('name') ?? '').trim();
                    if (!name) {
                      setManageFailed(true);
                      return setManageMessage(t('fieldErrors.required', { field: t('views.name') }));
                    }
                    void change(UPDATE_VIEW, { input: { id: view.id, name } }, t('views.renamed', { name }));
                  }}
                >
                  <label>
                    <span class="ph-visually-hidden">{t('views.nameOf', { name: view.name })}</span>
                    <input name="name" value={view.name} maxLength={MAX_VIEW_NAME * 2} autocomplete="off" data-view={view.id} data-control="name" />
                  </label>{' '}
                  <button type="submit" class="ph-button" data-view={view.id} data-control="rename">
                    {t('views.rename', { name: view.name })}
                  </button>{' '}
                  <label>
                    <input
                      type="checkbox"
                      checked={view.shared}
                      data-view={view.id}
                      data-control="share"
                      onChange={(event) =>
                        void change(UPDATE_VIEW, { input: { id: view.id, shared: event.currentTarget.checked } }, t(event.currentTarget.checked ? 'views.nowShared' : 'views.nowPrivate', { name: view.name }))
                      }
                    />{' '}
                    {t('views.sharedOf', { name: view.name })}
                  </label>{' '}
                  <button type="button" class="ph-button ph-button--secondary" onClick={() => void change(DELETE_VIEW, { id: view.id }, t('views.deleted', { name: view.name }))}>
                    {t('views.delete', { name: view.name })}
                  </button>
                </form>
              </li>
            )}
          </For>
          <For each={others().filter((v) => v.canDelete)}>
            {(view) => (
              <li>
                {t('views.sharedBy', { name: view.name, owner: view.ownerName })}{' '}
                <button type="button" class="ph-button ph-button--secondary" onClick={() => void change(DELETE_VIEW, { id: view.id }, t('views.deleted', { name: view.name }))}>
                  {t('views.delete', { name: view.name })}
                </button>
              </li>
            )}
          </For>
        </ul>
        <p role="status">{manageFailed() ? '' : manageMessage()}</p>
        <p role="alert" style={ERROR_STYLE}>
          {manageFailed() ? manageMessage() : ''}
        </p>
        <button type="button" class="ph-button" ref={closeButton} onClick={() => closeModal(manageDialog, button)}>
          {t('views.close')}
        </button>
      </dialog>
    </div>
  );
}
