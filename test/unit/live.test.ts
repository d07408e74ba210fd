import * as assert from 'assert';
import type { ReportData } from '../../src/api/types';
import { percentSetting, secondsSetting } from '../../src/util/settingsGuards';
import { computeFigures } from '../../src/shared/figures';
import { appendColumns, appendData } from '../../src/shared/liveColumns';
import type { ReportColumns } from '../../src/shared/reportMessages';

const H = 3_600_000;
const T0 = Date.UTC(2026, 0, 1);

function occ(values: number[], startHour = 0, capacity: number | null = 100): ReportColumns {
  const n = values.length;
  return {
    timezone: 'UTC',
    interval: '1h',
    start: '2026-01-01T00:00:00+00:00',
    end: '2026-01-02T00:00:00+00:00',
    times: Float64Array.from({ length: n }, (_, i) => T0 + (startHour + i) * H),
    offsets: new Int16Array(n),
    directions: [{ id: 'in', name: 'in' }],
    counts: [Int32Array.from(values.map((v) => v + 1))],
    occupancyEnd: Int32Array.from(values),
    occupancyMax: Int32Array.from(values),
    capacity,
    totals: {},
  };
}

describe('live: settings guards', () => {
  it('enforces the 15-second minimum, 0 = off only where allowed, defaults for junk', () => {
    assert.strictEqual(secondsSetting(5, 60, 15, true), 15);
    assert.strictEqual(secondsSetting(0, 60, 15, true), 0);
    assert.strictEqual(secondsSetting(0, 60, 15, false), 15);
    assert.strictEqual(secondsSetting(-3, 60, 15, false), 15);
    assert.strictEqual(secondsSetting('30', 60, 15, true), 60);
    assert.strictEqual(secondsSetting(NaN, 60, 15, true), 60);
    assert.strictEqual(secondsSetting(90, 60, 15, true), 90);
  });

  it('takes thresholds from 1 to 100 % and the default otherwise', () => {
    assert.strictEqual(percentSetting(75), 75);
    assert.strictEqual(percentSetting(0), 80);
    assert.strictEqual(percentSetting(101), 80);
    assert.strictEqual(percentSetting('90'), 80);
    assert.strictEqual(percentSetting(undefined, 70), 70);
  });
});

describe('live: threshold figures', () => {
  it('says how long and when occupancy was above the monitor’s threshold', () => {
    const f = computeFigures(occ([10, 75, 90, 60, 85]), 70);
    assert.strictEqual(f.shareAboveThreshold, 3 / 5);
    assert.deepStrictEqual(f.above, { percent: 70, ms: 3 * H, first: T0 + H, last: T0 + 4 * H });
  });

  it('uses 80 % by default and says never when it was not above', () => {
    const f = computeFigures(occ([10, 80, 20]));
    assert.deepStrictEqual(f.above, { percent: 80, ms: 0, first: null, last: null });
  });

  it('has no threshold figure without a capacity', () => {
    assert.strictEqual(computeFigures(occ([10, 90], 0, null)).above, undefined);
  });
});

describe('live: appending new buckets', () => {
  it('replaces the open bucket and appends the new ones (columns)', () => {
    const shown = occ([1, 2, 3]); // 00:00, 01:00, 02:00 (open)
    const tail = occ([30, 4], 2); // 02:00 again (now closed), 03:00
    const merged = appendColumns(shown, tail);
    assert.deepStrictEqual([...merged.times], [T0, T0 + H, T0 + 2 * H, T0 + 3 * H]);
    assert.deepStrictEqual([...merged.occupancyEnd!], [1, 2, 30, 4]);
    assert.deepStrictEqual([...merged.counts[0]], [2, 3, 31, 5]);
    assert.deepStrictEqual(merged.totals, { in: 41 });
    assert.deepStrictEqual([...shown.occupancyEnd!], [1, 2, 3], 'the shown columns are not changed');
  });

  it('keeps everything when the tail is empty', () => {
    const shown = occ([1, 2]);
    const merged = appendColumns(shown, occ([], 2));
    assert.deepStrictEqual([...merged.times], [...shown.times]);
    assert.deepStrictEqual([...merged.occupancyMax!], [1, 2]);
  });

  it('does the same for the cached JSON', () => {
    const bucket = (h: number, v: number) => ({
      start: new Date(T0 + h * H).toISOString(),
      counts: { in: v },
      occupancy: { min: v, max: v, end: v },
    });
    const data = (buckets: ReturnType<typeof bucket>[]): ReportData =>
      ({
        report_id: null,
        monitor: { id: 'mon_1', name: 'M', type: 'occupancy', capacity: 100 },
        timezone: 'UTC',
        interval: '1h',
        start: '2026-01-01T00:00:00Z',
        end: '2026-01-02T00:00:00Z',
        directions: [{ id: 'in', name: 'in' }],
        totals: { in: buckets.reduce((s, b) => s + b.counts.in, 0) },
        buckets,
      }) as ReportData;
    const merged = appendData(data([bucket(0, 1), bucket(1, 2)]), data([bucket(1, 5), bucket(2, 7)]));
    assert.deepStrictEqual(
      merged.buckets.map((b) => b.counts.in),
      [1, 5, 7],
    );
    assert.deepStrictEqual(merged.totals, { in: 13 });
  });
});
