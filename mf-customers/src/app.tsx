import type { ModuleProps, Region, RemoteModule } from '@ph/contracts';
import { createModuleTranslator, createNumberFormat, EmptyState, errorCodeOf, ErrorMessage, LoadingState } from '@ph/ui';
import { createResource, Match, splitProps, Switch } from 'solid-js';
import en from './locales/en.json';
import nl from './locales/nl.json';

/** The module's i18next namespace. */
export const namespace = 'customers';

/** GraphQL: the selected region's customer counts. */
export const CUSTOMER_SUMMARY_QUERY = /* GraphQL */ `
  query CustomerSummary($region: Region!) {
    regionSummary(region: $region) {
      region
      customerCount
      subscriptionCount
      trialCount
    }
  }
`;

/** The fields of `regionSummary` this module reads. */
export interface CustomerSummary {
  region: Region;
  customerCount: number;
  subscriptionCount: number;
  trialCount: number;
}

/** The customers module: a summary of the selected region's customers. */
export function App(props: ModuleProps) {
  const [local] = splitProps(props, ['host']);
  const host = local.host;
  const t = createModuleTranslator(host, namespace, { en, nl });
  const n = createNumberFormat(host);
  const [summary, { refetch }] = createResource(
    () => host.region(),
    async (region) =>
      (await host.gql.request<{ regionSummary: CustomerSummary }>(CUSTOMER_SUMMARY_QUERY, { region })).regionSummary,
  );

  return (
    <section class="ph-module" aria-labelledby="customers-title">
      <h1 id="customers-title">{t('title')}</h1>
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
        <Match when={summary()?.customerCount === 0}>
          <EmptyState message={t('empty', { region: host.region() })} />
        </Match>
        <Match when={summary()}>
          {(data) => (
            <div class="ph-card">
              <p class="ph-kpi" data-testid="customer-count">
                {t('summary.customers', { count: data().customerCount, value: n(data().customerCount), region: data().region })}
              </p>
              <p data-testid="trial-count">{t('summary.trials', { count: data().trialCount, value: n(data().trialCount) })}</p>
              <p data-testid="subscription-count">
                {t('summary.subscriptions', { count: data().subscriptionCount, value: n(data().subscriptionCount) })}
              </p>
            </div>
          )}
        </Match>
      </Switch>
    </section>
  );
}

// Compile-time check that this expose matches the shell's contract.
({ App, namespace }) satisfies RemoteModule;
