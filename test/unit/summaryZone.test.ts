// The language-model summary (src/lm/summary.ts) in the report's time zone when the API wrote its times in UTC: the
// range, the peaks and the per-day series are London's local days and times. Expectations written out by hand
// (London: BST +01:00 until 25 October 2026 01:00Z, GMT +00:00 after).
import * as assert from 'assert';
import type { ReportData } from '../../src/api/types';
import { summarise, summaryText } from '../../src/lm/summary';

/** Hourly buckets from 23 October 2026 23:00Z (local midnight of the 24th) for 73 hours, written in UTC. */
function utcData(): ReportData {
  const buckets = Array.from({ length: 73 }, (_, k) => ({
    start: new Date(Date.UTC(2026, 9, 23, 23 + k)).toISOString().replace('.000Z', 'Z'),
    // One person an hour; the busiest bucket is the local 24 October 23:00 (22:00Z), the next the 25th's 00:00.
    counts: { in: k === 23 ? 50 : k === 24 ? 40 : 1 },
    occupancy: null,
  }));
  return {
    report_id: null,
    monitor: { id: 'mon_1', name: 'Main door', type: 'people_count', capacity: null },
    timezone: 'Europe/London',
    interval: '1h',
    start: '2026-10-23T23:00:00Z',
    end: '2026-10-27T00:00:00Z',
    directions: [{ id: 'in', name: 'In' }],
    totals: { in: buckets.reduce((s, b) => s + b.counts.in, 0) },
    buckets,
  } as ReportData;
}

describe('lm summary: times in the report zone', () => {
  it('range, peaks and the per-day series in London time, though the API sent UTC', () => {
    const s = summarise(utcData());
    assert.deepStrictEqual(s.range, { start: '2026-10-24T00:00:00+01:00', end: '2026-10-27T00:00:00+00:00' });
    assert.strictEqual(s.series.step, 'day');
    // Local days: 24 hours, 25 hours (clocks back), 24 hours.
    assert.deepStrictEqual(
      s.series.rows.map((r) => [r.start.slice(0, 10), r.total]),
      [
        ['2026-10-24', 23 + 50],
        ['2026-10-25', 40 + 24],
        ['2026-10-26', 24],
      ],
    );
    assert.deepStrictEqual(s.peaks.slice(0, 2), [
      { start: '2026-10-24T23:00:00+01:00', total: 50 },
      { start: '2026-10-25T00:00:00+01:00', total: 40 },
    ]);
    const text = summaryText(s);
    assert.match(text, /Range: 2026-10-24T00:00:00\+01:00 to 2026-10-27T00:00:00\+00:00 \(end exclusive\), time zone Europe\/London/);
    assert.match(text, /\n2026-10-25 64\n/);
  });

  it('the previous period too', () => {
    const data = utcData();
    const s = summarise(data, data);
    assert.deepStrictEqual(s.previous?.range, { start: '2026-10-24T00:00:00+01:00', end: '2026-10-27T00:00:00+00:00' });
    assert.deepStrictEqual(s.previous?.changePercent, { in: 0 });
  });
});
