// The exports of a compared report (src/shared/compareExport.ts, through src/shared/exportText.ts as the panel and
// Copy Report Data as JSON use it): CSV rows with the comparison beside each bucket, JSON with the comparison's data.
// Expected rows are written out by hand with Europe/London's offsets around its 25 October 2026 change (01:00Z: BST
// +01:00 before, GMT +00:00 after), not computed with the product's own time code.
import * as assert from 'assert';
import { parse } from 'csv-parse/sync';
import type { ReportData } from '../../src/api/types';
import { toColumns } from '../../src/shared/columns';
import { alignComparison } from '../../src/shared/compare';
import { csvWithComparison, jsonWithComparison } from '../../src/shared/compareExport';
import { toCsv } from '../../src/shared/csv';
import { exportText } from '../../src/shared/exportText';

const pad = (v: number) => String(v).padStart(2, '0');

/** Report data of hourly buckets whose starts are written as given (local wall time and offset, or UTC). */
function hourly(start: string, end: string, starts: string[], counts: (i: number) => { in: number; out: number }): ReportData {
  const buckets = starts.map((s, i) => ({ start: s, counts: counts(i), occupancy: null }));
  return {
    report_id: null,
    monitor: { id: 'mon_1', name: 'Main door', type: 'people_count', capacity: null },
    timezone: 'Europe/London',
    interval: '1h',
    start,
    end,
    directions: [
      { id: 'in', name: 'In' },
      { id: 'out', name: 'Out' },
    ],
    totals: {
      in: buckets.reduce((s, b) => s + b.counts.in, 0),
      out: buckets.reduce((s, b) => s + b.counts.out, 0),
    },
    buckets,
  } as ReportData;
}

// 25 October 2026 (25 hours): local 00:00 and 01:00 BST, 01:00 GMT again, then 02:00 … 23:00 GMT.
const OCT25 = [
  '2026-10-25T00:00:00+01:00',
  '2026-10-25T01:00:00+01:00',
  '2026-10-25T01:00:00+00:00',
  ...Array.from({ length: 22 }, (_, k) => `2026-10-25T${pad(k + 2)}:00:00+00:00`),
];
// 24 October 2026 (24 hours, all BST).
const OCT24 = Array.from({ length: 24 }, (_, k) => `2026-10-24T${pad(k)}:00:00+01:00`);
// The same instants as the API would send them in UTC.
const OCT25_UTC = Array.from({ length: 25 }, (_, k) => new Date(Date.UTC(2026, 9, 24, 23 + k)).toISOString().replace('.000Z', 'Z'));
const OCT24_UTC = Array.from({ length: 24 }, (_, k) => new Date(Date.UTC(2026, 9, 23, 23 + k)).toISOString().replace('.000Z', 'Z'));

// Main: in = i + 1, out = 10. Comparison: in = i (0 in its first hour: a zero base), out = 0 throughout.
const main = hourly('2026-10-25T00:00:00+01:00', '2026-10-26T00:00:00+00:00', OCT25, (i) => ({ in: i + 1, out: 10 }));
const comparison = hourly('2026-10-24T00:00:00+01:00', '2026-10-25T00:00:00+01:00', OCT24, (i) => ({ in: i, out: 0 }));
const mainUtc = hourly('2026-10-24T23:00:00Z', '2026-10-26T00:00:00Z', OCT25_UTC, (i) => ({ in: i + 1, out: 10 }));
const comparisonUtc = hourly('2026-10-23T23:00:00Z', '2026-10-24T23:00:00Z', OCT24_UTC, (i) => ({ in: i, out: 0 }));

/** The rows every form of these inputs must export, written by hand. */
const EXPECTED_ROWS: string[][] = [
  ['start (Europe/London)', 'In', 'Out', 'compare_start', 'In (compared)', 'Out (compared)'],
  ['2026-10-25T00:00:00+01:00', '1', '10', '2026-10-24T00:00:00+01:00', '0', '0'],
  ['2026-10-25T01:00:00+01:00', '2', '10', '2026-10-24T01:00:00+01:00', '1', '0'],
  // The repeated 01:00 has no counterpart: empty, not shifted.
  ['2026-10-25T01:00:00+00:00', '3', '10', '', '', ''],
  ...Array.from({ length: 22 }, (_, k) => [
    `2026-10-25T${pad(k + 2)}:00:00+00:00`,
    String(k + 4),
    '10',
    `2026-10-24T${pad(k + 2)}:00:00+01:00`,
    String(k + 2),
    '0',
  ]),
];

const csvOf = (m: ReportData, c: ReportData): string => {
  const cols = toColumns(m);
  return csvWithComparison(toCsv(cols), cols, alignComparison(cols, toColumns(c), { kind: 'previous' }));
};

