import type { i18n as I18n } from 'i18next';
import type { Locale, Region } from './region';
import type { PartnerRole } from './roles';

/** The federated front-end modules, their federation names and route prefixes. */
export const MODULES = [
  { id: 'customers', federationName: 'mf_customers', routePrefix: '/customers' },
  { id: 'analytics', federationName: 'mf_analytics', routePrefix: '/analytics' },
  { id: 'reports', federationName: 'mf_reports', routePrefix: '/reports' },
] as const;
export type ModuleId = (typeof MODULES)[number]['id'];

/** What every remote exposes under this name. */
export const MODULE_EXPOSE = './App';

/** One entry of the remotes manifest the BFF serves at {@link REMOTES_MANIFEST_PATH}. */
export interface RemoteEntry {
  id: ModuleId;
  /** Module Federation container name (`mf_customers`). */
  name: string;
  /** URL of the module's `mf-manifest.json`, absolute or relative to the shell's origin. */
  entry: string;
  /** Route prefix in the shell (`/customers`). */
  routePrefix: string;
}

export interface RemotesManifest {
  remotes: RemoteEntry[];
  /** How long the shell waits for a remote's manifest and entry before showing the fallback (ms). */
  timeoutMs?: number;
}

export const REMOTES_MANIFEST_PATH = '/config/remotes.json';
export const GRAPHQL_PATH = '/graphql';
/** Header every GraphQL request must carry (CSRF defence together with `application/json`). */
export const CSRF_HEADER = 'x-partner-hub';

/** Minimal typed GraphQL client the shell hands to every module. */
export interface GraphQLClient {
  request<TData, TVars extends Record<string, unknown> = Record<string, unknown>>(
    query: string,
    variables?: TVars,
    options?: { signal?: AbortSignal },
  ): Promise<TData>;
}

/** The signed-in partner administrator, as the shell knows them. */
export interface SignedInUser {
  id: string;
  email: string;
  displayName: string;
  role: PartnerRole;
  partnerId: string;
  partnerName: string;
}


/** Everything the shell hands to a mounted module. Accessors are reactive (Solid signals). */
export interface ModuleHost {
  region: () => Region;
  locale: () => Locale;
  user: () => SignedInUser | null;
  /** The shell's one i18next instance; a module adds its own namespace to it. */
  i18n: I18n;
  gql: GraphQLClient;
  /** The route prefix the module is mounted under, e.g. `/customers`. */
  basePath: string;
  /** Navigates within the console; paths are absolute (`/customers/123`). */
  navigate: (path: string, options?: { replace?: boolean }) => void;
}

export interface ModuleProps {
  host: ModuleHost;
}

/** The shape of a remote's `./App` expose. `App` is a Solid component. */
export interface RemoteModule {
  App: (props: ModuleProps) => unknown;
  /** The module's i18next namespace. */
  namespace: string;
}
