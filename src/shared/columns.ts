// ReportData (the API's row-per-bucket JSON) → ReportColumns (typed arrays, one per field) for the report page.
// Pure and fast: 35,040 buckets × 3 directions convert in a few milliseconds. Bucket start times are parsed by hand
// (RFC 3339 with an offset); anything unusual falls back to Date.parse. Missing counts are 0; on an occupancy monitor
// a bucket whose occupancy is null reads 0 (the arrays are null only when every bucket's occupancy is null).
import type { ReportData } from '../api/types';
import type { ReportColumns } from './reportMessages';

const MS_MIN = 60_000;
const MS_DAY = 86_400_000;

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(at + k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Parses `YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM|±HHMM)` into out[0] = epoch ms and out[1] = offset minutes.
 * Returns false when the string has another shape (the caller then falls back to Date.parse).
 */
export function parseIsoOffset(s: string, out: Float64Array | number[]): boolean {
  const len = s.length;
  if (len < 17 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  const t = s.charCodeAt(10);
  if (t !== 84 && t !== 116 && t !== 32) return false; // T, t or space
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 24 || mi < 0 || mi > 59) return false;
  if (s.charCodeAt(13) !== 58) return false;
  let i = 16;
  let sec = 0;
  let frac = 0;
  if (s.charCodeAt(i) === 58) {
    sec = digits(s, i + 1, 2);
    if (sec < 0 || sec > 60) return false;
    i += 3;
    if (s.charCodeAt(i) === 46 || s.charCodeAt(i) === 44) {
      i++;
      let scale = 100;
      const from = i;
      while (i < len) {
        const c = s.charCodeAt(i) - 48;
        if (c < 0 || c > 9) break;
        frac += c * scale;
        scale /= 10;
        i++;
      }
      if (i === from) return false;
    }
  }
  let off = 0;
  const z = s.charCodeAt(i);
  if (z === 90 || z === 122) {
    if (i + 1 !== len) return false;
  } else if (z === 43 || z === 45) {
    const oh = digits(s, i + 1, 2);
    let om: number;
    if (s.charCodeAt(i + 3) === 58) {
      om = digits(s, i + 4, 2);
      if (i + 6 !== len) return false;
    } else {
      om = digits(s, i + 3, 2);
      if (i + 5 !== len) return false;
    }
    if (oh < 0 || om < 0 || oh > 23 || om > 59) return false;
    off = (oh * 60 + om) * (z === 45 ? -1 : 1);
  } else {
    return false;
  }
  const local = daysFromCivil(y, mo, d) * MS_DAY + h * 3_600_000 + mi * MS_MIN + sec * 1000 + Math.round(frac);
  out[0] = local - off * MS_MIN;
  out[1] = off;
  return true;
}

/** Offset in minutes of an ISO string that Date.parse understands but parseIsoOffset did not; 0 when absent. */
function fallbackOffset(s: string): number {
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(s);
  if (!m) return 0;
  return (Number(m[2]) * 60 + Number(m[3])) * (m[1] === '-' ? -1 : 1);
}

export function toColumns(data: ReportData): ReportColumns {
  const buckets = data.buckets;
  const n = buckets.length;
  const directions = data.directions.map((d) => ({ id: d.id, name: d.name }));
  const nd = directions.length;
  const times = new Float64Array(n);
  const offsets = new Int16Array(n);
  const counts: Int32Array[] = [];
  for (let k = 0; k < nd; k++) counts.push(new Int32Array(n));
  let occEnd: Int32Array | null = null;
  let occMax: Int32Array | null = null;
  const parsed = new Float64Array(2);
  const ids = directions.map((d) => d.id);

  for (let i = 0; i < n; i++) {
    const b = buckets[i];
    const s = b.start;
    if (parseIsoOffset(s, parsed)) {
      times[i] = parsed[0];
      offsets[i] = parsed[1];
    } else {
      times[i] = Date.parse(s);
      offsets[i] = fallbackOffset(s);
    }
    const c = b.counts;
    if (c) {
      for (let k = 0; k < nd; k++) {
        const v = c[ids[k]];
        if (v !== undefined && v !== null) counts[k][i] = v;
      }
    }
    const o = b.occupancy;
    if (o) {
      if (occEnd === null || occMax === null) {
        occEnd = new Int32Array(n);
        occMax = new Int32Array(n);
      }
      occEnd[i] = o.end;
      occMax[i] = o.max;
    }
  }

  const totals: Record<string, number> = {};
  for (const [k, v] of Object.entries(data.totals ?? {})) totals[k] = v;

  return {
    timezone: data.timezone,
    interval: data.interval,
    start: data.start,
    end: data.end,
    times,
    offsets,
    directions,
    counts,
    occupancyEnd: occEnd,
    occupancyMax: occMax,
    capacity: data.monitor.capacity ?? null,
    totals,
  };
}
