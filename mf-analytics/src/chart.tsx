import type { Chart } from 'chart.js';
import { createEffect, createSignal, For, onCleanup, Show, splitProps } from 'solid-js';
import type { ViewContext } from './format';

/** One line or bar series of a {@link ChartView}. */
export interface ChartSeries {
  label: string;
  data: (number | null)[];
}

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/**
 * A Chart.js chart (loaded on first show, with tooltips) plus an accessible table view of the same numbers.
 * Shared by the Licenses and Calling pages.
 */
export function ChartView(props: {
  ctx: ViewContext;
  type?: 'line' | 'bar';
  /** Caption of the table view. */
  caption: string;
  /** Header of the first (category) column of the table view. */
  category: string;
  labels: string[];
  series: ChartSeries[];
  /** The chart's accessible name: a summary of what it shows. */
  description: string;
  /** Formats a value in the table view and the tooltips (default integer). */
  format?: (value: number | null) => string;
  testId?: string;
}) {
  const [local] = splitProps(props, ['ctx', 'type', 'caption', 'category', 'labels', 'series', 'description', 'format', 'testId']);
  const { t } = local.ctx;
  const format = (value: number | null) => (local.format ? local.format(value) : value === null ? t('table.none') : local.ctx.n(value));
  let canvas: HTMLCanvasElement | undefined;
  const [chart, setChart] = createSignal<Chart>();
  const [failed, setFailed] = createSignal(false);
  let disposed = false;

  void (async () => {
    try {
      const { Chart: ChartJs, LineController, LineElement, PointElement, BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend } = await import('chart.js');
      if (disposed || !canvas) return;
      ChartJs.register(LineController, LineElement, PointElement, BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);
      const colors = [cssVar('--ph-color-chart-1', '#0b5cad'), cssVar('--ph-color-chart-2', '#2e8540'), cssVar('--ph-color-chart-3', '#c26a00')];
      setChart(
        new ChartJs(canvas, {
          type: local.type ?? 'line',
          data: {
            labels: local.labels,
            datasets: local.series.map((d, i) => ({ ...d, borderColor: colors[i % colors.length], backgroundColor: colors[i % colors.length], pointRadius: 2 })),
          },
          options: {
            responsive: true,
            maintainAspectRatio: false,
            animation: false,
            locale: local.ctx.host.locale(),
            interaction: { mode: 'index', intersect: false },
            plugins: {
              tooltip: { enabled: true, callbacks: { label: (item) => `${item.dataset.label ?? ''}: ${format(item.raw as number | null)}` } },
            },
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
    instance.data.labels = local.labels;
    local.series.forEach((d, i) => Object.assign(instance.data.datasets[i]!, d));
    instance.options.locale = local.ctx.host.locale();
    instance.update();
  });

  onCleanup(() => {
    disposed = true;
    chart()?.destroy();
  });

  return (
    <div data-testid={local.testId}>
      <figure class="ph-chart" style={{ position: 'relative', height: '260px', margin: 0 }}>
        <canvas ref={canvas} role="img" aria-label={local.description} />
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
            <caption>{local.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{local.category}</th>
                <For each={local.series}>{(s) => <th scope="col" style={{ 'text-align': 'end' }}>{s.label}</th>}</For>
              </tr>
            </thead>
            <tbody>
              <For each={local.labels}>
                {(label, i) => (
                  <tr>
                    <th scope="row">{label}</th>
                    <For each={local.series}>{(s) => <td style={{ 'text-align': 'end' }}>{format(s.data[i()] ?? null)}</td>}</For>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
