// Busiest hours of the week: a weekday × hour grid of the average count per hour, from the columns on the page.
// Weekdays run Monday first (ISO 8601), whatever the locale. Grouping uses each bucket's offset in the report's time
// zone (zoneOffsets.ts), so days of 23 or 25 hours land on the right local hour; an hour that happens twice (clocks
// going back) counts as two hours, an hour that does not happen (clocks going forward) is simply absent. Pure.
import type { ReportColumns } from './reportMessages';

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Cells: index `day * 24 + hour`, day 0 = Monday. */
export interface WeekHeatmap {
  /** Average people per hour in the cell (sum of the directions given); NaN where no hour of data falls. */
  average: Float64Array;
  /** How many distinct hours of data fell in the cell. */
  hours: Uint16Array;
  /** The largest average (0 when there is none). */
  max: number;
}

/** Why a report gets no heatmap: daily buckets, or less than a week of data; null when it gets one. */
export function heatmapUnavailable(c: Pick<ReportColumns, 'interval' | 'times' | 'start' | 'end'>): 'daily' | 'short' | null {
  if (c.interval === '1d') return 'daily';
  const start = Date.parse(c.start);
  const end = Date.parse(c.end);
  // 7 local days, one of them possibly 23 hours long.
  if (!(end - start >= 7 * DAY - HOUR) || c.times.length === 0) return 'short';
  return null;
}

/**
 * The grid for buckets at `times` (epoch ms, ascending) with local UTC offsets `offsets` (minutes), summing the
 * given count columns. Buckets shorter than an hour add up within their hour.
 */
export function weekHeatmap(times: Float64Array, offsets: Int16Array, counts: readonly Int32Array[]): WeekHeatmap {
  const sum = new Float64Array(168);
  const hours = new Uint16Array(168);
  // The last local hour (and its offset) counted in each cell, so 4 quarter-hours make one hour.
  const lastHour = new Float64Array(168).fill(NaN);
  const lastOff = new Int16Array(168);
  const n = times.length;
  const nc = counts.length;
  for (let i = 0; i < n; i++) {
    const off = offsets[i];
    const local = times[i] + off * 60_000;
    const day = Math.floor(local / DAY);
    const hourOfDay = Math.floor((local - day * DAY) / HOUR);
    const weekday = (((day + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday: day 0 → 3
    const cell = weekday * 24 + hourOfDay;
    const localHour = day * 24 + hourOfDay;
    if (lastHour[cell] !== localHour || lastOff[cell] !== off) {
      lastHour[cell] = localHour;
      lastOff[cell] = off;
      hours[cell]++;
    }
    let v = 0;
    for (let k = 0; k < nc; k++) v += counts[k][i];
    sum[cell] += v;
  }
  const average = new Float64Array(168);
  let max = 0;
  for (let cell = 0; cell < 168; cell++) {
    const a = hours[cell] > 0 ? sum[cell] / hours[cell] : NaN;
    average[cell] = a;
    if (a > max) max = a;
  }
  return { average, hours, max };
}

/** The `count` cells with the highest averages, highest first (ties: earlier in the week first). */
export function busiestCells(h: WeekHeatmap, count: number): { day: number; hour: number; average: number }[] {
  const cells: number[] = [];
  for (let c = 0; c < 168; c++) if (h.average[c] > 0) cells.push(c);
  cells.sort((a, b) => h.average[b] - h.average[a] || a - b);
  return cells.slice(0, count).map((c) => ({ day: Math.floor(c / 24), hour: c % 24, average: h.average[c] }));
}
