// The series of a several-monitor panel, from each monitor's columns: one per monitor (its directions summed, or
// only its first ("in") or second ("out") direction) or one per monitor and direction, plus an optional total of the
// selected monitors. Pure: the page draws what this returns, as the columns of one chart.
import type { MultiEntry } from './multiMessages';
import type { ReportColumns } from './reportMessages';

/** both: a monitor's directions summed; in / out: its first / second direction only; each: one series per direction. */
export type DirectionMode = 'both' | 'in' | 'out' | 'each';
export const DIRECTION_MODES: readonly DirectionMode[] = ['both', 'in', 'out', 'each'];

export interface MultiSeries {
  /** The monitor's id, or null for the total. */
  monitorId: string | null;
  /** The monitor's name (as the server sent it) and the direction's, when the series is one direction. */
  monitor: string;
  direction: string | null;
  values: Int32Array;
  total: number;
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
        series.push({ monitorId: e.id, monitor: e.name, direction: d.name, values, total: sum(values) });
      });
      continue;
    }
    const k = mode === 'in' ? 0 : mode === 'out' ? 1 : -1;
    const dirs = k < 0 ? all : k < c.directions.length ? [k] : [];
    const values = place(base, c, dirs);
    const direction = k < 0 ? null : (c.directions[k]?.name ?? '');
    series.push({ monitorId: e.id, monitor: e.name, direction, values, total: sum(values) });
  }
  if (withTotal && series.length > 0) {
    const n = base.times.length;
    const values = new Int32Array(n);
    for (const s of series) for (let i = 0; i < n; i++) values[i] += s.values[i];
    series.push({ monitorId: null, monitor: '', direction: null, values, total: sum(values) });
  }
  return { base, series };
}
