import { createResource, For, Show, splitProps, type JSX } from 'solid-js';
import { AsyncView, loadedPart } from '../async-view';
import { ChartView } from '../chart';
import type { ViewContext } from '../format';
import { CALLING_PAGE_QUERY, type CallingPageData } from './queries';

/** Formatters the Calling page needs beyond the shared ones; all read the host's locale on every call. */
function callingFormat(ctx: ViewContext) {
  const locale = () => ctx.host.locale();
  const none = ctx.t('table.none');
  return {
    /** A fraction 0…1 as a percentage with one decimal. */
    share: (v: number | null) => (v === null ? none : new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(v)),
    /** A relative change (-0.25 = 25 % fewer), signed. */
    change: (v: number | null) => (v === null ? none : new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 0, signDisplay: 'exceptZero' }).format(v)),
    /** Seconds, e.g. "42 sec." */
    seconds: (v: number | null) => (v === null ? none : new Intl.NumberFormat(locale(), { style: 'unit', unit: 'second', unitDisplay: 'short', maximumFractionDigits: 0 }).format(v)),
    /** Minutes with at most one decimal. */
    minutes: (v: number) => new Intl.NumberFormat(locale(), { maximumFractionDigits: 0 }).format(v),
    dateTime: (iso: string) => new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(iso)),
  };
}

