import type { ModuleHost } from '@ph/contracts';
import type { ModuleTranslate } from '@ph/ui';

/** What every analytics view gets: the host, its translate function and Intl formatters in the host's locale. */
export interface ViewContext {
  host: ModuleHost;
  t: ModuleTranslate;
  /** Integer, e.g. 12,500. */
  n: (value: number) => string;
  /** A percentage given as 0…100 (no decimals). */
  pct: (value: number | null) => string;
  /** A signed change, e.g. +12 / −3 / 0. */
  change: (value: number | null) => string;
  /** One decimal, e.g. 3.5. */
  dec: (value: number | null) => string;
  /** A YYYY-MM-DD date, medium style. */
  date: (iso: string) => string;
}

/** Builds the formatters of a {@link ViewContext}; they read `host.locale()` on every call (reactive in JSX). */
export function viewContext(host: ModuleHost, t: ModuleTranslate): ViewContext {
  const fmt = (options: Intl.NumberFormatOptions) => (value: number) => new Intl.NumberFormat(host.locale(), options).format(value);
  const dash = (f: (v: number) => string) => (value: number | null) => (value === null ? t('table.none') : f(value));
  return {
    host,
    t,
    n: fmt({}),
    pct: dash((v) => fmt({ style: 'percent', maximumFractionDigits: 0 })(v / 100)),
    change: dash(fmt({ signDisplay: 'exceptZero' })),
    dec: dash(fmt({ maximumFractionDigits: 1 })),
    date: (iso) => new Intl.DateTimeFormat(host.locale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`)),
  };
}
