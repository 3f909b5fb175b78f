import { cleanup, render, screen } from '@solidjs/testing-library';
import i18next from 'i18next';
import { createSignal } from 'solid-js';
import { afterEach, describe, expect, it } from 'vitest';
import { createCountryName, createModuleTranslator, createNumberFormat } from './i18n';
import { keyParity, missingKeys } from './locale-keys';
import { ErrorMessage, LoadingState } from './states';

afterEach(cleanup);

describe(createModuleTranslator.name, () => {
  it('adds the bundles and re-renders when the locale signal changes', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ lng: 'en', fallbackLng: 'en', resources: {} });
    const [locale, setLocale] = createSignal<'en' | 'nl'>('en');
    const host = { i18n, locale };
    const t = createModuleTranslator(host, 'demo', {
      en: { count_one: '{{value}} customer', count_other: '{{value}} customers' },
      nl: { count_one: '{{value}} klant', count_other: '{{value}} klanten' },
    });
    const n = createNumberFormat(host);
    render(() => <p>{t('count', { count: 1234, value: n(1234) })}</p>);
    expect(screen.getByText('1,234 customers')).toBeTruthy();
    setLocale('nl');
    expect(screen.getByText('1.234 klanten')).toBeTruthy();
  });
});

describe(createCountryName.name, () => {
  it('names a country in the current language and follows a switch', () => {
    const [locale, setLocale] = createSignal<'en' | 'nl'>('en');
    const country = createCountryName({ locale });
    expect(country('NL')).toBe('Netherlands');
    setLocale('nl');
    expect(country('NL')).toBe('Nederland');
  });
});

describe(missingKeys.name, () => {
  it('lists keys missing in the other bundle', () => {
    expect(missingKeys({ a: { b: 'x', c: 'y' } }, { a: { b: 'x' } })).toEqual(['a.c']);
    expect(keyParity({ a: '1' }, { a: '2' })).toEqual({ missingInNl: [], missingInEn: [] });
  });
});

describe(ErrorMessage.name, () => {
  it('renders an alert with a retry button', () => {
    let retried = 0;
    render(() => <ErrorMessage message="Broken" retryLabel="Retry" onRetry={() => retried++} />);
    expect(screen.getByRole('alert').textContent).toContain('Broken');
    screen.getByRole('button', { name: 'Retry' }).click();
    expect(retried).toBe(1);
  });

  it('renders a loading status', () => {
    render(() => <LoadingState label="Loading…" />);
    expect(screen.getByRole('status').textContent).toContain('Loading…');
  });
});
