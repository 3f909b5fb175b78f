import { Show, splitProps, type JSX } from 'solid-js';

export interface ErrorMessageProps {
  /** Translated, user-facing text (never a raw exception message). */
  message: string;
  /** Label of the retry button; the button shows only with `onRetry`. */
  retryLabel?: string;
  onRetry?: () => void;
  children?: JSX.Element;
}

/** An alert box with an optional Retry button. */
export function ErrorMessage(props: ErrorMessageProps) {
  const [local] = splitProps(props, ['message', 'retryLabel', 'onRetry', 'children']);
  return (
    <div class="ph-error" role="alert">
      <p class="ph-error__text">{local.message}</p>
      {local.children}
      <Show when={local.onRetry}>
        {(retry) => (
          <button type="button" class="ph-button" onClick={() => retry()()}>
            {local.retryLabel ?? 'Retry'}
          </button>
        )}
      </Show>
    </div>
  );
}

export interface LoadingStateProps {
  /** Translated text announced to screen readers and shown next to the spinner. */
  label: string;
}

/** A polite live region that says something is loading. */
export function LoadingState(props: LoadingStateProps) {
  const [local] = splitProps(props, ['label']);
  return (
    <div class="ph-loading" role="status" aria-live="polite">
      <span class="ph-loading__spinner" aria-hidden="true" />
      <span>{local.label}</span>
    </div>
  );
}

export interface EmptyStateProps {
  /** Translated text. */
  message: string;
}

/** A short note that there is nothing to show. */
export function EmptyState(props: EmptyStateProps) {
  const [local] = splitProps(props, ['message']);
  return <p class="ph-empty">{local.message}</p>;
}
