import type { GraphQLClient, Locale, Region } from '@ph/contracts';
import type { ModuleTranslate } from '@ph/ui';
import type { i18n as I18n } from 'i18next';
import { createContext, useContext } from 'solid-js';
import type { RemoteLoader } from './remotes';

/** What the shell's own components share: settings, the translator and the module loader. */
export interface ShellContextValue {
  t: ModuleTranslate;
  region: () => Region;
  locale: () => Locale;
  setRegion: (region: Region) => void;
  setLocale: (locale: Locale) => void;
  i18n: I18n;
  gql: GraphQLClient;
  loader: RemoteLoader;
}

export const ShellContext = createContext<ShellContextValue>();

/** Reads the shell context; throws outside the shell. */
export function useShell(): ShellContextValue {
  const value = useContext(ShellContext);
  if (!value) throw new Error('useShell() outside <Shell>');
  return value;
}
