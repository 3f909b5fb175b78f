import { splitProps } from 'solid-js';
import { useShell } from './shell-context';

export interface LaterPageProps {
  /** `nav.*` key of the page's title. */
  titleKey: string;
}

/** A shell page that says honestly that its content arrives in a later version. */
export function LaterPage(props: LaterPageProps) {
  const [local] = splitProps(props, ['titleKey']);
  const shell = useShell();
  return (
    <section class="ph-page">
      <h1>{shell.t(local.titleKey)}</h1>
      <p>{shell.t('pages.comingLater')}</p>
    </section>
  );
}

/** The page for unknown addresses. */
export function NotFoundPage() {
  const shell = useShell();
  return (
    <section class="ph-page">
      <h1>{shell.t('pages.notFound.title')}</h1>
      <p>{shell.t('pages.notFound.body')}</p>
    </section>
  );
}
