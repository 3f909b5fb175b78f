import type { FieldError } from '@ph/contracts';

/** The report locales the BFF writes headers in. */
export const REPORT_LOCALES = ['en', 'nl'] as const;
export type ReportLocale = (typeof REPORT_LOCALES)[number];

/** `locale` when the BFF writes headers in it, else English. */
export function reportLocale(locale: string): ReportLocale {
  return (REPORT_LOCALES as readonly string[]).includes(locale) ? (locale as ReportLocale) : 'en';
}

/** One column of a default template: a machine-stable id (header for scripts) and its header per language. */
export interface ReportColumn {
  id: string;
  en: string;
  nl: string;
}

const c = (id: string, en: string, nl: string): ReportColumn => ({ id, en, nl });

/**
 * The columns of each default template, in PRODUCT.md's order ("Reports"). The header texts live here,
 * keyed by column id, because the BFF writes the files.
 */
export const REPORT_COLUMNS = {
  'call-detail': [
    c('customer_name', 'Customer name', 'Naam van de klant'),
    c('org_id', 'Org ID', 'Organisatie-id'),
    c('location', 'Location', 'Locatie'),
    c('total_calls', 'Total calls', 'Totaal aantal gesprekken'),
    c('total_call_legs', 'Total call legs', 'Totaal aantal oproepgedeelten'),
    c('poor_quality_call_legs', 'Total poor-quality call legs', 'Totaal aantal oproepgedeelten van slechte kwaliteit'),
    c('call_minutes', 'Call minutes', 'Belminuten'),
    c('call_minutes_video', 'Call minutes with video', 'Belminuten - Video'),
    c('call_legs_audio', 'Call legs audio', 'Oproepgedeelten - Audio'),
    c('call_legs_video', 'Call legs video', 'Oproepgedeelten - Video'),
    c('legs_desk_phones', 'Legs on desk phones', 'Oproepgedeelten - Bureautelefoon'),
    c('legs_room_devices', 'Legs on room devices', 'Oproepgedeelten - Kamerapparaat'),
    c('legs_other_devices', 'Legs on other (third-party) devices', 'Oproepgedeelten - Andere apparaten'),
    c('hunt_group_calls', 'Hunt-group calls', 'Oproepen - Huntgroepoproepen'),
    c('auto_attendant_calls', 'Auto-attendant calls', 'Oproepen - Auto Attendant-oproepen'),
    c('queue_total_calls', 'Call queue total calls', 'Oproepwachtrij - Totaal aantal oproepen'),
    c('queue_timed_out_calls', 'Call queue timed-out calls', 'Oproepwachtrij - Time-outoproepen'),
    c('queue_overflowed_calls', 'Call queue overflowed calls', 'Oproepwachtrij - Overgelopen oproepen'),
    c('queue_transferred_calls', 'Call queue transferred calls', 'Oproepwachtrij - Doorgeschakelde oproepen'),
    c('queue_abandoned_calls', 'Call queue abandoned calls', 'Oproepwachtrij - Verlaten oproepen'),
  ],
  devices: [
    c('external_id', 'External ID', 'Externe id'),
    c('customer', 'Customer', 'Klant'),
    c('customer_org_id', 'Customer org ID', 'Klantorganisatie-id'),
    c('location_id', 'Location ID', 'Locatie-id'),
    c('location_name', 'Location name', 'Locatienaam'),
    c('product', 'Product', 'Product'),
    c('mac', 'MAC', 'MAC'),
    c('firmware', 'Firmware', 'Firmware'),
    c('phone_number', 'Phone number', 'Telefoonnummer'),
    c('extension', 'Extension', 'Extensie'),
    c('user_id', 'User ID', 'Gebruikers-id'),
    c('user_uuid', 'User UUID', 'Gebruikers-UUID'),
  ],
  'phone-numbers': [
    c('external_id', 'External ID', 'Externe id'),
    c('customer', 'Customer', 'Klant'),
    c('customer_org_id', 'Customer org ID', 'Klantorganisatie-id'),
    c('location_id', 'Location ID', 'Locatie-id'),
    c('location_name', 'Location name', 'Locatienaam'),
    c('country', 'Country', 'Land'),
    c('phone_number', 'Phone number', 'Telefoonnummer'),
    c('extension', 'Extension', 'Extensie'),
    c('pstn_connection', 'PSTN connection', 'PSTN-verbinding'),
    c('active', 'Active', 'Actief'),
    c('user_type', 'User type', 'Gebruikerstype'),
    c('number_type', 'Number type', 'Type nummer'),
    c('user_id', 'User ID', 'Gebruikers-id'),
    c('user_uuid', 'User UUID', 'Gebruikers-UUID'),
  ],
  'call-history': [
    c('customer', 'Customer', 'Klant'),
    c('org_id', 'Org ID', 'Organisatie-id'),
    c('location', 'Location', 'Locatie'),
    c('start_time_utc', 'Start time (UTC)', 'Starttijd (UTC)'),
    c('duration_seconds', 'Duration (s)', 'Duur (s)'),
    c('direction', 'Direction', 'Richting'),
    c('endpoint_type', 'Endpoint type', 'Type eindpunt'),
    c('media', 'Audio/video', 'Audio/video'),
    c('jitter_ms', 'Jitter (ms)', 'Jitter (ms)'),
    c('latency_ms', 'Latency (ms)', 'Vertraging (ms)'),
    c('packet_loss_pct', 'Packet loss (%)', 'Pakketverlies (%)'),
    c('poor_quality', 'Poor quality', 'Slechte kwaliteit'),
    c('feature', 'Feature', 'Functie'),
    c('queue_outcome', 'Queue outcome', 'Wachtrijresultaat'),
  ],
} as const satisfies Record<string, readonly ReportColumn[]>;

export type ReportKind = keyof typeof REPORT_COLUMNS;
export const REPORT_KINDS = Object.keys(REPORT_COLUMNS) as ReportKind[];

/** Kinds whose rows are a point-in-time snapshot (no period). */
export const INVENTORY_KINDS: readonly ReportKind[] = ['devices', 'phone-numbers'];

/** The header of a column: its text in `locale`, or its id for `ids` (machine-stable, for scripts). */
export function headerOf(column: ReportColumn, headers: 'labels' | 'ids', locale: ReportLocale): string {
  return headers === 'ids' ? column.id : column[locale];
}

/** The longest period a call report may cover, in days. */
export const MAX_PERIOD_DAYS: Partial<Record<ReportKind, number>> = { 'call-detail': 366, 'call-history': 31 };

/** What is wrong with the period `from`–`to` of a report of `kind` (reversed, or longer than the kind allows), as the field error on `input.to`; null when it is fine. */
export function periodProblem(kind: ReportKind, from: Date, to: Date): FieldError | null {
  if (from.getTime() >= to.getTime()) return { field: 'input.to', reason: 'periodReversed' };
  const max = MAX_PERIOD_DAYS[kind] ?? 366;
  return to.getTime() - from.getTime() > max * 86_400_000 ? { field: 'input.to', reason: 'periodTooLong', params: { max } } : null;
}
