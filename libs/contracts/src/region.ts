/** Data-residency regions. A customer's data lives only in its region's store. */
export const REGIONS = ['US', 'CA', 'EU', 'AE'] as const;
export type Region = (typeof REGIONS)[number];

/** True when the value names one of the four regions. */
export function isRegion(value: unknown): value is Region {
  return typeof value === 'string' && (REGIONS as readonly string[]).includes(value);
}

/** UI languages. Adding one is a matter of adding resource files and this entry. */
export const LOCALES = ['en', 'nl'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** True when the value names a supported locale. */
export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Picks the first supported locale from a browser's language list, falling back to English. */
export function pickLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLocale(base)) return base;
  }
  return DEFAULT_LOCALE;
}
