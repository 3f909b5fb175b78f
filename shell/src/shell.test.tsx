import type { GraphQLClient, ModuleId, ModuleProps, RemoteModule } from '@ph/contracts';
import { createModuleTranslator } from '@ph/ui';
import { createMemoryHistory } from '@solidjs/router';
import { cleanup, fireEvent, render, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createShellI18n } from './i18n';
import type { RemoteLoader } from './remotes';
import { Shell } from './shell';

afterEach(cleanup);

/** A fake remote that uses the host like a real one: own namespace, reactive locale and region. */
function fakeModule(id: ModuleId): RemoteModule {
  return {
    namespace: id,
    App: (props: ModuleProps) => {
      const t = createModuleTranslator(props.host, id, { en: { hello: '{{id}} in {{region}}' }, nl: { hello: '{{id}} in {{region}} (nl)' } });
      return <p data-testid={`module-${id}`}>{t('hello', { id, region: props.host.region() })}</p>;
    },
  };
}

const gql: GraphQLClient = { request: async () => Promise.reject(new Error('unused')) };

async function renderShell(loader: RemoteLoader, path = '/') {
  const i18n = await createShellI18n('en');
  const history = createMemoryHistory();
  history.set({ value: path });
  render(() => <Shell i18n={i18n} gql={gql} loader={loader} initialRegion="US" initialLocale="en" history={history} />);
  return history;
}

describe(Shell.name, () => {
  beforeEach(() => localStorage.clear());

  it('redirects / to customers, marks the active link and mounts the module', async () => {
    const loads: ModuleId[] = [];
    await renderShell({ load: async (id) => (loads.push(id), fakeModule(id)) });
    expect(await screen.findByText('customers in US')).toBeTruthy();
    expect(screen.getByRole('navigation', { name: 'Main navigation' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Customers' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('link', { name: 'Analytics' }).getAttribute('aria-current')).toBeNull();
    expect(screen.getByRole('main').id).toBe('main');
    expect(loads).toEqual(['customers']);
  });

  it('switches language and region without reload, re-rendering the module', async () => {
    await renderShell({ load: async (id) => fakeModule(id) }, '/customers');
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

  it('shows a translated fallback with Retry when a module fails, and the rest keeps working', async () => {
    let failCustomers = true;
    const calls: { id: ModuleId; force?: boolean }[] = [];
    await renderShell(
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
    await renderShell(
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

  it('renders the later-version pages honestly', async () => {
    await renderShell({ load: async (id) => fakeModule(id) }, '/helpdesk');
    expect(await screen.findByRole('heading', { name: 'Partner Helpdesk' })).toBeTruthy();
    expect(screen.getByText(/comes in a later version/)).toBeTruthy();
    await waitFor(() => expect(screen.getByRole('link', { name: 'Partner Helpdesk' }).getAttribute('aria-current')).toBe('page'));
  });
});
