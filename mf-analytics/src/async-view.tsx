import { EmptyState, errorCodeOf, ErrorMessage, LoadingState } from '@ph/ui';
import { Match, splitProps, Switch, type JSX, type Resource } from 'solid-js';
import type { ViewContext } from './format';

/**
 * The designed states of data loaded by a resource: error (with retry), loading, empty, then the content.
 * Keeps the last answer on screen while a refetch (e.g. a region change) runs.
 */
export function AsyncView<T>(props: {
  ctx: ViewContext;
  data: Resource<T>;
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
