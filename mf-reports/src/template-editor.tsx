import type { ModuleHost } from '@ph/contracts';
import { errorCodeOf, type ModuleTranslate } from '@ph/ui';
import { createMemo, createResource, createSignal, For, onMount, Show, splitProps } from 'solid-js';

/** GraphQL: the default report kinds with their columns (headers in the user's language) and allowed period. */
export const REPORT_KINDS_QUERY = /* GraphQL */ `
  query ReportKinds($locale: String!) {
    reportKinds(locale: $locale) {
      key
      periodAllowed
      maxPeriodDays
      columns {
        id
        header
      }
    }
  }
`;

/** GraphQL: the partner's tags. */
export const TAGS_QUERY = /* GraphQL */ `
  query ReportTags {
    tags {
      id
      name
      color
    }
  }
`;

/** GraphQL: customers of the console's region matching a search (to add to a template's customer filter). */
export const CUSTOMER_SEARCH_QUERY = /* GraphQL */ `
  query ReportCustomerSearch($region: Region!, $filter: CustomerFilterInput) {
    customers(region: $region, first: 10, filter: $filter) {
      nodes {
        id
        name
      }
    }
  }
`;

export const CREATE_TEMPLATE_MUTATION = /* GraphQL */ `
  mutation CreateReportTemplate($input: CreateReportTemplateInput!) {
    createReportTemplate(input: $input) {
      id
      name
    }
  }
`;

export const UPDATE_TEMPLATE_MUTATION = /* GraphQL */ `
  mutation UpdateReportTemplate($input: UpdateReportTemplateInput!) {
    updateReportTemplate(input: $input) {
      id
      name
    }
  }
`;

/** A default report kind as the editor reads it. */
export interface ReportKind {
  key: string;
  periodAllowed: boolean;
  maxPeriodDays: number | null;
  columns: { id: string; header: string }[];
}

/** A custom template as the editor edits it. */
export interface CustomTemplate {
  id: string;
  name: string;
  kind: string;
  columns: string[] | null;
  customers: { id: string; name: string }[] | null;
  tagIds: string[] | null;
  from: string | null;
  to: string | null;
}

interface Tag {
  id: string;
  name: string;
  color: string;
}

type FieldName = 'name' | 'baseKey' | 'columns' | 'customerIds' | 'tagIds' | 'period' | 'form';

const DAY_MS = 86_400_000;
/** `YYYY-MM-DD` of an instant in UTC. */
const day = (iso: string) => iso.slice(0, 10);
/** The UI's "to" is the last day included; the BFF's `to` is exclusive (the next midnight, UTC). */
const exclusiveEnd = (lastDay: string) => new Date(Date.parse(`${lastDay}T00:00:00.000Z`) + DAY_MS).toISOString();
const lastDayOf = (exclusiveIso: string) => day(new Date(Date.parse(exclusiveIso) - DAY_MS).toISOString());

/** A list of named items, each followed by one button acting on it (its accessible name says on which). */
function ActionList<T>(props: {
  label?: string;
  labelledBy?: string;
  items: T[];
  name: (item: T) => string;
  actionLabel: (name: string) => string;
  actionText: string;
  disabled?: (item: T) => boolean;
  onAction: (item: T) => void;
}) {
  return (
    <ul aria-label={props.label} aria-labelledby={props.labelledBy}>
      <For each={props.items}>
        {(item) => (
          <li>
            <span>{props.name(item)}</span>{' '}
            <button type="button" disabled={props.disabled?.(item)} aria-label={props.actionLabel(props.name(item))} onClick={() => props.onAction(item)}>
              {props.actionText}
            </button>
          </li>
        )}
      </For>
    </ul>
  );
}

export interface TemplateEditorProps {
  host: ModuleHost;
  t: ModuleTranslate;
  /** The template to edit, or null for a new one. */
  template: CustomTemplate | null;
  /** Translated name of a default kind. */
  kindName: (key: string) => string;
  onSaved: (template: { id: string; name: string }) => void;
  onCancel: () => void;
}

/**
 * The form of a custom template: name, base template, its columns in file order (added, removed and moved
 * with buttons, each change announced), customers of the console's region, tags and, for call reports, a
 * period. The BFF validates; its field-level reasons are shown next to each field and in a summary.
 */
