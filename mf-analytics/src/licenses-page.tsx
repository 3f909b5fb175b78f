import { errorCodeOf, ErrorMessage, LoadingState } from '@ph/ui';
import { createResource, createSignal, createUniqueId, For, Match, Show, splitProps, Switch } from 'solid-js';
import { loadedPart } from './async-view';
import type { ViewContext } from './format';
import { LicenseSectionView, PAGE_SIZE } from './license-section';
import { LICENSE_KPIS_QUERY, LICENSE_VIEW_QUERY, SECTION_ALIAS, type AnalyticsProduct, type LicenseKpis, type LicenseSection, type LicenseView } from './queries';
import { TrendChart } from './trend-chart';

const KPI_KEYS = ['totalCustomers', 'expiringSoon', 'renewingSoon', 'lowAssignment', 'overage'] as const;
const PRODUCTS: AnalyticsProduct[] = ['MEETINGS', 'CALLING'];
const SECTIONS: LicenseSection[] = ['RECENTLY_ADDED', 'EXPIRING', 'RENEWING', 'LOW_ASSIGNMENT', 'OVERAGE'];

/** Partner licence analytics: headline KPIs, the Meetings / Calling switch, the trend and the five sections. */
export function LicensesPage(props: { ctx: ViewContext }) {
  const [local] = splitProps(props, ['ctx']);
  const { host, t, n } = local.ctx;
  const [product, setProduct] = createSignal<AnalyticsProduct>('MEETINGS');
  const [kpis, { refetch }] = createResource(
    () => host.region(),
    async (region) => (await host.gql.request<{ licenseKpis: LicenseKpis }>(LICENSE_KPIS_QUERY, { region })).licenseKpis,
  );
  // The trend and every section's first page for the region and product: one request.
  const [view, viewActions] = createResource(
    () => ({ region: host.region(), product: product() }),
    (variables) => host.gql.request<LicenseView>(LICENSE_VIEW_QUERY, { ...variables, first: PAGE_SIZE }),
  );
  return (
    <>
      <section class="ph-card" aria-labelledby="analytics-kpis">
        <h2 id="analytics-kpis">{t('kpis.heading', { region: host.region() })}</h2>
        <p class="ph-analytics__note">{t('kpis.note')}</p>
        <Switch>
          <Match when={kpis.error}>
            {(error) => (
              <ErrorMessage message={`${t('loadFailed')} ${t(`errors.${errorCodeOf(error())}`)}`} retryLabel={t('retry')} onRetry={() => void refetch()} />
            )}
          </Match>
          <Match when={kpis.loading}>
            <LoadingState label={t('loading')} />
          </Match>
          <Match when={kpis()}>
            {(data) => (
              <dl class="ph-kpis">
                <For each={KPI_KEYS}>
                  {(key) => (
                    <div class="ph-kpi" data-testid={`kpi-${key}`}>
                      <dt>
                        {t(`kpis.${key}`)}
                        <Show when={key === 'lowAssignment'}>
                          <InfoTip label={t('kpis.lowInfo')} text={t('kpis.lowDefinition')} />
                        </Show>
                      </dt>
                      <dd>{n(data()[key])}</dd>
                    </div>
                  )}
                </For>
              </dl>
            )}
          </Match>
        </Switch>
      </section>

      <fieldset class="ph-analytics__switch" data-testid="product-switch">
        <legend>{t('product.label')}</legend>
        <For each={PRODUCTS}>
          {(value) => (
            <label>
              <input type="radio" name="analytics-product" value={value} checked={product() === value} onChange={() => setProduct(value)} />
              {t(`product.${value}`)}
            </label>
          )}
        </For>
        <Show when={product() === 'CALLING'}>
          <p class="ph-analytics__note">{t('product.callingNote')}</p>
        </Show>
      </fieldset>

      <TrendChart ctx={local.ctx} product={product()} weeks={loadedPart(view, 'licenseTrend')} refetch={viewActions.refetch} />
      <For each={SECTIONS}>
        {(section) => (
          <LicenseSectionView
            ctx={local.ctx}
            product={product()}
            section={section}
            firstPage={loadedPart(view, SECTION_ALIAS[section])}
            refetchFirstPage={viewActions.refetch}
          />
        )}
      </For>
    </>
  );
}

/** An info button whose explanation shows on hover and on keyboard focus (and is its accessible description). */
function InfoTip(props: { label: string; text: string }) {
  const [local] = splitProps(props, ['label', 'text']);
  const [open, setOpen] = createSignal(false);
  const id = createUniqueId();
  return (
    <span class="ph-infotip" style={{ position: 'relative', 'margin-inline-start': '0.25rem' }} onMouseEnter={() => setOpen(true)} onMouseLeave={() => setOpen(false)}>
      <button
        type="button"
        class="ph-infotip__button"
        aria-label={local.label}
        aria-describedby={id}
        aria-expanded={open()}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onClick={() => setOpen(!open())}
        onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}
      >
        ?
      </button>
      <span id={id} role="tooltip" class="ph-infotip__text" hidden={!open()}>
        {local.text}
      </span>
    </span>
  );
}
