import { createEffect, createSignal, onCleanup, onMount, Show, splitProps } from 'solid-js';
import type { Chart } from 'chart.js';

export interface LicenseChartProps {
  /** Translated bar labels, in the order of `values`. */
  labels: string[];
  values: number[];
  /** Translated series name. */
  seriesLabel: string;
  /** Translated text alternative for the canvas (all numbers in words). */
  description: string;
  /** Translated text shown while Chart.js loads and if it fails. */
  loadingLabel: string;
  failedLabel: string;
  /** BCP 47 locale for the axis numbers. */
  locale: string;
}

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** A small bar chart; Chart.js is imported on first mount, never in the module's first-load chunk. */
export function LicenseChart(props: LicenseChartProps) {
  const [local] = splitProps(props, ['labels', 'values', 'seriesLabel', 'description', 'loadingLabel', 'failedLabel', 'locale']);
  let canvas: HTMLCanvasElement | undefined;
  const [chart, setChart] = createSignal<Chart<'bar'>>();
  const [failed, setFailed] = createSignal(false);
  let disposed = false;

  onMount(async () => {
    try {
      const { Chart: ChartJs, BarController, BarElement, CategoryScale, LinearScale, Tooltip } = await import('chart.js');
      if (disposed || !canvas) return;
      ChartJs.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);
      const colors = [
        cssVar('--ph-color-chart-1', '#0b5cad'),
        cssVar('--ph-color-chart-2', '#2e8540'),
        cssVar('--ph-color-chart-3', '#c26a00'),
      ];
      setChart(
        new ChartJs(canvas, {
          type: 'bar',
          data: { labels: local.labels, datasets: [{ label: local.seriesLabel, data: local.values, backgroundColor: colors }] },
          options: { responsive: true, maintainAspectRatio: false, animation: false, locale: local.locale, plugins: { legend: { display: false } } },
        }),
      );
    } catch {
      setFailed(true);
    }
  });

  createEffect(() => {
    const instance = chart();
    if (!instance) return;
    instance.data.labels = local.labels;
    instance.data.datasets[0]!.data = local.values;
    instance.data.datasets[0]!.label = local.seriesLabel;
    instance.options.locale = local.locale;
    instance.update();
  });

  onCleanup(() => {
    disposed = true;
    chart()?.destroy();
  });

  return (
    <figure class="ph-chart" style={{ position: 'relative', height: '220px', margin: 0 }}>
      <canvas ref={canvas} role="img" aria-label={local.description} />
      <Show when={!chart() && !failed()}>
        <figcaption class="ph-loading">{local.loadingLabel}</figcaption>
      </Show>
      <Show when={failed()}>
        <figcaption class="ph-empty">{local.failedLabel}</figcaption>
      </Show>
    </figure>
  );
}
