import { ErrorCode } from '@ph/contracts';
import { errorCodeOf } from '@ph/ui';
import { createSignal, For, onMount, Show } from 'solid-js';
import { useShell } from './shell-context';
import { ShellLoadable } from './shell-loadable';

/** One of the signed-in user's sessions (GraphQL `Session`). */
export interface SessionRow {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  userAgent: string | null;
  current: boolean;
}

export const MY_SESSIONS_QUERY = 'query MySessions { mySessions { id createdAt lastSeenAt userAgent current } }';
export const REVOKE_SESSION_MUTATION = 'mutation RevokeSession($id: ID!) { revokeSession(id: $id) }';

const BROWSERS: [RegExp, string][] = [
  [/Edg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
  [/OPR\/(\d+)/, 'Opera'],
  [/(?:Firefox|FxiOS)\/(\d+)/, 'Firefox'],
  [/Chromium\/(\d+)/, 'Chromium'],
  [/(?:HeadlessChrome|Chrome|CriOS)\/(\d+)/, 'Chrome'],
  [/Version\/(\d+)[^ ]* (?:Mobile\/\S+ )?Safari\//, 'Safari'],
];
const SYSTEMS: [RegExp, string][] = [
  [/Windows/, 'Windows'],
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Android/, 'Android'],
  [/CrOS/, 'ChromeOS'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Linux/, 'Linux'],
];

/** A short, recognisable name for a user agent ("Firefox 128", "Windows"), or nothing when it is not recognised. */
export function describeUserAgent(userAgent: string): { browser?: string; system?: string } {
  const browser = BROWSERS.map(([pattern, name]) => {
    const match = pattern.exec(userAgent);
    return match ? `${name} ${match[1]}` : undefined;
  }).find(Boolean);
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  return { browser, system };
}

/** The Sessions page: where the user is signed in, with Revoke per session (revoking this one signs out). */
export function SessionsPage() {
  const shell = useShell();
  const t = shell.t;
  const [sessions, setSessions] = createSignal<SessionRow[] | null>(null);
  const [loadError, setLoadError] = createSignal<string | null>(null);
  const [revokeError, setRevokeError] = createSignal<string | null>(null);
  const [revoking, setRevoking] = createSignal<string | null>(null);
  let revokeErrorBox: HTMLDivElement | undefined;

  const load = async () => {
    setLoadError(null);
    try {
      const data = await shell.gql.request<{ mySessions: SessionRow[] }>(MY_SESSIONS_QUERY);
      const rows = [...data.mySessions].sort(
        (a, b) => Number(b.current) - Number(a.current) || Date.parse(b.lastSeenAt) - Date.parse(a.lastSeenAt),
      );
      setSessions(rows);
    } catch (error) {
      setLoadError(errorCodeOf(error));
    }
  };
  onMount(() => void load());

  const formatDate = (value: string) => {
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) return value;
    return new Intl.DateTimeFormat(shell.locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
  };

  const browserName = (userAgent: string | null) => {
    if (!userAgent) return t('sessions.unknownBrowser');
    const { browser, system } = describeUserAgent(userAgent);
    if (browser && system) return t('sessions.browserOn', { browser, system });
    return browser ?? system ?? userAgent;
  };

  const revoke = async (row: SessionRow) => {
    setRevokeError(null);
    setRevoking(row.id);
    try {
      await shell.gql.request<{ revokeSession: boolean }, { id: string }>(REVOKE_SESSION_MUTATION, { id: row.id });
      if (row.current) {
        shell.signedOut();
        return;
      }
      setSessions((rows) => rows?.filter((other) => other.id !== row.id) ?? null);
    } catch (error) {
      const code = errorCodeOf(error);
      // UNAUTHENTICATED: the shell has already taken over and shows the sign-in page.
      if (code === ErrorCode.Unauthenticated) return;
      setRevokeError(code);
      revokeErrorBox?.focus();
    } finally {
      setRevoking(null);
    }
  };

  return (
    <section class="ph-page ph-sessions" aria-labelledby="sessions-title">
      <h1 id="sessions-title">{t('sessions.title')}</h1>
      <p>{t('sessions.intro')}</p>
      <div ref={revokeErrorBox} tabindex="-1" role="alert">
        <Show when={revokeError()}>{(code) => <p class="ph-error">{t(`errors.${code()}`)}</p>}</Show>
      </div>
      <ShellLoadable
        value={sessions()}
        error={loadError()}
        loadingLabel={t('sessions.loading')}
        onRetry={() => void load()}
        emptyMessage={t('sessions.empty')}
      >
        {(rows) => (
          <table class="ph-table">
            <caption class="ph-visually-hidden">{t('sessions.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('sessions.browser')}</th>
                <th scope="col">{t('sessions.createdAt')}</th>
                <th scope="col">{t('sessions.lastSeenAt')}</th>
                <th scope="col">
                  <span class="ph-visually-hidden">{t('sessions.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              <For each={rows()}>
                {(row) => (
                  <tr>
                    <th scope="row" title={row.userAgent ?? undefined}>
                      {browserName(row.userAgent)}
                      <Show when={row.current}>
                        {' '}
                        <span class="ph-badge">{t('sessions.current')}</span>
                      </Show>
                    </th>
                    <td>{formatDate(row.createdAt)}</td>
                    <td>{formatDate(row.lastSeenAt)}</td>
                    <td>
                      <button
                        type="button"
                        class="ph-button ph-button--secondary"
                        disabled={revoking() !== null}
                        aria-label={t(row.current ? 'sessions.revokeCurrentLabel' : 'sessions.revokeLabel', {
                          browser: browserName(row.userAgent),
                          createdAt: formatDate(row.createdAt),
                        })}
                        onClick={() => void revoke(row)}
                      >
                        {t('sessions.revoke')}
                      </button>
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
