// The headline figures a report page should show, computed here from the API's JSON (ReportData) on purpose
// without src/shared/figures.ts, so that a mistake in the page's own computation cannot also be in the expectation.
import type { ReportData } from '../../src/api/types';

export interface ExpectedFigures {
  totals: Record<string, number>;
  busiest: { start: number; count: number } | null;
  peakOccupancy: number | null;
  shareAboveThreshold: number | null;
}

/** "Above 80% of capacity", as the page says. */
const BUSY_SHARE = 0.8;

export function expectedFigures(data: ReportData): ExpectedFigures {
  const totals: Record<string, number> = {};
  for (const d of data.directions) totals[d.id] = 0;
  let busiest: ExpectedFigures['busiest'] = null;
  for (const b of data.buckets) {
    let sum = 0;
    for (const d of data.directions) {
      const v = b.counts[d.id] ?? 0;
      totals[d.id] += v;
      sum += v;
    }
    if (!busiest || sum > busiest.count) busiest = { start: Date.parse(b.start), count: sum };
  }
  const occupancy = data.buckets.map((b) => b.occupancy?.max).filter((v): v is number => typeof v === 'number');
  const hasOccupancy = occupancy.length > 0;
  const capacity = data.monitor.capacity;
  return {
    totals,
    busiest,
    peakOccupancy: hasOccupancy ? Math.max(...occupancy) : null,
    shareAboveThreshold:
      hasOccupancy && capacity && capacity > 0 ? occupancy.filter((v) => v > capacity * BUSY_SHARE).length / data.buckets.length : null,
  };
}
