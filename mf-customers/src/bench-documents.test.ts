import { describe, expect, it } from 'vitest';
import { CUSTOMER_FACETS_QUERY, CUSTOMER_LIST_QUERY } from './customer-list';

/** A GraphQL document without its layout: white space only where it separates two words. */
const words = (document: string) => document.replace(/\s+/g, ' ').replace(/ ?([{}():,!=]) ?/g, '$1').trim();

// `npm run bench` measures the list page's requests with its own copies of their documents; a change
// to the page's requests must reach the benchmark, or it measures requests the page no longer sends.
describe('the customer list benchmark', () => {
  it('sends the page’s list and facets requests', async () => {
    const here = import.meta.url;
    const bench = (await import(/* @vite-ignore */ new URL('../../scripts/bench/customer-list.mjs', here).href)) as Record<string, string>;
    expect(words(bench.LIST)).toBe(words(CUSTOMER_LIST_QUERY));
    expect(words(bench.FACETS)).toBe(words(CUSTOMER_FACETS_QUERY));
  });
});
