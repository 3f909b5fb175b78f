import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPORT_LABELS } from './customers.controller';

// The export writes the list page's words; the page's are in mf-customers' locale files.
const page = (locale: string) => JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'mf-customers', 'src', 'locales', `${locale}.json`), 'utf8'));

describe('customer export labels', () => {
  it.each(['en', 'nl'] as const)('are the list page\'s words for statuses, products and managed-by in %s', (locale) => {
    const words = page(locale);
    expect(EXPORT_LABELS[locale].status).toEqual(words.status);
    expect(EXPORT_LABELS[locale].product).toEqual(words.product);
    expect(EXPORT_LABELS[locale].managedBy).toEqual(words.managedBy);
  });
});
