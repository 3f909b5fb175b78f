import { ErrorCode } from '@ph/contracts';
import { A } from '@solidjs/router';
import { createSignal, For, onMount, Show } from 'solid-js';
import { translateCode } from '../i18n';
import { useShell } from '../shell-context';
import { formatDateTime, isFullAdmin, problemOf } from './admin-api';
import { ShellLoadable } from '../shell-loadable';

/** The partner's own organisation (GraphQL `MyOrganization`). */
export interface MyOrganization {
  name: string;
  setUp: boolean;
  setUpAt: string | null;
  setUpByName: string | null;
  termsUrl: string;
  termsVersion: string;
  acceptedTermsVersion: string | null;
  subscription: { customerCount: number; products: string[] };
}

const FIELDS = 'name setUp setUpAt setUpByName termsUrl termsVersion acceptedTermsVersion subscription { customerCount products }';
export const MY_ORGANIZATION_QUERY = `query MyOrganization { myOrganization { ${FIELDS} } }`;
export const SET_UP_MY_ORGANIZATION_MUTATION = `mutation SetUpMyOrganization($acceptTerms: Boolean!) { setUpMyOrganization(acceptTerms: $acceptTerms) { ${FIELDS} } }`;

/** "Start my organisation" (/my-organization): the setup wizard on first visit, afterwards the way to users, services and analytics. */
export function MyOrganizationPage() {
  const shell = useShell();
  const t = shell.t;
  const [organization, setOrganization] = createSignal<MyOrganization | null>(null);
  const [loadError, setLoadError] = createSignal<ErrorCode | null>(null);
  const [accepted, setAccepted] = createSignal(false);
  const [problem, setProblem] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  let errorBox: HTMLDivElement | undefined;
  let doneHeading: HTMLHeadingElement | undefined;
  const canSetUp = () => isFullAdmin(shell.user()?.role);

  const load = async () => {
    setLoadError(null);
    try {
      setOrganization((await shell.gql.request<{ myOrganization: MyOrganization }>(MY_ORGANIZATION_QUERY)).myOrganization);
    } catch (error) {
      setLoadError(problemOf(error).code);
    }
  };
  onMount(() => void load());

  const getStarted = async (event: SubmitEvent) => {
    event.preventDefault();
    setProblem(null);
    if (!accepted()) {
      setProblem('organization.acceptRequired');
      errorBox?.focus();
      return;
    }
    setBusy(true);
    try {
      const data = await shell.gql.request<{ setUpMyOrganization: MyOrganization }>(SET_UP_MY_ORGANIZATION_MUTATION, { acceptTerms: true });
      setOrganization(data.setUpMyOrganization);
      doneHeading?.focus();
    } catch (error) {
      const { code } = problemOf(error);
      if (code === ErrorCode.Unauthenticated) return;
      if (code === ErrorCode.Conflict) void load();
      setProblem(`errors.${code}`);
      errorBox?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="ph-page ph-admin" aria-labelledby="organization-title">
      <h1 id="organization-title">{t('organization.title')}</h1>
      <ShellLoadable
        value={organization()}
        error={loadError()}
        loadingLabel={t('organization.loading')}
        onRetry={() => void load()}
      >
        {(org) => (
          <>
            <p class="ph-admin__lead">{org().name}</p>
            <Show
              when={org().setUp}
              fallback={
                <>
                  <h2>{t('organization.wizard.title')}</h2>
                  <p>{t('organization.wizard.intro')}</p>
                  <h3>{t('organization.subscription.title')}</h3>
                  <dl class="ph-admin__facts">
                    <dt>{t('organization.subscription.customers')}</dt>
                    <dd>{new Intl.NumberFormat(shell.locale()).format(org().subscription.customerCount)}</dd>
                    <dt>{t('organization.subscription.products')}</dt>
                    <dd>
                      <ul>
                        <For each={org().subscription.products}>{(product) => <li>{translateCode(t, ['products'], product)}</li>}</For>
                      </ul>
                    </dd>
                  </dl>
                  <h3>{t('organization.terms.title')}</h3>
                  <p>
                    <a href={org().termsUrl} target="_blank" rel="noopener noreferrer">
                      {t('organization.terms.read', { version: org().termsVersion })}
                    </a>
                  </p>
                  <Show when={canSetUp()} fallback={<p>{t('organization.onlyFullAdmin')}</p>}>
                    <form class="ph-form ph-admin-form" onSubmit={(event) => void getStarted(event)}>
                      <label class="ph-checkbox">
                        <input type="checkbox" checked={accepted()} onChange={(event) => setAccepted(event.currentTarget.checked)} />{' '}
                        {t('organization.terms.accept', { version: org().termsVersion })}
                      </label>
                      <div ref={errorBox} tabindex="-1" role="alert">
                        <Show when={problem()}>{(key) => <p class="ph-error">{t(key())}</p>}</Show>
                      </div>
                      <button type="submit" class="ph-button" disabled={busy()}>
                        {t('organization.getStarted')}
                      </button>
                    </form>
                  </Show>
                </>
              }
            >
              <h2 ref={doneHeading} tabindex="-1">
                {t('organization.done.title')}
              </h2>
              <p>
                {t('organization.done.setUpBy', {
                  name: org().setUpByName ?? t('organization.done.unknown'),
                  at: formatDateTime(org().setUpAt, shell.locale()),
                })}
              </p>
              <p>{t('organization.done.next')}</p>
              <ul class="ph-admin__links">
                <Show when={canSetUp()}>
                  <li>
                    <A href="/users">{t('organization.done.users')}</A>
                  </li>
                </Show>
                <li>
                  <A href="/customers">{t('organization.done.services')}</A>
                </li>
                <li>
                  <A href="/analytics">{t('organization.done.analytics')}</A>
                </li>
              </ul>
            </Show>
          </>
        )}
      </ShellLoadable>
    </section>
  );
}
