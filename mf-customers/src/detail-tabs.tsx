import type { ModuleHost } from '@ph/contracts';
import { createNumberFormat, EmptyState, errorCodeOf, ErrorMessage, LoadingState, type ModuleTranslate } from '@ph/ui';
import { createResource, createSignal, For, Show, splitProps, type JSX } from 'solid-js';
import { formatDate } from './customer-list';
import { errorText } from './tag-tools';
import { canManageTrials, CONVERT_TRIAL, EXTEND_DAYS, EXTEND_TRIAL, TrialForm } from './trial-form';

/** A trial that still runs today (UTC), as the list's Trial status and the BFF's extend and convert count it: one past its end date is over even before anything marks it so. */
export function runningToday(trial: { status: string; endDate: string }, now = new Date()): boolean {
  return trial.status === 'RUNNING' && trial.endDate >= now.toISOString().slice(0, 10);
}

/** True when extending (to EXTEND_DAYS from today, UTC) makes the trial longer, as the BFF requires. */
export function extendable(trial: { endDate: string }, now = new Date()): boolean {
  return trial.endDate < new Date(now.getTime() + EXTEND_DAYS * 86_400_000).toISOString().slice(0, 10);
}

const ORDER_SUMMARY = /^[A-Z_]+:\d+(,[A-Z_]+:\d+)*$/;

/**
 * An order's items in the page's words: its summary lists products and quantities ("CALLING:25,MEETINGS:25",
 * the BFF's documented form), each written by `item`; a summary in any other form is shown as it is.
 */
export function orderItems(summary: string, item: (product: string, quantity: number) => string): string {
  if (!ORDER_SUMMARY.test(summary)) return summary;
  return summary
    .split(',')
    .map((part) => {
      const [product, quantity] = part.split(':');
      return item(product, Number(quantity));
    })
    .join(', ');
}

/** GraphQL: the data of the Subscriptions and Trials tabs. */
export const CUSTOMER_ACCOUNT_QUERY = /* GraphQL */ `
  query CustomerAccount($region: Region!, $id: ID!) {
    customerAccount(region: $region, customerId: $id) {
      subscriptions { id kind startDate endDate autoRenew billingState lines { product purchased assigned used } invoice { id issuedOn dueOn amountMinor currency status } }
      orders { id placedAt status summary subscriptionId }
      trials { id startDate endDate status lines { product purchased assigned used } }
    }
  }
`;

/** GraphQL: the customer's partner administrators. */
export const CUSTOMER_ADMINS_QUERY = /* GraphQL */ `
  query CustomerAdmins($region: Region!, $id: ID!) {
    customerAdmins(region: $region, customerId: $id) { id email displayName role }
  }
`;

interface Line {
  product: string;
  purchased: number;
  assigned: number;
  used: number;
}

interface Account {
  subscriptions: {
    id: string;
    kind: string;
    startDate: string;
    endDate: string;
    autoRenew: boolean;
    billingState: string;
    lines: Line[];
    invoice: { id: string; issuedOn: string; dueOn: string; amountMinor: number; currency: string; status: string } | null;
  }[];
  orders: { id: string; placedAt: string; status: string; summary: string; subscriptionId: string | null }[];
  trials: { id: string; startDate: string; endDate: string; status: string; lines: Line[] }[];
}

const USERS_QUERY = /* GraphQL */ `query PartnerUsers { users { id email displayName role } }`;
const ASSIGN_ADMIN = /* GraphQL */ `mutation AssignCustomerAdmin($input: CustomerAdminInput!) { assignCustomerAdmin(input: $input) { id email displayName role } }`;
const UNASSIGN_ADMIN = /* GraphQL */ `mutation UnassignCustomerAdmin($input: CustomerAdminInput!) { unassignCustomerAdmin(input: $input) { id email displayName role } }`;

interface Admin {
  id: string;
  email: string;
  displayName: string;
  role: string;
}

export interface DetailTabsProps {
  host: ModuleHost;
  t: ModuleTranslate;
  id: string;
}

