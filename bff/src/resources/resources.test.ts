import 'reflect-metadata';
import { mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode } from '@ph/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RegionStores } from '../database/stores';
import { seedDemo } from '../demo/demo-seed';
import { createTestStores, gql, signIn, startApp, testConfig, type RunningApp, type TestStores } from '../test/harness';
import { CatalogueService } from './catalogue.service';

const dialects = inject('dialects');
const DEFAULT_FILE = join(__dirname, '..', '..', 'catalogue', 'resources.yaml');

const QUERY = `query($locale: String!, $search: String, $type: ResourceType, $product: HelpProduct, $language: String) {
  resources(locale: $locale, search: $search, type: $type, product: $product, language: $language) {
    quickLinks { id title } featured { id } results { id title description type products language } languages
  }
}`;

interface Result {
  resources: { quickLinks: { id: string; title: string }[]; featured: { id: string }[]; results: { id: string; title: string; description: string; type: string; products: string[]; language: string }[]; languages: string[] };
}

describe('resources query', () => {
  describe.each(dialects)('on %s', (dialect) => {
    let stores: TestStores;
    let sut: RunningApp;
    let file: string;
    let readOnly: Record<string, string>;

    /** Rewrites the catalogue file with a new modification time and lets the service see it. */
    function rewrite(text: string, bump: number): void {
      writeFileSync(file, text);
      const when = new Date(Date.now() + bump * 1000);
      utimesSync(file, when, when);
      sut.app.get(CatalogueService).reloadIfChanged();
    }

    beforeAll(async () => {
      stores = await createTestStores(dialect);
      file = join(mkdtempSync(join(tmpdir(), 'ph-catalogue-')), 'resources.yaml');
      writeFileSync(file, readFileSync(DEFAULT_FILE, 'utf8'));
      sut = await startApp(testConfig(stores, { RESOURCES_CATALOGUE: file, LOG_LEVEL: 'error' }));
      await seedDemo(sut.app.get(RegionStores), { customers: 4, weeks: 1, seed: 5, callLegs: 0 });
      readOnly = (await signIn(sut.url, 'readonly@demo.example')).auth;
    });

    afterAll(async () => {
      await sut?.app.close();
      await stores?.cleanup();
    });

    it('serves quick links, featured resources and every resource in Dutch, with English where a text has no translation', async () => {
      const { data, errors } = await gql<Result>(sut.url, QUERY, { locale: 'nl' }, readOnly);
      expect(errors).toBeUndefined();
      expect(data!.resources.quickLinks[0]).toEqual({ id: 'getting-started', title: 'Aan de slag met Partner Hub' });
      expect(data!.resources.featured.map((r) => r.id)).toEqual(['whats-new', 'contact-center-onboarding', 'number-porting']);
      expect(data!.resources.results).toHaveLength(11);
      expect(data!.resources.results.find((r) => r.id === 'roles-guide')!.title).toBe('Partner administrator roles');
      expect(data!.resources.languages).toEqual(['en', 'nl']);
    });

    it('searches and filters, best match first', async () => {
      const porting = await gql<Result>(sut.url, QUERY, { locale: 'nl', search: 'nummerportering' }, readOnly);
      expect(porting.data!.resources.results.map((r) => r.id)).toEqual(['number-porting', 'nummerportering-nl']);
      const dutch = await gql<Result>(sut.url, QUERY, { locale: 'en', language: 'nl', product: 'CALLING', type: 'ARTICLE' }, readOnly);
      expect(dutch.data!.resources.results.map((r) => r.id)).toEqual(['nummerportering-nl']);
      const videos = await gql<Result>(sut.url, QUERY, { locale: 'en', type: 'VIDEO' }, readOnly);
      expect(videos.data!.resources.results.map((r) => r.type)).toEqual(['VIDEO']);
    });

    it('serves the helpdesk contact options from the same catalogue', async () => {
      const { data } = await gql<{ helpdeskContacts: { products: string[]; hours: string; phones: { region: string }[] }[] }>(
        sut.url,
        '{ helpdeskContacts(locale: "nl") { products email hours phones { region number } } }',
        undefined,
        readOnly,
      );
      expect(data!.helpdeskContacts.map((c) => c.products)).toEqual([['CALLING'], ['CONTACT_CENTER']]);
      expect(data!.helpdeskContacts[0].hours).toMatch(/^Maandag/);
      expect(data!.helpdeskContacts[0].phones.map((p) => p.region)).toEqual(['US', 'CA', 'EU', 'AE']);
    });

    it('refuses anyone not signed in', async () => {
      const response = await gql(sut.url, QUERY, { locale: 'en' });
      expect(response.errors?.[0].extensions?.code).toBe(ErrorCode.Unauthenticated);
      expect(response.data?.resources ?? null).toBeNull();
    });

    it('takes an edit without a restart and keeps the last good catalogue after a bad edit, logging the line', async () => {
      const original = readFileSync(DEFAULT_FILE, 'utf8');
      rewrite(original.replace('Aan de slag met Partner Hub', 'Beginnen met Partner Hub'), 10);
      const edited = await gql<Result>(sut.url, QUERY, { locale: 'nl' }, readOnly);
      expect(edited.data!.resources.quickLinks[0].title).toBe('Beginnen met Partner Hub');

      rewrite(original.replace('type: video', 'type: podcast'), 20);
      const kept = await gql<Result>(sut.url, QUERY, { locale: 'nl' }, readOnly);
      expect(kept.data!.resources.quickLinks[0].title).toBe('Beginnen met Partner Hub');
      const line = original.split('\n').findIndex((l) => l.includes('type: video')) + 1;
      const logged = sut.logs.map((entry) => JSON.stringify(entry)).find((entry) => entry.includes('rejected'));
      expect(logged).toContain(`line ${line}: resources.4.type`);
    });
  });

  it('refuses to start with a malformed catalogue, naming the line and reason', async () => {
    const stores = await createTestStores('sqlite');
    const file = join(stores.dataDir, 'bad.yaml');
    writeFileSync(file, readFileSync(DEFAULT_FILE, 'utf8').replace('email: calling-helpdesk@partnerhub.example', 'email: not-an-address'));
    const line = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('not-an-address')) + 1;
    await expect(startApp(testConfig(stores, { RESOURCES_CATALOGUE: file }))).rejects.toThrow(`bad.yaml:${line}: helpdesk.0.email`);
    await stores.cleanup();
  });
});
