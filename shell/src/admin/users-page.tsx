import { ErrorCode, PARTNER_ROLES, type PartnerRole } from '@ph/contracts';
import { EmptyState, ErrorMessage, LoadingState } from '@ph/ui';
import { A, useParams } from '@solidjs/router';
import { createSignal, For, Match, onMount, Show, Switch } from 'solid-js';
import { useShell } from '../shell-context';
import {
  CHANGE_USER_ROLE_MUTATION,
  formatDateTime,
  INVITE_USER_MUTATION,
  isFullAdmin,
  problemOf,
  RESET_USER_PASSWORD_MUTATION,
  USERS_QUERY,
  type PasswordLink,
  type PartnerUserRow,
  type RequestProblem,
} from './admin-api';
import { ShellLoadable } from '../shell-loadable';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Loads the partner's users; shared by the list and the user page. */
function createUsers() {
  const shell = useShell();
  const [users, setUsers] = createSignal<PartnerUserRow[] | null>(null);
  const [loadError, setLoadError] = createSignal<ErrorCode | null>(null);
  const load = async () => {
    setLoadError(null);
    try {
      const data = await shell.gql.request<{ users: PartnerUserRow[] }>(USERS_QUERY);
      setUsers([...data.users].sort((a, b) => a.displayName.localeCompare(b.displayName, shell.locale())));
    } catch (error) {
      setLoadError(problemOf(error).code);
    }
  };
  onMount(() => void load());
  return { users, setUsers, loadError, load };
}

/** A set-password link, shown once after an invitation or a reset, with Copy (Partner Hub sends no e-mail). */
function PasswordLinkBox(props: { link: PasswordLink; email: string }) {
  const shell = useShell();
  const t = shell.t;
  const [copied, setCopied] = createSignal(false);
  const [copyFailed, setCopyFailed] = createSignal(false);
  let heading: HTMLHeadingElement | undefined;
  let field: HTMLInputElement | undefined;
  // Screen readers announce the box and keyboard users land next to Copy.
  onMount(() => heading?.focus());
  const copy = async () => {
    setCopyFailed(false);
    try {
      await navigator.clipboard.writeText(props.link.url);
      setCopied(true);
    } catch {
      setCopied(false);
      setCopyFailed(true);
      field?.select();
    }
  };
  return (
    <div class="ph-admin__secret">
      <h2 ref={heading} tabindex="-1">
        {t('users.passwordLink.title', { email: props.email })}
      </h2>
      <p>{t('users.passwordLink.once', { expiresAt: formatDateTime(props.link.expiresAt, shell.locale()) })}</p>
      <div class="ph-form__field">
        <label for="password-link">{t('users.passwordLink.label')}</label>
        <input ref={field} id="password-link" type="text" readOnly value={props.link.url} onFocus={(event) => event.currentTarget.select()} />
      </div>
      <button type="button" class="ph-button ph-button--secondary" onClick={() => void copy()}>
        {t('users.passwordLink.copy')}
      </button>
      <p role="status">{copied() ? t('users.passwordLink.copied') : ''}</p>
      <Show when={copyFailed()}>
        <p class="ph-error" role="alert">
          {t('users.passwordLink.copyFailed')}
        </p>
      </Show>
    </div>
  );
}