const TABS = ['subscriptions', 'trials', 'admins'] as const;
type Tab = (typeof TABS)[number];

/** The Subscriptions / Trials / Partner administrators tabs of a customer (ARIA tabs with arrow-key navigation). */
export function DetailTabs(props: DetailTabsProps) {
  const [local] = splitProps(props, ['host', 't', 'id']);
  const t = (key: string, options?: Record<string, unknown>) => local.t(key, options);
  const n = createNumberFormat(local.host);
  const [tab, setTab] = createSignal<Tab>('subscriptions');
  const buttons: HTMLButtonElement[] = [];
  const [account, { refetch }] = createResource(
    () => ({ region: local.host.region(), id: local.id }),
    async ({ region, id }) => (await local.host.gql.request<{ customerAccount: Account }>(CUSTOMER_ACCOUNT_QUERY, { region, id })).customerAccount,
  );
  const fullAdmin = () => local.host.user()?.role === 'FULL_ADMIN';
  const [users] = createResource(
    () => tab() === 'admins' && fullAdmin(),
    async () => (await local.host.gql.request<{ users: Admin[] }>(USERS_QUERY)).users.filter((u) => u.role === 'ADMIN' || u.role === 'SALES_ADMIN'),
  );
  const [adminMessage, setAdminMessage] = createSignal<string | null>(null);
  const [pick, setPick] = createSignal('');
  const adminAction = async (query: string, userId: string) => {
    try {
      const result = await local.host.gql.request<Record<string, Admin[]>>(query, { input: { region: local.host.region(), customerId: local.id, userId } });
      mutateAdmins(Object.values(result)[0]);
      setAdminMessage(t('detail.adminsSaved'));
    } catch (error) {
      setAdminMessage(errorText(local.t, error));
    }
  };
  const [admins, { mutate: mutateAdmins }] = createResource(
    // Only full admins may list a customer's administrators: other roles are told so and send nothing.
    () => (tab() === 'admins' && fullAdmin() ? { region: local.host.region(), id: local.id } : false),
    async ({ region, id }) => (await local.host.gql.request<{ customerAdmins: Admin[] }>(CUSTOMER_ADMINS_QUERY, { region, id })).customerAdmins,
  );
  const [trialMessage, setTrialMessage] = createSignal<string | null>(null);
  const trialAction = async (query: string, trialId: string, done: string) => {
    try {
      await local.host.gql.request(query, { input: { region: local.host.region(), trialId } });
      setTrialMessage(t(done));
      await refetch();
    } catch (error) {
      setTrialMessage(errorText(local.t, error, (iso) => formatDate(local.host.locale(), iso)));
    }
  };
  const money = (minor: number, currency: string) => new Intl.NumberFormat(local.host.locale(), { style: 'currency', currency }).format(minor / 100);
  const onKey = (event: KeyboardEvent, index: number) => {
    const next = event.key === 'ArrowRight' ? index + 1 : event.key === 'ArrowLeft' ? index - 1 : event.key === 'Home' ? 0 : event.key === 'End' ? TABS.length - 1 : null;
    if (next === null) return;
    event.preventDefault();
    const target = (next + TABS.length) % TABS.length;
    setTab(TABS[target]);
    buttons[target]?.focus();
  };

  const Lines = (p: { lines: Line[] }) => (
    <table class="ph-table">
      <thead>
        <tr>
          <th scope="col">{t('detail.product')}</th>
          <th scope="col">{t('detail.purchased')}</th>
          <th scope="col">{t('detail.assigned')}</th>
          <th scope="col">{t('detail.used')}</th>
        </tr>
      </thead>
      <tbody>
        <For each={p.lines}>
          {(line) => (
            <tr>
              <th scope="row">{t(`product.${line.product}`)}</th>
              <td>{n(line.purchased)}</td>
              <td>{n(line.assigned)}</td>
              <td>{n(line.used)}</td>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  );

  const panel = (name: Tab, body: () => JSX.Element) => (
    <div role="tabpanel" id={`tab-panel-${name}`} aria-labelledby={`tab-${name}`} hidden={tab() !== name} tabIndex={0}>
      <Show when={tab() === name}>{body()}</Show>
    </div>
  );

  return (
    <div class="ph-tabs">
      <div role="tablist" aria-label={t('detail.tabs')}>
        <For each={TABS}>
          {(name, index) => (
            <button
              ref={(el) => (buttons[index()] = el)}
              type="button"
              role="tab"
              id={`tab-${name}`}
              aria-selected={tab() === name}
              aria-controls={`tab-panel-${name}`}
              tabIndex={tab() === name ? 0 : -1}
              onClick={() => setTab(name)}
              onKeyDown={(event) => onKey(event, index())}
            >
              {t(`detail.tab.${name}`)}
            </button>
          )}
        </For>
      </div>
      <Show when={account.error}>
        {(error) => <ErrorMessage message={`${t('detail.loadFailed')} ${t(`errors.${errorCodeOf(error())}`)}`} retryLabel={t('retry')} onRetry={() => void refetch()} />}
      </Show>
      <Show when={account.loading}>
        <LoadingState label={t('loading')} />
      </Show>
      {panel('subscriptions', () => (
        <Show when={!account.error && account()}>
          {(data) => (
            <>
              <For each={data().subscriptions.filter((s) => s.kind === 'PAID')} fallback={<EmptyState message={t('detail.noSubscriptions')} />}>
                {(s) => {
                  const over = s.lines.filter((l) => l.assigned > l.purchased);
                  const full = s.lines.length > 0 && s.lines.every((l) => l.assigned >= l.purchased);
                  return (
                    <section class="ph-card" aria-labelledby={`sub-${s.id}`}>
                      <h2 id={`sub-${s.id}`}>{t('detail.subscription', { id: s.id })}</h2>
                      <p>
                        {t(s.autoRenew ? 'detail.renews' : 'detail.ends', { date: formatDate(local.host.locale(), s.endDate) })} · {t(`billing.${s.billingState}`)}
                      </p>
                      <Lines lines={s.lines} />
                      <Show when={over.length > 0}>
                        <p role="note" class="ph-notice" data-testid="overage-notice">
                          {t('detail.overage', { products: over.map((l) => t(`product.${l.product}`)).join(', ') })}
                        </p>
                      </Show>
                      <Show when={over.length === 0 && full}>
                        <p role="note" class="ph-notice">
                          {t('detail.allConsumed')}
                        </p>
                      </Show>
                      <Show when={s.invoice} fallback={<p>{t('detail.noInvoice')}</p>}>
                        {(invoice) => (
                          <p>
                            {t('detail.invoice', {
                              id: invoice().id,
                              amount: money(invoice().amountMinor, invoice().currency),
                              due: formatDate(local.host.locale(), invoice().dueOn),
                              status: t(`invoice.${invoice().status}`),
                            })}
                          </p>
                        )}
                      </Show>
                    </section>
                  );
                }}
              </For>
              <h2>{t('detail.orderHistory')}</h2>
              <table class="ph-table">
                <thead>
                  <tr>
                    <th scope="col">{t('detail.order')}</th>
                    <th scope="col">{t('detail.placed')}</th>
                    <th scope="col">{t('detail.orderStatus')}</th>
                    <th scope="col">{t('detail.items')}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={data().orders}>
                    {(o) => (
                      <tr>
                        <th scope="row">{o.id}</th>
                        <td>{new Intl.DateTimeFormat(local.host.locale(), { dateStyle: 'medium' }).format(new Date(o.placedAt))}</td>
                        <td>{t(`orderStatus.${o.status}`)}</td>
                        <td>{orderItems(o.summary, (product, quantity) => t('detail.orderItem', { product: t(`product.${product}`), quantity: n(quantity) }))}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </>
          )}
        </Show>
      ))}
      {panel('trials', () => (
        <Show when={!account.error && account()}>
          {(data) => (
            <>
              <For each={data().trials.filter((tr) => runningToday(tr))} fallback={<EmptyState message={t('detail.noTrials')} />}>
                {(trial) => (
                  <section class="ph-card" aria-labelledby={`trial-${trial.id}`} data-testid="running-trial">
                    <h2 id={`trial-${trial.id}`}>{t('detail.trial', { id: trial.id })}</h2>
                    <p>{t('detail.trialEnds', { date: formatDate(local.host.locale(), trial.endDate) })}</p>
                    <Lines lines={trial.lines} />
                    <Show when={canManageTrials(local.host)}>
                      {/* Extending sets the end to 30 days from today: offered only when that makes the trial longer. */}
                      <Show
                        when={extendable(trial)}
                        fallback={<p data-testid="not-extendable">{t('fieldErrors.notExtendable', { endDate: formatDate(local.host.locale(), trial.endDate) })}</p>}
                      >
                        <button type="button" class="ph-button" onClick={() => void trialAction(EXTEND_TRIAL, trial.id, 'trials.extended')}>
                          {t('trials.extend')}
                        </button>
                      </Show>
                      <button type="button" class="ph-button" onClick={() => void trialAction(CONVERT_TRIAL, trial.id, 'trials.converted')}>
                        {t('trials.convert')}
                      </button>
                    </Show>
                  </section>
                )}
              </For>
              <p role="status">{trialMessage()}</p>
              <Show when={canManageTrials(local.host)}>
                <TrialForm host={local.host} t={local.t} customerId={local.id} onStarted={() => void refetch()} />
              </Show>
            </>
          )}
        </Show>
      ))}
      {panel('admins', () => (
        <>
          <Show when={!fullAdmin()}>
            <p data-testid="admins-full-only">{t('detail.adminsFullOnly')}</p>
          </Show>
          <Show when={admins.error}>{(error) => <ErrorMessage message={`${t('detail.adminsFailed')} ${t(`errors.${errorCodeOf(error())}`)}`} />}</Show>
          <Show when={!admins.error && admins()}>
            {(list) => (
              <table class="ph-table" data-testid="customer-admins">
                <thead>
                  <tr>
                    <th scope="col">{t('detail.adminName')}</th>
                    <th scope="col">{t('detail.adminEmail')}</th>
                    <th scope="col">{t('detail.adminRole')}</th>
                    <Show when={fullAdmin()}>
                      <th scope="col">{t('columns.actions')}</th>
                    </Show>
                  </tr>
                </thead>
                <tbody>
                  <For each={list()} fallback={<tr><td colSpan={fullAdmin() ? 4 : 3}>{t('detail.noAdmins')}</td></tr>}>
                    {(admin) => (
                      <tr>
                        <th scope="row">{admin.displayName}</th>
                        <td>{admin.email}</td>
                        <td>{t(`role.${admin.role}`)}</td>
                        <Show when={fullAdmin()}>
                          <td>
                            <button type="button" class="ph-button" onClick={() => void adminAction(UNASSIGN_ADMIN, admin.id)}>
                              {t('detail.unassign', { name: admin.displayName })}
                            </button>
                          </td>
                        </Show>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            )}
          </Show>
          <Show when={fullAdmin() && !admins.error}>
            <div role="group" aria-label={t('detail.assignLabel')}>
              <label>
                {t('detail.assignUser')}{' '}
                <select value={pick()} onChange={(event) => setPick(event.currentTarget.value)}>
                  <option value="">—</option>
                  <For each={(users() ?? []).filter((u) => !(admins() ?? []).some((a) => a.id === u.id))}>
                    {(user) => (
                      <option value={user.id}>
                        {user.displayName} ({t(`role.${user.role}`)})
                      </option>
                    )}
                  </For>
                </select>
              </label>
              <button type="button" class="ph-button" disabled={!pick()} onClick={() => void adminAction(ASSIGN_ADMIN, pick())}>
                {t('detail.assign')}
              </button>
            </div>
          </Show>
          <p role="status">{adminMessage()}</p>
        </>
      ))}
    </div>
  );
}
