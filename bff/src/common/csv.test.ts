import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvHeaderLine, csvRecords, neutraliseCell, toCsv, type CsvColumn } from './csv';

interface Row {
  name: string;
  phone: string | null;
  count: number;
}
const COLUMNS: CsvColumn<Row>[] = [
  { key: 'name', header: 'Name' },
  { key: 'phone', header: 'Phone number' },
  { key: 'count', header: 'Count' },
];

describe(neutraliseCell.name, () => {
  it.each([
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+cmd|calc', "'+cmd|calc"],
    ['-2+3', "'-2+3"],
    ['@import', "'@import"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['+31201234567', '+31201234567'],
    ['+1234567', "'+1234567"], // 7 digits: not E.164 here
    ['+1234567890123456', "'+1234567890123456"], // 16 digits
    ['+31 20 123', "'+31 20 123"],
    ['Acme = best', 'Acme = best'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(neutraliseCell(input)).toBe(expected);
  });

  it('leaves numbers alone and writes null as empty', () => {
    expect(neutraliseCell(-5)).toBe('-5');
    expect(neutraliseCell(null)).toBe('');
  });
});

/** Every case of the injection policy, written by the writer and read back by a real parser (csv-parse). */
const INJECTION_FIXTURES: [string, string][] = [
  ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
  ['+cmd|calc', "'+cmd|calc"],
  ['-2+3', "'-2+3"],
  ['@import', "'@import"],
  ['\tx', "'\tx"],
  ['\rx', "'\rx"],
  ['+31201234567', '+31201234567'],
  ['+12345678', '+12345678'], // 8 digits: the shortest E.164 kept
  ['+123456789012345', '+123456789012345'], // 15 digits: the longest
  ['+1234567', "'+1234567"],
  ['+1234567890123456', "'+1234567890123456"],
  ['+31 20 123', "'+31 20 123"],
  ['Acme = best', 'Acme = best'],
];

describe('CSV-injection fixtures parsed back', () => {
  it.each(INJECTION_FIXTURES)('%j is read back as %j', (input, expected) => {
    const text = toCsv([{ name: input, phone: input, count: 1 }], COLUMNS);
    const [row] = parse(text, { columns: true, relax_quotes: false }) as Record<string, string>[];
    expect(row.Name).toBe(expected);
    expect(row['Phone number']).toBe(expected);
  });

  it.each(INJECTION_FIXTURES)('%j in a report batch (csvRecords) is read back as %j', (input, expected) => {
    // Deep inside a batch of a cursor's size (256 rows), between other cells.
    const rows = Array.from({ length: 300 }, (_, i) => ['x', i]);
    rows[280] = [input, 1];
    const parsed = parse(csvHeaderLine(['Name', 'Count']) + csvRecords(rows), { columns: true, relax_quotes: false }) as Record<string, string>[];
    expect(parsed).toHaveLength(300);
    expect(parsed[280]).toEqual({ Name: expected, Count: '1' });
    expect(parsed[279]).toEqual({ Name: 'x', Count: '279' });
  });
});

describe(toCsv.name, () => {
  it('writes RFC 4180 CSV that a real parser reads back, with the injection policy applied', () => {
    const rows: Row[] = [
      { name: '=HYPERLINK("http://x")', phone: '+31201234567', count: -3 },
      { name: 'Quote "and", comma\nnewline', phone: null, count: 0 },
      { name: 'Zoë Ünïcode', phone: '-1', count: 7 },
      { name: 'bare\nline feed', phone: 'bare\rreturn', count: 1 },
    ];
    const text = toCsv(rows, COLUMNS);
    expect(text).toContain('\r\n');
    const parsed = parse(text, { columns: true }) as Record<string, string>[];
    expect(parsed).toEqual([
      { Name: `'=HYPERLINK("http://x")`, 'Phone number': '+31201234567', Count: '-3' },
      { Name: 'Quote "and", comma\nnewline', 'Phone number': '', Count: '0' },
      { Name: 'Zoë Ünïcode', 'Phone number': "'-1", Count: '7' },
      { Name: 'bare\nline feed', 'Phone number': 'bare\rreturn', Count: '1' },
    ]);
  });
});

describe(csvRecords.name, () => {
  it('writes a header line and batches of array rows byte for byte as the object writer does, injection policy included', () => {
    const rows: Row[] = [
      { name: '=HYPERLINK("http://x")', phone: '+31201234567', count: -3 },
      { name: 'Quote "and", comma\nnewline', phone: null, count: 0 },
      { name: '@x', phone: '-1', count: 7.5 },
    ];
    const asArrays = rows.map((r) => [r.name, r.phone, r.count]);
    const text = csvHeaderLine(COLUMNS.map((c) => c.header)) + csvRecords(asArrays.slice(0, 2)) + csvRecords(asArrays.slice(2)) + csvRecords([]);
    expect(text).toBe(toCsv(rows, COLUMNS));
    expect(text.endsWith('\r\n')).toBe(true);
  });

  it('writes, batch by batch, exactly what csv-stringify writes for the whole set with the shared options, for random cells', () => {
    // A small deterministic generator (mulberry32) so a failure can be reproduced.
    let seed = 20261126;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const ALPHABET = ['a', 'Z', '0', '9', ' ', ',', '"', '\r', '\n', '\t', '=', '+', '-', '@', "'", ';', 'ë', '€', '😀', '.', ':'];
    const cell = (): unknown => {
      const kind = random();
      if (kind < 0.1) return null;
      if (kind < 0.25) return Math.round((random() - 0.5) * 1e6) / (random() < 0.5 ? 1 : 100);
      if (kind < 0.3) return `+${Math.floor(random() * 1e15)}`;
      if (kind < 0.35) return '';
      return Array.from({ length: 1 + Math.floor(random() * 8) }, () => ALPHABET[Math.floor(random() * ALPHABET.length)]).join('');
    };
    const rows = Array.from({ length: 3000 }, () => Array.from({ length: 3 }, cell));
    // The same rows through the object writer, which is csv-stringify all the way.
    const columns = ['a', 'b', 'c'].map((key) => ({ key, header: key })) as CsvColumn<Record<string, unknown>>[];
    const expected = toCsv(rows.map(([a, b, c]) => ({ a, b, c })), columns).replace(/^a,b,c\r\n/, '');
    expect(csvRecords(rows)).toBe(expected);
    // In uneven batches (as a cursor hands them over): the bytes do not depend on where a batch ends.
    let batched = '';
    for (let i = 0, size = 1; i < rows.length; i += size, size = size * 3 + 1) batched += csvRecords(rows.slice(i, i + size));
    expect(batched).toBe(expected);
    const parsed = parse(csvRecords(rows), { relax_column_count: false }) as string[][];
    expect(parsed).toHaveLength(rows.length);
    expect(parsed[0]).toEqual(rows[0]!.map((v) => (v === null ? '' : typeof v === 'number' ? String(v) : neutraliseCell(v))));
  });

  it('neutralises a header that looks like a formula', () => {
    expect(csvHeaderLine(['=cmd', 'Name'])).toBe("'=cmd,Name\r\n");
  });
});