/** Last day (inclusive) of a week that ends, exclusively, on `weekEnd`. */
function lastDay(weekEnd: string): string {
  return new Date(Date.parse(`${weekEnd}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/** Calling analytics of the last completed week (PRODUCT.md, "Calling analytics"): usage, quality, advanced features, call queue insights. */
export function CallingPage(props: { ctx: ViewContext }) {
  const [local] = splitProps(props, ['ctx']);
  const ctx = local.ctx;
  const { t, host } = ctx;
  const f = callingFormat(ctx);
  // One request per region for the whole page; each section shows its part of the answer.
  const [page, { refetch }] = createResource(
    () => host.region(),
    (region) => host.gql.request<CallingPageData>(CALLING_PAGE_QUERY, { region }),
  );
  const part = <K extends keyof CallingPageData>(key: K) => loadedPart(page, key);
  const week = part('callingWeek');
  const usage = part('callingUsage');
  const quality = part('callingQuality');
  const features = part('callingFeatures');
  const queue = part('callQueueInsights');
  const weekLabel = (w: { weekStart: string }) => ctx.date(w.weekStart);

  return (
    <div class="ph-analytics__calling" data-testid="calling-page" style={{ display: 'flex', 'flex-direction': 'column', gap: 'var(--ph-space-3, 16px)' }}>
      <p class="ph-analytics__note">{t('calling.intro')}</p>
      <div data-testid="calling-week">
        <AsyncView
          ctx={ctx}
          data={week}
          refetch={refetch}
          loading={t('loading')}
          empty={t('calling.noWeek', { region: host.region() })}
          isEmpty={(w) => w === null}
        >
          {(w) => (
            <p class="ph-analytics__note">
              {t('calling.week', { region: host.region(), from: ctx.date(w!.weekStart), to: ctx.date(lastDay(w!.weekEnd)), computed: f.dateTime(w!.computedAt) })}
            </p>
          )}
        </AsyncView>
      </div>

      <section class="ph-card" aria-labelledby="calling-usage" data-testid="calling-usage">
        <h2 id="calling-usage">{t('calling.usage.heading')}</h2>
        <AsyncView ctx={ctx} data={usage} refetch={refetch} loading={t('loading')} empty={t('calling.empty', { region: host.region() })} isEmpty={(u) => u.week === null}>
          {(u) => (
            <>
              <h3>{t('calling.usage.trend')}</h3>
              <ChartView
                ctx={ctx}
                testId="calling-usage-chart"
                caption={t('calling.usage.trend')}
                category={t('trend.week')}
                labels={u.trend.map(weekLabel)}
                series={[{ label: t('calling.usage.activeUsers'), data: u.trend.map((w) => (w.computed ? w.activeUsers : null)) }]}
                description={t('calling.usage.trendLabel', { from: weekLabel(u.trend[0]!), to: weekLabel(u.trend.at(-1)!), users: ctx.n(u.trend.at(-1)!.activeUsers) })}
              />
              <h3 id="calling-usage-table">{t('calling.usage.table')}</h3>
              <DataTable
                ctx={ctx}
                labelledBy="calling-usage-table"
                testId="calling-usage-table"
                rows={u.customers}
                total={u.customerCount}
                empty={t('calling.usage.none')}
                rowClass={(r) => (r.declining ? 'ph-analytics__declining' : undefined)}
                columns={[
                  {
                    key: 'customer',
                    header: true,
                    cell: (r) => (
                      <>
                        {r.name}
                        <Show when={r.declining}>
                          {' '}
                          <span
                            class="ph-badge"
                            style={{ background: 'var(--ph-color-danger-bg, #fdecea)', color: 'var(--ph-color-danger, #b3261e)', border: '1px solid currentColor' }}
                            data-testid="declining"
                          >
                            <span aria-hidden="true">▼ </span>
                            {t('calling.usage.declining')}
                          </span>
                        </Show>
                      </>
                    ),
                  },
                  { key: 'calls', numeric: true, cell: (r) => ctx.n(r.calls) },
                  { key: 'legs', numeric: true, cell: (r) => ctx.n(r.legs) },
                  { key: 'minutes', numeric: true, cell: (r) => f.minutes(r.minutes) },
                  { key: 'activeUsers', numeric: true, cell: (r) => ctx.n(r.activeUsers) },
                  { key: 'callsChange', numeric: true, cell: (r) => f.change(r.callsChange) },
                  { key: 'minutesChange', numeric: true, cell: (r) => f.change(r.minutesChange) },
                  { key: 'activeUsersChange', numeric: true, cell: (r) => f.change(r.activeUsersChange) },
                ]}
              />
              <p class="ph-analytics__note">{t('calling.usage.decliningNote')}</p>
            </>
          )}
        </AsyncView>
      </section>

      <section class="ph-card" aria-labelledby="calling-quality" data-testid="calling-quality">
        <h2 id="calling-quality">{t('calling.quality.heading')}</h2>
        <p class="ph-analytics__note">{t('calling.quality.definition')}</p>
        <AsyncView ctx={ctx} data={quality} refetch={refetch} loading={t('loading')} empty={t('calling.empty', { region: host.region() })} isEmpty={(q) => q.week === null}>
          {(q) => (
            <>
              <h3>{t('calling.quality.trend')}</h3>
              <ChartView
                ctx={ctx}
                testId="calling-quality-chart"
                caption={t('calling.quality.trend')}
                category={t('trend.week')}
                labels={q.trend.map(weekLabel)}
                series={[{ label: t('calling.quality.poorShare'), data: q.trend.map((w) => (w.poorShare === null ? null : Math.round(w.poorShare * 1000) / 10)) }]}
                format={(v) => f.share(v === null ? null : v / 100)}
                description={t('calling.quality.trendLabel', { from: weekLabel(q.trend[0]!), to: weekLabel(q.trend.at(-1)!), share: f.share(q.trend.at(-1)!.poorShare) })}
              />
              <h3>{t('calling.quality.byEndpoint')}</h3>
              <ChartView
                ctx={ctx}
                type="bar"
                testId="calling-endpoint-chart"
                caption={t('calling.quality.byEndpoint')}
                category={t('calling.quality.endpointType')}
                labels={q.byEndpointType.map((e) => t(`calling.endpoint.${e.endpointType}`))}
                series={[
                  { label: t('calling.columns.legs'), data: q.byEndpointType.map((e) => e.legs) },
                  { label: t('calling.columns.poorLegs'), data: q.byEndpointType.map((e) => e.poorLegs) },
                ]}
                description={t('calling.quality.byEndpointLabel', {
                  list: q.byEndpointType.map((e) => `${t(`calling.endpoint.${e.endpointType}`)}: ${ctx.n(e.poorLegs)} / ${ctx.n(e.legs)}`).join('; '),
                })}
              />
              <h3 id="calling-quality-table">{t('calling.quality.table')}</h3>
              <DataTable
                ctx={ctx}
                labelledBy="calling-quality-table"
                testId="calling-quality-table"
                rows={q.customers}
                total={q.customerCount}
                empty={t('calling.usage.none')}
                columns={[
                  { key: 'customer', header: true, cell: (r) => r.name },
                  { key: 'legs', numeric: true, cell: (r) => ctx.n(r.legs) },
                  { key: 'poorLegs', numeric: true, cell: (r) => ctx.n(r.poorLegs) },
                  { key: 'poorShare', numeric: true, cell: (r) => f.share(r.poorShare) },
                ]}
              />
            </>
          )}
        </AsyncView>
      </section>

      <section class="ph-card" aria-labelledby="calling-features" data-testid="calling-features">
        <h2 id="calling-features">{t('calling.features.heading')}</h2>
        <p class="ph-analytics__note">{t('calling.features.note')}</p>
        <AsyncView
          ctx={ctx}
          data={features}
          refetch={refetch}
          loading={t('loading')}
          empty={t('calling.features.empty', { region: host.region() })}
          isEmpty={(x) => x.week === null || x.customerCount === 0}
        >
          {(x) => (
            <>
              <h3>{t('calling.features.chart')}</h3>
              <p class="ph-analytics__note" data-testid="calling-features-customers">
                {t('calling.features.customers', { count: x.customerCount, n: ctx.n(x.customerCount) })}
              </p>
              <ChartView
                ctx={ctx}
                type="bar"
                testId="calling-features-chart"
                caption={t('calling.features.chart')}
                category={t('calling.features.feature')}
                labels={x.features.map((e) => t(`calling.feature.${e.feature}`))}
                series={[{ label: t('calling.columns.calls'), data: x.features.map((e) => e.calls) }]}
                description={t('calling.features.chartLabel', { list: x.features.map((e) => `${t(`calling.feature.${e.feature}`)}: ${ctx.n(e.calls)}`).join('; ') })}
              />
            </>
          )}
        </AsyncView>
      </section>

      <section class="ph-card" aria-labelledby="calling-queue" data-testid="calling-queue">
        <h2 id="calling-queue">{t('calling.queue.heading')}</h2>
        <p class="ph-analytics__note">{t('calling.features.note')}</p>
        <AsyncView
          ctx={ctx}
          data={queue}
          refetch={refetch}
          loading={t('loading')}
          empty={t('calling.queue.empty', { region: host.region() })}
          isEmpty={(x) => x.week === null || x.customerCount === 0}
        >
          {(x) => (
            <>
              <dl class="ph-kpis">
                <div class="ph-kpi" data-testid="kpi-averageTimeToAnswer">
                  <dt>{t('calling.queue.averageTimeToAnswer')}</dt>
                  <dd>{f.seconds(x.averageTimeToAnswerSeconds)}</dd>
                </div>
                <div class="ph-kpi" data-testid="kpi-averageWaitBeforeAbandon">
                  <dt>{t('calling.queue.averageWaitBeforeAbandon')}</dt>
                  <dd>{f.seconds(x.averageWaitBeforeAbandonSeconds)}</dd>
                </div>
                <div class="ph-kpi" data-testid="kpi-abandonRate">
                  <dt>{t('calling.queue.abandonRate')}</dt>
                  <dd>{f.share(x.abandonRate)}</dd>
                </div>
              </dl>
              <h3 id="calling-queue-table">{t('calling.queue.table')}</h3>
              <DataTable
                ctx={ctx}
                labelledBy="calling-queue-table"
                testId="calling-queue-table"
                rows={x.customers}
                total={x.customerCount}
                empty={t('calling.usage.none')}
                columns={[
                  { key: 'customer', header: true, cell: (r) => r.name },
                  { key: 'queueCalls', numeric: true, cell: (r) => ctx.n(r.queueCalls) },
                  { key: 'answered', numeric: true, cell: (r) => ctx.n(r.answered) },
                  { key: 'abandoned', numeric: true, cell: (r) => ctx.n(r.abandoned) },
                  { key: 'abandonRate', numeric: true, cell: (r) => f.share(r.abandonRate) },
                  { key: 'averageTimeToAnswer', numeric: true, cell: (r) => f.seconds(r.averageTimeToAnswerSeconds) },
                  { key: 'averageWaitBeforeAbandon', numeric: true, cell: (r) => f.seconds(r.averageWaitBeforeAbandonSeconds) },
                  { key: 'timedOut', numeric: true, cell: (r) => ctx.n(r.timedOut) },
                  { key: 'overflowed', numeric: true, cell: (r) => ctx.n(r.overflowed) },
                  { key: 'transferred', numeric: true, cell: (r) => ctx.n(r.transferred) },
                  { key: 'callQueueCalls', numeric: true, cell: (r) => ctx.n(r.callQueueCalls) },
                  { key: 'huntGroupCalls', numeric: true, cell: (r) => ctx.n(r.huntGroupCalls) },
                  { key: 'autoAttendantCalls', numeric: true, cell: (r) => ctx.n(r.autoAttendantCalls) },
                  { key: 'transferCalls', numeric: true, cell: (r) => ctx.n(r.transferCalls) },
                  { key: 'parkCalls', numeric: true, cell: (r) => ctx.n(r.parkCalls) },
                  { key: 'pickupCalls', numeric: true, cell: (r) => ctx.n(r.pickupCalls) },
                ]}
              />
            </>
          )}
        </AsyncView>
      </section>
    </div>
  );
}

interface Column<R> {
  key: string;
  numeric?: boolean;
  /** Render as the row header (the customer name). */
  header?: boolean;
  cell: (row: R) => JSX.Element;
}

/** A simple customer table with headers from `calling.columns.<key>`; notes when more customers exist than are shown. */
function DataTable<R>(props: {
  ctx: ViewContext;
  labelledBy: string;
  testId: string;
  rows: R[];
  total: number;
  empty: string;
  columns: Column<R>[];
  rowClass?: (row: R) => string | undefined;
}) {
  const [local] = splitProps(props, ['ctx', 'labelledBy', 'testId', 'rows', 'total', 'empty', 'columns', 'rowClass']);
  const { t, n } = local.ctx;
  return (
    <Show when={local.rows.length > 0} fallback={<p class="ph-empty">{local.empty}</p>}>
      <div style={{ 'overflow-x': 'auto' }} tabindex="0" role="region" aria-labelledby={local.labelledBy}>
        <table class="ph-table" data-testid={local.testId} aria-labelledby={local.labelledBy}>
          <thead>
            <tr>
              <For each={local.columns}>
                {(c) => (
                  <th scope="col" style={c.numeric ? { 'text-align': 'end' } : undefined}>
                    {t(`calling.columns.${c.key}`)}
                  </th>
                )}
              </For>
            </tr>
          </thead>
          <tbody>
            <For each={local.rows}>
              {(row) => (
                <tr class={local.rowClass?.(row)}>
                  <For each={local.columns}>
                    {(c) =>
                      c.header ? (
                        <th scope="row">{c.cell(row)}</th>
                      ) : (
                        <td style={c.numeric ? { 'text-align': 'end' } : undefined}>{c.cell(row)}</td>
                      )
                    }
                  </For>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={local.total > local.rows.length}>
        <p class="ph-analytics__note">{t('calling.shown', { shown: n(local.rows.length), total: n(local.total) })}</p>
      </Show>
    </Show>
  );
}
