import type { GraphQLClient, ModuleHost } from '@ph/contracts';
import { createModuleTranslator, GraphQLRequestError } from '@ph/ui';
import { cleanup, fireEvent, render, screen, waitFor } from '@solidjs/testing-library';
import i18next from 'i18next';
import { createSignal } from 'solid-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { namespace } from './app';
import { parseListState, type ListState } from './list-state';
import en from './locales/en.json';
import nl from './locales/nl.json';
import { SavedViews, viewQuery, type SavedView } from './saved-views';

afterEach(cleanup);

const TAG = '6f1c1c1e-0000-4000-8000-000000000001';
const view = (name: string, query: string, extra: Partial<SavedView> = {}): SavedView => ({
  id: `id-${name}`,
  name,
  query,
  shared: false,
  mine: true,
  canDelete: true,
  ownerName: 'Fiona Full',
  droppedTags: [],
  ...extra,
});

/** A fake host whose GraphQL client answers from `views` and records mutations. */
async function setup(options: { views?: SavedView[]; state?: string; fail?: (query: string, variables: Record<string, unknown>) => Error | null } = {}) {
  let views = options.views ?? [
    view('Expiring', 'status=EXPIRING_SOON'),
    view('Renewals', `tag=${TAG}&sort=NEXT_END_DATE`, { droppedTags: ['Gold'] }),
    view('Team overage', 'status=LICENSE_OVERAGE', { mine: false, shared: true, canDelete: false, ownerName: 'Adam Admin', id: 'id-team' }),
  ];
  const mutations: { query: string; variables: Record<string, unknown> }[] = [];
  const gql: GraphQLClient = {
    request: async <T,>(query: string, variables: Record<string, unknown> = {}) => {
      if (query.includes('query SavedViews')) return { savedViews: views } as T;
      mutations.push({ query, variables });
      const error = options.fail?.(query, variables);
      if (error) throw error;
      if (query.includes('createSavedView')) {
        const input = variables.input as { name: string; query: string; shared: boolean };
        views = [...views, view(input.name, input.query, { shared: input.shared })];
        return { createSavedView: { id: 'new' } } as T;
      }
      if (query.includes('deleteSavedView')) {
        views = views.filter((v) => v.id !== variables.id);
        return { deleteSavedView: true } as T;
      }
      const input = variables.input as { id: string; name?: string; shared?: boolean };
      views = views.map((v) => (v.id === input.id ? { ...v, ...(input.name ? { name: input.name } : {}), ...(input.shared != null ? { shared: input.shared } : {}) } : v));
      return { updateSavedView: { id: input.id } } as T;
    },
  };
  const i18n = i18next.createInstance();
  await i18n.init({ lng: 'en', fallbackLng: 'en', resources: {}, interpolation: { escapeValue: false } });
  const [locale, setLocale] = createSignal<'en' | 'nl'>('en');
  const host: ModuleHost = { i18n, locale, region: () => 'US', user: () => null, gql, basePath: '/customers', navigate: vi.fn() };
  const t = createModuleTranslator(host, namespace, { en, nl });
  const [state, setState] = createSignal<ListState>(parseListState(options.state ?? '?status=TRIAL&after=c1'));
  const onApply = vi.fn((next: ListState) => setState(next));
  render(() => <SavedViews host={host} t={t} state={state()} onApply={onApply} />);
  const button = screen.getByRole('button', { name: 'Saved views' });
  return { button, onApply, mutations, setLocale, setState };
}

const key = (target: Element, name: string) => fireEvent.keyDown(target, { key: name });
const focused = () => document.activeElement as HTMLElement;

