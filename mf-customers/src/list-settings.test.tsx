import type { GraphQLClient, ModuleHost } from '@ph/contracts';
import { createModuleTranslator, GraphQLRequestError } from '@ph/ui';
import { cleanup, fireEvent, render, screen, waitFor } from '@solidjs/testing-library';
import i18next from 'i18next';
import { createSignal } from 'solid-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { namespace } from './app';
import { ListSettings } from './list-settings';
import en from './locales/en.json';
import nl from './locales/nl.json';

afterEach(cleanup);

async function setup(role: string, fail?: (input: Record<string, number>) => Error | null) {
  let stored = { expiringSoonDays: 45, noRecentActivityDays: 30 };
  const updates: Record<string, number>[] = [];
  const gql: GraphQLClient = {
    request: async <T,>(query: string, variables: Record<string, unknown> = {}) => {
      if (query.includes('query CustomerListSettings')) return { customerListSettings: stored } as T;
      const input = variables.input as typeof stored;
      updates.push(input);
      const error = fail?.(input);
      if (error) throw error;
      stored = input;
      return { updateCustomerListSettings: stored } as T;
    },
  };
  const i18n = i18next.createInstance();
  await i18n.init({ lng: 'en', fallbackLng: 'en', resources: {}, interpolation: { escapeValue: false } });
  const [locale, setLocale] = createSignal<'en' | 'nl'>('en');
  const user = () => ({ id: 'u', email: 'x@demo.example', displayName: 'X', role, partnerId: 'p', partnerName: 'P' }) as ReturnType<ModuleHost['user']>;
  const host: ModuleHost = { i18n, locale, region: () => 'US', user, gql, basePath: '/customers', navigate: vi.fn() };
  const t = createModuleTranslator(host, namespace, { en, nl });
  const onSaved = vi.fn();
  render(() => <ListSettings host={host} t={t} onSaved={onSaved} />);
  fireEvent.click(screen.getByRole('button', { name: 'List settings' }));
  const dialog = screen.getByRole('dialog', { name: 'Customer list settings' });
  return { dialog, updates, onSaved, setLocale };
}

describe(ListSettings.name, () => {
  it('shows other roles the thresholds with their meaning, read-only', async () => {
    const sut = await setup('READ_ONLY');
    const values = await screen.findByTestId('list-settings-values');
    expect(values.textContent).toContain('Expiring soon: days before the end45 days');
    expect(values.textContent).toContain('when one of its subscriptions or trials ends within this many days. Whole days from 1 to 365; default 30.');
    expect(values.textContent).toContain('No recent activity: days without a sign-in30 days');
    expect(screen.getByText('Only full partner administrators can change these thresholds.')).toBeTruthy();
    expect(sut.dialog.querySelectorAll('input')).toHaveLength(0);
    sut.setLocale('nl');
    expect(values.textContent).toContain('Verloopt binnenkort: dagen voor het einde45 dagen');
  });

  it('lets a full admin change them; a bad value is explained per field, nothing is sent and what was typed stays', async () => {
    const sut = await setup('FULL_ADMIN');
    const expiring = (await screen.findByLabelText('Expiring soon: days before the end')) as HTMLInputElement;
    const activity = screen.getByLabelText('No recent activity: days without a sign-in') as HTMLInputElement;
    expect([expiring.value, activity.value]).toEqual(['45', '30']);
    expect(expiring.getAttribute('aria-describedby')).toContain('threshold-expiringSoonDays-help');
    expect(document.getElementById('threshold-expiringSoonDays-help')!.textContent).toContain('default 30');

    fireEvent.input(expiring, { target: { value: '0' } });
    fireEvent.input(activity, { target: { value: '2.5' } });
    fireEvent.submit(expiring.closest('form')!);
    expect(sut.updates).toEqual([]);
    expect(expiring.getAttribute('aria-invalid')).toBe('true');
    expect(activity.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('list-settings-errors').getAttribute('role')).toBe('alert');
    expect(screen.getByTestId('list-settings-errors').textContent).toBe(
      'The “Expiring soon” threshold must be between 1 and 365. The “No recent activity” threshold must be a whole number of days.',
    );
    expect([expiring.value, activity.value]).toEqual(['0', '2.5']);
    expect(document.activeElement).toBe(expiring);

    fireEvent.input(expiring, { target: { value: '60' } });
    fireEvent.input(activity, { target: { value: '7' } });
    fireEvent.submit(expiring.closest('form')!);
    await screen.findByText('Thresholds saved. The list now shows the statuses with these thresholds.');
    expect(sut.updates).toEqual([{ expiringSoonDays: 60, noRecentActivityDays: 7 }]);
    expect(sut.onSaved).toHaveBeenCalledTimes(1);
    expect(expiring.getAttribute('aria-invalid')).toBeNull();
  });

  it('shows a refusal by the BFF on the field it names and keeps the typed values', async () => {
    const sut = await setup('FULL_ADMIN', (input) =>
      input.noRecentActivityDays === 99
        ? new GraphQLRequestError('BAD_USER_INPUT', 'bad', [{ field: 'input.noRecentActivityDays', reason: 'outOfRange', params: { min: 1, max: 90 } }])
        : new GraphQLRequestError('FORBIDDEN', 'no'),
    );
    const activity = (await screen.findByLabelText('No recent activity: days without a sign-in')) as HTMLInputElement;
    fireEvent.input(activity, { target: { value: '99' } });
    fireEvent.submit(activity.closest('form')!);
    await waitFor(() => expect(screen.getByTestId('list-settings-errors').textContent).toBe('The “No recent activity” threshold must be between 1 and 90.'));
    expect(activity.getAttribute('aria-invalid')).toBe('true');
    expect(activity.value).toBe('99');

    fireEvent.input(activity, { target: { value: '20' } });
    fireEvent.submit(activity.closest('form')!);
    await waitFor(() => expect(screen.getByTestId('list-settings-errors').textContent).toBe('You do not have permission to see this.'));
    expect(activity.value).toBe('20');
    expect(sut.onSaved).not.toHaveBeenCalled();
  });
});