export function TemplateEditor(props: TemplateEditorProps) {
  const [local] = splitProps(props, ['host', 't', 'template', 'kindName', 'onSaved', 'onCancel']);
  const t = (key: string, options?: Record<string, unknown>) => local.t(key, options);
  const host = local.host;
  const original = local.template;
  const [kinds] = createResource(
    () => host.locale(),
    async (locale) => (await host.gql.request<{ reportKinds: ReportKind[] }>(REPORT_KINDS_QUERY, { locale })).reportKinds,
  );
  const [tags] = createResource(async () => (await host.gql.request<{ tags: Tag[] }>(TAGS_QUERY)).tags);

  const [name, setName] = createSignal(original?.name ?? '');
  const [baseKey, setBaseKey] = createSignal(original?.kind ?? 'call-detail');
  const [columns, setColumns] = createSignal<string[] | null>(original?.columns ?? null);
  const [customers, setCustomers] = createSignal(original?.customers ?? []);
  const [tagIds, setTagIds] = createSignal(original?.tagIds ?? []);
  const [from, setFrom] = createSignal(original?.from ? day(original.from) : '');
  const [to, setTo] = createSignal(original?.to ? lastDayOf(original.to) : '');
  const [search, setSearch] = createSignal('');
  const [results, setResults] = createSignal<{ id: string; name: string }[] | null>(null);
  const [announcement, setAnnouncement] = createSignal('');
  /** The last failed save (its field-level reasons are translated in {@link errors}). */
  const [failed, setFailed] = createSignal<unknown>(null);
  const [saving, setSaving] = createSignal(false);
  let summary!: HTMLDivElement;
  let nameInput!: HTMLInputElement;
  const columnButtons = new Map<string, HTMLButtonElement>();

  onMount(() => nameInput.focus());

  const kind = createMemo(() => kinds()?.find((k) => k.key === baseKey()) ?? null);
  const header = (id: string) => kind()?.columns.find((c) => c.id === id)?.header ?? id;
  /** The chosen columns; a new template starts with every column of its base. */
  const chosen = createMemo(() => columns() ?? kind()?.columns.map((c) => c.id) ?? []);
  const available = createMemo(() => (kind()?.columns ?? []).filter((c) => !chosen().includes(c.id)));
  const missingTags = createMemo(() => (tags() ? tagIds().filter((id) => !tags()!.some((tag) => tag.id === id)).length : 0));

  function chooseBase(key: string) {
    setBaseKey(key);
    setColumns(null);
    if (!kinds()?.find((k) => k.key === key)?.periodAllowed) {
      setFrom('');
      setTo('');
    }
  }

  function move(id: string, by: -1 | 1) {
    const list = [...chosen()];
    const at = list.indexOf(id);
    const target = at + by;
    if (at < 0 || target < 0 || target >= list.length) return;
    [list[at], list[target]] = [list[target]!, list[at]!];
    setColumns(list);
    setAnnouncement(t('editor.moved', { name: header(id), position: target + 1, count: list.length }));
    // Keep the keyboard on the moved column: the same arrow, or the other one once it reached an end.
    queueMicrotask(() => {
      const same = columnButtons.get(`${id}:${by}`);
      (same && !same.disabled ? same : columnButtons.get(`${id}:${-by}`))?.focus();
    });
  }

  function remove(id: string) {
    setColumns(chosen().filter((c) => c !== id));
    setAnnouncement(t('editor.removed', { name: header(id) }));
  }

  function add(id: string) {
    setColumns([...chosen(), id]);
    setAnnouncement(t('editor.added', { name: header(id), position: chosen().length }));
  }

  async function find(event: Event) {
    event.preventDefault();
    const text = search().trim();
    try {
      const data = await host.gql.request<{ customers: { nodes: { id: string; name: string }[] } }>(CUSTOMER_SEARCH_QUERY, {
        region: host.region(),
        filter: text ? { search: text } : {},
      });
      setResults(data.customers.nodes);
      setAnnouncement(t('editor.found', { count: data.customers.nodes.length }));
    } catch (error) {
      setResults([]);
      setAnnouncement(t(`errors.${errorCodeOf(error)}`));
    }
  }

  /** The BFF's reasons, per form field, in the user's language (re-translated when the language changes). */
  const errors = createMemo(() => {
    const failure = failed();
    if (failure === null) return {} as Partial<Record<FieldName, string[]>>;
    const fields = (failure as { fields?: { field: string; reason: string; params?: Record<string, unknown> }[] }).fields ?? [];
    if (fields.length === 0) return { form: [`${t('editor.saveFailed')} ${t(`errors.${errorCodeOf(failure)}`)}`] } as Partial<Record<FieldName, string[]>>;
    const out: Partial<Record<FieldName, string[]>> = {};
    for (const f of fields) {
      const key = f.field.split('.').pop()!;
      const field: FieldName = key === 'from' || key === 'to' ? 'period' : ((['name', 'baseKey', 'columns', 'customerIds', 'tagIds'] as const).find((n) => n === key) ?? 'form');
      const params: Record<string, unknown> = { ...f.params };
      if (typeof params.column === 'string') params.column = header(params.column);
      if (typeof params.id === 'string') params.name = customers().find((c) => c.id === params.id)?.name ?? tags()?.find((tag) => tag.id === params.id)?.name ?? params.id;
      (out[field] ??= []).push(t(`editor.errors.${f.reason}`, params));
    }
    return out;
  });

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setSaving(true);
    setFailed(null);
    const input = {
      name: name(),
      baseKey: baseKey(),
      columns: chosen(),
      customerIds: customers().length ? customers().map((c) => c.id) : null,
      tagIds: tagIds().length ? tagIds() : null,
      from: kind()?.periodAllowed && from() ? `${from()}T00:00:00.000Z` : null,
      to: kind()?.periodAllowed && to() ? exclusiveEnd(to()) : null,
    };
    try {
      const saved = original
        ? (await host.gql.request<{ updateReportTemplate: { id: string; name: string } }>(UPDATE_TEMPLATE_MUTATION, { input: { id: original.id, ...input } })).updateReportTemplate
        : (await host.gql.request<{ createReportTemplate: { id: string; name: string } }>(CREATE_TEMPLATE_MUTATION, { input })).createReportTemplate;
      local.onSaved(saved);
    } catch (error) {
      setFailed(error);
      queueMicrotask(() => summary?.focus());
    } finally {
      setSaving(false);
    }
  }

  const invalid = (field: FieldName) => (errors()[field]?.length ? true : undefined);
  const describedBy = (field: FieldName, hint?: string) => [hint, errors()[field]?.length ? `template-${field}-error` : undefined].filter(Boolean).join(' ') || undefined;
  const FieldErrors = (p: { field: FieldName }) => (
    <Show when={errors()[p.field]?.length}>
      <p id={`template-${p.field}-error`} class="ph-field-error">
        {errors()[p.field]!.join(' ')}
      </p>
    </Show>
  );
  const allErrors = () => Object.values(errors()).flat();

  return (
    <form class="ph-card ph-template-editor" aria-labelledby="template-editor-title" novalidate onSubmit={(e) => void submit(e)}>
      <h2 id="template-editor-title">{original ? t('editor.titleEdit', { name: original.name }) : t('editor.titleNew')}</h2>
      <Show when={allErrors().length > 0}>
        <div ref={summary} role="alert" tabindex="-1" data-testid="template-errors">
          <p>{t('editor.fix', { count: allErrors().length })}</p>
          <ul>
            <For each={allErrors()}>{(message) => <li>{message}</li>}</For>
          </ul>
        </div>
      </Show>

      <p>
        <label for="template-name">{t('editor.name')}</label>{' '}
        <input
          id="template-name"
          ref={nameInput}
          required
          maxLength={200}
          value={name()}
          aria-invalid={invalid('name')}
          aria-describedby={describedBy('name')}
          onInput={(e) => setName(e.currentTarget.value)}
        />
        <FieldErrors field="name" />
      </p>

      <p>
        <label for="template-base">{t('editor.base')}</label>{' '}
        <select id="template-base" value={baseKey()} aria-invalid={invalid('baseKey')} aria-describedby={describedBy('baseKey')} onChange={(e) => chooseBase(e.currentTarget.value)}>
          <For each={kinds() ?? []}>{(k) => <option value={k.key}>{local.kindName(k.key)}</option>}</For>
        </select>
        <FieldErrors field="baseKey" />
      </p>

      <fieldset aria-describedby={describedBy('columns', 'template-columns-hint')} data-testid="template-columns">
        <legend>{t('editor.columns')}</legend>
        <p id="template-columns-hint">{t('editor.columnsHint')}</p>
        <FieldErrors field="columns" />
        <ol aria-label={t('editor.chosenColumns')}>
          <For each={chosen()}>
            {(id, index) => (
              <li data-column={id}>
                <span>{header(id)}</span>{' '}
                <button
                  type="button"
                  ref={(el) => columnButtons.set(`${id}:-1`, el)}
                  disabled={index() === 0}
                  aria-label={t('editor.moveUp', { name: header(id) })}
                  onClick={() => move(id, -1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  ref={(el) => columnButtons.set(`${id}:1`, el)}
                  disabled={index() === chosen().length - 1}
                  aria-label={t('editor.moveDown', { name: header(id) })}
                  onClick={() => move(id, 1)}
                >
                  ↓
                </button>
                <button type="button" aria-label={t('editor.remove', { name: header(id) })} onClick={() => remove(id)}>
                  {t('editor.removeShort')}
                </button>
              </li>
            )}
          </For>
        </ol>
        <Show when={available().length > 0}>
          <p id="template-available">{t('editor.available')}</p>
          <ActionList
            labelledBy="template-available"
            items={available()}
            name={(column) => column.header}
            actionLabel={(name) => t('editor.add', { name })}
            actionText={t('editor.addShort')}
            onAction={(column) => add(column.id)}
          />
        </Show>
      </fieldset>

      <fieldset aria-describedby={describedBy('customerIds', 'template-customers-hint')} data-testid="template-customers">
        <legend>{t('editor.customers')}</legend>
        <p id="template-customers-hint">{t('editor.customersHint', { region: host.region() })}</p>
        <FieldErrors field="customerIds" />
        <Show when={customers().length > 0}>
          <ActionList
            label={t('editor.chosenCustomers')}
            items={customers()}
            name={(customer) => customer.name}
            actionLabel={(name) => t('editor.removeCustomer', { name })}
            actionText={t('editor.removeShort')}
            onAction={(customer) => {
              setCustomers(customers().filter((c) => c.id !== customer.id));
              setAnnouncement(t('editor.removed', { name: customer.name }));
            }}
          />
        </Show>
        <p>
          <label for="template-customer-search">{t('editor.search')}</label>{' '}
          <input
            id="template-customer-search"
            type="search"
            value={search()}
            onInput={(e) => setSearch(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') void find(e);
            }}
          />{' '}
          <button type="button" onClick={(e) => void find(e)}>
            {t('editor.find')}
          </button>
        </p>
        <Show when={results()}>
          {(found) => (
            <Show when={found().length > 0} fallback={<p>{t('editor.noResults')}</p>}>
              <ActionList
                label={t('editor.results')}
                items={found()}
                name={(customer) => customer.name}
                actionLabel={(name) => t('editor.addCustomer', { name })}
                actionText={t('editor.addShort')}
                disabled={(customer) => customers().some((c) => c.id === customer.id)}
                onAction={(customer) => {
                  setCustomers([...customers(), customer]);
                  setAnnouncement(t('editor.addedCustomer', { name: customer.name }));
                }}
              />
            </Show>
          )}
        </Show>
      </fieldset>

      <fieldset aria-describedby={describedBy('tagIds', 'template-tags-hint')} data-testid="template-tags">
        <legend>{t('editor.tags')}</legend>
        <p id="template-tags-hint">{t('editor.tagsHint')}</p>
        <FieldErrors field="tagIds" />
        <Show when={missingTags() > 0}>
          <p>{t('editor.missingTags', { count: missingTags() })}</p>
        </Show>
        <Show when={(tags() ?? []).length > 0} fallback={<p>{t('editor.noTags')}</p>}>
          <ul class="ph-checkbox-list">
            <For each={tags()}>
              {(tag) => (
                <li>
                  <label>
                    <input
                      type="checkbox"
                      checked={tagIds().includes(tag.id)}
                      onChange={(e) => setTagIds(e.currentTarget.checked ? [...tagIds(), tag.id] : tagIds().filter((id) => id !== tag.id))}
                    />{' '}
                    {tag.name}
                  </label>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </fieldset>

      <Show when={kind()?.periodAllowed}>
        <fieldset aria-describedby={describedBy('period', 'template-period-hint')} data-testid="template-period">
          <legend>{t('editor.period')}</legend>
          <p id="template-period-hint">{t('editor.periodHint', { max: kind()?.maxPeriodDays ?? 366 })}</p>
          <FieldErrors field="period" />
          <label for="template-from">{t('editor.from')}</label>{' '}
          <input id="template-from" type="date" value={from()} aria-invalid={invalid('period')} onInput={(e) => setFrom(e.currentTarget.value)} />{' '}
          <label for="template-to">{t('editor.to')}</label>{' '}
          <input id="template-to" type="date" value={to()} aria-invalid={invalid('period')} onInput={(e) => setTo(e.currentTarget.value)} />
        </fieldset>
      </Show>

      <p role="status" aria-live="polite" class="ph-announcement">
        {announcement()}
      </p>
      <p>
        <button type="submit" class="ph-button" disabled={saving()}>
          {t('editor.save')}
        </button>{' '}
        <button type="button" class="ph-button" onClick={() => local.onCancel()}>
          {t('editor.cancel')}
        </button>
      </p>
    </form>
  );
}
