// Time-zone arithmetic on top of Intl.DateTimeFormat (no extra libraries).
// All instants are epoch milliseconds; offsets are minutes east of UTC (London summer = +60).
//
// Kept apart from the extension's src/shared/time.ts and src/shared/range.ts ON PURPOSE: the sandbox stands in for
// the HoxtonAi server, so it resolves presets and local days with its own code. Were it to share the extension's,
// a mistake there (a DST day, an exclusive end) would be made on both sides and no test would see it. Function
// names and argument orders follow src's where both have one (offsetMinutes(ms, tz)), so the two read alike.

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const SLOT = 15 * MINUTE;

export interface LocalDate {
  y: number;
  m: number; // 1-12
  d: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

export function isValidTimeZone(tz: string): boolean {
  if (!tz || tz.length > 64) return false;
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** Offset of `tz` at instant `ms`, in minutes (local = UTC + offset). Arguments in src/shared/time.ts's order. */
export function offsetMinutes(ms: number, tz: string): number {
  const p: Record<string, number> = {};
  for (const part of formatter(tz).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour === 24 ? 0 : p.hour, p.minute, p.second);
  const floored = ms - (((ms % 1000) + 1000) % 1000);
  return Math.round((wall - floored) / MINUTE);
}

/** The local calendar date of instant `ms` in `tz`. */
export function localDateOf(tz: string, ms: number): LocalDate {
  return utcDateParts(ms + offsetMinutes(ms, tz) * MINUTE);
}

export function utcDateParts(ms: number): LocalDate {
  const d = new Date(ms);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() };
}

export function addDays(date: LocalDate, n: number): LocalDate {
  return utcDateParts(Date.UTC(date.y, date.m - 1, date.d + n));
}

export function addMonths(date: LocalDate, n: number): LocalDate {
  return utcDateParts(Date.UTC(date.y, date.m - 1 + n, date.d));
}

/**
 * The instant at which the local wall time (y-m-d h:mi) happens in `tz`. An ambiguous time (autumn) gives the earlier
 * instant; a time inside a spring-forward gap gives the instant right after the gap (so a missing local midnight
 * gives the first instant of that day).
 */
export function zonedToInstant(tz: string, y: number, m: number, d: number, h = 0, mi = 0): number {
  const wall = Date.UTC(y, m - 1, d, h, mi);
  const before = offsetMinutes(wall - DAY, tz);
  const after = offsetMinutes(wall + DAY, tz);
  const candidates: number[] = [];
  for (const o of before === after ? [before] : [before, after]) {
    const t = wall - o * MINUTE;
    if (t + offsetMinutes(t, tz) * MINUTE === wall) candidates.push(t);
  }
  if (candidates.length) return Math.min(...candidates);
  return wall - before * MINUTE;
}

/** Local midnight (start of the local day) of `date` in `tz`. */
export function localMidnight(tz: string, date: LocalDate): number {
  return zonedToInstant(tz, date.y, date.m, date.d);
}

export function startOfLocalDay(tz: string, ms: number): number {
  return localMidnight(tz, localDateOf(tz, ms));
}

function pad(n: number, w = 2): string {
  return String(Math.abs(n)).padStart(w, '0');
}

export function formatOffset(offsetMin: number): string {
  const sign = offsetMin < 0 ? '-' : '+';
  const a = Math.abs(offsetMin);
  return `${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/** ISO 8601 with the zone's offset and no milliseconds, e.g. 2026-11-28T00:00:00+01:00. */
export function formatInZone(ms: number, offsetMin: number): string {
  return new Date(ms + offsetMin * MINUTE).toISOString().slice(0, 19) + formatOffset(offsetMin);
}

export function formatInTz(tz: string, ms: number): string {
  return formatInZone(ms, offsetMinutes(ms, tz));
}

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * Parses an ISO date-time. With `Z` or an offset it is an instant; without one (or a bare date) it is a local wall
 * time in `tz`. Returns null when it is not a valid date-time.
 */
export function parseInstant(text: string, tz: string): number | null {
  const m = ISO_RE.exec(text.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const h = m[4] === undefined ? 0 : Number(m[4]);
  const mi = m[5] === undefined ? 0 : Number(m[5]);
  const s = m[6] === undefined ? 0 : Number(m[6]);
  const frac = m[7] ? Math.round(Number(m[7]) * 1000) : 0;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const check = utcDateParts(Date.UTC(y, mo - 1, d));
  if (check.m !== mo || check.d !== d) return null;
  const zone = m[8];
  if (zone) {
    let offset = 0;
    if (zone.toUpperCase() !== 'Z') {
      const digits = zone.replace(':', '');
      const sign = digits[0] === '-' ? -1 : 1;
      const oh = Number(digits.slice(1, 3));
      const om = Number(digits.slice(3, 5));
      if (oh > 23 || om > 59) return null;
      offset = sign * (oh * 60 + om);
    }
    return Date.UTC(y, mo - 1, d, h, mi, s, frac) - offset * MINUTE;
  }
  return zonedToInstant(tz, y, mo, d, h, mi) + s * 1000 + frac;
}

/**
 * Walks increasing instants and answers the offset of one zone cheaply: the offset is looked up with Intl only
 * around transitions (sampled every 6 hours, then bisected to the minute).
 */
export class OffsetCursor {
  private segStart = 0;
  private segEnd = -1; // offset is `offset` on [segStart, segEnd)
  private offset = 0;

  constructor(private readonly tz: string) {}

  at(ms: number): number {
    if (ms >= this.segStart && ms < this.segEnd) return this.offset;
    const step = 6 * HOUR;
    const o = offsetMinutes(ms, this.tz);
    const next = ms + step;
    const oNext = offsetMinutes(next, this.tz);
    let end = next;
    if (oNext !== o) {
      // Transition within (ms, next]; find the first minute with the new offset.
      let lo = ms;
      let hi = next;
      while (hi - lo > MINUTE) {
        const mid = lo + Math.max(1, Math.floor((hi - lo) / 2 / MINUTE)) * MINUTE;
        if (mid >= hi) break;
        if (offsetMinutes(mid, this.tz) === o) lo = mid;
        else hi = mid;
      }
      end = hi;
    }
    this.segStart = ms;
    this.segEnd = end;
    this.offset = o;
    return o;
  }
}
