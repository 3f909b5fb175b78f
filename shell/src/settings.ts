import { isLocale, isRegion, pickLocale, type Locale, type Region } from '@ph/contracts';

const REGION_KEY = 'ph.region';
const LOCALE_KEY = 'ph.locale';

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private mode or storage disabled: the choice simply is not remembered.
  }
}

/** The region chosen last time, else US. */
export function loadRegion(): Region {
  const stored = read(REGION_KEY);
  return isRegion(stored) ? stored : 'US';
}

/** The language chosen last time, else the browser's first supported language. */
export function loadLocale(): Locale {
  const stored = read(LOCALE_KEY);
  return isLocale(stored) ? stored : pickLocale(typeof navigator === 'undefined' ? [] : navigator.languages);
}

/** Remembers the region choice. */
export function saveRegion(region: Region): void {
  write(REGION_KEY, region);
}

/** Remembers the language choice. */
export function saveLocale(locale: Locale): void {
  write(LOCALE_KEY, locale);
}
