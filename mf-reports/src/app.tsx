import type { ModuleProps, Region, RemoteModule } from '@ph/contracts';
import { createModuleTranslator, createNumberFormat, EmptyState, errorCodeOf, ErrorMessage, LoadingState } from '@ph/ui';
import { createResource, createSignal, For, lazy, Match, onCleanup, Show, splitProps, Suspense, Switch, type Accessor, type Setter } from 'solid-js';
import { createStore, reconcile, unwrap } from 'solid-js/store';
import en from './locales/en.json';
import nl from './locales/nl.json';
import './reports.css';
import { Schedules } from './schedules';
import type { CustomTemplate } from './template-editor';

/** The custom template form, loaded when first opened (most visits only generate and download). */
const TemplateEditor = lazy(() => import('./template-editor').then((m) => ({ default: m.TemplateEditor })));

/** The module's i18next namespace. */
export const namespace = 'reports';

/** GraphQL: the partner's report templates (not region-bound). */
export const REPORT_TEMPLATES_QUERY = /* GraphQL */ `
  query ReportTemplates {
    reportTemplates {
      id
      key
      name
      kind
      custom
      columns
      customers {
        id
        name
      }
      tagIds
      tags {
        id
        name
      }
      from
      to
      canEdit
    }
  }
`;

/** GraphQL: delete a custom template. */
export const DELETE_TEMPLATE_MUTATION = /* GraphQL */ `
  mutation DeleteReportTemplate($id: ID!) {
    deleteReportTemplate(id: $id)
  }
`;

/** GraphQL: stop a running report. */
export const CANCEL_RUN_MUTATION = /* GraphQL */ `
  mutation CancelReportRun($id: ID!) {
    cancelReportRun(id: $id) {
      id
      status
    }
  }
`;

/** GraphQL: the report runs the user may see, newest first. */
export const REPORT_RUNS_QUERY = /* GraphQL */ `
  query ReportRuns {
    reportRuns {
      id
      templateName
      kind
      region
      status
      rows
      bytes
      createdBy
      createdAt
      downloadUrl
    }
  }
`;

/** GraphQL: the regions of the user's customers (a region choice only when more than one). */
export const REPORT_REGIONS_QUERY = /* GraphQL */ `
  query ReportRegions {
    reportRegions
  }
`;

/** GraphQL: generate a report now. */
export const RUN_REPORT_MUTATION = /* GraphQL */ `
  mutation RunReport($input: RunReportInput!) {
    runReport(input: $input) {
      id
    }
  }
`;

/** One report template as this module reads it (the filter fields only for custom templates). */
export interface ReportTemplate {
  id: string;
  key: string;
  name: string;
  kind?: string;
  custom?: boolean;
  columns?: string[] | null;
  customers?: { id: string; name: string }[] | null;
  tagIds?: string[] | null;
  tags?: { id: string; name: string }[] | null;
  from?: string | null;
  to?: string | null;
  canEdit?: boolean;
}

/** One report run as this module reads it. */
export interface ReportRun {
  id: string;
  templateName: string;
  kind: string;
  region: Region;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  rows: number;
  bytes: number | null;
  createdBy: string;
  createdAt: string;
  downloadUrl: string | null;
}

const DEFAULT_KEYS = ['call-detail', 'devices', 'phone-numbers', 'call-history'];
const POLL_MS = 1000;

/**
 * The default template whose name the BFF stored (its English name) — runs and schedules keep the template's
 * name at the time, not always its key. With `kind`, only that default template matches. Custom templates
 * cannot take a default template's name (the BFF refuses look-alikes), so a match is a default template.
 */
export function defaultKeyOf(name: string, kind?: string): string | undefined {
  return DEFAULT_KEYS.find((key) => (kind === undefined || kind === key) && en.templates.names[key as keyof typeof en.templates.names] === name);
}

/**
 * Resource storage that reconciles each new list into a store by `id`: a poll updates the rows that are
 * still there in place, so `<For>` keeps their DOM (and the keyboard focus on their buttons).
 */
export function reconciledById<T>(initial: T | undefined): [Accessor<T | undefined>, Setter<T | undefined>] {
  const [store, setStore] = createStore<{ value: T | undefined }>({ value: initial });
  const set = (next: unknown) => {
    const value = typeof next === 'function' ? (next as (prev: T | undefined) => T | undefined)(unwrap(store.value)) : (next as T | undefined);
    setStore('value', reconcile(value, { key: 'id' }) as never);
    return store.value;
  };
  return [() => store.value, set as Setter<T | undefined>];
}

