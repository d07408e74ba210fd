// The series of a several-monitor panel, from each monitor's columns: one per monitor (its directions summed, or
// only its first ("in") or second ("out") direction) or one per monitor and direction, plus an optional total of the
// selected monitors. With a comparison period (each monitor's, aligned with its own buckets by shared/compare.ts),
// every series carries its comparison values on the same buckets and its total over the whole comparison period.
// Pure: the page draws what this returns, as the columns of one chart.
import type { DirectionMode } from '../reports/target';
import type { CompareColumns } from './compare';
import type { MultiEntry } from './multiMessages';
import type { ReportColumns } from './reportMessages';

export interface MultiSeries {
  /** The monitor's id, or null for the total. */
  monitorId: string | null;
  /** The monitor's name (as the server sent it) and the direction's, when the series is one direction. */
  monitor: string;
  direction: string | null;
  values: Int32Array;
  total: number;
  /** The comparison period on the same buckets (NaN where a bucket has no counterpart) and its total. */
  compare?: { values: Float64Array; total: number };
}

export interface MultiChart {
  /** The time axis: the first monitor with data (the others are placed on it bucket by bucket, by start time). */
  base: ReportColumns;
  series: MultiSeries[];
}

/** Counts of `c`'s directions `dirs`, summed per bucket, placed on `base`'s buckets (missing buckets count 0). */
function place(base: ReportColumns, c: ReportColumns, dirs: number[]): Int32Array {
  const n = base.times.length;
  const out = new Int32Array(n);
  const same = c.times.length === n && (n === 0 || (c.times[0] === base.times[0] && c.times[n - 1] === base.times[n - 1]));
  if (same) {
    for (const d of dirs) {
      const src = c.counts[d];
      for (let i = 0; i < n; i++) out[i] += src[i];
    }
    return out;
  }
  const at = new Map<number, number>();
  for (let i = 0; i < n; i++) at.set(base.times[i], i);
  for (const d of dirs) {
    const src = c.counts[d];
    for (let j = 0; j < c.times.length; j++) {
      const i = at.get(c.times[j]);
      if (i !== undefined) out[i] += src[j];
    }
  }
  return out;
}

/** Comparison counts of `c`'s directions `dirs` (aligned with `c`'s buckets), summed and placed on `base` (NaN: none). */
function placeCompare(base: ReportColumns, c: ReportColumns, cmp: CompareColumns, dirs: number[]): Float64Array {
  const n = base.times.length;
  const out = new Float64Array(n).fill(NaN);
  const same = c.times.length === n && (n === 0 || (c.times[0] === base.times[0] && c.times[n - 1] === base.times[n - 1]));
  let at: Map<number, number> | undefined;
  if (!same) {
    at = new Map();
    for (let i = 0; i < n; i++) at.set(base.times[i], i);
  }
  for (let j = 0; j < c.times.length; j++) {
    const i = at ? at.get(c.times[j]) : j;
    if (i === undefined) continue;
    let v = 0;
    for (const d of dirs) v += cmp.counts[d][j];
    out[i] = v;
  }
  return out;
}

function compareOf(c: ReportColumns, cmp: CompareColumns | undefined, base: ReportColumns, dirs: number[]): MultiSeries['compare'] {
  if (!cmp) return undefined;
  let total = 0;
  for (const d of dirs) total += cmp.totals[c.directions[d].id] ?? 0;
  return { values: placeCompare(base, c, cmp, dirs), total };
}

function sum(a: Int32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

/** The chart's series for the monitors that have data, in their order; `withTotal` adds the total last. */
export function buildMultiSeries(entries: readonly MultiEntry[], mode: DirectionMode, withTotal: boolean): MultiChart | null {
  const base = entries.find((e) => e.data !== null)?.data;
  if (!base) return null;
  const series: MultiSeries[] = [];
  for (const e of entries) {
    const c = e.data;
    if (!c) continue;
    const all = c.directions.map((_, k) => k);
    if (mode === 'each') {
      c.directions.forEach((d, k) => {
        const values = place(base, c, [k]);
        const compare = compareOf(c, e.compare, base, [k]);
        series.push({ monitorId: e.id, monitor: e.name, direction: d.name, values, total: sum(values), ...(compare ? { compare } : {}) });
      });
      continue;
    }
    const k = mode === 'in' ? 0 : mode === 'out' ? 1 : -1;
    const dirs = k < 0 ? all : k < c.directions.length ? [k] : [];
    const values = place(base, c, dirs);
    const direction = k < 0 ? null : (c.directions[k]?.name ?? '');
    const compare = compareOf(c, e.compare, base, dirs);
    series.push({ monitorId: e.id, monitor: e.name, direction, values, total: sum(values), ...(compare ? { compare } : {}) });
  }
  if (withTotal && series.length > 0) {
    const n = base.times.length;
    const values = new Int32Array(n);
    for (const s of series) for (let i = 0; i < n; i++) values[i] += s.values[i];
    // The total's comparison only when every series has one (a sum with a monitor missing would mislead).
    let compare: MultiSeries['compare'];
    const parts = series.map((s) => s.compare);
    if (parts.every((p): p is NonNullable<MultiSeries['compare']> => p !== undefined)) {
      const cv = new Float64Array(n);
      let ct = 0;
      for (const p of parts) {
        for (let i = 0; i < n; i++) cv[i] += p.values[i];
        ct += p.total;
      }
      compare = { values: cv, total: ct };
    }
    series.push({ monitorId: null, monitor: '', direction: null, values, total: sum(values), ...(compare ? { compare } : {}) });
  }
  return { base, series };
}
