import * as assert from 'assert';
import { busiestCells, heatmapUnavailable, weekHeatmap } from '../../src/shared/heatmap';
import { zoneOffsets } from '../../src/shared/zoneOffsets';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Weekday (0 = Monday) and hour of an instant in a zone, from Intl (not from the product's offsets). */
function wallOf(ms: number, tz: string): { day: number; hour: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: tz, weekday: 'short', hour: '2-digit', hourCycle: 'h23' }).formatToParts(ms);
  const wd = parts.find((p) => p.type === 'weekday')!.value;
  const hour = Number(parts.find((p) => p.type === 'hour')!.value);
  return { day: WEEKDAYS.indexOf(wd), hour };
}

/** Buckets every `step` ms from `start` for `n` buckets, with a value per bucket. */
function series(start: number, step: number, n: number, value: (i: number) => number) {
  const times = new Float64Array(n);
  const counts = [new Int32Array(n), new Int32Array(n)];
  for (let i = 0; i < n; i++) {
    times[i] = start + i * step;
    counts[0][i] = value(i);
    counts[1][i] = i % 3;
  }
  return { times, counts };
}

/** The expected grid: per (weekday, hour) the sum of both directions over distinct (instant hour) slots. */
function expected(times: Float64Array, counts: Int32Array[], tz: string): { avg: number[]; hours: number[] } {
  const sums = new Array(168).fill(0);
  const slots = Array.from({ length: 168 }, () => new Set<number>());
  times.forEach((t, i) => {
    const { day, hour } = wallOf(t, tz);
    const cell = day * 24 + hour;
    sums[cell] += counts[0][i] + counts[1][i];
    slots[cell].add(Math.floor(t / 3_600_000)); // whole UTC hours: the zones below have whole-hour offsets
  });
  return { avg: sums.map((s, c) => (slots[c].size ? s / slots[c].size : NaN)), hours: slots.map((s) => s.size) };
}

describe('heatmap: busiest hours of the week', () => {
  it('averages a known week of 15-minute buckets per weekday and hour (Monday first)', () => {
    const tz = 'America/New_York';
    const start = Date.parse('2026-11-02T05:00:00Z'); // Monday 00:00 in New York
    const { times, counts } = series(start, 900_000, 14 * 96, (i) => (i * 7919) % 53);
    const h = weekHeatmap(times, zoneOffsets(times, tz, new Int16Array(times.length)), counts);
    const e = expected(times, counts, tz);
    for (let c = 0; c < 168; c++) {
      assert.strictEqual(h.hours[c], e.hours[c], `hours of cell ${c}`);
      assert.ok(Math.abs(h.average[c] - e.avg[c]) < 1e-9, `cell ${c}: ${h.average[c]} vs ${e.avg[c]}`);
    }
    assert.strictEqual(h.hours[0], 2, 'two Mondays at 00:00');
    assert.strictEqual(h.max, Math.max(...e.avg));
  });

  it('puts each hour of a week with a DST change on its local hour (the repeated hour counts twice)', () => {
    const tz = 'Europe/London';
    const start = Date.parse('2026-10-19T23:00:00Z'); // Tuesday 20 Oct 00:00 BST; clocks go back on Sunday 25 Oct
    const { times, counts } = series(start, 3_600_000, 7 * 24 + 1, (i) => 10 + (i % 24));
    const h = weekHeatmap(times, zoneOffsets(times, tz, new Int16Array(times.length)), counts);
    const e = expected(times, counts, tz);
    for (let c = 0; c < 168; c++) {
      assert.strictEqual(h.hours[c], e.hours[c], `hours of cell ${c}`);
      if (e.hours[c]) assert.ok(Math.abs(h.average[c] - e.avg[c]) < 1e-9, `cell ${c}`);
    }
    assert.strictEqual(h.hours[6 * 24 + 1], 2, 'Sunday 01:00 happened twice');
  });

  it('lists the busiest cells, highest first', () => {
    const times = Float64Array.from([Date.UTC(2026, 10, 2, 9), Date.UTC(2026, 10, 3, 10), Date.UTC(2026, 10, 8, 23)]);
    const h = weekHeatmap(times, new Int16Array(3), [Int32Array.from([5, 50, 20])]);
    assert.deepStrictEqual(busiestCells(h, 2), [
      { day: 1, hour: 10, average: 50 },
      { day: 6, hour: 23, average: 20 },
    ]);
  });

  it('is unavailable for daily buckets and for less than a week', () => {
    const base = { times: new Float64Array(1), start: '2026-11-02T00:00:00Z', end: '2026-11-09T00:00:00Z' };
    assert.strictEqual(heatmapUnavailable({ ...base, interval: '1d' }), 'daily');
    assert.strictEqual(heatmapUnavailable({ ...base, interval: '1h' }), null);
    assert.strictEqual(heatmapUnavailable({ ...base, interval: '15m', end: '2026-11-08T00:00:00Z' }), 'short');
    // A week with the 23-hour day of spring.
    assert.strictEqual(heatmapUnavailable({ ...base, interval: '1h', start: '2026-03-23T00:00:00Z', end: '2026-03-29T23:00:00Z' }), null);
  });
});

describe('zoneOffsets', () => {
  it('answers each bucket its zone offset, as Intl does, across both changes of a year', () => {
    const tz = 'Europe/London';
    const start = Date.parse('2026-01-01T00:00:00Z');
    const n = 365 * 96;
    const times = Float64Array.from({ length: n }, (_, i) => start + i * 900_000);
    const got = zoneOffsets(times, tz, new Int16Array(n));
    const f = new Intl.DateTimeFormat('en-GB', { timeZone: tz, timeZoneName: 'shortOffset' });
    for (let i = 0; i < n; i += 1) {
      if (i % 7 !== 0 && (i < 8340 || i > 8370) && (i < 28500 || i > 28540)) continue;
      const name = f.formatToParts(times[i]).find((p) => p.type === 'timeZoneName')!.value; // GMT+0 or GMT+1
      assert.strictEqual(got[i], name === 'GMT+1' ? 60 : 0, `bucket ${i}`);
    }
  });

  it('answers the fallback for a zone this runtime does not know', () => {
    const fb = Int16Array.from([5]);
    assert.strictEqual(zoneOffsets(Float64Array.from([0]), 'Mars/Olympus_Mons', fb), fb);
  });
});
