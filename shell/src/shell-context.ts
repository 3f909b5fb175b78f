import type { GraphQLClient, Locale, Region, SignedInUser } from '@ph/contracts';
import type { ModuleTranslate } from '@ph/ui';
import type { i18n as I18n } from 'i18next';
import { createContext, useContext } from 'solid-js';
import type { PasswordLinkInfo, SignInOptions } from './auth';
import type { RemoteLoader } from './remotes';

/** What the shell's own components share: settings, the session, the translator and the module loader. */
export interface ShellContextValue {
  t: ModuleTranslate;
  region: () => Region;
  locale: () => Locale;
  setRegion: (region: Region) => void;
  setLocale: (locale: Locale) => void;
  i18n: I18n;
  /** The client handed to modules: it tells the shell when the session has ended. */
  gql: GraphQLClient;
  loader: RemoteLoader;
  /** The signed-in user, `null` while signed out. */
  user: () => SignedInUser | null;
  /** True after a request found the session expired or revoked, until the next sign-in. */
  sessionEnded: () => boolean;
  /** Which sign-in methods the BFF offers (single sign-on only when configured). */
  signInOptions: () => Promise<SignInOptions>;
  /** Signs in with email and password, then loads the user; rejects with an `AuthRequestError`. */
  signIn: (email: string, password: string) => Promise<void>;
  /** Whom a set-password link is for; rejects with an `AuthRequestError` whose `fields` say what is wrong with the link. */
  passwordLink: (token: string) => Promise<PasswordLinkInfo>;
  /** Sets the password with a link, which also signs in, then loads the user; rejects with an `AuthRequestError`. */
  setPassword: (token: string, password: string) => Promise<void>;
  /** Revokes the current session at the BFF and returns to the sign-in page; rejects when the BFF cannot be reached. */
  signOut: () => Promise<void>;
  /** Forgets the user locally after the session was revoked some other way (e.g. on the Sessions page). */
  signedOut: () => void;
}

export const ShellContext = createContext<ShellContextValue>();

/** Reads the shell context; throws outside the shell. */
export function useShell(): ShellContextValue {
  const value = useContext(ShellContext);
  if (!value) throw new Error('useShell() outside <Shell>');
  return value;
}
