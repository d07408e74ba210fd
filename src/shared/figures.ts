// Headline figures of a report, computed from its columns (shown by the page and echoed to the host in `rendered`).
import type { RenderedFigures, ReportColumns } from './reportMessages';

/** Occupancy above this share of capacity counts as "busy". */
export const OCCUPANCY_THRESHOLD = 0.8;

export function computeFigures(c: ReportColumns): RenderedFigures {
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
  const occ = c.occupancyMax;
  if (occ && n > 0) {
    const limit = c.capacity !== null && c.capacity !== undefined && c.capacity > 0 ? c.capacity * OCCUPANCY_THRESHOLD : Infinity;
    let peak = -Infinity;
    let above = 0;
    for (let i = 0; i < n; i++) {
      const v = occ[i];
      if (v > peak) peak = v;
      if (v > limit) above++;
    }
    peakOccupancy = peak;
    if (limit !== Infinity) shareAboveThreshold = above / n;
  }
  return { totals, busiest, peakOccupancy, shareAboveThreshold };
}
