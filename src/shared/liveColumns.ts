// Live panels: the new buckets of a report appended to the ones already shown. The tail starts at the last bucket
// that was shown (it was still open and may have changed), so everything from that bucket on is replaced. Pure: the
// page merges the columns it has with the tail the host sends; the host merges the JSON data it caches.
import type { ReportData } from '../api/types';
import type { ReportColumns } from './reportMessages';

/** `old` up to (not including) the first bucket of `tail`, then `tail`. Totals are the sums of the buckets. */
export function appendColumns(old: ReportColumns, tail: ReportColumns): ReportColumns {
  const first = tail.times.length ? tail.times[0] : Infinity;
  let keep = 0;
  while (keep < old.times.length && old.times[keep] < first) keep++;
  const n = keep + tail.times.length;
  const cat = <T extends Float64Array | Int16Array | Int32Array>(a: T, b: T, make: (n: number) => T): T => {
    const out = make(n);
    out.set(a.subarray(0, keep));
    out.set(b, keep);
    return out;
  };
  const counts = old.counts.map((c, k) => cat(c, tail.counts[k] ?? new Int32Array(tail.times.length), (m) => new Int32Array(m)));
  const occ = (a: Int32Array | null, b: Int32Array | null) =>
    a && b ? cat(a, b, (m) => new Int32Array(m)) : b && keep === 0 ? b : a && tail.times.length === 0 ? a.subarray(0, keep) : null;
  const totals: Record<string, number> = {};
  old.directions.forEach((d, k) => (totals[d.id] = counts[k].reduce((s, v) => s + v, 0)));
  return {
    ...old,
    end: tail.end,
    times: cat(old.times, tail.times, (m) => new Float64Array(m)),
    offsets: cat(old.offsets, tail.offsets, (m) => new Int16Array(m)),
    counts,
    occupancyEnd: occ(old.occupancyEnd, tail.occupancyEnd),
    occupancyMax: occ(old.occupancyMax, tail.occupancyMax),
    capacity: tail.capacity,
    totals,
  };
}

/** The same for the API's JSON (the host's cache): buckets of `old` before the tail's first one, then the tail's. */
export function appendData(old: ReportData, tail: ReportData): ReportData {
  const first = tail.buckets.length ? Date.parse(tail.buckets[0].start) : Infinity;
  const buckets = [...old.buckets.filter((b) => Date.parse(b.start) < first), ...tail.buckets];
  const totals: Record<string, number> = {};
  for (const d of old.directions) totals[d.id] = buckets.reduce((s, b) => s + (b.counts?.[d.id] ?? 0), 0);
  return { ...old, buckets, totals, monitor: tail.monitor };
}
