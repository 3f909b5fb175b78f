import { ErrorCode, type GraphQLClient, type ModuleId, type ModuleProps } from '@ph/contracts';
import { GraphQLRequestError } from '@ph/ui';
import { cleanup, fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pageNameKey } from './layout';
import type { RemoteLoader } from './remotes';
import { Shell } from './shell';
import { createFakeGql, fakeModule, renderShell, TEST_USER } from './testing';

afterEach(cleanup);

const { gql } = createFakeGql({ signedIn: () => true });

function renderAt(loader: RemoteLoader, path = '/') {
  return renderShell({ gql, loader, path });
}

describe(Shell.name, () => {
  beforeEach(() => localStorage.clear());

  it('redirects / to customers, marks the active link and mounts the module', async () => {
    const loads: ModuleId[] = [];
    await renderAt({ load: async (id) => (loads.push(id), fakeModule(id)) });
    expect(await screen.findByText('customers in US')).toBeTruthy();
    expect(screen.getByRole('navigation', { name: 'Main navigation' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Customers' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('link', { name: 'Analytics' }).getAttribute('aria-current')).toBeNull();
    expect(screen.getByRole('main').id).toBe('main');
    expect(loads).toEqual(['customers']);
  });

  it('switches language and region without reload, re-rendering the module', async () => {
    await renderAt({ load: async (id) => fakeModule(id) }, '/customers');
    await screen.findByText('customers in US');
    fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'nl' } });
    expect(await screen.findByText('customers in US (nl)')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Klanten' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Mijn organisatie starten' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('nl');
    expect(localStorage.getItem('ph.locale')).toBe('nl');
    fireEvent.change(screen.getByLabelText('Regio'), { target: { value: 'EU' } });
    expect(await screen.findByText('customers in EU (nl)')).toBeTruthy();
    expect(localStorage.getItem('ph.region')).toBe('EU');
  });

  it('names the regions in the region switch in both languages, keeping the codes as values', async () => {
    await renderAt({ load: async (id) => fakeModule(id) }, '/customers');
    await screen.findByText('customers in US');
    const options = () => within(screen.getByLabelText('Region')).getAllByRole('option') as HTMLOptionElement[];
    expect(options().map((option) => [option.value, option.textContent])).toEqual([
      ['US', 'US — United States'],
      ['CA', 'CA — Canada'],
      ['EU', 'EU — European Union'],
      ['AE', 'AE — United Arab Emirates'],
    ]);
    fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'nl' } });
    await screen.findByText('customers in US (nl)');
    expect(within(screen.getByLabelText('Regio')).getAllByRole('option').map((option) => option.textContent)).toEqual([
      'VS — Verenigde Staten',
      'CA — Canada',
      'EU — Europese Unie',
      'VAE — Verenigde Arabische Emiraten',
    ]);
  });

  it('names the page in the document title and moves focus to main after a navigation, not on first load nor on a query change', async () => {
    const history = await renderAt({ load: async (id) => fakeModule(id) });
    await screen.findByText('customers in US');
    // The first load (here with the redirect from /) names the page but leaves focus at the top.
    expect(document.title).toBe('Customers – Partner Hub');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(document.activeElement).toBe(document.body);

    const analytics = screen.getByRole('link', { name: 'Analytics' });
    analytics.focus();
    fireEvent.click(analytics);
    await screen.findByText('analytics in US');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('main')));
    expect(document.title).toBe('Analytics – Partner Hub');

    // A new query string on the same page (filters in the URL) leaves focus where it is.
    analytics.focus();
    history.set({ value: '/analytics?tab=calling' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(document.activeElement).toBe(analytics);

    // Back to another page moves focus again; the title follows the language.
    history.back();
    history.back();
    await screen.findByText('customers in US');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('main')));
    expect(document.title).toBe('Customers – Partner Hub');
    fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'nl' } });
    await waitFor(() => expect(document.title).toBe('Klanten – Partner Hub'));
  });

  it('keeps focus that the new page placed inside main itself', async () => {
    const loader: RemoteLoader = {
      load: async (id) =>
        id === 'reports' ? { namespace: 'reports', App: () => <input aria-label="Report name" ref={(input) => queueMicrotask(() => input.focus())} /> } : fakeModule(id),
    };
    await renderAt(loader, '/customers');
    await screen.findByText('customers in US');
    fireEvent.click(screen.getByRole('link', { name: 'Reports' }));
    const field = await screen.findByLabelText('Report name');
    await waitFor(() => expect(document.activeElement).toBe(field));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(document.activeElement).toBe(field);
    expect(document.title).toBe('Reports – Partner Hub');
  });

  it('shows a translated fallback with Retry when a module fails, and the rest keeps working', async () => {
    let failCustomers = true;
    const calls: { id: ModuleId; force?: boolean }[] = [];
    await renderAt(
      {
        load: async (id, options) => {
          calls.push({ id, force: options?.force });
          if (id === 'customers' && failCustomers) throw new Error('404');
          return fakeModule(id);
        },
      },
      '/customers',
    );
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The Customers module could not be loaded.');
    failCustomers = false;
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('customers in US')).toBeTruthy();
    expect(calls.at(-1)).toEqual({ id: 'customers', force: true });
    fireEvent.click(screen.getByRole('link', { name: 'Analytics' }));
    expect(await screen.findByText('analytics in US')).toBeTruthy();
  });

  it('catches a module that throws on mount', async () => {
    await renderAt(
      {
        load: async (id) =>
          id === 'reports'
            ? {
                namespace: 'reports',
                App: () => {
                  throw new Error('boom');
                },
              }
            : fakeModule(id),
      },
      '/reports',
    );
    expect((await screen.findByRole('alert')).textContent).toContain('The Reports module could not be loaded.');
    fireEvent.click(screen.getByRole('link', { name: 'Customers' }));
    expect(await screen.findByText('customers in US')).toBeTruthy();
  });

  it('sends a signed-out visitor to /sign-in with next, without navigation', async () => {
    const { gql: signedOut } = createFakeGql({ signedIn: () => false });
    const history = await renderShell({ gql: signedOut, path: '/reports?x=1' });
    expect(await screen.findByRole('heading', { name: 'Sign in to Partner Hub' })).toBeTruthy();
    await waitFor(() => expect(history.get()).toBe('/sign-in?next=%2Freports%3Fx%3D1'));
    expect(screen.queryByRole('navigation')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Sign out' })).toBeNull();
  });

  it('shows the user and translated role in the header, and signs out', async () => {
    let signedIn = true;
    const { gql: fake } = createFakeGql({ signedIn: () => signedIn });
    const fetch = vi.fn(async () => ((signedIn = false), new Response(null, { status: 204 })));
    const history = await renderShell({ gql: fake, fetch, path: '/customers' });
    expect(await screen.findByText('Fran Full')).toBeTruthy();
    expect(screen.getByText('Full partner administrator')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'nl' } });
    expect(await screen.findByText('Volledige partnerbeheerder')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Afmelden' }));
    expect(await screen.findByRole('heading', { name: 'Aanmelden bij Partner Hub' })).toBeTruthy();
    expect(fetch).toHaveBeenCalledWith('/api/auth/sign-out', expect.objectContaining({ method: 'POST' }));
    // An explicit sign-out does not offer to return to the last page, nor say the session "ended".
    await waitFor(() => expect(history.get()).toBe('/sign-in'));
    expect(screen.queryByText('Uw sessie is beëindigd. Meld u opnieuw aan.')).toBeNull();
  });

  it('names every role in both languages', async () => {
    for (const [role, en, nl] of [
      ['ADMIN', 'Partner administrator', 'Partnerbeheerder'],
      ['READ_ONLY', 'Read-only partner administrator', 'Alleen-lezen partnerbeheerder'],
      ['SALES_FULL_ADMIN', 'Sales full administrator', 'Volledige verkoopbeheerder'],
      ['SALES_ADMIN', 'Sales administrator', 'Verkoopbeheerder'],
      ['HELP_DESK', 'Help desk administrator', 'Helpdeskbeheerder'],
    ] as const) {
      const { gql: fake } = createFakeGql({ signedIn: () => true, user: { ...TEST_USER, role } });
      await renderShell({ gql: fake, path: '/helpdesk' });
      expect(await screen.findByText(en)).toBeTruthy();
      fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'nl' } });
      expect(await screen.findByText(nl)).toBeTruthy();
      cleanup();
    }
  });

  it('returns to /sign-in with next when a module request finds the session ended, and passes the user to modules', async () => {
    let signedIn = true;
    const seenUsers: unknown[] = [];
    const { gql: fake } = createFakeGql({
      signedIn: () => signedIn,
      answers: {
        Customers: () => {
          throw new GraphQLRequestError(ErrorCode.Unauthenticated);
        },
      },
    });
    const rejected: unknown[] = [];
    const loader: RemoteLoader = {
      load: async (id) => ({
        namespace: id,
        App: (props: ModuleProps) => {
          seenUsers.push(props.host.user());
          return (
            <button
              type="button"
              onClick={() => {
                signedIn = false;
                props.host.gql.request('query Customers { customers { id } }').catch((error: unknown) => rejected.push(error));
              }}
            >
              load customers
            </button>
          );
        },
      }),
    };
    const history = await renderShell({ gql: fake, loader, path: '/customers/42' });
    fireEvent.click(await screen.findByRole('button', { name: 'load customers' }));
    expect(await screen.findByText('Your session has ended. Sign in again.')).toBeTruthy();
    await waitFor(() => expect(history.get()).toBe('/sign-in?next=%2Fcustomers%2F42'));
    expect(screen.queryByRole('navigation')).toBeNull();
    expect(seenUsers).toEqual([TEST_USER]);
    await waitFor(() => expect(rejected).toHaveLength(1));
    expect(rejected[0]).toMatchObject({ code: ErrorCode.Unauthenticated });
  });

  it('offers Retry when the session check cannot reach the BFF', async () => {
    let reachable = false;
    const { gql: fake } = createFakeGql({ signedIn: () => true });
    const flaky: GraphQLClient = {
      request: (query, variables, options) => (reachable ? fake.request(query, variables, options) : Promise.reject(new GraphQLRequestError(ErrorCode.Network))),
    };
    await renderShell({ gql: flaky, path: '/customers' });
    expect((await screen.findByRole('alert')).textContent).toContain('could not check whether you are signed in');
    reachable = true;
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('customers in US')).toBeTruthy();
  });
});

describe(pageNameKey.name, () => {
  it("names a page by its section's navigation label, else by its own name, else as not found", () => {
    expect(pageNameKey('/')).toBeNull();
    expect(pageNameKey('/customers')).toBe('nav.customers');
    expect(pageNameKey('/customers/42')).toBe('nav.customers');
    expect(pageNameKey('/my-organization')).toBe('nav.myOrganization');
    expect(pageNameKey('/users/u1')).toBe('admin.nav.users');
    expect(pageNameKey('/audit')).toBe('admin.nav.audit');
    expect(pageNameKey('/account/sessions')).toBe('header.sessions');
    expect(pageNameKey('/sign-in')).toBe('signIn.submit');
    expect(pageNameKey('/customersx')).toBe('pages.notFound.title');
  });
});
