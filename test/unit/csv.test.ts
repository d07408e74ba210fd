import * as assert from 'assert';
import { csvField, toCsv } from '../../src/shared/csv';
import { formatIsoWithOffset } from '../../src/shared/time';
import type { ReportColumns } from '../../src/shared/reportMessages';

describe('csv: formatIsoWithOffset', () => {
  it('formats with the offset', () => {
    assert.strictEqual(formatIsoWithOffset(Date.parse('2026-11-28T09:15:00Z'), 0), '2026-11-28T09:15:00+00:00');
    assert.strictEqual(formatIsoWithOffset(Date.parse('2026-07-01T08:00:00Z'), 60), '2026-07-01T09:00:00+01:00');
    assert.strictEqual(formatIsoWithOffset(Date.parse('2026-07-01T04:00:00Z'), -240), '2026-07-01T00:00:00-04:00');
    assert.strictEqual(formatIsoWithOffset(Date.parse('2026-07-01T00:00:00Z'), 345), '2026-07-01T05:45:00+05:45');
    assert.strictEqual(formatIsoWithOffset(Date.parse('2026-07-01T00:00:00Z'), -570), '2026-06-30T14:30:00-09:30');
    assert.strictEqual(formatIsoWithOffset(Date.parse('2026-07-01T00:00:00.250Z'), 0), '2026-07-01T00:00:00.250+00:00');
  });

  it('round-trips through Date.parse', () => {
    for (const off of [-720, -210, 0, 60, 330, 840]) {
      const ms = Date.UTC(2026, 2, 29, 1, 30);
      assert.strictEqual(Date.parse(formatIsoWithOffset(ms, off)), ms);
    }
  });
});

describe('csv: fields', () => {
  it('quotes per RFC 4180', () => {
    assert.strictEqual(csvField('plain'), 'plain');
    assert.strictEqual(csvField('a,b'), '"a,b"');
    assert.strictEqual(csvField('say "hi"'), '"say ""hi"""');
    assert.strictEqual(csvField('two\nlines'), '"two\nlines"');
    assert.strictEqual(csvField('cr\rlf'), '"cr\rlf"');
  });

  it('neutralises spreadsheet formulas', () => {
    assert.strictEqual(csvField('=1+2'), "'=1+2");
    assert.strictEqual(csvField('+A1'), "'+A1");
    assert.strictEqual(csvField('-A1'), "'-A1");
    assert.strictEqual(csvField('@SUM(A1)'), "'@SUM(A1)");
    assert.strictEqual(csvField('=HYPERLINK("http://x","y")'), `"'=HYPERLINK(""http://x"",""y"")"`);
    assert.strictEqual(csvField('a=b'), 'a=b');
  });
});

describe('csv: toCsv', () => {
  const base: ReportColumns = {
    timezone: 'Europe/London',
    interval: '1h',
    start: '2026-03-29T00:00:00+00:00',
    end: '2026-03-29T03:00:00+01:00',
    times: Float64Array.from([Date.parse('2026-03-29T00:00:00Z'), Date.parse('2026-03-29T01:00:00Z')]),
    offsets: Int16Array.from([0, 60]),
    directions: [
      { id: 'in', name: 'In, main' },
      { id: 'out', name: '=cmd|"/c calc"!A1' },
    ],
    counts: [Int32Array.from([1, 2]), Int32Array.from([3, 4])],
    occupancyEnd: null,
    occupancyMax: null,
    capacity: null,
    totals: {},
  };

  it('writes a header and one row per bucket with ISO start times', () => {
    const csv = toCsv(base);
    assert.strictEqual(
      csv,
      'start,"In, main","\'=cmd|""/c calc""!A1"\r\n' + '2026-03-29T00:00:00+00:00,1,3\r\n' + '2026-03-29T02:00:00+01:00,2,4\r\n',
    );
  });

  it('adds occupancy columns for occupancy monitors', () => {
    const csv = toCsv({
      ...base,
      directions: [{ id: 'in', name: 'In' }],
      counts: [Int32Array.from([1, 2])],
      occupancyEnd: Int32Array.from([5, 6]),
      occupancyMax: Int32Array.from([7, 8]),
      capacity: 10,
    });
    assert.strictEqual(csv.split('\r\n')[0], 'start,In,occupancy_end,occupancy_max');
    assert.strictEqual(csv.split('\r\n')[2], '2026-03-29T02:00:00+01:00,2,6,8');
  });

  it('writes only the header for an empty report', () => {
    assert.strictEqual(
      toCsv({ ...base, times: new Float64Array(0), offsets: new Int16Array(0), counts: [new Int32Array(0), new Int32Array(0)] }).split(
        '\r\n',
      ).length,
      2,
    );
  });
});
