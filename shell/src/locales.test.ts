import { keyParity } from '@ph/ui';
import { describe, expect, it } from 'vitest';
import en from './locales/en.json';
import nl from './locales/nl.json';

describe('locales', () => {
  it('has the same keys in en and nl', () => {
    expect(keyParity(en, nl)).toEqual({ missingInNl: [], missingInEn: [] });
  });
});
