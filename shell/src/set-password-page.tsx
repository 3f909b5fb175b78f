import { ErrorCode } from '@ph/contracts';
import { errorCodeOf, LoadingState } from '@ph/ui';
import { A, useLocation, useNavigate } from '@solidjs/router';
import { createResource, createSignal, Match, Show, Switch } from 'solid-js';
import { AuthRequestError, SIGN_IN_PATH, type PasswordLinkInfo } from './auth';
import { useShell } from './shell-context';

/** The password policy the BFF enforces (shown as a hint and checked before sending). */
export const PASSWORD_MIN_LENGTH = 12;
const TOKEN_PROBLEMS = ['missing', 'unknown', 'expired', 'used', 'replaced'] as const;
type TokenProblem = (typeof TOKEN_PROBLEMS)[number];

/** A message of the form: its `setPassword.errors.*` key, placeholders and the input it is about. */
interface FormProblem {
  key: string;
  options?: Record<string, unknown>;
  field?: 'password' | 'confirm';
}

/** The token's problem in a failed request, if that is what failed. */
function tokenProblemOf(error: unknown): TokenProblem | null {
  const reason = error instanceof AuthRequestError ? error.fields.find((field) => field.field === 'token')?.reason : undefined;
  if (!reason) return null;
  return (TOKEN_PROBLEMS as readonly string[]).includes(reason) ? (reason as TokenProblem) : 'unknown';
}

/** Turns a failed submit (other than a token problem) into a message. */
function formProblemOf(error: unknown): FormProblem {
  if (error instanceof AuthRequestError) {
    const field = error.fields.find((entry) => entry.field === 'password');
    if (field) return { key: `password.${field.reason}`, options: field.params, field: 'password' };
  }
  switch (errorCodeOf(error)) {
    case ErrorCode.RateLimited: {
      const seconds = error instanceof AuthRequestError ? error.retryAfterSeconds : undefined;
      return seconds === undefined ? { key: 'rateLimited' } : { key: 'rateLimitedMinutes', options: { count: Math.max(1, Math.ceil(seconds / 60)) } };
    }
    case ErrorCode.Network:
    case ErrorCode.Unavailable:
      return { key: 'network' };
    default:
      return { key: 'failed' };
  }
}

const ERROR_ID = 'set-password-error';
const HINT_ID = 'set-password-hint';

/**
 * The page a set-password link opens (/set-password#token=…): it checks the link, lets the invitee
 * choose a password under the policy, and signs them in. The token stays in the fragment, which the
 * browser never sends to a server.
 */
