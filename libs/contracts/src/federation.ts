/**
 * Packages the shell and every module share as Module Federation singletons: one Solid runtime
 * (compiled JSX imports `solid-js/web`), one router and one i18next instance. A module may add its
 * own (mf-analytics adds `chart.js`).
 */
export const SHARED_SINGLETONS = ['solid-js', 'solid-js/web', 'solid-js/store', '@solidjs/router', 'i18next'] as const;

/** One entry of Module Federation's `shared` option. */
export interface SharedSingleton {
  singleton: true;
  requiredVersion: string;
}

/**
 * The `shared` option of a federated package: every singleton at the version its package.json
 * declares (a subpath such as `solid-js/web` takes its package's version). Fails the build when the
 * package does not depend on one of them, so a team cannot silently drift from the contract.
 */
export function sharedSingletons(dependencies: Record<string, string>, extra: readonly string[] = []): Record<string, SharedSingleton> {
  const shared: Record<string, SharedSingleton> = {};
  for (const name of [...SHARED_SINGLETONS, ...extra]) {
    const pkg = name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0];
    const version = dependencies[pkg];
    if (!version) throw new Error(`${pkg} must be a dependency: it is shared as a singleton`);
    shared[name] = { singleton: true, requiredVersion: version };
  }
  return shared;
}
