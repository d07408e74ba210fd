// Several monitors in one panel: the multi-monitor target (parsed by parseTarget like every target) and the
// series the page draws (expectations summed here by hand from the counts, not with the module's code).
import * as assert from 'assert';
import { MAX_MONITORS, multiTarget, parseTarget, targetKey, targetTitle, type ReportTarget } from '../../src/reports/target';
import { isMultiHostMessage, isMultiWebviewMessage } from '../../src/shared/multiMessages';
import { buildMultiSeries } from '../../src/shared/multiSeries';
import type { CompareColumns } from '../../src/shared/compare';
import type { ReportColumns } from '../../src/shared/reportMessages';

const mon = (i: number): ReportTarget['monitor'] => ({
  id: `mon_${i}`,
  name: `Door ${i}`,
  type: 'people_count',
  capacity: null,
  directions: [
    { id: 'in', name: 'in' },
    { id: 'out', name: 'out' },
  ],
});
const base = { accountId: 'acc|org|user', site: { id: 'site_1', name: 'Camden', timezone: 'Europe/London' }, orgName: 'Acme' };

function cols(times: number[], counts: number[][]): ReportColumns {
  return {
    timezone: 'UTC',
    interval: '1h',
    start: new Date(times[0]).toISOString(),
    end: new Date(times[times.length - 1] + 3_600_000).toISOString(),
    times: Float64Array.from(times),
    offsets: new Int16Array(times.length),
    directions: counts.map((_, k) => ({ id: `d${k}`, name: k === 0 ? 'in' : 'out' })),
    counts: counts.map((c) => Int32Array.from(c)),
    occupancyEnd: null,
    occupancyMax: null,
    capacity: null,
    totals: {},
  };
}

describe('several monitors: target', () => {
  it('round-trips through parseTarget (a reload) and has its own key and title', () => {
    const t = multiTarget(base, [mon(1), mon(2), mon(3)], 'last_7_days');
    const back = parseTarget(JSON.parse(JSON.stringify(t)));
    assert.deepStrictEqual(back, t);
    assert.notStrictEqual(targetKey(t), targetKey({ ...t, monitors: undefined }));
    assert.strictEqual(targetTitle(t), 'Last 7 days · Camden · 3 monitors');
  });

  it('refuses one monitor, more than 50, duplicates, a first monitor other than `monitor`, or a saved report', () => {
    const t = multiTarget(base, [mon(1), mon(2)], 'today');
    const many = Array.from({ length: MAX_MONITORS + 1 }, (_, i) => mon(i));
    assert.strictEqual(parseTarget({ ...t, monitors: [mon(1)] }), undefined);
    assert.strictEqual(parseTarget({ ...t, monitor: many[0], monitors: many }), undefined);
    assert.ok(parseTarget({ ...t, monitor: many[0], monitors: many.slice(0, MAX_MONITORS) }));
    assert.strictEqual(parseTarget({ ...t, monitors: [mon(1), mon(1)] }), undefined);
    assert.strictEqual(parseTarget({ ...t, monitors: [mon(2), mon(1)] }), undefined);
    assert.strictEqual(parseTarget({ ...t, monitors: [mon(1), { ...mon(2), id: '../x' }] }), undefined);
    const report = { id: 'rep_1', name: 'r', version: 1, range: { preset: 'today' }, interval: '1h', directions: null };
    assert.strictEqual(parseTarget({ ...t, report }), undefined);
  });

  it('checks the new messages', () => {
    const selection = { title: 'x', target: multiTarget(base, [mon(1), mon(2)], 'today') };
    const data = cols([0, 3_600_000], [[1, 2]]);
    assert.ok(isMultiHostMessage({ type: 'multiLoading', requestId: 1, selection, done: 1, total: 2 }));
    assert.ok(!isMultiHostMessage({ type: 'multiLoading', requestId: 1, selection, done: 3, total: 2 }));
    assert.ok(
      isMultiHostMessage({
        type: 'multiData',
        requestId: 2,
        selection,
        monitors: [
          { id: 'mon_1', name: 'a', data },
          { id: 'mon_2', name: 'b', data: null, error: 'down' },
        ],
      }),
    );
    assert.ok(!isMultiHostMessage({ type: 'multiData', requestId: 2, selection, monitors: [{ id: 'mon_2', name: 'b', data: null }] }));
    const single = { title: 'x', target: { ...selection.target, monitors: undefined } };
    assert.ok(!isMultiHostMessage({ type: 'multiLoading', requestId: 1, selection: single, done: 0, total: 1 }));
    assert.ok(isMultiWebviewMessage({ type: 'retryMonitor', id: 'mon_1' }));
    assert.ok(!isMultiWebviewMessage({ type: 'retryMonitor', id: '' }));
    assert.ok(isMultiWebviewMessage({ type: 'multiView', view: { mode: 'each', total: false } }));
    assert.ok(!isMultiWebviewMessage({ type: 'multiView', view: { mode: 'sideways', total: false } }));
    assert.ok(!isMultiWebviewMessage({ type: 'multiView', view: { mode: 'in' } }));
  });

  it('keeps the direction mode and total (multiView) through parseTarget, only on a target of several monitors', () => {
    const t: ReportTarget = {
      ...multiTarget(base, [mon(1), mon(2)], 'today'),
      multiView: { mode: 'out', total: false },
      compare: { kind: 'previous' },
    };
    assert.deepStrictEqual(parseTarget(JSON.parse(JSON.stringify(t))), t);
    assert.strictEqual(parseTarget({ ...t, multiView: { mode: 'up', total: true } }), undefined);
    assert.strictEqual(parseTarget({ ...t, multiView: { mode: 'in', total: 'yes' } }), undefined);
    const { monitors: _m, ...single } = t;
    assert.strictEqual(parseTarget(single), undefined, 'not on a one-monitor target');
  });
});

