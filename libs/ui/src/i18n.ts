import type { Locale, ModuleHost } from '@ph/contracts';

/** A module's translation resources, one nested JSON object per locale. */
export type LocaleResources = Record<Locale, Record<string, unknown>>;

/** Translate options passed through to i18next (`count`, placeholders…). */
export type TranslateOptions = Record<string, unknown>;

/** A reactive translate function: reading it inside JSX re-runs when the host's locale changes. */
export type ModuleTranslate = (key: string, options?: TranslateOptions) => string;

/**
 * Adds the module's bundles to the host's i18next instance under `namespace` and returns a `t`
 * that tracks `host.locale()`, so every string re-renders when the shell switches language.
 */
export function createModuleTranslator(
  host: Pick<ModuleHost, 'i18n' | 'locale'>,
  namespace: string,
  resources: LocaleResources,
): ModuleTranslate {
  for (const [lng, bundle] of Object.entries(resources)) {
    if (!host.i18n.hasResourceBundle(lng, namespace)) host.i18n.addResourceBundle(lng, namespace, bundle, true, true);
  }
  return (key, options) => {
    const lng = host.locale();
    return String(host.i18n.getFixedT(lng, namespace)(key, options as never));
  };
}

/** Formats a number for the host's current locale (reactive when read inside JSX). */
export function createNumberFormat(host: Pick<ModuleHost, 'locale'>): (value: number) => string {
  const cache = new Map<string, Intl.NumberFormat>();
  return (value) => {
    const lng = host.locale();
    let format = cache.get(lng);
    if (!format) cache.set(lng, (format = new Intl.NumberFormat(lng)));
    return format.format(value);
  };
}
