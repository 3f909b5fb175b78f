/** Flattens a nested resource object into dotted keys (`errors.NETWORK`, `summary_one`). */
export function flattenKeys(resource: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(resource).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? flattenKeys(value as Record<string, unknown>, path)
      : [path];
  });
}

/** Keys present in `reference` but missing (or empty) in `other`; an empty list means parity. */
export function missingKeys(reference: Record<string, unknown>, other: Record<string, unknown>): string[] {
  const otherKeys = new Set(flattenKeys(other));
  return flattenKeys(reference).filter((key) => !otherKeys.has(key));
}

/** Both directions at once, for a locale test: `expect(keyParity(en, nl)).toEqual({ missingInNl: [], missingInEn: [] })`. */
export function keyParity(en: Record<string, unknown>, nl: Record<string, unknown>): { missingInNl: string[]; missingInEn: string[] } {
  return { missingInNl: missingKeys(en, nl), missingInEn: missingKeys(nl, en) };
}
