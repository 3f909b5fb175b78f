import { ErrorCode } from '@ph/contracts';
import { createSignal, For, onMount, Show } from 'solid-js';
import { useShell } from '../shell-context';
import { formatDateTime, problemOf } from './admin-api';
import { ShellLoadable } from '../shell-loadable';

/** A partner API key for ingestion (GraphQL `ApiKey`); the value itself is never listed. */
export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const FIELDS = 'id name prefix createdAt lastUsedAt revokedAt';
export const API_KEYS_QUERY = `query ApiKeys { apiKeys { ${FIELDS} } }`;
export const CREATE_API_KEY_MUTATION = `mutation CreateApiKey($name: String!) { createApiKey(name: $name) { rawKey apiKey { ${FIELDS} } } }`;
export const REVOKE_API_KEY_MUTATION = `mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) { ${FIELDS} } }`;

/** API keys (/api-keys): list, create (the raw key shown once, with Copy) and revoke. Full admins only. */
export function ApiKeysPage() {
  const shell = useShell();
  const t = shell.t;
  const [keys, setKeys] = createSignal<ApiKeyRow[] | null>(null);
  const [loadError, setLoadError] = createSignal<ErrorCode | null>(null);
  const [name, setName] = createSignal('');
  const [nameError, setNameError] = createSignal<string | null>(null);
  const [problem, setProblem] = createSignal<string | null>(null);
  const [rawKey, setRawKey] = createSignal<string | null>(null);
  const [copied, setCopied] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  let errorBox: HTMLDivElement | undefined;
  let nameInput: HTMLInputElement | undefined;
  let rawKeyHeading: HTMLHeadingElement | undefined;

  const load = async () => {
    setLoadError(null);
    try {
      setKeys((await shell.gql.request<{ apiKeys: ApiKeyRow[] }>(API_KEYS_QUERY)).apiKeys);
    } catch (error) {
      setLoadError(problemOf(error).code);
    }
  };
  onMount(() => void load());

  const fail = (error: unknown) => {
    const { code } = problemOf(error);
    if (code === ErrorCode.Unauthenticated) return;
    setProblem(`errors.${code}`);
    errorBox?.focus();
  };

  const create = async (event: SubmitEvent) => {
    event.preventDefault();
    setProblem(null);
    setNameError(null);
    setCopied(false);
    const trimmed = name().trim();
    if (!trimmed || trimmed.length > 100) {
      setNameError(trimmed ? 'admin.apiKeys.fieldErrors.tooLong' : 'admin.apiKeys.fieldErrors.required');
      nameInput?.focus();
      return;
    }
    setBusy(true);
    try {
      const data = await shell.gql.request<{ createApiKey: { rawKey: string; apiKey: ApiKeyRow } }>(CREATE_API_KEY_MUTATION, { name: trimmed });
      setKeys((list) => [data.createApiKey.apiKey, ...(list ?? [])]);
      setRawKey(data.createApiKey.rawKey);
      setName('');
      rawKeyHeading?.focus();
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (row: ApiKeyRow) => {
    setProblem(null);
    setBusy(true);
    try {
      const data = await shell.gql.request<{ revokeApiKey: ApiKeyRow }>(REVOKE_API_KEY_MUTATION, { id: row.id });
      setKeys((list) => list?.map((key) => (key.id === row.id ? data.revokeApiKey : key)) ?? null);
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  };

  const copy = async () => {
    const value = rawKey();
    if (!value) return;
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      setProblem('admin.apiKeys.copyFailed');
    }
  };

  return (
    <section class="ph-page ph-admin" aria-labelledby="api-keys-title">
      <h1 id="api-keys-title">{t('admin.apiKeys.title')}</h1>
      <p>{t('admin.apiKeys.intro')}</p>
      <div ref={errorBox} tabindex="-1" role="alert">
        <Show when={problem()}>{(key) => <p class="ph-error">{t(key())}</p>}</Show>
      </div>
      <Show when={rawKey()}>
        {(value) => (
          <div class="ph-admin__secret">
            <h2 ref={rawKeyHeading} tabindex="-1">
              {t('admin.apiKeys.created.title')}
            </h2>
            <p>{t('admin.apiKeys.created.once')}</p>
            <p>
              <code data-testid="raw-api-key">{value()}</code>{' '}
              <button type="button" class="ph-button ph-button--secondary" onClick={() => void copy()}>
                {t('admin.apiKeys.created.copy')}
              </button>
            </p>
            <p role="status">{copied() ? t('admin.apiKeys.created.copied') : ''}</p>
          </div>
        )}
      </Show>
      <form class="ph-form ph-admin-form" onSubmit={(event) => void create(event)} novalidate>
        <div class="ph-form__field">
          <label for="api-key-name">{t('admin.apiKeys.name')}</label>
          <input
            ref={nameInput}
            id="api-key-name"
            type="text"
            value={name()}
            aria-invalid={nameError() ? 'true' : undefined}
            aria-describedby={nameError() ? 'api-key-name-error' : undefined}
            onInput={(event) => setName(event.currentTarget.value)}
          />
          <Show when={nameError()}>
            {(key) => (
              <p id="api-key-name-error" class="ph-error">
                {t(key(), { max: 100 })}
              </p>
            )}
          </Show>
        </div>
        <button type="submit" class="ph-button" disabled={busy()}>
          {t('admin.apiKeys.create')}
        </button>
      </form>
      <ShellLoadable
        value={keys()}
        error={loadError()}
        loadingLabel={t('admin.apiKeys.loading')}
        onRetry={() => void load()}
        emptyMessage={t('admin.apiKeys.empty')}
      >
        {(rows) => (
          <table class="ph-table">
            <caption class="ph-visually-hidden">{t('admin.apiKeys.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.apiKeys.name')}</th>
                <th scope="col">{t('admin.apiKeys.prefix')}</th>
                <th scope="col">{t('admin.apiKeys.createdAt')}</th>
                <th scope="col">{t('admin.apiKeys.lastUsedAt')}</th>
                <th scope="col">
                  <span class="ph-visually-hidden">{t('admin.apiKeys.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              <For each={rows()}>
                {(row) => (
                  <tr>
                    <th scope="row">{row.name}</th>
                    <td>
                      <code>{row.prefix}…</code>
                    </td>
                    <td>{formatDateTime(row.createdAt, shell.locale())}</td>
                    <td>{row.lastUsedAt ? formatDateTime(row.lastUsedAt, shell.locale()) : t('admin.apiKeys.neverUsed')}</td>
                    <td>
                      <Show
                        when={!row.revokedAt}
                        fallback={t('admin.apiKeys.revokedOn', { at: formatDateTime(row.revokedAt, shell.locale()) })}
                      >
                        <button
                          type="button"
                          class="ph-button ph-button--secondary"
                          disabled={busy()}
                          aria-label={t('admin.apiKeys.revokeLabel', { name: row.name })}
                          onClick={() => void revoke(row)}
                        >
                          {t('admin.apiKeys.revoke')}
                        </button>
                      </Show>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        )}
      </ShellLoadable>
    </section>
  );
}
