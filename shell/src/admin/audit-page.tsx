import { ErrorCode, isUuid } from '@ph/contracts';
import { useSearchParams } from '@solidjs/router';
import { createEffect, createSignal, For, on, onMount, Show } from 'solid-js';
import { translateCode } from '../i18n';
import { useShell } from '../shell-context';
import { formatDateTime, problemOf, USERS_QUERY, type PartnerUserRow } from './admin-api';
import { ShellLoadable } from '../shell-loadable';

/** One audit event (GraphQL `AuditEvent`). */
export interface AuditEventRow {
  id: string;
  at: string;
  actorEmail: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  customerId: string | null;
  region: string | null;
  outcome: string;
  reason: string | null;
  /** JSON of the state before the change. */
  before: string | null;
  /** JSON of the state after the change. */
  after: string | null;
}

export const AUDIT_EVENTS_QUERY =
  'query AuditEvents($filter: AuditFilterInput, $first: Int!, $after: String) { auditEvents(filter: $filter, first: $first, after: $after) { nextCursor events { id at actorEmail action targetType targetId customerId region outcome reason before after } } }';

export const PAGE_SIZE = 50;

/** The filters as they stand in the URL (`?actor&action&customer&from&to`, dates as YYYY-MM-DD). */
export interface AuditFilterParams {
  actor: string;
  action: string;
  customer: string;
  from: string;
  to: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Start of a local calendar day as an ISO instant; `nextDay` gives the following midnight (the exclusive end of a range). */
function dayStart(day: string, nextDay = false): string | null {
  if (!DAY.test(day)) return null;
  const [year, month, date] = day.split('-').map(Number);
  const value = new Date(year, month - 1, date + (nextDay ? 1 : 0));
  return Number.isNaN(value.getTime()) ? null : value.toISOString();
}

/** The BFF filter (GraphQL `AuditFilterInput` and the CSV route's query) for the URL's filters; `to` includes its whole day. */
export function toAuditFilter(params: AuditFilterParams): Record<string, string> {
  const filter: Record<string, string> = {};
  if (params.actor) filter.actorId = params.actor;
  if (params.action.trim()) filter.action = params.action.trim();
  if (params.customer.trim()) filter.customerId = params.customer.trim();
  const from = dayStart(params.from);
  const to = dayStart(params.to, true);
  if (from) filter.from = from;
  if (to) filter.to = to;
  return filter;
}

/** The CSV export link for the same filters. */
export function auditCsvHref(params: AuditFilterParams): string {
  const query = new URLSearchParams(toAuditFilter(params)).toString();
  return query ? `/api/audit.csv?${query}` : '/api/audit.csv';
}

const ACTIONS = [
  'users.invite',
  'users.changeRole',
  'customerAdmins.assign',
  'customerAdmins.unassign',
  'organization.setUp',
  'apiKeys.create',
  'apiKeys.revoke',
  'users.linkSso',
  'audit.export',
  'auth.signIn',
  'auth.signOut',
];

/** Where an event's reason is translated: audit-only reasons (`NO_POLICY`, `TOKEN_EXPIRED`…), then the shared error codes (`FORBIDDEN`…). */
const REASON_GROUPS = ['audit.reasons', 'errors'] as const;

/** The audit log (/audit): who did what and when, filtered through the URL, paged with "Load more", exportable as CSV. Full admins only. */
export function AuditPage() {
  const shell = useShell();
  const t = shell.t;
  const [searchParams, setSearchParams] = useSearchParams();
  const param = (name: string) => {
    const value = searchParams[name];
    return (Array.isArray(value) ? value[0] : value) ?? '';
  };
  const current = (): AuditFilterParams => ({
    actor: param('actor'),
    action: param('action'),
    customer: param('customer'),
    from: param('from'),
    to: param('to'),
  });
  const [events, setEvents] = createSignal<AuditEventRow[] | null>(null);
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [loadError, setLoadError] = createSignal<ErrorCode | null>(null);
  const [moreError, setMoreError] = createSignal<ErrorCode | null>(null);
  const [loadingMore, setLoadingMore] = createSignal(false);
  const [users, setUsers] = createSignal<PartnerUserRow[]>([]);
  // The form's working copy; applied to the URL on submit.
  const [draft, setDraft] = createSignal<AuditFilterParams>(current());
  let generation = 0;

  const fetchPage = (after: string | null) =>
    shell.gql.request<{ auditEvents: { nextCursor: string | null; events: AuditEventRow[] } }>(AUDIT_EVENTS_QUERY, {
      filter: toAuditFilter(current()),
      first: PAGE_SIZE,
      after,
    });

  const load = async () => {
    const mine = ++generation;
    setEvents(null);
    setLoadError(null);
    setMoreError(null);
    try {
      const page = (await fetchPage(null)).auditEvents;
      if (mine !== generation) return;
      setEvents(page.events);
      setCursor(page.nextCursor);
    } catch (error) {
      if (mine === generation) setLoadError(problemOf(error).code);
    }
  };

  const loadMore = async () => {
    const after = cursor();
    if (!after) return;
    const mine = generation;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = (await fetchPage(after)).auditEvents;
      if (mine !== generation) return;
      setEvents((rows) => [...(rows ?? []), ...page.events]);
      setCursor(page.nextCursor);
    } catch (error) {
      if (mine === generation) setMoreError(problemOf(error).code);
    } finally {
      setLoadingMore(false);
    }
  };

