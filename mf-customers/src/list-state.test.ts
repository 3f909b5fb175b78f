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
