import { EmptyState, errorCodeOf, ErrorMessage, LoadingState, UsageBar } from '@ph/ui';
import { batch, createEffect, createResource, createSignal, For, Match, on, Show, splitProps, Switch, type JSX } from 'solid-js';
import type { Loaded } from './async-view';
import type { ViewContext } from './format';
import {
  LICENSE_SECTION_QUERY,
  type AnalyticsProduct,
  type LicenseRow,
  type LicenseSection,
  type LicenseSectionKpis,
  type LicenseSectionPage,
  type LicenseSort,
} from './queries';

/** Rows per page of a section table. */
export const PAGE_SIZE = 10;

interface Column {
  key: string;
  sort?: LicenseSort;
  numeric?: boolean;
  cell: (row: LicenseRow, ctx: ViewContext) => JSX.Element;
}

const bar = (row: LicenseRow, ctx: ViewContext) => (
  <UsageBar
    total={row.total}
    assigned={row.assigned}
    used={row.used}
    label={ctx.t('table.bar', { used: ctx.n(row.used), assigned: ctx.n(row.assigned), available: ctx.n(Math.max(row.total - row.assigned, 0)), total: ctx.n(row.total) })}
  />
);
const ofTotal = (value: number, row: LicenseRow, ctx: ViewContext) => `${ctx.n(value)} (${ctx.pct(row.total > 0 ? (value * 100) / row.total : null)})`;

const C = {
  customer: { key: 'customer', sort: 'CUSTOMER', cell: (r) => r.customerName },
  subscriptionId: { key: 'subscriptionId', cell: (r) => r.subscriptionId },
  total: { key: 'total', sort: 'TOTAL', numeric: true, cell: (r, c) => c.n(r.total) },
  bar: { key: 'bar', cell: bar },
  weeklyAssignmentChange: { key: 'weeklyAssignmentChange', numeric: true, cell: (r, c) => c.change(r.weeklyAssignmentChange) },
  weeklyUsageChange: { key: 'weeklyUsageChange', numeric: true, cell: (r, c) => c.change(r.weeklyUsageChange) },
  usage3Months: { key: 'usage3Months', numeric: true, cell: (r, c) => c.pct(r.usage3MonthsPct) },
  assigned: { key: 'assigned', sort: 'ASSIGNED', numeric: true, cell: (r, c) => ofTotal(r.assigned, r, c) },
  used: { key: 'used', sort: 'USED', numeric: true, cell: (r, c) => ofTotal(r.used, r, c) },
} satisfies Record<string, Column>;

/** The columns of each section's table (PRODUCT.md, "Partner analytics") and the KPIs above it. */
export const SECTION_LAYOUT: Record<LicenseSection, { columns: Column[]; kpis: (keyof LicenseSectionKpis)[] }> = {
  RECENTLY_ADDED: {
    columns: [C.customer, C.subscriptionId, { key: 'daysSinceAdded', sort: 'DAYS', numeric: true, cell: (r, c) => c.n(r.daysSinceAdded) }, C.total, C.bar, C.weeklyAssignmentChange, C.weeklyUsageChange],
    kpis: ['customers', 'licenses'],
  },
  EXPIRING: {
    columns: [C.customer, C.subscriptionId, { key: 'daysToExpiry', sort: 'DAYS', numeric: true, cell: (r, c) => c.n(r.daysToEnd) }, C.total, C.bar, C.usage3Months],
    kpis: ['customers', 'assignmentPct', 'usagePct'],
  },
  RENEWING: {
    columns: [C.customer, C.subscriptionId, { key: 'daysToRenewal', sort: 'DAYS', numeric: true, cell: (r, c) => c.n(r.daysToEnd) }, C.total, C.bar, C.usage3Months],
    kpis: ['customers', 'assignmentPct', 'usagePct'],
  },
  LOW_ASSIGNMENT: {
    columns: [C.customer, C.subscriptionId, { key: 'monthsSinceAdded', sort: 'DAYS', numeric: true, cell: (r, c) => c.n(r.monthsSinceAdded) }, C.assigned, C.total, C.bar, C.weeklyAssignmentChange],
    kpis: ['customers', 'assignmentPct', 'usageAtAssignmentPct', 'unassigned'],
  },
  OVERAGE: {
    columns: [
      C.customer,
      C.subscriptionId,
      { key: 'monthsRemaining', sort: 'DAYS', numeric: true, cell: (r, c) => c.n(r.monthsRemaining) },
      { key: 'autoRenew', cell: (r, c) => (r.autoRenew ? c.t('table.yes') : c.t('table.no')) },
      C.total,
      C.assigned,
      C.used,
    ],
    kpis: ['customers', 'overageLicenses', 'averageOverage'],
  },
};

function kpiValue(key: keyof LicenseSectionKpis, kpis: LicenseSectionKpis, ctx: ViewContext): string {
  if (key === 'assignmentPct' || key === 'usagePct' || key === 'usageAtAssignmentPct') return ctx.pct(kpis[key]);
  if (key === 'averageOverage') return ctx.dec(kpis[key]);
  return ctx.n(kpis[key]);
}

/**
 * One analytics section: its KPIs and its table, sorted and paged on the server. Its first page in the
 * default order (`firstPage`) comes with the page's request; once sorted or paged, it asks for its own.
 */
