import { describe, expect, it } from 'vitest';
import { isLocale, isRegion, pickLocale, REGIONS } from './region';

describe('region', () => {
  it('knows exactly the four residency regions', () => {
    expect([...REGIONS]).toEqual(['US', 'CA', 'EU', 'AE']);
    expect(isRegion('EU')).toBe(true);
    expect(isRegion('eu')).toBe(false);
    expect(isRegion('UK')).toBe(false);
    expect(isRegion(undefined)).toBe(false);
  });

  it('picks the first supported browser language', () => {
    expect(pickLocale(['nl-BE', 'en-US'])).toBe('nl');
    expect(pickLocale(['de-DE', 'en-GB'])).toBe('en');
    expect(pickLocale(['fr'])).toBe('en');
    expect(isLocale('nl')).toBe(true);
    expect(isLocale('de')).toBe(false);
  });
});
