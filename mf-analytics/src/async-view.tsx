import { EmptyState, errorCodeOf, ErrorMessage, LoadingState } from '@ph/ui';
import { Match, splitProps, Switch, type JSX } from 'solid-js';
import type { ViewContext } from './format';

/** What {@link AsyncView} reads of loaded data: a Solid resource, or a part of one. */
export interface Loaded<T> {
  readonly error: unknown;
  /** The last answer (kept while a refetch runs); undefined before the first. */
  readonly latest: T | undefined;
  /** True while a request runs. */
  readonly loading?: boolean;
}

/** The `key` part of loaded data (the same error and loading state, the key of its answer). */
export function loadedPart<T, K extends keyof T>(data: Loaded<T>, key: K): Loaded<T[K]> {
  return {
    get error() {
      return data.error;
    },
    // (A Solid resource throws its error on `latest`.)
    get latest() {
      return data.error ? undefined : data.latest?.[key];
    },
    get loading() {
      return data.loading;
    },
  };
}

/**
 * The designed states of data loaded by a resource: error (with retry), loading, empty, then the content.
 * Keeps the last answer on screen while a refetch (e.g. a region change) runs.
 */
export function AsyncView<T>(props: {
  ctx: ViewContext;
  data: Loaded<T>;
  refetch: () => unknown;
  loading: string;
  empty: string;
  isEmpty: (data: T) => boolean;
  children: (data: T) => JSX.Element;
}) {
  const [local] = splitProps(props, ['ctx', 'data', 'refetch', 'loading', 'empty', 'isEmpty', 'children']);
  const { t } = local.ctx;
  return (
    <Switch>
      <Match when={local.data.error}>
        {(error) => <ErrorMessage message={`${t('loadFailed')} ${t(`errors.${errorCodeOf(error())}`)}`} retryLabel={t('retry')} onRetry={() => void local.refetch()} />}
      </Match>
      <Match when={local.data.latest === undefined}>
        <LoadingState label={local.loading} />
      </Match>
      <Match when={local.isEmpty(local.data.latest as T)}>
        <EmptyState message={local.empty} />
      </Match>
      <Match when={local.data.latest !== undefined}>{local.children(local.data.latest as T)}</Match>
    </Switch>
  );
}