/** The invite form: e-mail, name and role, with translated field-level errors; then the new user's set-password link. */
function InviteForm(props: { onInvited: (user: PartnerUserRow) => void }) {
  const shell = useShell();
  const t = shell.t;
  const [email, setEmail] = createSignal('');
  const [name, setName] = createSignal('');
  const [role, setRole] = createSignal<PartnerRole>('ADMIN');
  const [emailError, setEmailError] = createSignal<string | null>(null);
  const [nameError, setNameError] = createSignal<string | null>(null);
  const [formError, setFormError] = createSignal<ErrorCode | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [done, setDone] = createSignal<{ email: string; link: PasswordLink } | null>(null);
  let emailInput: HTMLInputElement | undefined;
  let nameInput: HTMLInputElement | undefined;
  let errorBox: HTMLDivElement | undefined;

  const showProblem = (problem: RequestProblem) => {
    const emailField = problem.fields.find((field) => field.field === 'input.email');
    const nameField = problem.fields.find((field) => field.field === 'input.displayName');
    if (emailField) setEmailError(`users.fieldErrors.email.${emailField.reason}`);
    if (nameField) setNameError(`users.fieldErrors.displayName.${nameField.reason}`);
    if (emailField) emailInput?.focus();
    else if (nameField) nameInput?.focus();
    else {
      setFormError(problem.code);
      errorBox?.focus();
    }
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setEmailError(null);
    setNameError(null);
    setFormError(null);
    setDone(null);
    const trimmedEmail = email().trim();
    const trimmedName = name().trim();
    if (!EMAIL.test(trimmedEmail)) setEmailError('users.fieldErrors.email.invalid');
    if (!trimmedName) setNameError('users.fieldErrors.displayName.required');
    if (!EMAIL.test(trimmedEmail)) return emailInput?.focus();
    if (!trimmedName) return nameInput?.focus();
    setBusy(true);
    try {
      const data = await shell.gql.request<{ inviteUser: { user: PartnerUserRow; passwordLink: PasswordLink } }>(INVITE_USER_MUTATION, {
        input: { email: trimmedEmail, displayName: trimmedName, role: role() },
      });
      props.onInvited(data.inviteUser.user);
      setDone({ email: data.inviteUser.user.email, link: data.inviteUser.passwordLink });
      setEmail('');
      setName('');
    } catch (error) {
      const problem = problemOf(error);
      if (problem.code !== ErrorCode.Unauthenticated) showProblem(problem);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <form class="ph-form ph-admin-form" onSubmit={(event) => void submit(event)} novalidate aria-labelledby="invite-title">
        <h2 id="invite-title">{t('users.invite.title')}</h2>
        <div ref={errorBox} tabindex="-1" role="alert">
          <Show when={formError()}>{(code) => <p class="ph-error">{t(`errors.${code()}`)}</p>}</Show>
        </div>
        <div class="ph-form__field">
          <label for="invite-email">{t('users.invite.email')}</label>
          <input
            ref={emailInput}
            id="invite-email"
            type="email"
            autocomplete="off"
            value={email()}
            aria-invalid={emailError() ? 'true' : undefined}
            aria-describedby={emailError() ? 'invite-email-error' : undefined}
            onInput={(event) => setEmail(event.currentTarget.value)}
          />
          <Show when={emailError()}>
            {(key) => (
              <p id="invite-email-error" class="ph-error">
                {t(key())}
              </p>
            )}
          </Show>
        </div>
        <div class="ph-form__field">
          <label for="invite-name">{t('users.invite.displayName')}</label>
          <input
            ref={nameInput}
            id="invite-name"
            type="text"
            autocomplete="off"
            value={name()}
            aria-invalid={nameError() ? 'true' : undefined}
            aria-describedby={nameError() ? 'invite-name-error' : undefined}
            onInput={(event) => setName(event.currentTarget.value)}
          />
          <Show when={nameError()}>
            {(key) => (
              <p id="invite-name-error" class="ph-error">
                {t(key(), { max: 200 })}
              </p>
            )}
          </Show>
        </div>
        <div class="ph-form__field">
          <label for="invite-role">{t('users.role')}</label>
          <select id="invite-role" value={role()} onChange={(event) => setRole(event.currentTarget.value as PartnerRole)}>
            <For each={PARTNER_ROLES}>{(value) => <option value={value}>{t(`roles.${value}`)}</option>}</For>
          </select>
        </div>
        <button type="submit" class="ph-button" disabled={busy()}>
          {t('users.invite.submit')}
        </button>
        <p role="status">
          <Show when={done()}>{(who) => t('users.invite.done', { email: who().email })}</Show>
        </p>
      </form>
      <Show when={done()} keyed>
        {(invited) => <PasswordLinkBox link={invited.link} email={invited.email} />}
      </Show>
    </>
  );
}

/** The Users page (/users): the partner's administrators with their roles, and the invite form. Full admins only. */
export function UsersPage() {
  const shell = useShell();
  const t = shell.t;
  const { users, setUsers, loadError, load } = createUsers();
  return (
    <section class="ph-page ph-admin" aria-labelledby="users-title">
      <h1 id="users-title">{t('users.title')}</h1>
      <p>{t('users.intro')}</p>
      <ShellLoadable
        value={users()}
        error={loadError()}
        loadingLabel={t('users.loading')}
        onRetry={() => void load()}
      >
        {(rows) => (
          <>
            <Show when={rows().length > 0} fallback={<EmptyState message={t('users.empty')} />}>
              <table class="ph-table">
                <caption class="ph-visually-hidden">{t('users.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('users.name')}</th>
                    <th scope="col">{t('users.email')}</th>
                    <th scope="col">{t('users.role')}</th>
                    <th scope="col">{t('users.createdAt')}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={rows()}>
                    {(row) => (
                      <tr>
                        <th scope="row">
                          <A href={`/users/${row.id}`}>{row.displayName}</A>
                        </th>
                        <td>{row.email}</td>
                        <td>{t(`roles.${row.role}`)}</td>
                        <td>{formatDateTime(row.createdAt, shell.locale())}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </Show>
            <Show when={isFullAdmin(shell.user()?.role)}>
              <InviteForm onInvited={(user) => setUsers((list) => [...(list ?? []), user])} />
            </Show>
          </>
        )}
      </ShellLoadable>
    </section>
  );
}

/** One user (/users/:id): "Roles & security → Admin roles", where a full admin changes the role. */
export function UserPage() {
  const shell = useShell();
  const t = shell.t;
  const params = useParams<{ id: string }>();
  const { users, setUsers, loadError, load } = createUsers();
  const user = () => users()?.find((row) => row.id === params.id);
  const [role, setRole] = createSignal<PartnerRole | null>(null);
  const [problem, setProblem] = createSignal<string | null>(null);
  const [saved, setSaved] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  let errorBox: HTMLDivElement | undefined;
  const chosen = () => role() ?? user()?.role ?? null;
  const canEdit = () => isFullAdmin(shell.user()?.role);

  const save = async (event: SubmitEvent) => {
    event.preventDefault();
    const target = user();
    const next = chosen();
    if (!target || !next) return;
    setProblem(null);
    setSaved(false);
    setBusy(true);
    try {
      const data = await shell.gql.request<{ changeUserRole: PartnerUserRow }>(CHANGE_USER_ROLE_MUTATION, { userId: target.id, role: next });
      setUsers((list) => list?.map((row) => (row.id === target.id ? data.changeUserRole : row)) ?? null);
      setRole(null);
      setSaved(true);
    } catch (error) {
      const { code, fields } = problemOf(error);
      if (code === ErrorCode.Unauthenticated) return;
      const roleField = fields.find((field) => field.field === 'role');
      setProblem(roleField ? `users.fieldErrors.role.${roleField.reason}` : `errors.${code}`);
      errorBox?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="ph-page ph-admin" aria-labelledby="user-title">
      <p>
        <A href="/users">{t('users.back')}</A>
      </p>
      <Show
        when={users()}
        fallback={
          <Show when={loadError()} fallback={<LoadingState label={t('users.loading')} />}>
            {(code) => (
              <>
                <h1 id="user-title">{t('users.title')}</h1>
                <ErrorMessage message={t(`errors.${code()}`)} retryLabel={t('modules.retry')} onRetry={() => void load()} />
              </>
            )}
          </Show>
        }
      >
        <Show
          when={user()}
          fallback={
            <>
              <h1 id="user-title">{t('users.title')}</h1>
              <p>{t('errors.NOT_FOUND')}</p>
            </>
          }
        >
          {(found) => (
            <>
              <h1 id="user-title">{found().displayName}</h1>
              <p>
                {found().email} · {t(`roles.${found().role}`)}
              </p>
              <h2>{t('users.security.title')}</h2>
              <form class="ph-form ph-admin-form" onSubmit={(event) => void save(event)}>
                <fieldset disabled={!canEdit() || busy()}>
                  <legend>{t('users.security.adminRoles')}</legend>
                  <For each={PARTNER_ROLES}>
                    {(value) => (
                      <label class="ph-radio">
                        <input
                          type="radio"
                          name="role"
                          value={value}
                          checked={chosen() === value}
                          onChange={() => {
                            setRole(value);
                            setSaved(false);
                          }}
                        />{' '}
                        {t(`roles.${value}`)}
                      </label>
                    )}
                  </For>
                </fieldset>
                <div ref={errorBox} tabindex="-1" role="alert">
                  <Show when={problem()}>{(key) => <p class="ph-error">{t(key())}</p>}</Show>
                </div>
                <Show when={canEdit()} fallback={<p>{t('users.security.readOnly')}</p>}>
                  <button type="submit" class="ph-button" disabled={busy() || chosen() === found().role}>
                    {t('users.security.save')}
                  </button>
                </Show>
                <p role="status">{saved() ? t('users.security.saved') : ''}</p>
              </form>
              <Show when={canEdit()}>
                <PasswordSection user={found()} onReset={(id) => setUsers((list) => list?.map((row) => (row.id === id ? { ...row, hasPassword: false } : row)) ?? null)} />
              </Show>
            </>
          )}
        </Show>
      </Show>
    </section>
  );
}

/** Roles & security → Password: a full admin resets a local user's password and gets a new set-password link. */
function PasswordSection(props: { user: PartnerUserRow; onReset: (userId: string) => void }) {
  const shell = useShell();
  const t = shell.t;
  const [confirming, setConfirming] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [link, setLink] = createSignal<PasswordLink | null>(null);
  const [problem, setProblem] = createSignal<string | null>(null);
  let errorBox: HTMLDivElement | undefined;
  const self = () => shell.user()?.id === props.user.id;
  const reset = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const data = await shell.gql.request<{ resetUserPassword: PasswordLink }>(RESET_USER_PASSWORD_MUTATION, { userId: props.user.id });
      setConfirming(false);
      setLink(data.resetUserPassword);
      props.onReset(props.user.id);
    } catch (error) {
      const { code, fields } = problemOf(error);
      if (code === ErrorCode.Unauthenticated) return;
      const field = fields.find((entry) => entry.field === 'userId');
      setProblem(field ? `users.password.errors.${field.reason}` : `errors.${code}`);
      errorBox?.focus();
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="password-title">
      <h2 id="password-title">{t('users.password.title')}</h2>
      <Switch>
        <Match when={props.user.singleSignOn}>
          <p>{t('users.password.singleSignOn')}</p>
        </Match>
        <Match when={self()}>
          <p>{t('users.password.self')}</p>
        </Match>
        <Match when={true}>
          <p>{props.user.hasPassword ? t('users.password.set') : t('users.password.notSet')}</p>
          <div ref={errorBox} tabindex="-1" role="alert">
            <Show when={problem()}>{(key) => <p class="ph-error">{t(key())}</p>}</Show>
          </div>
          <Show
            when={confirming()}
            fallback={
              <button type="button" class="ph-button ph-button--secondary" onClick={() => setConfirming(true)}>
                {props.user.hasPassword ? t('users.password.reset') : t('users.password.newLink')}
              </button>
            }
          >
            <div class="ph-admin__confirm" role="group" aria-labelledby="password-confirm-text">
              <p id="password-confirm-text">{t('users.password.confirm', { name: props.user.displayName })}</p>
              <button type="button" class="ph-button" disabled={busy()} onClick={() => void reset()}>
                {props.user.hasPassword ? t('users.password.reset') : t('users.password.newLink')}
              </button>{' '}
              <button type="button" class="ph-button ph-button--secondary" disabled={busy()} onClick={() => setConfirming(false)}>
                {t('users.password.cancel')}
              </button>
            </div>
          </Show>
        </Match>
      </Switch>
      <Show when={link()} keyed>
        {(current) => <PasswordLinkBox link={current} email={props.user.email} />}
      </Show>
    </section>
  );
}
