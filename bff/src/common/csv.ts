import { stringify } from 'csv-stringify/sync';

/** One CSV column: where its value comes from and its header. */
export interface CsvColumn<Row> {
  key: keyof Row & string;
  header: string;
}

/** A cell a spreadsheet could run as a formula starts with one of these. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A phone number in E.164 form (`+` then 8–15 digits) is data, not a formula: it stays as it is. */
const E164 = /^\+\d{8,15}$/;

/**
 * The CSV-injection policy of every file Partner Hub writes: a text cell that starts with `=`, `+`,
 * `-`, `@`, a tab or a carriage return gets a leading `'` so spreadsheets show it as text — except a
 * valid E.164 phone number, which is left as it is. Numbers, booleans and dates are not text cells.
 */
export function neutraliseCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  const text = String(value);
  if (typeof value !== 'string' || !FORMULA_START.test(text) || E164.test(text)) return text;
  return `'${text}`;
}

const OPTIONS = {
  header: true,
  // RFC 4180: CRLF between records, fields quoted when needed — also a field with a bare CR or LF
  // (csv-stringify leaves those unquoted once a record delimiter is set, unless told).
  record_delimiter: 'windows',
  quote_record_delimiter: true,
  cast: { string: neutraliseCell, number: (n: number) => String(n), boolean: (b: boolean) => String(b), date: (d: Date) => d.toISOString() },
} as const;

const RECORD_OPTIONS = { ...OPTIONS, header: false } as const;

function columnsOf<Row>(columns: readonly CsvColumn<Row>[]) {
  return columns.map((c) => ({ key: c.key, header: neutraliseCell(c.header) }));
}

/**
 * The header line of a CSV file written in batches with {@link csvRecords} (same format and policy as
 * {@link toCsv}: header then CRLF).
 */
export function csvHeaderLine(headers: readonly string[]): string {
  return stringify([], { ...OPTIONS, columns: headers.map((header, i) => ({ key: String(i), header: neutraliseCell(header) })) });
}

/** A text cell csv-stringify would quote or escape, or that the injection policy changes. */
const NEEDS_LIBRARY = /[",\r\n]|^[=+\-@\t]/;

/** One cell as csv-stringify writes it with our options; only cells that need quoting, escaping or neutralising reach the library. */
function cellText(value: unknown, memo: Map<string, string>): string {
  if (typeof value === 'number') return String(value);
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') {
    if (!NEEDS_LIBRARY.test(value) || E164.test(value)) return value;
    let text = memo.get(value);
    if (text === undefined) {
      // The record of this one cell, without its CRLF.
      text = stringify([[value]], RECORD_OPTIONS).slice(0, -2);
      memo.set(value, text);
    }
    return text;
  }
  return stringify([[value]], RECORD_OPTIONS).slice(0, -2);
}

/**
 * The records of a batch of rows given as arrays of cells (in column order), each ending with CRLF: the
 * same bytes as csv-stringify's sync API with {@link toCsv}'s options (a test compares them on
 * random cells), built a batch at a time. A cell csv-stringify would write unchanged (a number, an empty
 * cell, text without a quote, comma, CR or LF that the injection policy leaves alone) is written as it is;
 * every other cell is formatted by csv-stringify itself.
 */
export function csvRecords(rows: readonly (readonly unknown[])[]): string {
  const memo = new Map<string, string>();
  let out = '';
  for (const row of rows) {
    let line = '';
    for (let i = 0; i < row.length; i++) line += (i === 0 ? '' : ',') + cellText(row[i], memo);
    out += line + '\r\n';
  }
  return out;
}

/** The whole CSV text of a small, in-memory set of rows: RFC 4180, UTF-8, with the injection policy of {@link neutraliseCell}. */
export function toCsv<Row>(rows: readonly Row[], columns: readonly CsvColumn<Row>[]): string {
  return stringify(rows as Row[] as Record<string, unknown>[], { ...OPTIONS, columns: columnsOf(columns) });
}
