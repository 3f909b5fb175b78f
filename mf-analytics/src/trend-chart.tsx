import { splitProps } from 'solid-js';
import { AsyncView, type Loaded } from './async-view';
import { ChartView } from './chart';
import type { ViewContext } from './format';
import type { AnalyticsProduct, LicenseWeek } from './queries';

const SERIES = ['purchased', 'assigned', 'used'] as const;

/**
 * Licence distribution trend: purchased / assigned / used per week as a Chart.js line chart (loaded on
 * first show) and as a table. `weeks` comes with the page's request for the region and product.
 */
export function TrendChart(props: { ctx: ViewContext; product: AnalyticsProduct; weeks: Loaded<LicenseWeek[]>; refetch: () => unknown }) {
  const [local] = splitProps(props, ['ctx', 'product', 'weeks', 'refetch']);
  const { host, t } = local.ctx;
  return (
    <section class="ph-card" aria-labelledby="analytics-trend" data-testid="trend">
      <h2 id="analytics-trend">{t('trend.heading')}</h2>
      <AsyncView
        ctx={local.ctx}
        data={local.weeks}
        refetch={local.refetch}
        loading={t('trend.loading')}
        empty={t('trend.empty', { product: t(`product.${local.product}`), region: host.region() })}
        isEmpty={(data) => data.length === 0}
      >
        {(data) => <TrendView ctx={local.ctx} product={local.product} weeks={data} />}
      </AsyncView>
    </section>
  );
}

function TrendView(props: { ctx: ViewContext; product: AnalyticsProduct; weeks: LicenseWeek[] }) {
  const [local] = splitProps(props, ['ctx', 'product', 'weeks']);
  const { t, n } = local.ctx;
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
  return (
    <ChartView
      ctx={local.ctx}
      caption={t('trend.heading')}
      category={t('trend.week')}
      labels={local.weeks.map((w) => local.ctx.date(w.weekStart))}
      series={SERIES.map((key) => ({ label: t(`trend.${key}`), data: local.weeks.map((w) => w[key]) }))}
      description={description()}
    />
  );
}
