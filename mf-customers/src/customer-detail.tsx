import type { ModuleHost } from '@ph/contracts';
import { createCountryName, errorCodeOf, ErrorMessage, LoadingState, type ModuleTranslate } from '@ph/ui';
import { createResource, For, Show, splitProps } from 'solid-js';
import type { CustomerRow } from './customer-list';
import { DetailTabs } from './detail-tabs';
import { canTag, TagAction } from './tag-tools';

/** GraphQL: the detail header of one customer. */
export const CUSTOMER_QUERY = /* GraphQL */ `
  query CustomerDetail($region: Region!, $id: ID!) {
    customer(region: $region, id: $id) {
      id name country region statuses products licensesPurchased licensesAssigned nextEndDate managedBy launchUrl
      contactName contactEmail contactPhone externalId
      tags { id name color }
    }
  }
`;

/** A customer as the detail header reads it. */
export interface CustomerDetailData extends CustomerRow {
  region: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string | null;
  externalId: string | null;
}

export interface CustomerDetailProps {
  host: ModuleHost;
  t: ModuleTranslate;
  id: string;
  onBack: () => void;
}

/** A customer's detail: header (name, country/region, statuses, tags, contact, launch). */
export function CustomerDetail(props: CustomerDetailProps) {
  const [local] = splitProps(props, ['host', 't', 'id', 'onBack']);
  const t = (key: string, options?: Record<string, unknown>) => local.t(key, options);
  const [customer, { refetch }] = createResource(
    () => ({ region: local.host.region(), id: local.id }),
    async ({ region, id }) => (await local.host.gql.request<{ customer: CustomerDetailData | null }>(CUSTOMER_QUERY, { region, id })).customer,
  );
  const countryName = createCountryName(local.host);

  return (
    <article aria-labelledby="customers-title">
      <button type="button" class="ph-link-button" onClick={() => local.onBack()}>
        {t('detail.back')}
      </button>
      <Show when={customer.loading}>
        <LoadingState label={t('loading')} />
      </Show>
      <Show when={customer.error}>
        {(error) => <ErrorMessage message={`${t('detail.loadFailed')} ${t(`errors.${errorCodeOf(error())}`)}`} retryLabel={t('retry')} onRetry={() => void refetch()} />}
      </Show>
      <Show when={!customer.error && customer()}>
        {(c) => (
          <header class="ph-detail-header">
            <h1 id="customers-title">{c().name}</h1>
            <dl class="ph-facts">
              <dt>{t('detail.country')}</dt>
              <dd>
                {countryName(c().country)} · {t('detail.region', { region: c().region })}
              </dd>
              <dt>{t('columns.statuses')}</dt>
              <dd>
                <ul class="ph-chips" data-testid="detail-statuses">
                  <For each={c().statuses}>{(status) => <li class="ph-chip">{t(`status.${status}`)}</li>}</For>
                </ul>
              </dd>
              <dt>{t('columns.tags')}</dt>
              <dd>
                <ul class="ph-chips" data-testid="detail-tags">
                  <For each={c().tags} fallback={<li>—</li>}>
                    {(tag) => (
                      <li class="ph-chip" style={{ 'border-color': tag.color }}>
                        {tag.name}
                      </li>
                    )}
                  </For>
                </ul>
                <Show when={canTag(local.host)}>
                  <TagAction host={local.host} t={local.t} customerIds={[c().id]} onDone={() => void refetch()} />
                </Show>
              </dd>
              <dt>{t('detail.contact')}</dt>
              <dd>
                {c().contactName} · <a href={`mailto:${c().contactEmail}`}>{c().contactEmail}</a>
                <Show when={c().contactPhone}>{(phone) => <> · {phone()}</>}</Show>
              </dd>
            </dl>
            <a class="ph-button" href={c().launchUrl} target="_blank" rel="noopener noreferrer">
              {t('list.launch')}
            </a>
          </header>
        )}
      </Show>
      <Show when={!customer.error && customer()}>
        <DetailTabs host={local.host} t={local.t} id={local.id} />
      </Show>
    </article>
  );
}
