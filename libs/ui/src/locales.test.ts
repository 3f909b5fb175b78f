import { describe, expect, it } from 'vitest';
import { keyParity } from './locale-keys';
import en from './locales/en.json';
import nl from './locales/nl.json';

describe('ui locales', () => {
  it('has the same keys in en and nl', () => {
    expect(keyParity(en, nl)).toEqual({ missingInNl: [], missingInEn: [] });
  });
});
