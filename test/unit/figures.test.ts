import * as assert from 'assert';
import { computeFigures } from '../../src/shared/figures';
import { isHostMessage, type ReportColumns } from '../../src/shared/reportMessages';
import { parseTarget } from '../../src/reports/target';

function cols(counts: number[][], over: Partial<ReportColumns> = {}): ReportColumns {
  const n = counts[0]?.length ?? 0;
  return {
    timezone: 'UTC',
    interval: '1h',
    start: '2026-01-01T00:00:00+00:00',
    end: '2026-01-02T00:00:00+00:00',
    times: Float64Array.from({ length: n }, (_, i) => Date.UTC(2026, 0, 1, i)),
    offsets: new Int16Array(n),
    directions: counts.map((_, k) => ({ id: `d${k}`, name: `D${k}` })),
    counts: counts.map((c) => Int32Array.from(c)),
    occupancyEnd: null,
    occupancyMax: null,
    capacity: null,
    totals: {},
    ...over,
  };
}

describe('figures', () => {
  it('sums each direction', () => {
    const f = computeFigures(
      cols([
        [1, 2, 3],
        [10, 0, 5],
      ]),
    );
    assert.deepStrictEqual(f.totals, { d0: 6, d1: 15 });
  });

  it('finds the busiest bucket over the sum of directions (first one on ties)', () => {
    const f = computeFigures(
      cols([
        [1, 9, 3, 9],
        [10, 2, 5, 2],
      ]),
    );
    assert.deepStrictEqual(f.busiest, { start: Date.UTC(2026, 0, 1, 0), count: 11 });
    const one = computeFigures(cols([[4, 7, 7]]));
    assert.deepStrictEqual(one.busiest, { start: Date.UTC(2026, 0, 1, 1), count: 7 });
  });

  it('answers null figures for an empty report', () => {
    const f = computeFigures(cols([[]]));
    assert.deepStrictEqual(f, { totals: { d0: 0 }, busiest: null, peakOccupancy: null, shareAboveThreshold: null });
  });

  it('has no occupancy figures for people-count monitors', () => {
    const f = computeFigures(cols([[1, 2]]));
    assert.strictEqual(f.peakOccupancy, null);
    assert.strictEqual(f.shareAboveThreshold, null);
  });

  it('computes peak occupancy and the share of buckets above 80% of capacity', () => {
    const max = Int32Array.from([10, 80, 81, 100, 0]);
    const f = computeFigures(cols([[0, 0, 0, 0, 0]], { occupancyMax: max, occupancyEnd: Int32Array.from([1, 2, 3, 4, 5]), capacity: 100 }));
    assert.strictEqual(f.peakOccupancy, 100);
    assert.strictEqual(f.shareAboveThreshold, 2 / 5); // 81 and 100 are above 80; 80 is not
  });

  it('has a peak but no share without a capacity', () => {
    const f = computeFigures(
      cols([[0, 0]], { occupancyMax: Int32Array.from([3, 7]), occupancyEnd: Int32Array.from([3, 7]), capacity: null }),
    );
    assert.strictEqual(f.peakOccupancy, 7);
    assert.strictEqual(f.shareAboveThreshold, null);
  });

  it('handles a year of 15-minute buckets (speed is judged by npm run bench)', () => {
    const n = 35_040;
    const c = cols(
      [0, 1, 2].map((k) => Array.from({ length: n }, (_, i) => (i * (k + 3)) % 97)),
      {
        occupancyMax: Int32Array.from({ length: n }, (_, i) => i % 500),
        occupancyEnd: new Int32Array(n),
        capacity: 400,
      },
    );
    const f = computeFigures(c);
    assert.strictEqual(f.peakOccupancy, 499);
    let above = 0;
    for (let i = 0; i < n; i++) if (i % 500 > 320) above++;
    assert.strictEqual(f.shareAboveThreshold, above / n);
  });
});

describe('figures in the data message (the host computes them; the page checks them)', () => {
  const c = cols([
    [1, 2, 3],
    [10, 0, 5],
  ]);
  const selection = {
    title: 'Today · Door',
    target: parseTarget({
      accountId: 'acc',
      orgName: 'Org',
      site: { id: 's1', name: 'Site', timezone: 'UTC' },
      monitor: { id: 'm1', name: 'Door', type: 'people_count', capacity: null, directions: c.directions },
      report: null,
      range: { preset: 'today' },
      interval: '1h',
      directions: null,
    }),
  };
  const msg = (figures: unknown): unknown => ({ type: 'data', requestId: 1, selection, data: c, figures });

  it('accepts the figures computeFigures makes, and a message without any', () => {
    assert.ok(selection.target, 'a valid target');
    assert.ok(isHostMessage(msg(computeFigures(c))));
    assert.ok(isHostMessage(msg(undefined)));
  });

  it('takes a loading message with the alert threshold the data will come with, and drops one with a wrong threshold', () => {
    const loading = (thresholdPercent: unknown) => ({ type: 'loading', requestId: 3, selection, thresholdPercent });
    assert.ok(isHostMessage({ type: 'loading', requestId: 3, selection }));
    assert.ok(isHostMessage(loading(80)));
    for (const bad of [0, -5, 1001, '80', null, NaN]) assert.strictEqual(isHostMessage(loading(bad)), false, String(bad));
  });

  it('drops a message whose figures do not fit its data', () => {
    const good = computeFigures(c);
    for (const bad of [
      null,
      { ...good, totals: { d0: 6 } }, // a direction without its total
      { ...good, totals: { ...good.totals, extra: 1 } },
      { ...good, totals: { ...good.totals, d1: '15' } },
      { ...good, totals: { ...good.totals, d1: NaN } },
      { ...good, busiest: { start: 'noon', count: 3 } },
      { ...good, shareAboveThreshold: 1.5 },
      { ...good, peakOccupancy: Infinity },
      { ...good, above: { percent: 80, ms: 0, first: 'x', last: null } },
    ]) {
      assert.strictEqual(isHostMessage(msg(bad)), false, JSON.stringify(bad));
    }
  });
});
