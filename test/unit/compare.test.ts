// The comparison period, the bucket-by-bucket alignment (DST days, leap day) and the change maths of
// src/shared/compare.ts. Expectations are written out by hand (UTC instants and offsets of Europe/London's 2026
// changes: 29 March 01:00Z, 25 October 01:00Z), not computed with the product's own time code.
import * as assert from 'assert';
import type { ReportData } from '../../src/api/types';
import { toColumns } from '../../src/shared/columns';
import {
  alignComparison,
  alignComparisonData,
  change,
  comparePeriod,
  formatAbsolute,
  formatRelative,
  parseCompare,
} from '../../src/shared/compare';
import type { ReportColumns } from '../../src/shared/reportMessages';

const H = 3_600_000;

/** Hourly columns from a UTC start, `n` buckets, offsets from `offsetAt`, counts from `count`. */
function hourly(
  startIso: string,
  firstUtc: number,
  n: number,
  offsetAt: (ms: number) => number,
  count: (i: number) => number,
): ReportColumns {
  const times = new Float64Array(n);
  const offsets = new Int16Array(n);
  const c = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    times[i] = firstUtc + i * H;
    offsets[i] = offsetAt(times[i]);
    c[i] = count(i);
  }
  return {
    timezone: 'Europe/London',
    interval: '1h',
    start: startIso,
    end: '',
    times,
    offsets,
    directions: [{ id: 'in', name: 'In' }],
    counts: [c],
    occupancyEnd: null,
    occupancyMax: null,
    capacity: null,
    totals: {},
  };
}
const autumn = (ms: number) => (ms < Date.UTC(2026, 9, 25, 1) ? 60 : 0);
const spring = (ms: number) => (ms < Date.UTC(2026, 2, 29, 1) ? 0 : 60);

describe('compare: the period', () => {
  it('previous: the same local length immediately before, across a DST change', () => {
    // 25 October 2026 in London has 25 hours; the day before has 24.
    assert.deepStrictEqual(
      comparePeriod({ start: '2026-10-25T00:00:00+01:00', end: '2026-10-26T00:00:00+00:00' }, { kind: 'previous' }, 'Europe/London'),
      {
        start: '2026-10-24T00:00:00+01:00',
        end: '2026-10-25T00:00:00+01:00',
      },
    );
    // A week (7 local days) before a week.
    assert.deepStrictEqual(
      comparePeriod({ start: '2026-11-23T00:00:00+00:00', end: '2026-11-30T00:00:00+00:00' }, { kind: 'previous' }, 'Europe/London'),
      {
        start: '2026-11-16T00:00:00+00:00',
        end: '2026-11-23T00:00:00+00:00',
      },
    );
  });

  it('same period last year: the same local dates; 29 February becomes 28 February', () => {
    assert.deepStrictEqual(
      comparePeriod({ start: '2028-02-29T00:00:00+00:00', end: '2028-03-01T00:00:00+00:00' }, { kind: 'last_year' }, 'Europe/London'),
      {
        start: '2027-02-28T00:00:00+00:00',
        end: '2027-03-01T00:00:00+00:00',
      },
    );
    // Summer time in both years: the offsets are the zone's own.
    assert.deepStrictEqual(
      comparePeriod({ start: '2026-07-01T00:00:00+01:00', end: '2026-07-08T00:00:00+01:00' }, { kind: 'last_year' }, 'Europe/London'),
      {
        start: '2025-07-01T00:00:00+01:00',
        end: '2025-07-08T00:00:00+01:00',
      },
    );
    assert.deepStrictEqual(
      comparePeriod({ start: '2026-12-01T00:00:00-05:00', end: '2026-12-02T00:00:00-05:00' }, { kind: 'last_year' }, 'America/New_York'),
      {
        start: '2025-12-01T00:00:00-05:00',
        end: '2025-12-02T00:00:00-05:00',
      },
    );
  });

  it('custom: the same local length from midnight of the chosen day', () => {
    assert.deepStrictEqual(
      comparePeriod(
        { start: '2026-11-23T00:00:00+00:00', end: '2026-11-30T00:00:00+00:00' },
        { kind: 'custom', start: '2026-03-26' },
        'Europe/London',
      ),
      // 7 local days from 26 March: the clocks go forward on the 29th.
      { start: '2026-03-26T00:00:00+00:00', end: '2026-04-02T00:00:00+01:00' },
    );
  });

  it('reads only the known choices', () => {
    assert.deepStrictEqual(parseCompare({ kind: 'previous', extra: 1 }), { kind: 'previous' });
    assert.deepStrictEqual(parseCompare({ kind: 'custom', start: '2026-02-28' }), { kind: 'custom', start: '2026-02-28' });
    assert.strictEqual(parseCompare({ kind: 'custom', start: '2026-02-30' }), undefined);
    assert.strictEqual(parseCompare({ kind: 'custom' }), undefined);
    assert.strictEqual(parseCompare({ kind: 'next' }), undefined);
    assert.strictEqual(parseCompare(null), undefined);
  });
});

