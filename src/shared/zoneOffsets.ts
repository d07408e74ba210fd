// UTC offsets of bucket start times in the report's time zone (not the offsets the API happened to send): what the
// exports and the busiest-hours heatmap write and group by. Intl is asked once per day of data plus a binary search
// around each change (a year of 15-minute buckets: about 370 look-ups), not once per bucket.
import { isKnownTimeZone, offsetMinutes } from './time';

const DAY = 86_400_000;

/**
 * Offset in minutes of the zone at each `times[i]` (sorted ascending). Where this runtime does not know the zone,
 * `fallback` (the offsets the API sent) is answered as it is.
 */
export function zoneOffsets(times: Float64Array, timeZone: string, fallback: Int16Array): Int16Array {
  const n = times.length;
  if (!isKnownTimeZone(timeZone)) return fallback;
  const out = new Int16Array(n);
  if (n === 0) return out;
  const at = (i: number): number => offsetMinutes(times[i], timeZone);
  // `known`: the last index whose offset is written; each step reaches a day further (zones change their offset
  // at most once a day) and, when the offset there differs, finds the first bucket with the new one.
  let known = 0;
  let off = at(0);
  out[0] = off;
  while (known < n - 1) {
    const limit = times[known] + DAY;
    let lo = known + 1;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (times[mid] <= limit) lo = mid;
      else hi = mid - 1;
    }
    const j = lo;
    const offJ = at(j);
    if (offJ === off) {
      out.fill(off, known + 1, j + 1);
    } else {
      let a = known + 1;
      let b = j;
      while (a < b) {
        const mid = (a + b) >> 1;
        if (at(mid) === off) a = mid + 1;
        else b = mid;
      }
      out.fill(off, known + 1, a);
      out.fill(offJ, a, j + 1);
      off = offJ;
    }
    known = j;
  }
  return out;
}
