import type { Locale } from '@ph/contracts';
import { createModuleTranslator, type ModuleTranslate } from '@ph/ui';
import i18next, { type i18n as I18n } from 'i18next';
import en from './locales/en.json';
import nl from './locales/nl.json';

/** The shell's namespace; modules add their own to the same instance. */
export const SHELL_NAMESPACE = 'shell';

/** Creates and initialises the console's one i18next instance. */
export async function createShellI18n(locale: Locale): Promise<I18n> {
  const instance = i18next.createInstance();
  await instance.init({
    lng: locale,
    fallbackLng: 'en',
    ns: [SHELL_NAMESPACE],
    defaultNS: SHELL_NAMESPACE,
    resources: { en: { [SHELL_NAMESPACE]: en }, nl: { [SHELL_NAMESPACE]: nl } },
    // Solid escapes text content itself.
    interpolation: { escapeValue: false },
  });
  return instance;
}

/** The shell's reactive translate function (re-evaluates when `locale()` changes). */
export function createShellTranslator(i18n: I18n, locale: () => Locale) {
  return createModuleTranslator({ i18n, locale }, SHELL_NAMESPACE, { en, nl });
}

/** Machine codes the BFF sends (`RTT`, `NO_POLICY`…): upper snake case, so they never address a nested group of texts. */
const CODE = /^[A-Z][A-Z0-9_]*$/;

/**
 * Translates a machine code under the first of `groups` that has it (`translateCode(t, ['audit.reasons', 'errors'], 'FORBIDDEN')`),
 * falling back to the code itself, so a code the UI does not know yet still shows.
 */
export function translateCode(t: ModuleTranslate, groups: readonly string[], code: string): string {
  if (!CODE.test(code)) return code;
  return groups.reduceRight((fallback, group) => t(`${group}.${code}`, { defaultValue: fallback }), code);
}
