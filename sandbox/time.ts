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

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => pad(i));
const offsetTexts = new Map<number, string>();
// The date part of the last local day formatted: buckets come in order, so most calls reuse it.
let lastDay = NaN;
let lastDayText = '';

/** ISO 8601 with the zone's offset and no milliseconds, e.g. 2026-11-28T00:00:00+01:00. */
export function formatInZone(ms: number, offsetMin: number): string {
  const local = ms + offsetMin * MINUTE;
  const day = Math.floor(local / DAY);
  if (day !== lastDay) {
    lastDay = day;
    lastDayText = new Date(day * DAY).toISOString().slice(0, 11); // YYYY-MM-DDT
  }
  let offsetText = offsetTexts.get(offsetMin);
  if (offsetText === undefined) {
    offsetText = formatOffset(offsetMin);
    offsetTexts.set(offsetMin, offsetText);
  }
  const inDay = Math.floor((local - day * DAY) / 1000); // whole seconds into the local day
  const h = Math.floor(inDay / 3600);
  const mi = Math.floor((inDay % 3600) / 60);
  return `${lastDayText}${TWO_DIGITS[h]}:${TWO_DIGITS[mi]}:${TWO_DIGITS[inDay % 60]}${offsetText}`;
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

const STEP = 6 * HOUR;
/**
 * Offsets at a 6-hour grid, per zone, kept across requests (the tests and the bench ask for the same year many
 * times): Intl is slow, and a year has 1,464 grid points. Bounded: cleared when it grows large.
 */
const gridOffsets = new Map<string, Map<number, number>>();
/** The first minute with the new offset, for each grid step that holds a transition (key: zone and step). */
const transitionMinutes = new Map<string, number>();

function gridOffset(tz: string, g: number): number {
  let m = gridOffsets.get(tz);
  if (!m) {
    m = new Map();
    gridOffsets.set(tz, m);
  }
  let o = m.get(g);
  if (o === undefined) {
    if (m.size > 500_000) m.clear();
    o = offsetMinutes(g * STEP, tz);
    m.set(g, o);
  }
  return o;
}

/** The first minute in (g·6h, (g+1)·6h] whose offset is not `before`, bisected to the minute. */
function transitionIn(tz: string, g: number, before: number): number {
  const key = `${tz}|${g}`;
  let t = transitionMinutes.get(key);
  if (t === undefined) {
    let lo = g * STEP;
    let hi = lo + STEP;
    while (hi - lo > MINUTE) {
      const mid = lo + Math.max(1, Math.floor((hi - lo) / 2 / MINUTE)) * MINUTE;
      if (mid >= hi) break;
      if (offsetMinutes(mid, tz) === before) lo = mid;
      else hi = mid;
    }
    t = hi;
    if (transitionMinutes.size > 100_000) transitionMinutes.clear();
    transitionMinutes.set(key, t);
  }
  return t;
}

/**
 * Walks instants and answers the offset of one zone cheaply: offsets are looked up with Intl only at a 6-hour grid
 * (memoised across requests) and, around transitions, bisected to the minute.
 */
export class OffsetCursor {
  private segStart = 0;
  private segEnd = -1; // offset is `offset` on [segStart, segEnd)
  private offset = 0;

  constructor(private readonly tz: string) {}

  at(ms: number): number {
    if (ms >= this.segStart && ms < this.segEnd) return this.offset;
    const g = Math.floor(ms / STEP);
    const start = g * STEP;
    const o0 = gridOffset(this.tz, g);
    const o1 = gridOffset(this.tz, g + 1);
    if (o0 === o1) {
      this.segStart = start;
      this.segEnd = start + STEP;
      this.offset = o0;
    } else {
      const t = transitionIn(this.tz, g, o0);
      if (ms < t) {
        this.segStart = start;
        this.segEnd = t;
        this.offset = o0;
      } else {
        this.segStart = t;
        this.segEnd = start + STEP;
        this.offset = offsetMinutes(t, this.tz);
      }
    }
    return this.offset;
  }
}
