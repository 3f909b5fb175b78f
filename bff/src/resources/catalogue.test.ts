import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CatalogueError, parseCatalogue, searchResources, type Catalogue } from './catalogue';

const DEFAULT_FILE = join(__dirname, '..', '..', 'catalogue', 'resources.yaml');

/** A valid catalogue as YAML, with `resources` replaced by the given block when set. */
function yamlWith(resources?: string): string {
  return `quickLinks: [a]
featured: []
resources:
${
  resources ??
  `  - id: a
    title: { en: Alpha, nl: Alfa }
    description: { en: First }
    url: https://example.com/a
    type: article
    products: [calling]
    language: en
    tags: []`
}
helpdesk:
  - products: [calling]
    email: help@example.com
    hours: { en: Always }
    phones: [{ region: EU, number: "+31 20 555 0100" }]
`;
}

function errorOf(text: string): CatalogueError {
  try {
    parseCatalogue(text, 'test.yaml');
  } catch (error) {
    if (error instanceof CatalogueError) return error;
    throw error;
  }
  throw new Error('parsed without error');
}

function resource(id: string, title: string, description: string, extra: Partial<Catalogue['resources'][number]> = {}): Catalogue['resources'][number] {
  return { id, title: { en: title }, description: { en: description }, url: `https://example.com/${id}`, type: 'ARTICLE', products: ['CALLING'], language: 'en', tags: [], ...extra };
}

describe('catalogue parsing', () => {
  it('parses the default catalogue shipped with the BFF', () => {
    const catalogue = parseCatalogue(readFileSync(DEFAULT_FILE, 'utf8'), DEFAULT_FILE);
    expect(catalogue.resources.length).toBeGreaterThan(5);
    expect(catalogue.quickLinks.length).toBeGreaterThan(0);
    expect(catalogue.featured.length).toBeGreaterThan(0);
    expect(catalogue.helpdesk.flatMap((h) => h.products).sort()).toEqual(['CALLING', 'CONTACT_CENTER']);
    for (const r of catalogue.resources) expect(r.title.nl ?? r.id, r.id).toBeTruthy();
  });

  it('parses JSON too and normalises type and product', () => {
    const catalogue = parseCatalogue(
      JSON.stringify({
        resources: [{ id: 'x', title: { en: 'X' }, description: { en: 'Y' }, url: 'https://example.com', type: 'video', products: ['contact-center'], language: 'nl' }],
        helpdesk: [{ products: ['calling'], email: 'a@example.com', hours: { en: 'h' }, phones: [{ region: 'US', number: '+1 800 555 0100' }] }],
      }),
    );
    expect(catalogue.resources[0]).toMatchObject({ type: 'VIDEO', products: ['CONTACT_CENTER'], tags: [] });
  });

  it('refuses a YAML syntax error with its line', () => {
    const text = yamlWith().replace('    url: https://example.com/a', '    url: [https://example.com/a');
    const error = errorOf(text);
    expect(error.line).toBeGreaterThanOrEqual(8);
    expect(error.message).toMatch(/^test\.yaml:\d+: /);
  });

  it('refuses an invalid value with the exact line and the field', () => {
    const error = errorOf(yamlWith().replace('type: article', 'type: podcast'));
    expect(error.line).toBe(8);
    expect(error.reason).toMatch(/^resources\.0\.type: /);
  });

  it('refuses a missing English text at the line of the text', () => {
    const error = errorOf(yamlWith().replace('{ en: First }', '{ nl: Eerste }'));
    expect(error.line).toBe(6);
    expect(error.reason).toMatch(/resources\.0\.description\.en/);
  });

  it('refuses a quick link to an unknown resource and a duplicate id with their lines', () => {
    expect(errorOf(yamlWith().replace('quickLinks: [a]', 'quickLinks: [a, nope]'))).toMatchObject({ line: 1, reason: 'quickLinks.1: unknown resource id "nope"' });
    const twice = yamlWith().split('helpdesk:')[0].split('resources:\n')[1];
    expect(errorOf(yamlWith(twice + twice.replace(/\n$/, '')))).toMatchObject({ line: 12, reason: 'resources.1.id: duplicate id "a"' });
  });

  it('refuses an unknown key and a bad URL', () => {
    expect(errorOf(yamlWith().replace('    tags: []', '    tags: []\n    colour: red')).line).toBe(12);
    expect(errorOf(yamlWith().replace('https://example.com/a', 'javascript:alert(1)')).reason).toMatch(/resources\.0\.url/);
  });
});

describe('searchResources', () => {
  const catalogue: Catalogue = {
    quickLinks: [],
    featured: [],
    helpdesk: [],
    resources: [
      resource('desc', 'Zeta guide', 'All about porting numbers'),
      resource('tag', 'Yankee guide', 'Something else', { tags: ['porting'] }),
      resource('title', 'Porting checklist', 'Prepare'),
      resource('prefix', 'Portal tour', 'Port things'),
      resource('video', 'Porting video', 'Watch', { type: 'VIDEO', products: ['CONTACT_CENTER'], language: 'nl' }),
      resource('dutch', 'English title', 'English text', { title: { en: 'English title', nl: 'Nummerbehoud' }, description: { en: 'English text', nl: 'Nederlandse uitleg over porteren' } }),
    ],
  };
  const ids = (list: Catalogue['resources']) => list.map((r) => r.id);

  it('ranks title matches above tag matches above description matches', () => {
    expect(ids(searchResources(catalogue, 'en', { search: 'porting' }))).toEqual(['title', 'video', 'tag', 'desc']);
  });

  it('matches word prefixes below whole words and needs every term', () => {
    expect(ids(searchResources(catalogue, 'en', { search: 'port' }))).toEqual(['prefix', 'title', 'video', 'tag', 'desc']);
    expect(ids(searchResources(catalogue, 'en', { search: 'porting checklist' }))).toEqual(['title']);
    expect(ids(searchResources(catalogue, 'en', { search: 'porting nothing' }))).toEqual([]);
  });

  it('filters by type, product and language', () => {
    expect(ids(searchResources(catalogue, 'en', { search: 'porting', type: 'VIDEO' }))).toEqual(['video']);
    expect(ids(searchResources(catalogue, 'en', { product: 'CONTACT_CENTER' }))).toEqual(['video']);
    expect(ids(searchResources(catalogue, 'en', { language: 'nl' }))).toEqual(['video']);
    expect(searchResources(catalogue, 'en', {})).toHaveLength(6);
  });

  it("searches the user's language with English as fallback, ignoring case and accents", () => {
    expect(ids(searchResources(catalogue, 'nl', { search: 'nummerbehoud' }))).toEqual(['dutch']);
    expect(ids(searchResources(catalogue, 'en', { search: 'nummerbehoud' }))).toEqual([]);
    expect(ids(searchResources(catalogue, 'nl', { search: 'ZÉTA' }))).toEqual(['desc']);
  });
});
