import { describe, expect, it } from 'vitest';
import { effectiveRegions, formatListState, parseListState, toggleRegion } from './list-state';

describe(parseListState.name, () => {
  it('round-trips a filtered, sorted, paged view through the query string', () => {
    const state = { search: 'acme & co', statuses: ['EXPIRING_SOON', 'TRIAL'], products: ['CALLING'], managedBy: ['PARTNER_ORG'], subscriptionTypes: ['PAID'], tagIds: ['t1'], regions: ['US', 'EU'], sort: 'NEXT_END_DATE' as const, descending: true, after: ['c1', 'c2'], at: 'EU' };
    expect(parseListState(formatListState(state))).toEqual(state);
  });

  it('keeps the region of the cursors only with cursors, and only a known region', () => {
    expect(parseListState('?after=c1&at=CA').at).toBe('CA');
    expect(parseListState('?after=c1&at=MARS').at).toBeUndefined();
    expect(formatListState({ ...parseListState('?after=c1&at=CA'), after: [] })).toBe('');
  });

  it('falls back to the default view and drops unknown values', () => {
    expect(formatListState(parseListState('?status=NOPE,TRIAL&sort=EVIL'))).toBe('?status=TRIAL');
    expect(formatListState(parseListState(''))).toBe('');
  });
});

describe(toggleRegion.name, () => {
  const view = (regions: string[]) => ({ ...parseListState(''), regions });
  it('adds and removes regions in their fixed order, keeps at least one, and follows the header when only its region is left', () => {
    expect(effectiveRegions(view([]), 'EU')).toEqual(['EU']);
    expect(toggleRegion(view([]), 'EU', 'US')).toEqual(['US', 'EU']);
    expect(toggleRegion(view(['US', 'EU']), 'EU', 'US')).toEqual([]);
    expect(toggleRegion(view(['US', 'EU']), 'EU', 'EU')).toEqual(['US']);
    expect(toggleRegion(view([]), 'EU', 'EU')).toEqual([]);
    expect(toggleRegion(view(['AE']), 'EU', 'AE')).toEqual(['AE']);
  });
});

describe('exportHref', () => {
  it('exports the current filters and sort but not the page', async () => {
    const { exportHref } = await import('./customer-list');
    expect(exportHref('EU', parseListState('?status=TRIAL&sort=NAME&desc=1&after=c1'), 'nl')).toBe('/api/customers.csv?region=EU&status=TRIAL&desc=1&locale=nl');
  });
});
