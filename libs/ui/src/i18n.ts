import type { Locale, ModuleHost } from '@ph/contracts';
import en from './locales/en.json';
import nl from './locales/nl.json';

/** The design system's namespace: texts every module shares, such as `errors.<ErrorCode>`. */
export const UI_NAMESPACE = 'phUi';
const UI_RESOURCES: LocaleResources = { en, nl };

/** A module's translation resources, one nested JSON object per locale. */
export type LocaleResources = Record<Locale, Record<string, unknown>>;

/** Translate options passed through to i18next (`count`, placeholders…). */
export type TranslateOptions = Record<string, unknown>;

/** A reactive translate function: reading it inside JSX re-runs when the host's locale changes. */
export type ModuleTranslate = (key: string, options?: TranslateOptions) => string;

/**
 * Adds the module's bundles to the host's i18next instance under `namespace` and returns a `t`
 * that tracks `host.locale()`, so every string re-renders when the shell switches language.
 * Keys the module does not define (e.g. `errors.NOT_FOUND`) come from the shared {@link UI_NAMESPACE}.
 */
export function createModuleTranslator(
  host: Pick<ModuleHost, 'i18n' | 'locale'>,
  namespace: string,
  resources: LocaleResources,
): ModuleTranslate {
  for (const [ns, bundles] of [[namespace, resources], [UI_NAMESPACE, UI_RESOURCES]] as const) {
    for (const [lng, bundle] of Object.entries(bundles)) {
      if (!host.i18n.hasResourceBundle(lng, ns)) host.i18n.addResourceBundle(lng, ns, bundle, true, true);
    }
  }
  const namespaces = [namespace, UI_NAMESPACE];
  return (key, options) => {
    const lng = host.locale();
    return String(host.i18n.getFixedT(lng, namespaces)(key, options as never));
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

/** Country names (ISO 3166 codes) in the host's current language, one `Intl.DisplayNames` per language (the code itself where it has no name). */
export function createCountryName(host: Pick<ModuleHost, 'locale'>): (code: string) => string {
  const cache = new Map<string, Intl.DisplayNames>();
  return (code) => {
    const lng = host.locale();
    let names = cache.get(lng);
    if (!names) cache.set(lng, (names = new Intl.DisplayNames([lng], { type: 'region' })));
    return names.of(code) ?? code;
  };
}
