import type { ModuleProps, Region, RemoteModule } from '@ph/contracts';
import { createModuleTranslator, createNumberFormat, EmptyState, errorCodeOf, ErrorMessage, LoadingState } from '@ph/ui';
import { createResource, For, Match, splitProps, Switch } from 'solid-js';
import { LicenseChart } from './license-chart';
import en from './locales/en.json';
import nl from './locales/nl.json';

/** The module's i18next namespace. */
export const namespace = 'analytics';

/** GraphQL: the selected region's license totals. */
export const LICENSE_SUMMARY_QUERY = /* GraphQL */ `
  query LicenseSummary($region: Region!) {
    regionSummary(region: $region) {
      region
      licensesPurchased
      licensesAssigned
      licensesUsed
    }
  }
`;

/** The fields of `regionSummary` this module reads. */
export interface LicenseSummary {
  region: Region;
  licensesPurchased: number;
  licensesAssigned: number;
  licensesUsed: number;
}

const KINDS = ['purchased', 'assigned', 'used'] as const;

/** The analytics module: purchased / assigned / used licenses of the selected region, with a chart. */
export function App(props: ModuleProps) {
  const [local] = splitProps(props, ['host']);
  const host = local.host;
  const t = createModuleTranslator(host, namespace, { en, nl });
  const n = createNumberFormat(host);
  const [summary, { refetch }] = createResource(
    () => host.region(),
    async (region) =>
      (await host.gql.request<{ regionSummary: LicenseSummary }>(LICENSE_SUMMARY_QUERY, { region })).regionSummary,
  );
  const valueOf = (data: LicenseSummary, kind: (typeof KINDS)[number]) =>
    ({ purchased: data.licensesPurchased, assigned: data.licensesAssigned, used: data.licensesUsed })[kind];

  return (
    <section class="ph-module" aria-labelledby="analytics-title">
      <h1 id="analytics-title">{t('title')}</h1>
      <Switch>
        <Match when={summary.loading}>
          <LoadingState label={t('loading')} />
        </Match>
        <Match when={summary.error}>
          {(error) => (
            <ErrorMessage
              message={`${t('loadFailed')} ${t(`errors.${errorCodeOf(error())}`)}`}
              retryLabel={t('retry')}
              onRetry={() => void refetch()}
            />
          )}
        </Match>
        <Match when={summary()?.licensesPurchased === 0 && summary()?.licensesAssigned === 0}>
          <EmptyState message={t('empty', { region: host.region() })} />
        </Match>
        <Match when={summary()}>
          {(data) => (
            <div class="ph-card">
              <h2>{t('licenses.heading', { region: data().region })}</h2>
              <dl class="ph-kpis">
                <For each={KINDS}>
                  {(kind) => (
                    <div class="ph-kpi" data-testid={`licenses-${kind}`}>
                      <dt>{t(`licenses.${kind}`)}</dt>
                      <dd>{n(valueOf(data(), kind))}</dd>
                    </div>
                  )}
                </For>
              </dl>
              <LicenseChart
                labels={KINDS.map((kind) => t(`licenses.${kind}`))}
                values={KINDS.map((kind) => valueOf(data(), kind))}
                seriesLabel={t('chart.series')}
                description={t('chart.label', {
                  region: data().region,
                  purchased: n(data().licensesPurchased),
                  assigned: n(data().licensesAssigned),
                  used: n(data().licensesUsed),
                })}
                loadingLabel={t('chart.loading')}
                failedLabel={t('chart.failed')}
                locale={host.locale()}
              />
            </div>
          )}
        </Match>
      </Switch>
    </section>
  );
}

// Compile-time check that this expose matches the shell's contract.
({ App, namespace }) satisfies RemoteModule;