describe(SavedViews.name, () => {
  it('is a menu button: arrows, Home/End and type-ahead move through the views, Escape closes and gives focus back', async () => {
    const sut = await setup();
    expect(sut.button.getAttribute('aria-haspopup')).toBe('menu');
    expect(sut.button.getAttribute('aria-expanded')).toBe('false');
    await waitFor(() => expect(screen.queryByRole('menu')).toBeNull());

    key(sut.button, 'ArrowDown');
    const menu = await screen.findByRole('menu', { name: 'Saved views' });
    expect(sut.button.getAttribute('aria-expanded')).toBe('true');
    expect(sut.button.getAttribute('aria-controls')).toBe(menu.id);
    await waitFor(() => expect(focused().textContent).toBe('Expiring'));
    expect(screen.getByRole('group', { name: 'My views' })).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Shared by other administrators' })).toBeTruthy();
    const labels = [...menu.querySelectorAll('[role^="menuitem"]')].map((item) => item.textContent);
    expect(labels).toEqual(['Expiring', 'Renewals', 'Team overage — shared by Adam Admin', 'Save current view…', 'Manage saved views…']);

    key(focused(), 'ArrowDown');
    expect(focused().textContent).toBe('Renewals');
    key(focused(), 'End');
    expect(focused().textContent).toBe('Manage saved views…');
    key(focused(), 'ArrowDown');
    expect(focused().textContent).toBe('Expiring');
    key(focused(), 'ArrowUp');
    expect(focused().textContent).toBe('Manage saved views…');
    key(focused(), 'Home');
    expect(focused().textContent).toBe('Expiring');
    key(focused(), 't');
    expect(focused().textContent).toBe('Team overage — shared by Adam Admin');
    expect([...menu.querySelectorAll('[tabindex]')].every((item) => item.getAttribute('tabindex') === '-1')).toBe(true);

    key(focused(), 'Escape');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(focused()).toBe(sut.button);
    expect(sut.button.getAttribute('aria-expanded')).toBe('false');

    // ArrowUp opens on the last item.
    key(sut.button, 'ArrowUp');
    await waitFor(() => expect(focused().textContent).toBe('Manage saved views…'));
  });

  it('opens a view with Enter (the list state comes from its query), marks the current view and names a tag it dropped', async () => {
    const sut = await setup();
    key(sut.button, 'Enter');
    await waitFor(() => expect(focused().textContent).toBe('Expiring'));
    key(focused(), 'ArrowDown');
    key(focused(), 'Enter');
    expect(sut.onApply).toHaveBeenCalledTimes(1);
    expect(sut.onApply.mock.calls[0][0]).toEqual(parseListState(`?tag=${TAG}&sort=NEXT_END_DATE`));
    expect(screen.queryByRole('menu')).toBeNull();
    expect(focused()).toBe(sut.button);
    expect(screen.getByTestId('saved-views-status').textContent).toBe('Showing the view “Renewals”. Its tag “Gold” no longer exists and was left out.');

    fireEvent.click(sut.button);
    const current = await screen.findByRole('menuitemradio', { name: 'Renewals' });
    expect(current.getAttribute('aria-checked')).toBe('true');
    expect(screen.getByRole('menuitemradio', { name: 'Expiring' }).getAttribute('aria-checked')).toBe('false');
    fireEvent.click(screen.getByRole('menuitemradio', { name: 'Expiring' }));
    expect(sut.onApply).toHaveBeenLastCalledWith(parseListState('?status=EXPIRING_SOON'));

    sut.setLocale('nl');
    expect(screen.getByRole('button', { name: 'Opgeslagen weergaven' })).toBeTruthy();
  });

  it('saves the current search, filters and sort (not the page) from a labelled dialog; errors are announced and keep what was typed', async () => {
    const sut = await setup({
      state: `?q=acme&status=TRIAL&tag=${TAG}&sort=COUNTRY&desc=1&after=c1,c2`,
      fail: (query, variables) =>
        query.includes('createSavedView') && (variables.input as { name: string }).name === 'Expiring'
          ? new GraphQLRequestError('CONFLICT', 'taken', [{ field: 'input.name', reason: 'taken' }])
          : null,
    });
    key(sut.button, 'ArrowDown');
    await screen.findByRole('menu');
    fireEvent.click(screen.getByRole('menuitem', { name: 'Save current view…' }));
    const dialog = screen.getByRole('dialog', { name: 'Save current view' });
    expect(dialog.getAttribute('aria-describedby')).toBe('save-view-description');
    const name = screen.getByLabelText('Name of the view') as HTMLInputElement;
    await waitFor(() => expect(focused()).toBe(name));

    fireEvent.submit(name.closest('form')!);
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(name.getAttribute('aria-describedby')!)!.textContent).toBe('Name of the view is required.');
    expect(sut.mutations).toEqual([]);

    fireEvent.input(name, { target: { value: 'x'.repeat(61) } });
    fireEvent.submit(name.closest('form')!);
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toContain('Name of the view may have at most 60 characters.');

    fireEvent.input(name, { target: { value: 'Expiring' } });
    fireEvent.submit(name.closest('form')!);
    await screen.findByText('The name is already in use (ignoring case).');
    expect(name.value).toBe('Expiring');
    expect(focused()).toBe(name);

    fireEvent.input(name, { target: { value: 'Acme trials' } });
    fireEvent.click(screen.getByLabelText('Share with the other administrators of my partner organisation'));
    fireEvent.submit(name.closest('form')!);
    await waitFor(() => expect(screen.getByTestId('saved-views-status').textContent).toBe('View “Acme trials” saved.'));
    expect(sut.mutations.at(-1)!.variables).toEqual({ input: { name: 'Acme trials', query: `q=acme&status=TRIAL&tag=${TAG}&sort=COUNTRY&desc=1`, shared: true } });
    expect(focused()).toBe(sut.button);
    fireEvent.click(sut.button);
    expect(await screen.findByRole('menuitemradio', { name: 'Acme trials (shared)' })).toBeTruthy();
  });

  it('renames, shares and deletes own views and lets a full admin delete a view someone else shared', async () => {
    const sut = await setup({
      views: [view('Expiring', 'status=EXPIRING_SOON'), view('Team overage', 'status=LICENSE_OVERAGE', { id: 'id-team', mine: false, shared: true, canDelete: true, ownerName: 'Adam Admin' })],
      fail: (query, variables) => (query.includes('updateSavedView') && (variables.input as { name?: string }).name === 'Taken' ? new GraphQLRequestError('CONFLICT', 'taken', [{ field: 'input.name', reason: 'taken' }]) : null),
    });
    fireEvent.click(sut.button);
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Manage saved views…' }));
    screen.getByRole('dialog', { name: 'Manage saved views' });

    const rename = screen.getByLabelText('Name of the view Expiring') as HTMLInputElement;
    fireEvent.input(rename, { target: { value: 'Taken' } });
    fireEvent.submit(rename.closest('form')!);
    await waitFor(() => expect(screen.getAllByRole('alert').map((a) => a.textContent)).toContain('The name is already in use (ignoring case).'));
    expect(rename.value).toBe('Taken');

    fireEvent.input(rename, { target: { value: 'Soon' } });
    screen.getByRole('button', { name: 'Rename Expiring' }).focus();
    fireEvent.submit(rename.closest('form')!);
    await screen.findByText('View renamed to “Soon”.');
    expect(sut.mutations.at(-1)!.variables).toEqual({ input: { id: 'id-Expiring', name: 'Soon' } });
    await waitFor(() => expect(focused()).toBe(screen.getByRole('button', { name: 'Rename Soon' })));

    fireEvent.click(screen.getByRole('checkbox', { name: 'Share Soon' }));
    await screen.findByText('“Soon” is now shared.');
    expect(sut.mutations.at(-1)!.variables).toEqual({ input: { id: 'id-Expiring', shared: true } });

    fireEvent.click(screen.getByRole('button', { name: 'Delete Team overage' }));
    await screen.findByText('View “Team overage” deleted.');
    expect(sut.mutations.at(-1)!.variables).toEqual({ id: 'id-team' });
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Delete Team overage' })).toBeNull());

    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(focused()).toBe(sut.button);
  });

  it('keeps the page cursor out of a view', () => {
    expect(viewQuery(parseListState('?status=TRIAL&after=a,b&sort=NAME'))).toBe('status=TRIAL');
  });
});
