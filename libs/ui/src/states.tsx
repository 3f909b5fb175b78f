import { Show, splitProps, type Accessor, type JSX } from 'solid-js';

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

export interface LoadableProps<T> {
  /** The loaded value; null or undefined while it loads and after a failed load. */
  value: T | null | undefined;
  /** The error code of the last failed load; null or undefined while loading or loaded. */
  error: string | null | undefined;
  /** Translated text of the loading state. */
  loadingLabel: string;
  /** The translated message for an error code. */
  errorMessage: (code: string) => string;
  /** Label of the error's Retry button. */
  retryLabel: string;
  onRetry: () => void;
  /** With this, an empty array shows an empty state with this translated text instead of the children. */
  emptyMessage?: string;
  children: (value: Accessor<NonNullable<T>>) => JSX.Element;
}

/**
 * The four states of something a page loads: loading (a live region), failed (an alert with Retry),
 * empty (when `emptyMessage` is given and the value is an empty array) and loaded (the children).
 */
export function Loadable<T>(props: LoadableProps<T>) {
  const empty = (value: NonNullable<T>) => props.emptyMessage !== undefined && Array.isArray(value) && value.length === 0;
  return (
    <Show
      when={props.value}
      fallback={
        <Show when={props.error} fallback={<LoadingState label={props.loadingLabel} />}>
          {(code) => <ErrorMessage message={props.errorMessage(code())} retryLabel={props.retryLabel} onRetry={() => props.onRetry()} />}
        </Show>
      }
    >
      {(value) => (
        <Show when={!empty(value())} fallback={<EmptyState message={props.emptyMessage ?? ''} />}>
          {props.children(value)}
        </Show>
      )}
    </Show>
  );
}
