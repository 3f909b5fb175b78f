// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { CALLING_PAGE_QUERY } from './calling/queries';
import { LICENSE_KPIS_QUERY, LICENSE_SECTION_QUERY, LICENSE_VIEW_QUERY } from './queries';

/** A GraphQL document without its layout: white space only where it separates two words. */
const words = (document: string) => document.replace(/\s+/g, ' ').replace(/ ?([{}():,!=]) ?/g, '$1').trim();
/** The documents a repository benchmark (scripts/bench/<name>.mjs) sends. */
const here = import.meta.url;
const bench = (name: string) => import(/* @vite-ignore */ new URL(`../../scripts/bench/${name}.mjs`, here).href) as Promise<Record<string, string>>;

// `npm run bench` measures these pages' requests with its own copies of their documents; a change to
// a page's request must reach its benchmark, or the benchmark measures a request the page no longer sends.
describe('the benchmarks send the pages’ requests', () => {
  it('Licenses: KPIs, the view of a product, one section sorted or paged', async () => {
    const { KPIS, VIEW, SECTION } = await bench('analytics');
    expect(words(KPIS)).toBe(words(LICENSE_KPIS_QUERY));
    expect(words(VIEW)).toBe(words(LICENSE_VIEW_QUERY));
    expect(words(SECTION)).toBe(words(LICENSE_SECTION_QUERY));
  });

  it('Calling: the page’s one request', async () => {
    const { PAGE } = await bench('calling');
    expect(words(PAGE)).toBe(words(CALLING_PAGE_QUERY));
  });
});
