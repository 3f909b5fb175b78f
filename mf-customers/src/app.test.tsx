import type { GraphQLClient, Locale, ModuleHost, Region } from '@ph/contracts';
import { GraphQLRequestError } from '@ph/ui';
import { cleanup, fireEvent, render, screen } from '@solidjs/testing-library';
import i18next from 'i18next';
import { createSignal } from 'solid-js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App, namespace } from './app';
import type { CustomerRow } from './customer-list';

afterEach(cleanup);
beforeEach(() => window.history.replaceState(null, '', '/customers'));

async function fakeHost(gql: GraphQLClient, role: string | null = null) {
  const i18n = i18next.createInstance();
  await i18n.init({ lng: 'en', fallbackLng: 'en', resources: {}, interpolation: { escapeValue: false } });
  const [locale, setLocale] = createSignal<Locale>('en');
  const [region, setRegion] = createSignal<Region>('US');
  const navigate = vi.fn((path: string) => window.history.pushState(null, '', path));
  const user = () => (role ? ({ id: 'u', email: 'x@demo.example', displayName: 'X', role, partnerId: 'p', partnerName: 'P' } as ReturnType<ModuleHost['user']>) : null);
  const host: ModuleHost = { i18n, locale, region, user, gql, basePath: '/customers', navigate };
  return { host, setLocale, setRegion, navigate };
}

const row = (name: string, extra: Partial<CustomerRow> = {}): CustomerRow => ({
  id: '11111111-1111-4111-8111-111111111111',
  name,
  country: 'NL',
  statuses: ['SUBSCRIPTION', 'EXPIRING_SOON'],
  products: ['CALLING'],
  licensesPurchased: 1234,
  licensesAssigned: 1000,
  nextEndDate: '2026-12-24',
  managedBy: 'EXTERNAL_ADMIN',
  launchUrl: 'https://admin.example.com/org/1',
  tags: [{ id: 't1', name: '<b>VIP</b>', color: '#ff0000' }],
  ...extra,
});

const facets = {
  total: 2,
  statuses: [{ value: 'EXPIRING_SOON', count: 7 }],
  subscriptionTypes: [],
  products: [],
  managedBy: [],
  tags: [{ tag: { id: 't1', name: '<b>VIP</b>', color: '#ff0000' }, count: 1 }],
  regions: [
    { value: 'US', count: 2 },
    { value: 'EU', count: 5 },
  ],
};

function stub(calls: Record<string, unknown>[] = []): GraphQLClient {
  return {
    request: async <T,>(query: string, variables?: Record<string, unknown>) => {
      if (query.includes('customerFacets')) return { customerFacets: facets } as T;
      calls.push(variables ?? {});
      const region = variables?.region as Region;
      return { customers: { totalCount: 1, nodes: [row(`Acme ${region}`)], pageInfo: { endCursor: 'c1', hasNextPage: true } } } as T;
    },
  };
}

