// Calendar arithmetic in an IANA time zone with Intl only (no time-zone database of our own): range presets
// resolved to instants, and ISO strings with offsets. Pure; used by the extension host and the webview.
import type { Interval, RangePreset, RangeSpec } from './reportMessages';

interface Parts {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(ms: number, timeZone: string): Parts {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  const out: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(ms))) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out as unknown as Parts;
}

/** Offset of the zone from UTC at an instant, minutes (e.g. +60 for Europe/London in summer). */
export function offsetMinutes(ms: number, timeZone: string): number {
  const p = partsIn(ms, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** The instant of a local wall-clock time in the zone (the earlier one when ambiguous). */
export function localToInstant(year: number, month: number, day: number, timeZone: string, hour = 0, minute = 0): number {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  let ms = guess - offsetMinutes(guess, timeZone) * 60_000;
  // Once more, for when the first guess fell on the other side of a DST change.
  ms = guess - offsetMinutes(ms, timeZone) * 60_000;
  return ms;
}

const pad2 = (v: number): string => (v < 10 ? '0' + v : String(v));

/** `2026-11-28T09:15:00+00:00` for epoch ms and the UTC offset in minutes at that instant. */
export function formatIsoWithOffset(ms: number, offsetMin: number): string {
  const d = new Date(ms + offsetMin * 60_000);
  const y = d.getUTCFullYear();
  const year = y >= 0 && y <= 9999 ? String(y).padStart(4, '0') : (y < 0 ? '-' : '+') + String(Math.abs(y)).padStart(6, '0');
  const msPart = d.getUTCMilliseconds();
  const abs = Math.abs(offsetMin);
  return (
    year +
    '-' +
    pad2(d.getUTCMonth() + 1) +
    '-' +
    pad2(d.getUTCDate()) +
    'T' +
    pad2(d.getUTCHours()) +
    ':' +
    pad2(d.getUTCMinutes()) +
    ':' +
    pad2(d.getUTCSeconds()) +
    (msPart ? '.' + String(msPart).padStart(3, '0') : '') +
    (offsetMin < 0 ? '-' : '+') +
    pad2(Math.floor(abs / 60)) +
    ':' +
    pad2(abs % 60)
  );
}

export function isoInZone(ms: number, timeZone: string): string {
  return formatIsoWithOffset(ms, offsetMinutes(ms, timeZone));
}

/** [start, end) of a preset in the zone, as of `now`. */
export function resolvePreset(preset: RangePreset, timeZone: string, now = Date.now()): { start: number; end: number } {
  const t = partsIn(now, timeZone);
  const day = (offsetDays: number) => {
    const d = new Date(Date.UTC(t.year, t.month - 1, t.day + offsetDays));
    return localToInstant(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), timeZone);
  };
  const month = (offsetMonths: number) => {
    const d = new Date(Date.UTC(t.year, t.month - 1 + offsetMonths, 1));
    return localToInstant(d.getUTCFullYear(), d.getUTCMonth() + 1, 1, timeZone);
  };
  switch (preset) {
    case 'today':
      return { start: day(0), end: day(1) };
    case 'yesterday':
      return { start: day(-1), end: day(0) };
    case 'last_7_days':
      return { start: day(-6), end: day(1) };
    case 'last_30_days':
      return { start: day(-29), end: day(1) };
    case 'this_month':
      return { start: month(0), end: month(1) };
    case 'last_month':
      return { start: month(-1), end: month(0) };
  }
}

/** A range as ISO strings with the zone's offsets. */
export function resolveRange(range: RangeSpec, timeZone: string, now = Date.now()): { start: string; end: string } {
  if ('preset' in range) {
    const r = resolvePreset(range.preset, timeZone, now);
    return { start: isoInZone(r.start, timeZone), end: isoInZone(r.end, timeZone) };
  }
  return { start: range.start, end: range.end };
}

/** A sensible interval for a preset: fine for a day, coarse for a month. */
export function defaultInterval(preset: RangePreset): Interval {
  switch (preset) {
    case 'today':
    case 'yesterday':
      return '15m';
    case 'last_7_days':
      return '1h';
    default:
      return '1d';
  }
}

export const PRESET_LABELS: Record<RangePreset, string> = {
  today: 'Today',
  yesterday: 'Yesterday',
  last_7_days: 'Last 7 days',
  last_30_days: 'Last 30 days',
  this_month: 'This month',
  last_month: 'Last month',
};

export const INTERVAL_LABELS: Record<Interval, string> = { '15m': '15 minutes', '1h': '1 hour', '1d': '1 day' };

export function describeRange(range: RangeSpec): string {
  if ('preset' in range) return PRESET_LABELS[range.preset];
  return `${range.start.slice(0, 10)} – ${range.end.slice(0, 10)}`;
}