  /** The customer filter is an organisation id; anything else is refused here, at the field, before asking the BFF. */
  const [customerInvalid, setCustomerInvalid] = createSignal(false);
  createEffect(
    on(
      () => JSON.stringify(current()),
      () => {
        setDraft(current());
        // The fields show the URL's filters again (Clear, Back): an old complaint about the field goes.
        setCustomerInvalid(false);
        void load();
      },
    ),
  );
  onMount(async () => {
    try {
      setUsers((await shell.gql.request<{ users: PartnerUserRow[] }>(USERS_QUERY)).users);
    } catch {
      // The actor filter then offers only "everyone"; the log itself reports its own errors.
    }
  });

  const update = (name: keyof AuditFilterParams, value: string) => setDraft((previous) => ({ ...previous, [name]: value }));
  let customerInput: HTMLInputElement | undefined;
  const apply = (event: SubmitEvent) => {
    event.preventDefault();
    const next = draft();
    if (next.customer.trim() && !isUuid(next.customer.trim())) {
      setCustomerInvalid(true);
      customerInput?.focus();
      return;
    }
    setSearchParams({
      actor: next.actor || undefined,
      action: next.action.trim() || undefined,
      customer: next.customer.trim() || undefined,
      from: next.from || undefined,
      to: next.to || undefined,
    });
  };
  const clear = () => {
    // The fields empty at once, also when the URL had no filters to remove (then nothing else changes).
    setDraft({ actor: '', action: '', customer: '', from: '', to: '' });
    setCustomerInvalid(false);
    setSearchParams({ actor: undefined, action: undefined, customer: undefined, from: undefined, to: undefined });
  };

