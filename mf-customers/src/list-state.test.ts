import { describe, expect, it } from 'vitest';
import { formatListState, parseListState } from './list-state';

describe(parseListState.name, () => {
  it('round-trips a filtered, sorted, paged view through the query string', () => {
    const state = { search: 'acme & co', statuses: ['EXPIRING_SOON', 'TRIAL'], products: ['CALLING'], managedBy: ['PARTNER_ORG'], subscriptionTypes: ['PAID'], tagIds: ['t1'], sort: 'NEXT_END_DATE' as const, descending: true, after: ['c1', 'c2'] };
    expect(parseListState(formatListState(state))).toEqual(state);
  });

  it('falls back to the default view and drops unknown values', () => {
    expect(formatListState(parseListState('?status=NOPE,TRIAL&sort=EVIL'))).toBe('?status=TRIAL');
    expect(formatListState(parseListState(''))).toBe('');
  });
});

describe('exportHref', () => {
  it('exports the current filters and sort but not the page', async () => {
    const { exportHref } = await import('./customer-list');
    expect(exportHref('EU', parseListState('?status=TRIAL&sort=NAME&desc=1&after=c1'))).toBe('/api/customers.csv?region=EU&status=TRIAL&desc=1');
  });
});