describe('compare export: CSV', () => {
  it('a 25-hour day against a 24-hour day: one row per bucket, the repeated hour with empty comparison cells', () => {
    const text = csvOf(main, comparison);
    assert.ok(text.endsWith('\r\n'), 'CRLF line ends, the last line ended too');
    assert.strictEqual(text.split('\r\n').length, 25 + 2);
    assert.deepStrictEqual(parse(text) as string[][], EXPECTED_ROWS);
    // Hand-checked lines, as a spreadsheet would read them.
    const lines = text.split('\r\n');
    assert.strictEqual(lines[0], 'start (Europe/London),In,Out,compare_start,In (compared),Out (compared)');
    assert.strictEqual(lines[3], '2026-10-25T01:00:00+00:00,3,10,,,');
    assert.strictEqual(lines[25], '2026-10-25T23:00:00+00:00,25,10,2026-10-24T23:00:00+01:00,23,0');
  });

  it('a zero base is written as 0 (not empty), and the comparison columns add up to the aligned buckets', () => {
    const rows = (parse(csvOf(main, comparison)) as string[][]).slice(1);
    assert.strictEqual(rows[0][4], '0');
    assert.ok(rows.every((r) => r[5] === '0' || r[5] === ''));
    const sum = (k: number) => rows.reduce((s, r) => s + Number(r[k] || 0), 0);
    assert.strictEqual(sum(1), (25 * 26) / 2);
    assert.strictEqual(sum(2), 250);
    // Every comparison hour but none is aligned: 0 + 1 + … + 23.
    assert.strictEqual(sum(4), (23 * 24) / 2);
  });

  it('data the API sent in UTC is exported with London offsets and aligned by London hours all the same', () => {
    assert.deepStrictEqual(parse(csvOf(mainUtc, comparisonUtc)) as string[][], EXPECTED_ROWS);
    assert.deepStrictEqual(
      parse(exportText('csv', mainUtc, { spec: { kind: 'previous' }, data: comparisonUtc })) as string[][],
      EXPECTED_ROWS,
    );
  });

  it('quotes direction names in the comparison headers like the report’s own', () => {
    const named = {
      ...main,
      directions: [
        { id: 'in', name: 'In, north' },
        { id: 'out', name: '=Out' },
      ],
    };
    const header = (parse(csvOf(named, comparison)) as string[][])[0];
    assert.deepStrictEqual(header, [
      'start (Europe/London)',
      'In, north',
      "'=Out",
      'compare_start',
      'In, north (compared)',
      "'=Out (compared)",
    ]);
  });
});

describe('compare export: JSON', () => {
  it('jsonWithComparison: the report with its comparison choice and data beside it', () => {
    assert.deepStrictEqual(jsonWithComparison(main, { kind: 'previous' }, comparison), {
      ...main,
      compare: { kind: 'previous', data: comparison },
    });
    const custom = jsonWithComparison(main, { kind: 'custom', start: '2025-10-25' }, comparison) as { compare: unknown };
    assert.deepStrictEqual(custom.compare, { kind: 'custom', start: '2025-10-25', data: comparison });
  });

  it('the JSON export of UTC data: both periods in London time, the zone named, counts and totals untouched', () => {
    const out = JSON.parse(exportText('json', mainUtc, { spec: { kind: 'previous' }, data: comparisonUtc }));
    assert.strictEqual(out.timezone, 'Europe/London');
    assert.strictEqual(out.start, '2026-10-25T00:00:00+01:00');
    assert.strictEqual(out.end, '2026-10-26T00:00:00+00:00');
    assert.deepStrictEqual(
      out.buckets.map((b: { start: string }) => b.start),
      OCT25,
    );
    assert.deepStrictEqual(out.totals, mainUtc.totals);
    assert.deepStrictEqual(
      out.buckets.map((b: { counts: unknown }) => b.counts),
      mainUtc.buckets.map((b) => b.counts),
    );
    assert.strictEqual(out.compare.kind, 'previous');
    assert.strictEqual(out.compare.data.timezone, 'Europe/London');
    assert.strictEqual(out.compare.data.start, '2026-10-24T00:00:00+01:00');
    assert.strictEqual(out.compare.data.end, '2026-10-25T00:00:00+01:00');
    assert.deepStrictEqual(
      out.compare.data.buckets.map((b: { start: string }) => b.start),
      OCT24,
    );
    assert.strictEqual(out.compare.data.buckets[0].counts.in, 0, 'the zero base kept');
    // Without a comparison: the report alone, no `compare` key.
    assert.ok(!('compare' in JSON.parse(exportText('json', mainUtc))));
    assert.ok(exportText('json', mainUtc).endsWith('}\n'));
  });
});