/** The reports module: templates to generate now, and the runs with their downloads. */
export function App(props: ModuleProps) {
  const [local] = splitProps(props, ['host']);
  const host = local.host;
  const t = createModuleTranslator(host, namespace, { en, nl });
  const n = createNumberFormat(host);
  const when = (iso: string) => new Intl.DateTimeFormat(host.locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  const size = (bytes: number | null) =>
    bytes === null ? '' : new Intl.NumberFormat(host.locale(), { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 1 }).format(bytes / 1024);
  const kindName = (key: string) => t(`templates.names.${key}`);
  const templateName = (template: { key: string; name: string }) => (DEFAULT_KEYS.includes(template.key) ? kindName(template.key) : template.name);
  /** A run's or schedule's stored template name: a default template's in the user's language, a custom one as named. */
  const storedTemplateName = (name: string, kind?: string) => {
    const key = defaultKeyOf(name, kind);
    return key ? kindName(key) : name;
  };

  const [templates, { refetch }] = createResource(
    async () => (await host.gql.request<{ reportTemplates: ReportTemplate[] }>(REPORT_TEMPLATES_QUERY)).reportTemplates,
  );
  /** Status changes seen by the last poll, announced in the runs' live region (translated when shown). */
  const [runChanges, setRunChanges] = createSignal<ReportRun[]>([]);
  const lastStatuses = new Map<string, ReportRun['status']>();
  let runsLoaded = false;
  let announcing: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(announcing));
  const [runs, { refetch: refetchRuns }] = createResource(
    async () => {
      const list = (await host.gql.request<{ reportRuns: ReportRun[] }>(REPORT_RUNS_QUERY)).reportRuns;
      // The first load is not news; after it, a new run of this user or one whose status moved is
      // (a full admin also sees other administrators' runs, which are not announced).
      const email = host.user()?.email;
      const changed = runsLoaded ? list.filter((run) => run.createdBy === email && lastStatuses.get(run.id) !== run.status) : [];
      lastStatuses.clear();
      for (const run of list) lastStatuses.set(run.id, run.status);
      runsLoaded = true;
      if (changed.length > 0) {
        // Emptied first, so the same words twice in a row (a second run of one template) are read again.
        setRunChanges([]);
        clearTimeout(announcing);
        announcing = setTimeout(() => setRunChanges(changed), 100);
      }
      return list;
    },
    { storage: reconciledById },
  );
  const [regions] = createResource(async () => {
    try {
      return (await host.gql.request<{ reportRegions: Region[] }>(REPORT_REGIONS_QUERY)).reportRegions ?? [];
    } catch {
      return [] as Region[];
    }
  });
  /** '' = follow the console's region; 'ALL' = every region in one file. */
  const [regionChoice, setRegionChoice] = createSignal<string>('');
  const chosenRegion = (): { region: Region } | { allRegions: true } => {
    const list = regions() ?? [];
    if (regionChoice() === 'ALL') return { allRegions: true };
    if (regionChoice()) return { region: regionChoice() as Region };
    if (list.length === 1) return { region: list[0]! };
    return { region: host.region() };
  };
  const [machineHeaders, setMachineHeaders] = createSignal(false);
  const [busy, setBusy] = createSignal<string | null>(null);
  const [runError, setRunError] = createSignal<string | null>(null);
  /** The custom template being edited: 'new', one of the list, or none. */
  const [editing, setEditing] = createSignal<'new' | CustomTemplate | null>(null);
  const [confirming, setConfirming] = createSignal<string | null>(null);
  const [notice, setNotice] = createSignal('');
  const [templateError, setTemplateError] = createSignal<string | null>(null);
  const role = () => host.user()?.role;
  /** Full and partner administrators create custom templates (the BFF enforces it; a partner admin edits only their own). */
  const canManage = () => role() === 'FULL_ADMIN' || role() === 'ADMIN';
  let newButton: HTMLButtonElement | undefined;
  let focusRetry: ReturnType<typeof setTimeout> | undefined;
  /** Puts the keyboard on a template's first button once the refreshed list shows it. */
  const focusTemplate = (id: string, tries = 20) => {
    clearTimeout(focusRetry);
    const button = document.querySelector<HTMLElement>(`[data-template-id="${id}"] button`);
    if (button) button.focus();
    else if (tries > 0) focusRetry = setTimeout(() => focusTemplate(id, tries - 1), 25);
  };
  onCleanup(() => clearTimeout(focusRetry));

  const asCustom = (template: ReportTemplate): CustomTemplate => ({
    id: template.id,
    name: template.name,
    kind: template.kind ?? template.key,
    columns: template.columns ?? null,
    customers: template.customers ?? null,
    tagIds: template.tagIds ?? null,
    from: template.from ?? null,
    to: template.to ?? null,
  });

  async function remove(template: ReportTemplate) {
    setTemplateError(null);
    try {
      await host.gql.request(DELETE_TEMPLATE_MUTATION, { id: template.id });
      setConfirming(null);
      setNotice(t('custom.deleted', { name: template.name }));
      await refetch();
      newButton?.focus();
    } catch (error) {
      const fields = (error as { fields?: { reason: string; params?: Record<string, unknown> }[] }).fields ?? [];
      setTemplateError(`${t('custom.deleteFailed')} ${fields.length ? fields.map((f) => t(`editor.errors.${f.reason}`, f.params)).join(' ') : t(`errors.${errorCodeOf(error)}`)}`);
    }
  }

  async function cancelRun(run: ReportRun) {
    setRunError(null);
    try {
      await host.gql.request(CANCEL_RUN_MUTATION, { id: run.id });
      await refetchRuns();
    } catch (error) {
      setRunError(`${t('runs.cancelFailed')} ${t(`errors.${errorCodeOf(error)}`)}`);
    }
  }
  const mayCancel = (run: ReportRun) => run.status === 'RUNNING' && (role() === 'FULL_ADMIN' || run.createdBy === host.user()?.email);

  // Progress: poll while a run is still being written.
  const timer = setInterval(() => {
    if (!runs.loading && runs.state === 'ready' && runs.latest?.some((run) => run.status === 'RUNNING')) void refetchRuns();
  }, POLL_MS);
  onCleanup(() => clearInterval(timer));

  async function generate(template: ReportTemplate) {
    setBusy(template.id);
    setRunError(null);
    try {
      await host.gql.request(RUN_REPORT_MUTATION, {
        input: { templateId: template.id, ...chosenRegion(), locale: host.locale(), headers: machineHeaders() ? 'IDS' : 'LABELS' },
      });
      await refetchRuns();
    } catch (error) {
      setRunError(`${t('runFailed')} ${t(`errors.${errorCodeOf(error)}`)}`);
    } finally {
      setBusy(null);
    }
  }

  return (
    <section class="ph-module" aria-labelledby="reports-title">
      <h1 id="reports-title">{t('title')}</h1>
      <Switch>
        <Match when={templates.state === 'pending'}>
          <LoadingState label={t('loading')} />
        </Match>
        <Match when={templates.error}>
          {(error) => (
            <ErrorMessage
              message={`${t('loadFailed')} ${t(`errors.${errorCodeOf(error())}`)}`}
              retryLabel={t('retry')}
              onRetry={() => void refetch()}
            />
          )}
        </Match>
        <Match when={templates.latest?.length === 0}>
          <EmptyState message={t('empty')} />
        </Match>
        <Match when={templates.latest}>
          {(list) => (
            <div class="ph-card">
              <h2 id="report-templates-title">{t('templates.heading')}</h2>
              <p data-testid="template-count">{t('templates.count', { count: list().length, value: n(list().length) })}</p>
              <Show when={(regions() ?? []).length > 1}>
                <p>
                  <label for="report-region">{t('region.label')}</label>{' '}
                  <select id="report-region" value={regionChoice() || host.region()} onChange={(e) => setRegionChoice(e.currentTarget.value)}>
                    <For each={regions()}>{(region) => <option value={region}>{t(`region.names.${region}`)}</option>}</For>
                    <option value="ALL">{t('region.all')}</option>
                  </select>
                </p>
              </Show>
              <label>
                <input type="checkbox" checked={machineHeaders()} onChange={(e) => setMachineHeaders(e.currentTarget.checked)} /> {t('machineHeaders')}
              </label>
              <ul aria-labelledby="report-templates-title">
                <For each={list()}>
                  {(template) => (
                    <li data-key={template.key} data-template-id={template.id}>
                      <span>{templateName(template)}</span>
                      <Show when={template.custom}>
                        {' '}
                        <span class="ph-badge">{t('custom.badge', { base: kindName(template.kind ?? '') })}</span>
                      </Show>{' '}
                      <button
                        type="button"
                        disabled={busy() !== null}
                        aria-label={t('generateNamed', { name: templateName(template) })}
                        onClick={() => void generate(template)}
                      >
                        {t('generate')}
                      </button>
                      <Show when={template.canEdit}>
                        {' '}
                        <button type="button" aria-label={t('custom.editNamed', { name: template.name })} onClick={() => setEditing(asCustom(template))}>
                          {t('custom.edit')}
                        </button>{' '}
                        <Show
                          when={confirming() === template.id}
                          fallback={
                            <button type="button" aria-label={t('custom.deleteNamed', { name: template.name })} onClick={() => setConfirming(template.id)}>
                              {t('custom.delete')}
                            </button>
                          }
                        >
                          <span role="group" aria-label={t('custom.confirmDelete', { name: template.name })}>
                            <span>{t('custom.confirmDelete', { name: template.name })}</span>{' '}
                            <button type="button" ref={(el) => queueMicrotask(() => el.focus())} onClick={() => void remove(template)}>
                              {t('custom.confirm')}
                            </button>{' '}
                            <button type="button" onClick={() => setConfirming(null)}>
                              {t('custom.keep')}
                            </button>
                          </span>
                        </Show>
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
              <Show when={canManage()}>
                <button type="button" class="ph-button" ref={newButton} disabled={editing() !== null} onClick={() => setEditing('new')}>
                  {t('custom.new')}
                </button>
              </Show>
              <p role="status" aria-live="polite">
                {notice()}
              </p>
              <Show when={templateError()}>{(message) => <p role="alert">{message()}</p>}</Show>
              <Show when={runError()}>{(message) => <p role="alert">{message()}</p>}</Show>
            </div>
          )}
        </Match>
      </Switch>
      <Show when={editing()} keyed>
        {(current) => (
          <Suspense fallback={<LoadingState label={t('loading')} />}>
          <TemplateEditor
            host={host}
            t={t}
            template={current === 'new' ? null : current}
            kindName={kindName}
            onCancel={() => {
              const was = editing();
              setEditing(null);
              if (was && was !== 'new') focusTemplate(was.id);
              else newButton?.focus();
            }}
            onSaved={async (saved) => {
              setEditing(null);
              setNotice(t('custom.saved', { name: saved.name }));
              await refetch();
              focusTemplate(saved.id);
            }}
          />
          </Suspense>
        )}
      </Show>
      <div class="ph-card">
        <h2 id="report-runs-title">{t('runs.heading')}</h2>
        {/* One live region that stays while rows come, change and go, so a finished run is announced. */}
        <p role="status" aria-live="polite" class="ph-visually-hidden" data-testid="run-announcements">
          {runChanges()
            .map((run) => t(`runs.announce.${run.status}`, { name: storedTemplateName(run.templateName, run.kind) }))
            .join(' ')}
        </p>
        <Switch>
          <Match when={runs.error}>
            {(error) => (
              <ErrorMessage message={`${t('runs.loadFailed')} ${t(`errors.${errorCodeOf(error())}`)}`} retryLabel={t('retry')} onRetry={() => void refetchRuns()} />
            )}
          </Match>
          {/* `latest`: a poll's refetch does not suspend the module (the shell's <Suspense> would swap the table out). */}
          <Match when={runs.latest?.length === 0}>
            <EmptyState message={t('runs.empty')} />
          </Match>
          <Match when={runs.latest}>
            {(list) => (
              <table aria-labelledby="report-runs-title" data-testid="report-runs">
                <thead>
                  <tr>
                    <th scope="col">{t('runs.template')}</th>
                    <th scope="col">{t('runs.status')}</th>
                    <th scope="col">{t('runs.rows')}</th>
                    <th scope="col">{t('runs.size')}</th>
                    <th scope="col">{t('runs.by')}</th>
                    <th scope="col">{t('runs.when')}</th>
                    <th scope="col">{t('runs.file')}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={list()}>
                    {(run) => (
                      <tr data-run-id={run.id} data-status={run.status}>
                        <td>{storedTemplateName(run.templateName, run.kind)}</td>
                        <td>{t(`runs.statuses.${run.status}`)}</td>
                        <td>{n(run.rows)}</td>
                        <td>{size(run.bytes)}</td>
                        <td>{run.createdBy}</td>
                        <td>{when(run.createdAt)}</td>
                        <td>
                          <Show when={run.downloadUrl}>
                            {(url) => (
                              <a href={url()} download="" data-testid="download">
                                {t('runs.download')}
                              </a>
                            )}
                          </Show>
                          <Show when={mayCancel(run)}>
                            <button type="button" aria-label={t('runs.cancelNamed', { name: storedTemplateName(run.templateName, run.kind) })} onClick={() => void cancelRun(run)}>
                              {t('runs.cancel')}
                            </button>
                          </Show>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            )}
          </Match>
        </Switch>
      </div>
      {/* `latest`: a refetch after saving or deleting a template keeps the schedules (and what is typed in their form). */}
      <Show when={(templates.state === 'ready' || templates.state === 'refreshing') && templates.latest!.length > 0}>
        <Schedules host={host} t={t} templates={templates.latest!} templateName={templateName} storedTemplateName={storedTemplateName} />
      </Show>
    </section>
  );
}

// Compile-time check that this expose matches the shell's contract.
({ App, namespace }) satisfies RemoteModule;
