import type { ModuleProps, RemoteModule } from '@ph/contracts';
import { createModuleTranslator, createNumberFormat, EmptyState, errorCodeOf, ErrorMessage, LoadingState } from '@ph/ui';
import { createResource, For, Match, splitProps, Switch } from 'solid-js';
import en from './locales/en.json';
import nl from './locales/nl.json';

/** The module's i18next namespace. */
export const namespace = 'reports';

/** GraphQL: the partner's report templates (not region-bound). */
export const REPORT_TEMPLATES_QUERY = /* GraphQL */ `
  query ReportTemplates {
    reportTemplates {
      id
      key
      name
    }
  }
`;

/** One report template as this module reads it. */
export interface ReportTemplate {
  id: string;
  key: string;
  name: string;
}

/** The reports module: the list of report templates. */
export function App(props: ModuleProps) {
  const [local] = splitProps(props, ['host']);
  const host = local.host;
  const t = createModuleTranslator(host, namespace, { en, nl });
  const n = createNumberFormat(host);
  const [templates, { refetch }] = createResource(
    async () => (await host.gql.request<{ reportTemplates: ReportTemplate[] }>(REPORT_TEMPLATES_QUERY)).reportTemplates,
  );

  return (
    <section class="ph-module" aria-labelledby="reports-title">
      <h1 id="reports-title">{t('title')}</h1>
      <Switch>
        <Match when={templates.loading}>
          <LoadingState label={t('loading')} />
        </Match>
        <Match when={templates.error}>
          {(error) => (
            <ErrorMessage
              message={`${t('loadFailed')} ${t(`errors.${errorCodeOf(error())}`)}`}
              retryLabel={t('retry')}
              onRetry={() => void refetch()}
            />
          )}
        </Match>
        <Match when={templates()?.length === 0}>
          <EmptyState message={t('empty')} />
        </Match>
        <Match when={templates()}>
          {(list) => (
            <div class="ph-card">
              <h2 id="report-templates-title">{t('templates.heading')}</h2>
              <p data-testid="template-count">{t('templates.count', { count: list().length, value: n(list().length) })}</p>
              <ul aria-labelledby="report-templates-title">
                <For each={list()}>{(template) => <li data-key={template.key}>{template.name}</li>}</For>
              </ul>
            </div>
          )}
        </Match>
      </Switch>
    </section>
  );
}

// Compile-time check that this expose matches the shell's contract.
({ App, namespace }) satisfies RemoteModule;