export function LicenseSectionView(props: {
  ctx: ViewContext;
  product: AnalyticsProduct;
  section: LicenseSection;
  firstPage: Loaded<LicenseSectionPage>;
  refetchFirstPage: () => unknown;
}) {
  const [local] = splitProps(props, ['ctx', 'product', 'section', 'firstPage', 'refetchFirstPage']);
  const { host, t } = local.ctx;
  const layout = SECTION_LAYOUT[local.section];
  const [sort, setSort] = createSignal<LicenseSort>('DAYS');
  const [descending, setDescending] = createSignal(false);
  const [offset, setOffset] = createSignal(0);
  // A new region or product starts again at the first page.
  createEffect(on([() => host.region(), () => local.product], () => setOffset(0), { defer: true }));
  const ownOrder = () => sort() !== 'DAYS' || descending() || offset() !== 0;
  const [own, { refetch }] = createResource(
    () => ownOrder() && { region: host.region(), product: local.product, section: local.section, sort: sort(), descending: descending(), offset: offset() },
    async (variables) =>
      (await host.gql.request<{ licenseSection: LicenseSectionPage }>(LICENSE_SECTION_QUERY, { ...variables, first: PAGE_SIZE })).licenseSection,
  );
  const page = () => (ownOrder() ? { error: own.error as unknown, loading: own.loading, retry: refetch } : { error: local.firstPage.error, loading: local.firstPage.loading, retry: local.refetchFirstPage });
  const id = `analytics-${local.section.toLowerCase()}`;
  // One change of order, one request.
  const sortBy = (column: LicenseSort) =>
    batch(() => {
      if (sort() === column) setDescending(!descending());
      else {
        setSort(column);
        setDescending(false);
      }
      setOffset(0);
    });
  const ariaSort = (column?: LicenseSort) => (column && sort() === column ? (descending() ? 'descending' : 'ascending') : undefined);
  // Keep the page on screen while the next one loads (the first page until a sorted or later one is there).
  const latest = () => (ownOrder() && !own.error ? (own.latest ?? local.firstPage.latest) : local.firstPage.latest);
  return (
    <section class="ph-card" aria-labelledby={id} data-testid={`section-${local.section}`} aria-busy={Boolean(page().loading)}>
      <h2 id={id}>{t(`sections.${local.section}.heading`)}</h2>
      <Switch>
        <Match when={page().error}>
          {(error) => <ErrorMessage message={`${t('loadFailed')} ${t(`errors.${errorCodeOf(error())}`)}`} retryLabel={t('retry')} onRetry={() => void page().retry()} />}
        </Match>
        <Match when={!latest()}>
          <LoadingState label={t('loading')} />
        </Match>
        <Match when={latest()}>
          {(data) => (
            <>
              <dl class="ph-kpis">
                <For each={layout.kpis}>
                  {(key) => (
                    <div class="ph-kpi" data-testid={`${local.section}-${key}`}>
                      <dt>{key === 'customers' ? t(`sections.${local.section}.customers`) : t(`kpi.${key}`)}</dt>
                      <dd>{kpiValue(key, data().kpis, local.ctx)}</dd>
                    </div>
                  )}
                </For>
              </dl>
              <Show when={data().totalCount > 0} fallback={<EmptyState message={t(`sections.${local.section}.empty`)} />}>
                <div class="ph-table-wrap" style={{ 'overflow-x': 'auto' }}>
                  <table class="ph-table">
                    <caption>{t(`sections.${local.section}.table`)}</caption>
                    <thead>
                      <tr>
                        <For each={layout.columns}>
                          {(column) => (
                            <th scope="col" aria-sort={ariaSort(column.sort)} style={{ 'text-align': column.numeric ? 'end' : 'start' }}>
                              <Show when={column.sort} fallback={t(`columns.${column.key}`)}>
                                {(key) => (
                                  <button type="button" class="ph-sort" onClick={() => sortBy(key())}>
                                    {t(`columns.${column.key}`)}
                                    <span aria-hidden="true">{sort() === key() ? (descending() ? ' ▼' : ' ▲') : ''}</span>
                                  </button>
                                )}
                              </Show>
                            </th>
                          )}
                        </For>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={data().rows}>
                        {(row) => (
                          <tr>
                            <For each={layout.columns}>
                              {(column) => (
                                <td style={{ 'text-align': column.numeric ? 'end' : 'start' }}>
                                  {column.cell(row, local.ctx)}
                                  <Show when={column.key === 'subscriptionId' && row.trial}> ({t('table.trial')})</Show>
                                </td>
                              )}
                            </For>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </div>
                <nav class="ph-pager" aria-label={t(`sections.${local.section}.table`)}>
                  <button type="button" class="ph-button" disabled={offset() === 0} onClick={() => setOffset(Math.max(0, offset() - PAGE_SIZE))}>
                    {t('table.previous')}
                  </button>
                  <span aria-live="polite">
                    {t('table.range', { from: local.ctx.n(offset() + 1), to: local.ctx.n(Math.min(offset() + PAGE_SIZE, data().totalCount)), total: local.ctx.n(data().totalCount) })}
                  </span>
                  <button type="button" class="ph-button" disabled={offset() + PAGE_SIZE >= data().totalCount} onClick={() => setOffset(offset() + PAGE_SIZE)}>
                    {t('table.next')}
                  </button>
                </nav>
              </Show>
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}
