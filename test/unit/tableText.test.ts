import * as assert from 'assert';
import { parse } from 'csv-parse/sync';
import { markdownCell, tableText } from '../../src/shared/tableText';
import { inReportZone } from '../../src/shared/zonedData';
import type { ReportColumns } from '../../src/shared/reportMessages';
import type { ReportData } from '../../src/api/types';

const cols: ReportColumns = {
  timezone: 'Europe/London',
  interval: '1h',
  start: '2026-10-25T00:00:00Z',
  end: '2026-10-25T03:00:00Z',
  // 00:00 BST, 01:00 BST, 01:00 GMT (the repeated hour), sent by the API in UTC.
  times: Float64Array.from([Date.parse('2026-10-24T23:00:00Z'), Date.parse('2026-10-25T00:00:00Z'), Date.parse('2026-10-25T01:00:00Z')]),
  offsets: new Int16Array(3),
  directions: [
    { id: 'in', name: 'In | north' },
    { id: 'out', name: '=HYPERLINK("x")\tout' },
  ],
  counts: [Int32Array.from([1, 2, 3]), Int32Array.from([40, 50, 60])],
  occupancyEnd: null,
  occupancyMax: null,
  capacity: null,
  totals: {},
};

describe('tableText: Copy Table', () => {
  it('TSV round-trips through a TSV parser to the same values, times in the report zone', () => {
    const rows = parse(tableText(cols, 'tsv'), { delimiter: '\t', relax_quotes: true }) as string[][];
    assert.deepStrictEqual(rows[0], ['Start (Europe/London)', 'In | north', `'=HYPERLINK("x") out`]);
    assert.deepStrictEqual(rows.slice(1), [
      ['2026-10-25 00:00', '1', '40'],
      ['2026-10-25 01:00', '2', '50'],
      ['2026-10-25 01:00', '3', '60'],
    ]);
  });

  it('Markdown: a table with escaped cells', () => {
    const md = tableText(cols, 'markdown').trimEnd().split('\n');
    assert.strictEqual(md[0], '| Start (Europe/London) | In \\| north | =HYPERLINK("x")\tout |');
    assert.strictEqual(md[1], '| --- | ---: | ---: |');
    assert.strictEqual(md[2], '| 2026-10-25 00:00 | 1 | 40 |');
    assert.strictEqual(md.length, 5);
    assert.strictEqual(markdownCell('<b>*x*</b>\n[a](b)'), '\\<b\\>\\*x\\*\\</b\\> \\[a\\](b)');
  });

  it('daily buckets show the day only', () => {
    const tsv = tableText({ ...cols, interval: '1d' }, 'tsv').split('\n');
    assert.strictEqual(tsv[1].split('\t')[0], '2026-10-25');
  });
});

describe('zonedData: JSON export in the report time zone', () => {
  it('rewrites every time with the zone offset, keeping the instants and the rest', () => {
    const data = {
      report_id: null,
      monitor: { id: 'm', name: 'M', type: 'people_count', capacity: null },
      timezone: 'Europe/London',
      interval: '1h',
      start: '2026-10-24T23:00:00Z',
      end: '2026-10-25T02:00:00Z',
      directions: [{ id: 'in', name: 'In' }],
      totals: { in: 6 },
      buckets: [
        { start: '2026-10-24T23:00:00Z', counts: { in: 1 }, occupancy: null },
        { start: '2026-10-25T00:00:00Z', counts: { in: 2 }, occupancy: null },
        { start: '2026-10-25T01:00:00Z', counts: { in: 3 }, occupancy: null },
      ],
    } as unknown as ReportData;
    const z = inReportZone(data);
    assert.strictEqual(z.start, '2026-10-25T00:00:00+01:00');
    assert.strictEqual(z.end, '2026-10-25T02:00:00+00:00');
    assert.deepStrictEqual(
      z.buckets.map((b) => b.start),
      ['2026-10-25T00:00:00+01:00', '2026-10-25T01:00:00+01:00', '2026-10-25T01:00:00+00:00'],
    );
    z.buckets.forEach((b, i) => assert.strictEqual(Date.parse(b.start), Date.parse(data.buckets[i].start)));
    assert.deepStrictEqual(z.buckets[2].counts, { in: 3 });
    assert.strictEqual(data.buckets[0].start, '2026-10-24T23:00:00Z', 'the original is unchanged');
  });
});
