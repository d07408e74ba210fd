// The range vocabulary, one module for the extension host and the report page: the presets and intervals (types from
// the API contract), their one set of labels, how a range reads to a person (first and last day, both included), and
// resolving a preset or a pair of local days to instants in a time zone. Pure: nothing of `vscode` at run time.
//
// Labels are written as `l10n.t('…')` with literal messages. On the host `l10n` is `vscode.l10n`, and `npm run l10n`
// exports the messages (the type-only import of `vscode` below is what makes l10n-dev read this file; nothing of it is
// bundled). The page passes its own translator (src/webview/report/l10n.ts), which reads the host's bundle.
//
// The sandbox (sandbox/time.ts, sandbox/series.ts) resolves ranges with its own code on purpose: it stands in for the
// server, so a mistake here must not be repeated there where it would hide.
import type { l10n } from 'vscode';
import type { Interval, RangePreset, ReportRange } from '../api/types';
import { formatIsoWithOffset, isKnownTimeZone, isoInZone, localToInstant, partsIn } from './time';

export type { Interval, RangePreset };
/** A saved range: a preset resolved when the data is fetched, or two instants (end exclusive, as on the wire). */
export type RangeSpec = ReportRange;
export type CustomRange = Extract<RangeSpec, { start: string }>;

/** What translates a label: `vscode.l10n` on the host, the page's own (webview/report/l10n.ts) there; English when left out. */
export type L10n = Pick<typeof l10n, 't'> | { t(message: string): string };
const ENGLISH: L10n = { t: (message: string | { message: string }) => (typeof message === 'string' ? message : message.message) };

export const PRESETS: readonly RangePreset[] = ['today', 'yesterday', 'last_7_days', 'last_30_days', 'this_month', 'last_month'];
export const INTERVALS: readonly Interval[] = ['15m', '1h', '1d'];

export function presetLabel(preset: RangePreset, l10n: L10n = ENGLISH): string {
  switch (preset) {
    case 'today':
      return l10n.t('Today');
    case 'yesterday':
      return l10n.t('Yesterday');
    case 'last_7_days':
      return l10n.t('Last 7 days');
    case 'last_30_days':
      return l10n.t('Last 30 days');
    case 'this_month':
      return l10n.t('This month');
    case 'last_month':
      return l10n.t('Last month');
  }
}

export function intervalLabel(interval: Interval, l10n: L10n = ENGLISH): string {
  switch (interval) {
    case '15m':
      return l10n.t('15 minutes');
    case '1h':
      return l10n.t('1 hour');
    case '1d':
      return l10n.t('1 day');
  }
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

// ---- guards ----
export function isInterval(v: unknown): v is Interval {
  return typeof v === 'string' && (INTERVALS as readonly string[]).includes(v);
}

export function isRangePreset(v: unknown): v is RangePreset {
  return typeof v === 'string' && (PRESETS as readonly string[]).includes(v);
}

/** A preset, or two parseable instants with the end after the start. */
export function isRangeSpec(v: unknown): v is RangeSpec {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  if ('preset' in r) return isRangePreset(r.preset);
  if (typeof r.start !== 'string' || typeof r.end !== 'string') return false;
  const start = Date.parse(r.start);
  const end = Date.parse(r.end);
  return !Number.isNaN(start) && !Number.isNaN(end) && end > start;
}

// ---- local days (YYYY-MM-DD) ----
const YMD = /^\d{4}-\d{2}-\d{2}$/;

/** Whether `v` is a real calendar day written YYYY-MM-DD. */
export function isLocalDay(v: string): boolean {
  if (!YMD.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/** YYYY-MM-DD plus k days. */
function addDays(ymd: string, k: number): string {
  const [y, m, d] = ymd.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + k)).toISOString().slice(0, 10);
}

/**
 * The local days a custom range covers, first and last included, as people read it. The end on the wire is
 * exclusive: an end at midnight belongs to the day before it. Undefined when the strings do not start with a day.
 */
export function rangeDays(range: CustomRange): { first: string; last: string } | undefined {
  const first = range.start.slice(0, 10);
  let last = range.end.slice(0, 10);
  if (!YMD.test(first) || !YMD.test(last)) return undefined;
  if (/^.{10}(T00:00(:00(\.0+)?)?)?(Z|[+-].*)?$/.test(range.end)) last = addDays(last, -1);
  if (last < first) last = first;
  return { first, last };
}

/**
 * The custom range from local day `first` to local day `last`, both included: midnight at the start of `first` to
 * midnight after `last` in the zone, as ISO strings with the zone's offsets. When this runtime does not know the
 * zone (or it is null), `fallbackOffset` (minutes east of UTC) is used for both. Undefined unless both are days and
 * first ≤ last.
 */
export function rangeFromDays(first: string, last: string, timeZone: string | null, fallbackOffset = 0): CustomRange | undefined {
  if (!isLocalDay(first) || !isLocalDay(last) || first > last) return undefined;
  const known = timeZone !== null && isKnownTimeZone(timeZone);
  const midnight = (ymd: string): string => {
    const [y, m, d] = ymd.split('-').map(Number);
    if (known) return isoInZone(localToInstant(y, m, d, timeZone), timeZone);
    return formatIsoWithOffset(Date.UTC(y, m - 1, d) - fallbackOffset * 60_000, fallbackOffset);
  };
  return { start: midnight(first), end: midnight(addDays(last, 1)) };
}

/** How a range reads: the preset's label, or "first – last" with both days included. */
export function describeRange(range: RangeSpec, l10n: L10n = ENGLISH): string {
  if ('preset' in range) return presetLabel(range.preset, l10n);
  const days = rangeDays(range);
  return days ? `${days.first} – ${days.last}` : `${range.start} – ${range.end}`;
}

// ---- resolving to instants ----

/** [start, end) of a preset in the zone, as of `now`, epoch ms. */
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

/** The nominal length of a bucket at each interval (a day taken as 24 hours). */
export const INTERVAL_MS: Record<Interval, number> = { '15m': 900_000, '1h': 3_600_000, '1d': 86_400_000 };

/**
 * About how many buckets a range holds at an interval (a day taken as 24 hours); undefined when it cannot be told (a
 * time zone this runtime does not know, a range it cannot read).
 */
export function bucketCount(range: RangeSpec, interval: Interval, timeZone: string, now = Date.now()): number | undefined {
  try {
    const r =
      'preset' in range ? resolvePreset(range.preset, timeZone, now) : { start: Date.parse(range.start), end: Date.parse(range.end) };
    const n = Math.ceil((r.end - r.start) / INTERVAL_MS[interval]);
    return Number.isFinite(n) && n >= 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

/** A range as ISO strings with the zone's offsets (custom ranges are already). */
export function resolveRange(range: RangeSpec, timeZone: string, now = Date.now()): { start: string; end: string } {
  if ('preset' in range) {
    const r = resolvePreset(range.preset, timeZone, now);
    return { start: isoInZone(r.start, timeZone), end: isoInZone(r.end, timeZone) };
  }
  return { start: range.start, end: range.end };
}
