// The headline figures a report page should show, computed here from the API's JSON (ReportData) on purpose
// without src/shared/figures.ts, so that a mistake in the page's own computation cannot also be in the expectation.
import type { ReportData } from '../../src/api/types';

export interface ExpectedFigures {
  totals: Record<string, number>;
  busiest: { start: number; count: number } | null;
  peakOccupancy: number | null;
  shareAboveThreshold: number | null;
  /** Time above the threshold: only for occupancy monitors with a capacity. */
  above?: { percent: number; ms: number; first: number | null; last: number | null };
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
  const out: ExpectedFigures = {
    totals,
    busiest,
    peakOccupancy: hasOccupancy ? Math.max(...occupancy) : null,
    shareAboveThreshold:
      hasOccupancy && capacity && capacity > 0 ? occupancy.filter((v) => v > capacity * BUSY_SHARE).length / data.buckets.length : null,
  };
  if (hasOccupancy && capacity && capacity > 0) {
    const starts = data.buckets.filter((b) => (b.occupancy?.max ?? -Infinity) > capacity * BUSY_SHARE).map((b) => Date.parse(b.start));
    const bucketMs = { '15m': 15 * 60_000, '1h': 60 * 60_000, '1d': 24 * 60 * 60_000 }[data.interval];
    out.above = {
      percent: BUSY_SHARE * 100,
      ms: starts.length * bucketMs,
      first: starts.length ? starts[0] : null,
      last: starts.length ? starts[starts.length - 1] : null,
    };
  }
  return out;
}

/** Numbers as the page writes them (en-US). */
export const en = (v: number): string => v.toLocaleString('en-US');

/** A relative change as the page writes it, worked out here: "+12.4 %", "-3.0 %", `new` from zero, `–` zero to zero. */
export function changePercent(now: number, before: number): string {
  if (before === 0) return now > 0 ? 'new' : '–';
  const p = Math.round(((now - before) / before) * 1000) / 10;
  return p === 0 ? '0.0 %' : `${p > 0 ? '+' : '-'}${Math.abs(p).toFixed(1)} %`;
}

/** An absolute change as the page writes it: "+1,234", "-5", "0". */
export const changeAbsolute = (v: number): string => (v === 0 ? '0' : `${v > 0 ? '+' : '-'}${en(Math.abs(v))}`);