  return (
    <section class="ph-page ph-admin" aria-labelledby="audit-title">
      <h1 id="audit-title">{t('audit.title')}</h1>
      <p>{t('audit.intro')}</p>
      <form class="ph-form ph-admin-filters" onSubmit={apply} aria-label={t('audit.filters')}>
        <div class="ph-form__field">
          <label for="audit-actor">{t('audit.actor')}</label>
          <select id="audit-actor" value={draft().actor} onChange={(event) => update('actor', event.currentTarget.value)}>
            <option value="">{t('audit.everyone')}</option>
            <For each={users()}>{(user) => <option value={user.id}>{`${user.displayName} (${user.email})`}</option>}</For>
          </select>
        </div>
        <div class="ph-form__field">
          <label for="audit-action">{t('audit.action')}</label>
          <input id="audit-action" type="text" list="audit-actions" value={draft().action} onInput={(event) => update('action', event.currentTarget.value)} />
          <datalist id="audit-actions">
            <For each={ACTIONS}>{(action) => <option value={action} />}</For>
          </datalist>
        </div>
        <div class="ph-form__field">
          <label for="audit-customer">{t('audit.customer')}</label>
          <input
            id="audit-customer"
            ref={customerInput}
            type="text"
            value={draft().customer}
            aria-invalid={customerInvalid() ? true : undefined}
            aria-describedby={customerInvalid() ? 'audit-customer-error' : undefined}
            onInput={(event) => {
              update('customer', event.currentTarget.value);
              setCustomerInvalid(false);
            }}
          />
          <Show when={customerInvalid()}>
            <p id="audit-customer-error" class="ph-error" role="alert">
              {t('audit.customerInvalid')}
            </p>
          </Show>
        </div>
        <div class="ph-form__field">
          <label for="audit-from">{t('audit.from')}</label>
          <input id="audit-from" type="date" value={draft().from} onInput={(event) => update('from', event.currentTarget.value)} />
        </div>
        <div class="ph-form__field">
          <label for="audit-to">{t('audit.to')}</label>
          <input id="audit-to" type="date" value={draft().to} onInput={(event) => update('to', event.currentTarget.value)} />
        </div>
        <div class="ph-admin-filters__actions">
          <button type="submit" class="ph-button">
            {t('audit.apply')}
          </button>{' '}
          <button type="button" class="ph-button ph-button--secondary" onClick={clear}>
            {t('audit.clear')}
          </button>{' '}
          <a class="ph-button ph-button--secondary" href={auditCsvHref(current())} download="audit-log.csv">
            {t('audit.exportCsv')}
          </a>
        </div>
      </form>
      <ShellLoadable
        value={events()}
        error={loadError()}
        loadingLabel={t('audit.loading')}
        onRetry={() => void load()}
        emptyMessage={t('audit.empty')}
      >
        {(rows) => (
          <>
            <table class="ph-table">
              <caption class="ph-visually-hidden">{t('audit.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('audit.at')}</th>
                  <th scope="col">{t('audit.actor')}</th>
                  <th scope="col">{t('audit.action')}</th>
                  <th scope="col">{t('audit.target')}</th>
                  <th scope="col">{t('audit.customer')}</th>
                  <th scope="col">{t('audit.outcome')}</th>
                  <th scope="col">{t('audit.change')}</th>
                </tr>
              </thead>
              <tbody>
                <For each={rows()}>
                  {(row) => (
                    <tr>
                      <th scope="row">{formatDateTime(row.at, shell.locale())}</th>
                      <td>{row.actorEmail ?? t('audit.system')}</td>
                      <td>
                        <code>{row.action}</code>
                      </td>
                      <td>{row.targetType ? `${row.targetType} ${row.targetId ?? ''}`.trim() : ''}</td>
                      <td>{row.customerId ? `${row.customerId}${row.region ? ` (${row.region})` : ''}` : ''}</td>
                      <td>
                        {t(`audit.outcomes.${row.outcome}`, { defaultValue: row.outcome })}
                        {row.reason ? ` · ${translateCode(t, REASON_GROUPS, row.reason)}` : ''}
                      </td>
                      <td>
                        <Show when={row.before || row.after}>
                          <details>
                            <summary>{t('audit.showChange')}</summary>
                            <dl class="ph-admin__change">
                              <dt>{t('audit.before')}</dt>
                              <dd>
                                <code>{row.before ?? '—'}</code>
                              </dd>
                              <dt>{t('audit.after')}</dt>
                              <dd>
                                <code>{row.after ?? '—'}</code>
                              </dd>
                            </dl>
                          </details>
                        </Show>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
            <Show when={moreError()}>
              {(code) => (
                <p class="ph-error" role="alert">
                  {t(`errors.${code()}`)}
                </p>
              )}
            </Show>
            <Show when={cursor()}>
              <button type="button" class="ph-button ph-button--secondary" disabled={loadingMore()} onClick={() => void loadMore()}>
                {loadingMore() ? t('audit.loadingMore') : t('audit.loadMore')}
              </button>
            </Show>
          </>
        )}
      </ShellLoadable>
    </section>
  );
}
