import { EmptyState, errorCodeOf, ErrorMessage, LoadingState } from '@ph/ui';
import type { Chart } from 'chart.js';
import { createEffect, createResource, createSignal, For, Match, onCleanup, Show, splitProps, Switch } from 'solid-js';
import type { ViewContext } from './format';
import { LICENSE_TREND_QUERY, type AnalyticsProduct, type LicenseWeek } from './queries';

const SERIES = ['purchased', 'assigned', 'used'] as const;

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** Licence distribution trend: purchased / assigned / used per week as a Chart.js line chart (loaded on first show) and as a table. */
export function TrendChart(props: { ctx: ViewContext; product: AnalyticsProduct }) {
  const [local] = splitProps(props, ['ctx', 'product']);
  const { host, t } = local.ctx;
  const [weeks, { refetch }] = createResource(
    () => ({ region: host.region(), product: local.product }),
    async (variables) => (await host.gql.request<{ licenseTrend: LicenseWeek[] }>(LICENSE_TREND_QUERY, variables)).licenseTrend,
  );
  return (
    <section class="ph-card" aria-labelledby="analytics-trend" data-testid="trend">
      <h2 id="analytics-trend">{t('trend.heading')}</h2>
      <Switch>
        <Match when={weeks.error}>
          {(error) => <ErrorMessage message={`${t('loadFailed')} ${t(`errors.${errorCodeOf(error())}`)}`} retryLabel={t('retry')} onRetry={() => void refetch()} />}
        </Match>
        <Match when={!weeks.latest}>
          <LoadingState label={t('trend.loading')} />
        </Match>
        <Match when={weeks.latest?.length === 0}>
          <EmptyState message={t('trend.empty', { product: t(`product.${local.product}`), region: host.region() })} />
        </Match>
        <Match when={weeks.latest}>{(data) => <TrendView ctx={local.ctx} product={local.product} weeks={data()} />}</Match>
      </Switch>
    </section>
  );
}

function TrendView(props: { ctx: ViewContext; product: AnalyticsProduct; weeks: LicenseWeek[] }) {
  const [local] = splitProps(props, ['ctx', 'product', 'weeks']);
  const { t, n } = local.ctx;
  let canvas: HTMLCanvasElement | undefined;
  const [chart, setChart] = createSignal<Chart<'line'>>();
  const [failed, setFailed] = createSignal(false);
  let disposed = false;
  const labels = () => local.weeks.map((w) => local.ctx.date(w.weekStart));
  const datasets = () => SERIES.map((key) => ({ label: t(`trend.${key}`), data: local.weeks.map((w) => w[key]) }));
  const description = () => {
    const last = local.weeks.at(-1)!;
    return t('trend.label', {
      product: t(`product.${local.product}`),
      from: local.ctx.date(local.weeks[0]!.weekStart),
      to: local.ctx.date(last.weekStart),
      purchased: n(last.purchased),
      assigned: n(last.assigned),
      used: n(last.used),
    });
  };

  void (async () => {
    try {
      const { Chart: ChartJs, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend } = await import('chart.js');
      if (disposed || !canvas) return;
      ChartJs.register(LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend);
      const colors = [cssVar('--ph-color-chart-1', '#0b5cad'), cssVar('--ph-color-chart-2', '#2e8540'), cssVar('--ph-color-chart-3', '#c26a00')];
      setChart(
        new ChartJs(canvas, {
          type: 'line',
          data: { labels: labels(), datasets: datasets().map((d, i) => ({ ...d, borderColor: colors[i], backgroundColor: colors[i], pointRadius: 2 })) },
          options: {
            responsive: true,
            maintainAspectRatio: false,
            animation: false,
            locale: local.ctx.host.locale(),
            interaction: { mode: 'index', intersect: false },
            plugins: { tooltip: { enabled: true } },
          },
        }),
      );
    } catch {
      setFailed(true);
    }
  })();

  createEffect(() => {
    const instance = chart();
    if (!instance) return;
    instance.data.labels = labels();
    datasets().forEach((d, i) => Object.assign(instance.data.datasets[i]!, d));
    instance.options.locale = local.ctx.host.locale();
    instance.update();
  });

  onCleanup(() => {
    disposed = true;
    chart()?.destroy();
  });

  return (
    <>
      <figure class="ph-chart" style={{ position: 'relative', height: '260px', margin: 0 }}>
        <canvas ref={canvas} role="img" aria-label={description()} />
        <Show when={!chart() && !failed()}>
          <figcaption class="ph-loading">{t('trend.loading')}</figcaption>
        </Show>
        <Show when={failed()}>
          <figcaption class="ph-empty">{t('trend.failed')}</figcaption>
        </Show>
      </figure>
      <details class="ph-analytics__table-view">
        <summary>{t('trend.table')}</summary>
        <div style={{ 'overflow-x': 'auto' }}>
          <table class="ph-table">
            <caption>{t('trend.heading')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('trend.week')}</th>
                <For each={SERIES}>{(key) => <th scope="col" style={{ 'text-align': 'end' }}>{t(`trend.${key}`)}</th>}</For>
              </tr>
            </thead>
            <tbody>
              <For each={local.weeks}>
                {(week) => (
                  <tr>
                    <th scope="row">{local.ctx.date(week.weekStart)}</th>
                    <For each={SERIES}>{(key) => <td style={{ 'text-align': 'end' }}>{n(week[key])}</td>}</For>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}
