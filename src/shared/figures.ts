// Headline figures of a report, computed from its columns (shown by the page and echoed to the host in `rendered`).
import { INTERVAL_MS } from './range';
import type { RenderedFigures, ReportColumns } from './reportMessages';

/** Occupancy above this percentage of capacity counts as "busy" unless a setting or the monitor says otherwise. */
export const DEFAULT_ALERT_PERCENT = 80;

/** `thresholdPercent`: the monitor's alert threshold, in percent of capacity. */
export function computeFigures(c: ReportColumns, thresholdPercent = DEFAULT_ALERT_PERCENT): RenderedFigures {
  const n = c.times.length;
  const cols = c.counts;
  const nd = cols.length;
  // One pass over the buckets: totals per direction and the busiest bucket (sum over directions; first on ties).
  const sums = new Float64Array(nd);
  let best = -Infinity;
  let at = -1;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < nd; k++) {
      const v = cols[k][i];
      s += v;
      sums[k] += v;
    }
    if (s > best) {
      best = s;
      at = i;
    }
  }
  const totals: Record<string, number> = {};
  for (let k = 0; k < nd; k++) totals[c.directions[k].id] = sums[k];
  const busiest: RenderedFigures['busiest'] = at >= 0 ? { start: c.times[at], count: best } : null;

  let peakOccupancy: number | null = null;
  let shareAboveThreshold: number | null = null;
  let aboveFigure: RenderedFigures['above'];
  const occ = c.occupancyMax;
  if (occ && n > 0) {
    const limit = c.capacity !== null && c.capacity !== undefined && c.capacity > 0 ? (c.capacity * thresholdPercent) / 100 : Infinity;
    let peak = -Infinity;
    let above = 0;
    let first = -1;
    let last = -1;
    for (let i = 0; i < n; i++) {
      const v = occ[i];
      if (v > peak) peak = v;
      if (v > limit) {
        above++;
        if (first < 0) first = i;
        last = i;
      }
    }
    peakOccupancy = peak;
    if (limit !== Infinity) {
      shareAboveThreshold = above / n;
      aboveFigure = {
        percent: thresholdPercent,
        ms: above * INTERVAL_MS[c.interval],
        first: first >= 0 ? c.times[first] : null,
        last: last >= 0 ? c.times[last] : null,
      };
    }
  }
  const f: RenderedFigures = { totals, busiest, peakOccupancy, shareAboveThreshold };
  if (aboveFigure) f.above = aboveFigure;
  return f;
}
