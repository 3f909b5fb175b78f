import { ErrorCode } from '@ph/contracts';
import { A } from '@solidjs/router';
import { createSignal, For, onMount, Show } from 'solid-js';
import { useShell } from '../shell-context';
import { ALL_CUSTOMER_ADMINS_QUERY, isFullAdmin, problemOf, type PartnerUserRow } from './admin-api';
import { ShellLoadable } from '../shell-loadable';

/** The partner-level Admins tab (/admins): administrators who see every customer; roles change on the user's page. */
export function AdminsPage() {
  const shell = useShell();
  const t = shell.t;
  const [admins, setAdmins] = createSignal<PartnerUserRow[] | null>(null);
  const [loadError, setLoadError] = createSignal<ErrorCode | null>(null);
  const load = async () => {
    setLoadError(null);
    try {
      const data = await shell.gql.request<{ allCustomerAdmins: PartnerUserRow[] }>(ALL_CUSTOMER_ADMINS_QUERY);
      setAdmins([...data.allCustomerAdmins].sort((a, b) => a.displayName.localeCompare(b.displayName, shell.locale())));
    } catch (error) {
      setLoadError(problemOf(error).code);
    }
  };
  onMount(() => void load());
  return (
    <section class="ph-page ph-admin" aria-labelledby="admins-title">
      <h1 id="admins-title">{t('admin.admins.title')}</h1>
      <p>{t('admin.admins.intro')}</p>
      <ShellLoadable
        value={admins()}
        error={loadError()}
        loadingLabel={t('admin.admins.loading')}
        onRetry={() => void load()}
        emptyMessage={t('admin.admins.empty')}
      >
        {(rows) => (
          <table class="ph-table">
            <caption class="ph-visually-hidden">{t('admin.admins.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('users.name')}</th>
                <th scope="col">{t('users.email')}</th>
                <th scope="col">{t('users.role')}</th>
              </tr>
            </thead>
            <tbody>
              <For each={rows()}>
                {(row) => (
                  <tr>
                    <th scope="row">
                      <Show when={isFullAdmin(shell.user()?.role)} fallback={row.displayName}>
                        <A href={`/users/${row.id}`} aria-label={t('admin.admins.changeRole', { name: row.displayName })}>
                          {row.displayName}
                        </A>
                      </Show>
                    </th>
                    <td>{row.email}</td>
                    <td>{t(`roles.${row.role}`)}</td>
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
