// Calendar arithmetic in an IANA time zone with Intl only (no time-zone database of our own): offsets, local
// wall-clock times as instants, and ISO strings with offsets. Pure; used by the extension host and the webview.
// What a range is (presets, labels, local days) lives in range.ts, on top of this.

export interface Parts {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock date and time of an instant in the zone. */
export function partsIn(ms: number, timeZone: string): Parts {
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

/** Whether this runtime's Intl knows the IANA zone (a browser may know fewer zones than the server). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
