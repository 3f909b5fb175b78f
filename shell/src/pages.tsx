import { useShell } from './shell-context';

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