describe('several monitors: series', () => {
  const H = 3_600_000;
  const a = cols(
    [0, H, 2 * H],
    [
      [1, 2, 3],
      [10, 20, 30],
    ],
  );
  // Starts an hour later and has one bucket more: placed by start time, the bucket outside the first's is dropped.
  const b = cols(
    [H, 2 * H, 3 * H],
    [
      [100, 200, 300],
      [1000, 2000, 3000],
    ],
  );
  const entries = [
    { id: 'a', name: 'A', data: a },
    { id: 'x', name: 'X', data: null, error: 'down' },
    { id: 'b', name: 'B', data: b },
  ];

  it('sums directions per monitor and adds the total of the monitors with data', () => {
    const c = buildMultiSeries(entries, 'both', true)!;
    assert.deepStrictEqual(
      c.series.map((s) => [s.monitorId, [...s.values], s.total]),
      [
        ['a', [11, 22, 33], 66],
        ['b', [0, 1100, 2200], 3300],
        [null, [11, 1122, 2233], 3366],
      ],
    );
  });

  it('in, out and each direction', () => {
    assert.deepStrictEqual(
      buildMultiSeries(entries, 'in', false)!.series.map((s) => [s.monitorId, s.direction, [...s.values]]),
      [
        ['a', 'in', [1, 2, 3]],
        ['b', 'in', [0, 100, 200]],
      ],
    );
    assert.deepStrictEqual(
      buildMultiSeries(entries, 'out', true)!.series.map((s) => s.total),
      [60, 3000, 3060],
    );
    assert.strictEqual(buildMultiSeries(entries, 'each', true)!.series.length, 5);
  });

  it('has nothing to draw when every monitor failed', () => {
    assert.strictEqual(buildMultiSeries([{ id: 'x', name: 'X', data: null, error: 'down' }], 'both', true), null);
  });

  // Comparison columns written by hand, aligned with each monitor's own buckets; totals over the whole comparison
  // period (they may include buckets that have no place on this period's, so they are not the sums of the columns).
  const cmp = (counts: number[][], totals: Record<string, number>): CompareColumns => ({
    spec: { kind: 'previous' },
    start: '1970-01-01T00:00:00Z',
    end: '1970-01-01T03:00:00Z',
    times: new Float64Array(counts[0].length),
    offsets: new Int16Array(counts[0].length),
    counts: counts.map((c) => Float64Array.from(c)),
    occupancyMax: null,
    totals,
    busiest: null,
    missing: 0,
    unmatched: 0,
  });
  const withCompare = [
    {
      ...entries[0],
      compare: cmp(
        [
          [5, NaN, 7],
          [50, 60, 70],
        ],
        { d0: 20, d1: 180 },
      ),
    },
    entries[1],
    {
      ...entries[2],
      compare: cmp(
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        { d0: 6, d1: 15 },
      ),
    },
  ];
  const values = (v: Float64Array | undefined): (number | null)[] => [...(v ?? [])].map((x) => (Number.isNaN(x) ? null : x));

  it('places each monitor’s comparison on the same buckets (gaps where none) with its whole-period total, and the total’s', () => {
    const c = buildMultiSeries(withCompare, 'both', true)!;
    assert.deepStrictEqual(
      c.series.map((s) => [s.monitorId, values(s.compare?.values), s.compare?.total]),
      [
        ['a', [55, null, 77], 200],
        ['b', [null, 5, 7], 21],
        [null, [null, null, 84], 221],
      ],
    );
    assert.deepStrictEqual(
      buildMultiSeries(withCompare, 'out', false)!.series.map((s) => [values(s.compare?.values), s.compare?.total]),
      [
        [[50, 60, 70], 180],
        [[null, 4, 5], 15],
      ],
    );
  });

  it('gives the total no comparison when a monitor has none (its comparison failed)', () => {
    const c = buildMultiSeries([withCompare[0], entries[2]], 'both', true)!;
    assert.deepStrictEqual(
      c.series.map((s) => s.compare?.total),
      [200, undefined, undefined],
    );
  });
});
