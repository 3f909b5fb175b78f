import { Loadable, type LoadableProps } from '@ph/ui';
import { useShell } from './shell-context';

/** {@link Loadable} with the shell's texts for a failure: the error code's message and a Retry button. */
export function ShellLoadable<T>(props: Omit<LoadableProps<T>, 'errorMessage' | 'retryLabel'>) {
  const { t } = useShell();
  return <Loadable {...props} errorMessage={(code) => t(`errors.${code}`)} retryLabel={t('modules.retry')} />;
}
