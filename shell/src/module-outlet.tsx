import type { ModuleHost, ModuleId, ModuleProps } from '@ph/contracts';
import { ErrorMessage, LoadingState } from '@ph/ui';
import { useNavigate } from '@solidjs/router';
import { createMemo, createSignal, ErrorBoundary, lazy, splitProps, Suspense, type Component } from 'solid-js';
import { Dynamic } from 'solid-js/web';
import { useShell } from './shell-context';

export interface ModuleOutletProps {
  id: ModuleId;
  /** Route prefix the module is mounted under. */
  basePath: string;
}

/** Loads a remote module at run time and isolates its failures behind a translated fallback with Retry. */
export function ModuleOutlet(props: ModuleOutletProps) {
  const [local] = splitProps(props, ['id', 'basePath']);
  const shell = useShell();
  const navigate = useNavigate();
  const [attempt, setAttempt] = createSignal(0);
  const name = () => shell.t(`nav.${local.id}`);

  const host: ModuleHost = {
    region: shell.region,
    locale: shell.locale,
    user: shell.user,
    i18n: shell.i18n,
    gql: shell.gql,
    get basePath() {
      return local.basePath;
    },
    navigate: (path, options) => navigate(path, { replace: options?.replace }),
  };

  const Module = createMemo(() => {
    const force = attempt() > 0;
    const id = local.id;
    return lazy(async () => {
      const remote = await shell.loader.load(id, { force });
      return { default: remote.App as Component<ModuleProps> };
    });
  });

  return (
    <ErrorBoundary
      fallback={(error, reset) => {
        console.error(`[shell] module "${local.id}" failed`, error);
        return (
          <ErrorMessage
            message={shell.t('modules.failed', { name: name() })}
            retryLabel={shell.t('modules.retry')}
            onRetry={() => {
              setAttempt((n) => n + 1);
              reset();
            }}
          >
            <p>{shell.t('modules.failedHint')}</p>
          </ErrorMessage>
        );
      }}
    >
      <Suspense fallback={<LoadingState label={shell.t('modules.loading', { name: name() })} />}>
        <Dynamic component={Module()} host={host} />
      </Suspense>
    </ErrorBoundary>
  );
}
