import { ErrorCode } from '@ph/contracts';
import { errorCodeOf } from '@ph/ui';
import { useSearchParams } from '@solidjs/router';
import { createResource, createSignal, onMount, Show } from 'solid-js';
import { AuthRequestError, OIDC_START_PATH } from './auth';
import { useShell } from './shell-context';

/** What went wrong, as the page shows it. */
interface SignInProblem {
  /** `signIn.errors.*` key. */
  key: string;
  options?: Record<string, unknown>;
  /** Which inputs the message is about (they get `aria-invalid`). */
  fields: ('email' | 'password')[];
}

/** Turns a failed sign-in into a translated message; the wait of a 429 comes from `Retry-After`. */
function problemOf(error: unknown): SignInProblem {
  const code = errorCodeOf(error);
  switch (code) {
    case ErrorCode.Unauthenticated:
      return { key: 'wrongCredentials', fields: ['email', 'password'] };
    case ErrorCode.RateLimited: {
      const seconds = error instanceof AuthRequestError ? error.retryAfterSeconds : undefined;
      if (seconds === undefined) return { key: 'rateLimited', fields: [] };
      if (seconds < 60) return { key: 'rateLimitedSeconds', options: { count: Math.max(1, seconds) }, fields: [] };
      return { key: 'rateLimitedMinutes', options: { count: Math.ceil(seconds / 60) }, fields: [] };
    }
    case ErrorCode.Network:
    case ErrorCode.Unavailable:
      return { key: 'network', fields: [] };
    default:
      return { key: 'failed', fields: [] };
  }
}

const ERROR_ID = 'sign-in-error';

/** The sign-in page: email and password, single sign-on, translated errors announced and focused. */
export function SignInPage() {
  const shell = useShell();
  const t = shell.t;
  const [params] = useSearchParams();
  const [email, setEmail] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [options] = createResource(() => shell.signInOptions());
  const [problem, setProblem] = createSignal<SignInProblem | null>(
    params.error === 'sso' ? { key: 'sso', fields: [] } : null,
  );
  let errorBox: HTMLDivElement | undefined;
  let emailInput: HTMLInputElement | undefined;

  onMount(() => {
    if (!problem()) emailInput?.focus();
  });

  const show = (next: SignInProblem) => {
    setProblem(next);
    // The summary is rendered by now; moving focus there makes screen readers read it and puts keyboard users next to it.
    errorBox?.focus();
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    const missing = [...(email().trim() ? [] : (['email'] as const)), ...(password() ? [] : (['password'] as const))];
    if (missing.length > 0) {
      show({ key: missing.length === 2 ? 'missingBoth' : missing[0] === 'email' ? 'missingEmail' : 'missingPassword', fields: missing });
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      // On success the shell sees the user and leaves this page for `next`.
      await shell.signIn(email().trim(), password());
    } catch (error) {
      setPassword('');
      show(problemOf(error));
    } finally {
      setBusy(false);
    }
  };

  const invalid = (field: 'email' | 'password') => (problem()?.fields.includes(field) ? true : undefined);
  const describedBy = (field: 'email' | 'password') => (invalid(field) ? ERROR_ID : undefined);

  return (
    <section class="ph-sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t('signIn.title')}</h1>
      <Show when={shell.sessionEnded() && !problem()}>
        <p class="ph-notice" role="status">
          {t('signIn.sessionEnded')}
        </p>
      </Show>
      <div id={ERROR_ID} ref={errorBox} tabindex="-1" class="ph-sign-in__error" role="alert">
        <Show when={problem()}>{(current) => <p class="ph-error">{t(`signIn.errors.${current().key}`, current().options)}</p>}</Show>
      </div>
      <form class="ph-form" noValidate onSubmit={(event) => void submit(event)}>
        <div class="ph-form__field">
          <label for="sign-in-email">{t('signIn.email')}</label>
          <input
            ref={emailInput}
            id="sign-in-email"
            name="email"
            type="email"
            autocomplete="username"
            inputmode="email"
            spellcheck={false}
            required
            aria-invalid={invalid('email')}
            aria-describedby={describedBy('email')}
            value={email()}
            onInput={(event) => setEmail(event.currentTarget.value)}
          />
        </div>
        <div class="ph-form__field">
          <label for="sign-in-password">{t('signIn.password')}</label>
          <input
            id="sign-in-password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
            aria-invalid={invalid('password')}
            aria-describedby={describedBy('password')}
            value={password()}
            onInput={(event) => setPassword(event.currentTarget.value)}
          />
        </div>
        <button type="submit" class="ph-button" disabled={busy()}>
          {busy() ? t('signIn.submitting') : t('signIn.submit')}
        </button>
      </form>
      <Show when={options()?.sso}>
        <p class="ph-sign-in__or">{t('signIn.or')}</p>
        <button
          type="button"
          class="ph-button ph-button--secondary"
          onClick={() => {
            window.location.assign(OIDC_START_PATH);
          }}
        >
          {t('signIn.sso')}
        </button>
      </Show>
    </section>
  );
}