describe('compare: alignment', () => {
  it('a 24-hour day against the day before: bucket i meets bucket i', () => {
    const main = hourly(
      '2026-11-24T00:00:00+00:00',
      Date.UTC(2026, 10, 24),
      24,
      () => 0,
      (i) => 100 + i,
    );
    const comp = hourly(
      '2026-11-23T00:00:00+00:00',
      Date.UTC(2026, 10, 23),
      24,
      () => 0,
      (i) => 10 * i,
    );
    const a = alignComparison(main, comp, { kind: 'previous' });
    assert.deepStrictEqual(
      [...a.counts[0]],
      Array.from({ length: 24 }, (_, i) => 10 * i),
    );
    assert.deepStrictEqual(
      [...a.times],
      Array.from({ length: 24 }, (_, i) => Date.UTC(2026, 10, 23) + i * H),
    );
    assert.strictEqual(a.missing, 0);
    assert.strictEqual(a.unmatched, 0);
    assert.deepStrictEqual(a.totals, { in: 10 * ((23 * 24) / 2) });
    assert.deepStrictEqual(a.busiest, { start: Date.UTC(2026, 10, 23, 23), count: 230 });
  });

  it('from the API data: the same alignment; the comparison data is read once however often a live panel aligns it', () => {
    // The comparison as the host holds it: 24 October 2026 (BST), hourly, as the API writes it.
    const buckets = Array.from({ length: 24 }, (_, i) => ({
      start: new Date(Date.UTC(2026, 9, 23, 23 + i)).toISOString().replace('.000Z', 'Z'),
      counts: { in: i },
      occupancy: null,
    }));
    const api: ReportData = {
      report_id: null,
      monitor: { id: 'm1', name: 'Door', type: 'people_count', capacity: null },
      timezone: 'Europe/London',
      interval: '1h',
      start: '2026-10-24T00:00:00+01:00',
      end: '2026-10-25T00:00:00+01:00',
      directions: [{ id: 'in', name: 'In' }],
      totals: { in: 276 },
      buckets,
    };
    let reads = 0;
    const data = new Proxy(api, {
      get(target, key, receiver) {
        if (key === 'buckets') reads++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const spec = { kind: 'previous' } as const;
    // A live panel: the main day grows by a bucket per refresh; each refresh aligns the same comparison again.
    for (const n of [10, 11, 25]) {
      const main = hourly('2026-10-25T00:00:00+01:00', Date.UTC(2026, 9, 24, 23), n, autumn, () => 1);
      const got = alignComparisonData(main, { spec, data });
      assert.deepStrictEqual(got, alignComparison(main, toColumns(api), spec), `${n} main buckets`);
    }
    assert.strictEqual(reads, 1, 'the comparison data was turned into columns once');
  });

  it('autumn DST (25 hours) against 24: the repeated 01:00 has no counterpart, nothing is shifted', () => {
    // Main: 25 October 2026, local hours 00, 01 (BST), 01 (GMT), 02 … 23. Comparison: 24 October, 00 … 23.
    const main = hourly('2026-10-25T00:00:00+01:00', Date.UTC(2026, 9, 24, 23), 25, autumn, () => 1);
    const comp = hourly(
      '2026-10-24T00:00:00+01:00',
      Date.UTC(2026, 9, 23, 23),
      24,
      () => 60,
      (i) => i,
    );
    const a = alignComparison(main, comp, { kind: 'previous' });
    const expected = [0, 1, NaN, ...Array.from({ length: 22 }, (_, k) => k + 2)];
    assert.deepStrictEqual([...a.counts[0]], expected);
    assert.ok(Number.isNaN(a.times[2]));
    assert.strictEqual(a.times[3], Date.UTC(2026, 9, 24, 1)); // 02:00 BST on the 24th
    assert.strictEqual(a.missing, 1);
    assert.strictEqual(a.unmatched, 0);
  });

  it('spring DST (23 hours) against 24: the skipped 01:00 of the comparison has no place', () => {
    // Main: 29 March 2026, local hours 00 (GMT), 02 (BST) … 23. Comparison: 28 March, 00 … 23 (GMT).
    const main = hourly('2026-03-29T00:00:00+00:00', Date.UTC(2026, 2, 29), 23, spring, () => 1);
    const comp = hourly(
      '2026-03-28T00:00:00+00:00',
      Date.UTC(2026, 2, 28),
      24,
      () => 0,
      (i) => i,
    );
    const a = alignComparison(main, comp, { kind: 'previous' });
    assert.deepStrictEqual([...a.counts[0]], [0, ...Array.from({ length: 22 }, (_, k) => k + 2)]);
    assert.strictEqual(a.missing, 0);
    assert.strictEqual(a.unmatched, 1);
    // Its total still counts every comparison bucket.
    assert.deepStrictEqual(a.totals, { in: (23 * 24) / 2 });
  });

  it('a shorter comparison (28 February against a leap 29 days): the last day has none', () => {
    const day = (startUtc: number, n: number, v: (i: number) => number): ReportColumns => ({
      ...hourly('', startUtc, n, () => 0, v),
      interval: '1d',
      start: new Date(startUtc).toISOString().replace('.000Z', '+00:00'),
      times: Float64Array.from({ length: n }, (_, i) => startUtc + i * 24 * H),
    });
    const main = day(Date.UTC(2028, 1, 1), 29, () => 5);
    const comp = day(Date.UTC(2027, 1, 1), 28, (i) => i);
    const a = alignComparison(main, comp, { kind: 'last_year' });
    assert.deepStrictEqual([...a.counts[0]], [...Array.from({ length: 28 }, (_, i) => i), NaN]);
    assert.strictEqual(a.missing, 1);
  });

  it('matches directions by id, NaN for a direction the comparison lacks', () => {
    const main = hourly(
      '2026-11-24T00:00:00+00:00',
      Date.UTC(2026, 10, 24),
      2,
      () => 0,
      () => 1,
    );
    main.directions = [
      { id: 'in', name: 'In' },
      { id: 'out', name: 'Out' },
    ];
    main.counts = [new Int32Array([1, 2]), new Int32Array([3, 4])];
    const comp = hourly(
      '2026-11-23T00:00:00+00:00',
      Date.UTC(2026, 10, 23),
      2,
      () => 0,
      () => 0,
    );
    comp.directions = [{ id: 'out', name: 'Out' }];
    comp.counts = [new Int32Array([7, 8])];
    const a = alignComparison(main, comp, { kind: 'previous' });
    assert.ok(a.counts[0].every(Number.isNaN));
    assert.deepStrictEqual([...a.counts[1]], [7, 8]);
    assert.deepStrictEqual(a.totals, { in: 0, out: 15 });
  });
});

describe('compare: change', () => {
  it('absolute and relative, signed', () => {
    assert.strictEqual(formatRelative(change(1124, 1000)), '+12.4 %');
    assert.strictEqual(formatAbsolute(change(1124, 1000)), '+124');
    assert.strictEqual(formatRelative(change(970, 1000)), '-3.0 %');
    assert.strictEqual(formatAbsolute(change(970, 1000)), '-30');
    assert.strictEqual(formatRelative(change(1000, 1000)), '0.0 %');
    assert.strictEqual(formatAbsolute(change(1000, 1000)), '0');
  });

  it('from a base of zero: no division, "new" or "–"', () => {
    assert.deepStrictEqual(change(5, 0), { absolute: 5, relative: null });
    assert.strictEqual(formatRelative(change(5, 0)), 'new');
    assert.strictEqual(formatRelative(change(0, 0)), '–');
    assert.strictEqual(formatAbsolute(change(5, 0)), '+5');
  });
});