describe(App.name, () => {
  it('renders the list with translated statuses, numbers and dates, and re-renders in Dutch', async () => {
    const sut = await fakeHost(stub());
    render(() => <App host={sut.host} />);
    expect(await screen.findByText('Acme US')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Customers' })).toBeTruthy();
    expect(screen.getAllByText('Expiring soon').length).toBeGreaterThan(0);
    expect(screen.getByText('1,234')).toBeTruthy();
    expect(screen.getByText('Dec 24, 2026')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Launch organisation Acme US' }).getAttribute('href')).toBe('https://admin.example.com/org/1');
    // Tag names are text, never markup.
    expect(screen.getAllByText('<b>VIP</b>').length).toBeGreaterThan(0);

    sut.setLocale('nl');
    expect(screen.getByRole('heading', { name: 'Klanten' })).toBeTruthy();
    expect(screen.getAllByText('Verloopt binnenkort').length).toBeGreaterThan(0);
    expect(screen.getByText('1.234')).toBeTruthy();
  });

  it('puts filters, sort and page in the URL and reads them back', async () => {
    const calls: Record<string, unknown>[] = [];
    const sut = await fakeHost(stub(calls));
    render(() => <App host={sut.host} />);
    await screen.findByText('Acme US');
    fireEvent.click(screen.getByRole('checkbox', { name: /Expiring soon/ }));
    expect(sut.navigate).toHaveBeenLastCalledWith('/customers?status=EXPIRING_SOON');
    // The list reloads inside its own Suspense boundary: wait for it.
    fireEvent.click(await screen.findByRole('button', { name: /Renewal \/ expiry/ }));
    expect(sut.navigate).toHaveBeenLastCalledWith('/customers?status=EXPIRING_SOON&sort=NEXT_END_DATE');
    fireEvent.click(await screen.findByRole('button', { name: 'Next page' }));
    expect(sut.navigate).toHaveBeenLastCalledWith('/customers?status=EXPIRING_SOON&sort=NEXT_END_DATE&after=c1&at=US');
    await vi.waitFor(() => expect(calls.at(-1)).toMatchObject({ after: 'c1', sort: 'NEXT_END_DATE', filter: { statuses: ['EXPIRING_SOON'] } }));

    // Back restores the previous view.
    window.history.back();
    await vi.waitFor(() => expect(calls.at(-1)).toMatchObject({ after: null, sort: 'NEXT_END_DATE' }));
  });

  it('lists several regions from the region filter, with counts, and opens a row in its own region', async () => {
    const calls: { query: string; variables: Record<string, unknown> }[] = [];
    const gql: GraphQLClient = {
      request: async <T,>(query: string, variables?: Record<string, unknown>) => {
        calls.push({ query, variables: variables ?? {} });
        if (query.includes('customerFacets')) return { customerFacets: facets } as T;
        if (query.includes('CustomerDetail')) {
          return { customer: { ...row('Acme detail'), region: variables?.region, contactName: 'A', contactEmail: 'a@a.example', contactPhone: null, externalId: null } } as T;
        }
        if (query.includes('customerAccount')) return { customerAccount: { subscriptions: [], orders: [], trials: [] } } as T;
        const regions = ((variables?.filter as { regions?: string[] | null })?.regions ?? [variables?.region]) as string[];
        const nodes = regions.map((region, i) => row(`Acme in ${region}`, { id: `11111111-1111-4111-8111-11111111111${i}`, region }));
        return { customers: { totalCount: nodes.length, nodes, pageInfo: { endCursor: null, hasNextPage: false } } } as T;
      },
    };
    const sut = await fakeHost(gql);
    render(() => <App host={sut.host} />);
    await screen.findByText('Acme in US');
    const us = screen.getByRole('checkbox', { name: /United States \(US\)/ }) as HTMLInputElement;
    expect(us.checked).toBe(true);
    // The last region cannot be unticked.
    expect(us.disabled).toBe(true);
    expect(screen.getByRole('checkbox', { name: /European Union \(EU\) \(5\)/ })).toBeTruthy();
    fireEvent.click(screen.getByRole('checkbox', { name: /European Union/ }));
    expect(sut.navigate).toHaveBeenLastCalledWith('/customers?regions=US%2CEU');
    await screen.findByText('Acme in EU');
    expect(screen.getByTestId('result-count').textContent).toBe('2 customers in US, EU');
    const lists = calls.filter((c) => c.query.includes('CustomerList'));
    expect(lists.at(-1)?.variables).toMatchObject({ region: 'US', filter: { regions: ['US', 'EU'] } });
    const facetCalls = calls.filter((c) => c.query.includes('customerFacets'));
    expect(facetCalls.at(-1)?.variables).toMatchObject({ region: 'US', filter: { regions: ['US', 'EU'] } });
    expect((screen.getByRole('checkbox', { name: /United States/ }) as HTMLInputElement).disabled).toBe(false);

    fireEvent.click(screen.getByRole('link', { name: 'Acme in EU' }));
    expect(sut.navigate).toHaveBeenLastCalledWith('/customers/11111111-1111-4111-8111-111111111111?region=EU');
    expect(await screen.findByText(/data in EU/)).toBeTruthy();
    expect(calls.filter((c) => c.query.includes('CustomerDetail')).at(-1)?.variables).toMatchObject({ region: 'EU' });
  });

  it('opens a customer detail by its link', async () => {
    const gql: GraphQLClient = {
      request: async <T,>(query: string, variables?: Record<string, unknown>) =>
        query.includes('CustomerDetail')
          ? ({ customer: { ...row('Acme detail'), region: 'US', contactName: 'Ann Lee', contactEmail: 'ann@acme.example', contactPhone: null, externalId: null } } as T)
          : query.includes('customerAccount')
            ? ({
                customerAccount: {
                  subscriptions: [
                    {
                      id: 'Sub-1',
                      kind: 'PAID',
                      startDate: '2026-01-01',
                      endDate: '2026-12-24',
                      autoRenew: true,
                      billingState: 'ACTIVE',
                      lines: [{ product: 'CALLING', purchased: 10, assigned: 12, used: 5 }],
                      invoice: { id: 'Inv-1', issuedOn: '2026-11-01', dueOn: '2026-12-01', amountMinor: 123456, currency: 'EUR', status: 'OPEN' },
                    },
                  ],
                  orders: [{ id: 'Ord-1', placedAt: '2026-01-01T10:00:00Z', status: 'COMPLETED', summary: 'CALLING:10,RTT:1500', subscriptionId: 'Sub-1' }],
                  trials: [],
                },
              } as T)
            : query.includes('customerAdmins')
              ? ({ customerAdmins: [{ id: 'u1', email: 'admin@demo.example', displayName: 'Ada Admin', role: 'ADMIN' }] } as T)
              : query.includes('users {')
                ? ({ users: [] } as T)
                : stub().request<T>(query, variables),
    };
    const sut = await fakeHost(gql, 'FULL_ADMIN');
    render(() => <App host={sut.host} />);
    fireEvent.click(await screen.findByRole('link', { name: 'Acme US' }));
    expect(sut.navigate).toHaveBeenLastCalledWith('/customers/11111111-1111-4111-8111-111111111111?region=US');
    expect(await screen.findByRole('heading', { name: 'Acme detail' })).toBeTruthy();
    expect(screen.getByText('ann@acme.example')).toBeTruthy();
    expect(await screen.findByTestId('overage-notice')).toBeTruthy();
    expect(screen.getByText('Invoice Inv-1: €1,234.56, due Dec 1, 2026 (open)')).toBeTruthy();
    // The order's items in the page's words, not the stored codes.
    expect(screen.getByText('Calling: 10, Real-Time Translations: 1,500')).toBeTruthy();
    const subscriptions = screen.getByRole('tab', { name: 'Subscriptions' });
    expect(subscriptions.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(subscriptions, { key: 'ArrowRight' });
    expect(screen.getByRole('tab', { name: 'Trials' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByText('No running trials.')).toBeTruthy();
    fireEvent.keyDown(screen.getByRole('tab', { name: 'Trials' }), { key: 'ArrowRight' });
    expect(await screen.findByText('Ada Admin')).toBeTruthy();
    expect(screen.getByText('Partner administrator')).toBeTruthy();
  });

  it('lets a full admin assign and unassign partner administrators on the detail tab', async () => {
    window.history.replaceState(null, '', '/customers/11111111-1111-4111-8111-111111111111');
    const calls: string[] = [];
    const ada = { id: 'u1', email: 'admin@demo.example', displayName: 'Ada Admin', role: 'ADMIN' };
    const sam = { id: 'u2', email: 'sales@demo.example', displayName: 'Sam Sales', role: 'SALES_ADMIN' };
    const gql: GraphQLClient = {
      request: async <T,>(query: string, variables?: Record<string, unknown>) => {
        if (query.includes('CustomerDetail')) return { customer: { ...row('Acme detail'), region: 'US', contactName: 'A', contactEmail: 'a@a.example', contactPhone: null, externalId: null } } as T;
        if (query.includes('customerAccount')) return { customerAccount: { subscriptions: [], orders: [], trials: [] } } as T;
        if (query.includes('customerAdmins')) return { customerAdmins: [ada] } as T;
        if (query.includes('users {')) return { users: [ada, sam, { id: 'u3', email: 'ro@x', displayName: 'Ro', role: 'READ_ONLY' }] } as T;
        if (query.includes('assignCustomerAdmin')) {
          calls.push(`${query.includes('unassign') ? 'un' : ''}assign ${(variables!.input as { userId: string }).userId}`);
          return { [query.includes('unassign') ? 'unassignCustomerAdmin' : 'assignCustomerAdmin']: query.includes('unassign') ? [] : [ada, sam] } as T;
        }
        if (query.includes('query Tags')) return { tags: [] } as T;
        return stub().request<T>(query, variables);
      },
    };
    const sut = await fakeHost(gql, 'FULL_ADMIN');
    render(() => <App host={sut.host} />);
    fireEvent.click(await screen.findByRole('tab', { name: 'Partner administrators' }));
    expect(await screen.findByText('Ada Admin')).toBeTruthy();
    const select = screen.getByRole('combobox', { name: 'Administrator' });
    await vi.waitFor(() => expect(select.querySelectorAll('option').length).toBe(2));
    fireEvent.change(select, { target: { value: 'u2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Assign' }));
    expect(await screen.findByText('Sam Sales')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Unassign Ada Admin' }));
    await vi.waitFor(() => expect(calls).toEqual(['assign u2', 'unassign u1']));
  });

  it('starts at the first page when the header region changes, instead of using the old region\'s cursor', async () => {
    // A link without the cursor's region (made before it was recorded) starts at the first page.
    window.history.replaceState(null, '', '/customers?after=c0');
    const old = await fakeHost(stub([]));
    const oldCalls: Record<string, unknown>[] = [];
    const { unmount } = render(() => <App host={{ ...old.host, gql: stub(oldCalls) }} />);
    await screen.findByText('Acme US');
    expect(oldCalls.at(-1)).toMatchObject({ region: 'US', after: null });
    unmount();

    window.history.replaceState(null, '', '/customers?after=c1&at=US');
    const calls: Record<string, unknown>[] = [];
    const sut = await fakeHost(stub(calls));
    render(() => <App host={sut.host} />);
    await screen.findByText('Acme US');
    expect(calls.at(-1)).toMatchObject({ region: 'US', after: 'c1' });
    expect(screen.getByText('Page 2')).toBeTruthy();
    sut.setRegion('EU');
    await vi.waitFor(() => expect(calls.at(-1)).toMatchObject({ region: 'EU', after: null }));
    expect(calls.some((call) => call.region === 'EU' && call.after !== null)).toBe(false);
    expect(await screen.findByText('Page 1')).toBeTruthy();
    await vi.waitFor(() => expect(sut.navigate).toHaveBeenLastCalledWith('/customers'));
    // Paging on from there records the new region with the new cursor.
    fireEvent.click(await screen.findByRole('button', { name: 'Next page' }));
    expect(sut.navigate).toHaveBeenLastCalledWith('/customers?after=c1&at=EU');
  });

  it('drops a selected customer from the selection once its row has left the page', async () => {
    let listed = [row('Acme US'), row('Beta US', { id: '22222222-2222-4222-8222-222222222222' })];
    const assigned: unknown[] = [];
    const gql: GraphQLClient = {
      request: async <T,>(query: string, variables?: Record<string, unknown>) => {
        if (query.includes('query Tags')) return { tags: [{ id: 't1', name: 'Gold', color: '#ffcc00' }] } as T;
        if (query.includes('unassignTag')) {
          listed = listed.slice(1);
          return { unassignTag: 1 } as T;
        }
        if (query.includes('assignTag')) {
          assigned.push(variables);
          return { assignTag: 1 } as T;
        }
        if (query.includes('customerFacets')) return { customerFacets: facets } as T;
        return { customers: { totalCount: listed.length, nodes: listed, pageInfo: { endCursor: null, hasNextPage: false } } } as T;
      },
    };
    const sut = await fakeHost(gql, 'ADMIN');
    render(() => <App host={sut.host} />);
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Select Acme US' }));
    const select = await screen.findByRole('combobox', { name: 'Tag' });
    await vi.waitFor(() => expect(select.querySelectorAll('option').length).toBe(2));
    fireEvent.change(select, { target: { value: 't1' } });
    // Removing the tag takes Acme off this (tag-filtered) page: it is no longer selected.
    fireEvent.click(screen.getByRole('button', { name: 'Remove tag' }));
    await vi.waitFor(() => expect(screen.queryByText('Acme US')).toBeNull());
    fireEvent.click(screen.getByRole('button', { name: 'Add tag' }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(assigned).toEqual([]);
  });

  it('tells a partner admin that only full admins see a customer\'s administrators, and lists no ended trial as running', async () => {
    const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
    const yesterday = inDays(-1);
    const asked: string[] = [];
    const gql: GraphQLClient = {
      request: async <T,>(query: string, variables?: Record<string, unknown>) => {
        asked.push(query);
        if (query.includes('CustomerDetail')) return { customer: { ...row('Acme detail'), region: 'US', contactName: 'A', contactEmail: 'a@a.example', contactPhone: null, externalId: null } } as T;
        if (query.includes('customerAccount')) {
          const lines = [{ product: 'CALLING', purchased: 10, assigned: 0, used: 0 }];
          const trials = [
            { id: 'Trial-old', status: 'RUNNING', startDate: '2026-01-01', endDate: yesterday, lines },
            { id: 'Trial-long', status: 'RUNNING', startDate: '2026-01-01', endDate: inDays(40), lines },
            { id: 'Trial-short', status: 'RUNNING', startDate: '2026-01-01', endDate: inDays(5), lines },
          ];
          return { customerAccount: { subscriptions: [], orders: [], trials } } as T;
        }
        if (query.includes('query Tags')) return { tags: [] } as T;
        return stub().request<T>(query, variables);
      },
    };
    window.history.replaceState(null, '', '/customers/11111111-1111-4111-8111-111111111111');
    const sut = await fakeHost(gql, 'ADMIN');
    render(() => <App host={sut.host} />);
    fireEvent.click(await screen.findByRole('tab', { name: 'Trials' }));
    // The ended trial is not listed; Extend is offered only where 30 days from today is later than the end.
    await vi.waitFor(() => expect(screen.getAllByTestId('running-trial')).toHaveLength(2));
    expect(screen.queryByText('Trial Trial-old')).toBeNull();
    const [long, short] = screen.getAllByTestId('running-trial');
    expect(long.querySelector('[data-testid="not-extendable"]')?.textContent).toContain('The trial already runs until');
    expect([...long.querySelectorAll('button')].map((b) => b.textContent)).not.toContain('Extend by 30 days');
    expect([...short.querySelectorAll('button')].some((b) => /Extend/.test(b.textContent ?? ''))).toBe(true);
    fireEvent.click(screen.getByRole('tab', { name: 'Partner administrators' }));
    expect(await screen.findByText('Only full partner administrators see and change who administers a customer.')).toBeTruthy();
    expect(asked.some((query) => query.includes('customerAdmins'))).toBe(false);
  });

  it('offers a tag made in the tag manager in the bulk tag choice at once', async () => {
    const tags = [{ id: 't1', name: 'Gold', color: '#ffaa00' }];
    const gql: GraphQLClient = {
      request: async <T,>(query: string, variables?: Record<string, unknown>) => {
        if (query.includes('query Tags')) return { tags: [...tags] } as T;
        if (query.includes('createTag')) {
          tags.push({ id: 't2', name: (variables!.input as { name: string }).name, color: '#336699' });
          return { createTag: tags.at(-1) } as T;
        }
        return stub().request<T>(query, variables);
      },
    };
    const sut = await fakeHost(gql, 'ADMIN');
    render(() => <App host={sut.host} />);
    const select = await screen.findByRole('combobox', { name: 'Tag' });
    await vi.waitFor(() => expect(select.querySelectorAll('option').length).toBe(2));
    fireEvent.click(screen.getByRole('button', { name: 'Manage tags' }));
    fireEvent.input(screen.getByLabelText('Tag name'), { target: { value: 'Platinum' } });
    fireEvent.submit(screen.getByRole('button', { name: 'Create tag' }).closest('form')!);
    await vi.waitFor(() => expect([...select.querySelectorAll('option')].map((o) => o.textContent)).toContain('Platinum'));
  });

  it('keeps showing the chosen tag after the tag choice reloads, and drops a chosen tag that was deleted', async () => {
    let tags = [{ id: 't1', name: 'Gold', color: '#ffaa00' }, { id: 't2', name: 'Silver', color: '#cccccc' }];
    const gql: GraphQLClient = {
      request: async <T,>(query: string, variables?: Record<string, unknown>) => {
        if (query.includes('query Tags')) return { tags: tags.map((tag) => ({ ...tag })) } as T;
        if (query.includes('assignTag')) return { assignTag: 1 } as T;
        if (query.includes('deleteTag')) {
          tags = tags.filter((tag) => tag.id !== variables!.id);
          return { deleteTag: true } as T;
        }
        return stub().request<T>(query, variables);
      },
    };
    const sut = await fakeHost(gql, 'ADMIN');
    render(() => <App host={sut.host} />);
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Select Acme US' }));
    const select = (await screen.findByRole('combobox', { name: 'Tag' })) as HTMLSelectElement;
    await vi.waitFor(() => expect(select.querySelectorAll('option').length).toBe(3));
    fireEvent.change(select, { target: { value: 't2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add tag' }));
    expect(await screen.findByText('Tag added to 1 customer.')).toBeTruthy();
    // The list and the tag choice reload; the choice still reads Silver and acts on Silver.
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(select.value).toBe('t2');
    expect(select.selectedOptions[0]?.textContent).toBe('Silver');
    // Silver deleted in the tag manager: no tag is chosen any more, so Add and Remove are off.
    fireEvent.click(screen.getByRole('button', { name: 'Manage tags' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Delete Silver' }));
    await vi.waitFor(() => expect(select.querySelectorAll('option').length).toBe(2));
    expect(select.value).toBe('');
    expect((screen.getByRole('button', { name: 'Add tag' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('translates an error by code and retries', async () => {
    let fail = true;
    const gql: GraphQLClient = {
      request: async <T,>(query: string, variables?: Record<string, unknown>) => {
        if (fail && !query.includes('customerFacets')) throw new GraphQLRequestError('UNAVAILABLE', 'db down at 10.0.0.3');
        return stub().request<T>(query, variables);
      },
    };
    const sut = await fakeHost(gql);
    render(() => <App host={sut.host} />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The service is temporarily unavailable.');
    expect(alert.textContent).not.toContain('10.0.0.3');
    fail = false;
    screen.getByRole('button', { name: 'Retry' }).click();
    expect(await screen.findByText('Acme US')).toBeTruthy();
  });

  it('offers tag editing and bulk selection only to roles that may tag, and shows field errors translated', async () => {
    const readOnly = await fakeHost(stub(), 'READ_ONLY');
    const { unmount } = render(() => <App host={readOnly.host} />);
    await screen.findByText('Acme US');
    expect(screen.queryByRole('button', { name: 'Manage tags' })).toBeNull();
    expect(screen.queryByRole('checkbox', { name: 'Select Acme US' })).toBeNull();
    unmount();

    const assigned: Record<string, unknown>[] = [];
    const gql: GraphQLClient = {
      request: async <T,>(query: string, variables?: Record<string, unknown>) => {
        if (query.includes('query Tags')) return { tags: [{ id: 't1', name: 'Gold', color: '#ffaa00' }] } as T;
        if (query.includes('assignTag')) {
          assigned.push(variables!);
          return { assignTag: 1 } as T;
        }
        if (query.includes('createTag')) throw new GraphQLRequestError('CONFLICT', 'taken', [{ field: 'input.name', reason: 'taken' }]);
        return stub().request<T>(query, variables);
      },
    };
    const admin = await fakeHost(gql, 'ADMIN');
    render(() => <App host={admin.host} />);
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Select Acme US' }));
    const select = await screen.findByRole('combobox', { name: 'Tag' });
    await vi.waitFor(() => expect(select.querySelectorAll('option').length).toBe(2));
    fireEvent.change(select, { target: { value: 't1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add tag' }));
    expect(await screen.findByText('Tag added to 1 customer.')).toBeTruthy();
    expect(assigned[0]).toEqual({ input: { region: 'US', tagId: 't1', customerIds: ['11111111-1111-4111-8111-111111111111'] } });

    fireEvent.click(screen.getByRole('button', { name: 'Manage tags' }));
    // The tag manager opens as a modal with the keyboard on its first field.
    await vi.waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Tag name')));
    fireEvent.input(screen.getByLabelText('Tag name'), { target: { value: 'gold' } });
    fireEvent.submit(screen.getByRole('button', { name: 'Create tag' }).closest('form')!);
    expect(await screen.findByText('The name is already in use (ignoring case).')).toBeTruthy();
  });

  it('starts a trial for a new customer and says which region its data went to', async () => {
    const sent: Record<string, unknown>[] = [];
    const gql: GraphQLClient = {
      request: async <T,>(query: string, variables?: Record<string, unknown>) => {
        if (query.includes('startTrial')) {
          sent.push(variables!);
          return { startTrial: { region: 'EU', trialId: 'Trial-1', endDate: '2027-01-01' } } as T;
        }
        if (query.includes('query Tags')) return { tags: [] } as T;
        return stub().request<T>(query, variables);
      },
    };
    const sut = await fakeHost(gql, 'SALES_FULL_ADMIN');
    render(() => <App host={sut.host} />);
    await screen.findByText('Acme US');
    expect(screen.queryByRole('button', { name: 'Manage tags' })).toBeNull();
    fireEvent.input(screen.getByLabelText('Customer name'), { target: { value: 'Neue GmbH' } });
    fireEvent.change(screen.getByLabelText('Country (decides the data region)'), { target: { value: 'DE' } });
    fireEvent.input(screen.getByLabelText('Contact name'), { target: { value: 'Ute' } });
    fireEvent.input(screen.getByLabelText('Contact email'), { target: { value: 'ute@neue.example' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Calling' }));
    fireEvent.submit(screen.getByRole('button', { name: 'Start trial' }).closest('form')!);
    expect(await screen.findByText("Trial started; the customer's data is in EU.")).toBeTruthy();
    expect(sent[0]).toEqual({
      input: { newCustomer: { name: 'Neue GmbH', country: 'DE', contactName: 'Ute', contactEmail: 'ute@neue.example' }, products: ['CALLING'], licenses: 10, days: 30 },
    });
  });

  it('registers its own namespace', async () => {
    const sut = await fakeHost(stub());
    render(() => <App host={sut.host} />);
    expect(sut.host.i18n.hasResourceBundle('nl', namespace)).toBe(true);
  });
});