export function SetPasswordPage() {
  const shell = useShell();
  const t = shell.t;
  const location = useLocation();
  const navigate = useNavigate();
  const token = () => new URLSearchParams(location.hash.replace(/^#/, '')).get('token') ?? '';
  const [tokenProblem, setTokenProblem] = createSignal<TokenProblem | null>(token() ? null : 'missing');
  const [checkFailed, setCheckFailed] = createSignal<FormProblem | null>(null);
  // No token, no request (an empty source would still fetch).
  const [link] = createResource(() => token() || false, async (value): Promise<PasswordLinkInfo | null> => {
    try {
      return await shell.passwordLink(value);
    } catch (error) {
      const problem = tokenProblemOf(error);
      if (problem) setTokenProblem(problem);
      else setCheckFailed(formProblemOf(error));
      return null;
    }
  });
  const [password, setPassword] = createSignal('');
  const [confirm, setConfirm] = createSignal('');
  const [problem, setProblem] = createSignal<FormProblem | null>(null);
  const [busy, setBusy] = createSignal(false);
  let errorBox: HTMLDivElement | undefined;

  const show = (next: FormProblem) => {
    setProblem(next);
    errorBox?.focus();
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    if (!password()) return show({ key: 'password.required', field: 'password' });
    if ([...password()].length < PASSWORD_MIN_LENGTH) return show({ key: 'password.tooShort', options: { min: PASSWORD_MIN_LENGTH }, field: 'password' });
    if (password() !== confirm()) return show({ key: 'mismatch', field: 'confirm' });
    setBusy(true);
    setProblem(null);
    try {
      await shell.setPassword(token(), password());
      navigate('/', { replace: true });
    } catch (error) {
      const expired = tokenProblemOf(error);
      if (expired) setTokenProblem(expired);
      else show(formProblemOf(error));
    } finally {
      setBusy(false);
    }
  };

  const invalid = (field: 'password' | 'confirm') => (problem()?.field === field ? true : undefined);
  const describedBy = (field: 'password' | 'confirm') => [field === 'password' ? HINT_ID : '', invalid(field) ? ERROR_ID : ''].filter(Boolean).join(' ') || undefined;
  const title = () => (link()?.purpose === 'RESET' ? t('setPassword.titleReset') : t('setPassword.title'));

  return (
    <section class="ph-sign-in ph-set-password" aria-labelledby="set-password-title">
      <Switch>
        <Match when={tokenProblem()}>
          {(reason) => (
            <>
              <h1 id="set-password-title">{t('setPassword.title')}</h1>
              <p class="ph-error" role="alert">
                {t(`setPassword.errors.token.${reason()}`)}
              </p>
              <p>
                <A href={SIGN_IN_PATH}>{t('setPassword.signIn')}</A>
              </p>
            </>
          )}
        </Match>
        <Match when={checkFailed()}>
          {(failure) => (
            <>
              <h1 id="set-password-title">{t('setPassword.title')}</h1>
              <p class="ph-error" role="alert">
                {t(`setPassword.errors.${failure().key}`, failure().options)}
              </p>
            </>
          )}
        </Match>
        <Match when={link.loading || !link()}>
          <h1 id="set-password-title">{t('setPassword.title')}</h1>
          <LoadingState label={t('setPassword.checking')} />
        </Match>
        <Match when={link()}>
          {(info) => (
            <>
              <h1 id="set-password-title">{title()}</h1>
              <p>{t('setPassword.intro', { name: info().displayName, email: info().email })}</p>
              <div id={ERROR_ID} ref={errorBox} tabindex="-1" class="ph-sign-in__error" role="alert">
                <Show when={problem()}>{(current) => <p class="ph-error">{t(`setPassword.errors.${current().key}`, current().options)}</p>}</Show>
              </div>
              <form class="ph-form" noValidate onSubmit={(event) => void submit(event)}>
                {/* Lets password managers store the new password under the right account. */}
                <input type="email" name="username" autocomplete="username" value={info().email} readOnly hidden />
                <div class="ph-form__field">
                  <label for="set-password-new">{t('setPassword.password')}</label>
                  <input
                    id="set-password-new"
                    name="new-password"
                    type="password"
                    autocomplete="new-password"
                    required
                    aria-invalid={invalid('password')}
                    aria-describedby={describedBy('password')}
                    value={password()}
                    onInput={(event) => setPassword(event.currentTarget.value)}
                  />
                  <p id={HINT_ID} class="ph-form__hint">
                    {t('setPassword.hint', { min: PASSWORD_MIN_LENGTH })}
                  </p>
                </div>
                <div class="ph-form__field">
                  <label for="set-password-confirm">{t('setPassword.confirm')}</label>
                  <input
                    id="set-password-confirm"
                    name="confirm-password"
                    type="password"
                    autocomplete="new-password"
                    required
                    aria-invalid={invalid('confirm')}
                    aria-describedby={describedBy('confirm')}
                    value={confirm()}
                    onInput={(event) => setConfirm(event.currentTarget.value)}
                  />
                </div>
                <button type="submit" class="ph-button" disabled={busy()}>
                  {busy() ? t('setPassword.submitting') : t('setPassword.submit')}
                </button>
              </form>
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}
