// Labels and number/time formatting for the report page. Times are shown in the report's time zone with
// Intl.DateTimeFormat; when the browser does not know that zone, the bucket's own UTC offset is used instead.
import { presetLabel, type Interval, type RangeSpec } from '../../shared/range';
import { isKnownTimeZone, offsetMinutes } from '../../shared/time';
import { l10n } from './l10n';

/** The locale of numbers and dates: VS Code's display language (`<html lang>`, set by the host); the browser's when Intl cannot take it. */
export const LOCALE = intlLocale(typeof document !== 'undefined' ? document.documentElement.lang : '');

function intlLocale(lang: string): string | undefined {
  try {
    return lang ? Intl.getCanonicalLocales(lang)[0] : undefined;
  } catch {
    return undefined; // not a BCP 47 tag: Intl would throw on every format
  }
}

/** "Busiest 15 minutes", "Busiest hour", "Busiest day" (whole phrases, so each language words them its own way). */
export function busiestLabel(interval: Interval): string {
  switch (interval) {
    case '15m':
      return l10n.t('Busiest 15 minutes');
    case '1h':
      return l10n.t('Busiest hour');
    case '1d':
      return l10n.t('Busiest day');
  }
}

/** The count axis: "People per 15 minutes", "People per hour", "People per day". */
export function perIntervalLabel(interval: Interval): string {
  switch (interval) {
    case '15m':
      return l10n.t('People per 15 minutes');
    case '1h':
      return l10n.t('People per hour');
    case '1d':
      return l10n.t('People per day');
  }
}

const nf = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const pf = new Intl.NumberFormat(LOCALE, { style: 'percent', maximumFractionDigits: 1 });

export const fmtInt = (v: number): string => nf.format(v);
export const fmtPercent = (v: number): string => pf.format(v);

export function rangeLabel(r: RangeSpec): string {
  return 'preset' in r ? presetLabel(r.preset, l10n) : l10n.t('Custom range');
}

type Style = 'dateTime' | 'date' | 'time' | 'shortDateTime' | 'shortDate' | 'dayMonth' | 'year' | 'monthYear';
const OPTIONS: Record<Style, Intl.DateTimeFormatOptions> = {
  dateTime: { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  date: { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' },
  time: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  shortDateTime: { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  shortDate: { day: 'numeric', month: 'short', year: 'numeric' },
  dayMonth: { day: 'numeric', month: 'short' },
  year: { year: 'numeric' },
  monthYear: { month: 'short', year: 'numeric' },
};

/** Formats instants in one time zone; caches the Intl formatters. */
export class TimeFormatter {
  private static readonly instances = new Map<string, TimeFormatter>();
  /** One (cached) formatter per zone. */
  static for(timeZone: string): TimeFormatter {
    let tf = TimeFormatter.instances.get(timeZone);
    if (!tf) {
      tf = new TimeFormatter(timeZone);
      TimeFormatter.instances.set(timeZone, tf);
    }
    return tf;
  }
  private readonly cache = new Map<Style, Intl.DateTimeFormat>();
  readonly known: boolean;
  constructor(readonly timeZone: string) {
    this.known = isKnownTimeZone(timeZone);
  }
  private fmt(style: Style): Intl.DateTimeFormat {
    let f = this.cache.get(style);
    if (!f) {
      f = new Intl.DateTimeFormat(LOCALE, { ...OPTIONS[style], timeZone: this.known ? this.timeZone : 'UTC' });
      this.cache.set(style, f);
    }
    return f;
  }
  /** ms: epoch ms; offsetMin: the bucket's UTC offset, used only when the zone is unknown to the browser. */
  format(ms: number, style: Style, offsetMin = 0): string {
    return this.fmt(style).format(this.known ? ms : ms + offsetMin * 60_000);
  }
  /** The style that suits buckets of this interval. */
  bucket(ms: number, interval: Interval, offsetMin = 0): string {
    return this.format(ms, interval === '1d' ? 'date' : 'dateTime', offsetMin);
  }
  /** UTC offset in minutes of the zone at ms (NaN when unknown). */
  offsetAt(ms: number): number {
    return this.known ? offsetMinutes(ms, this.timeZone) : NaN;
  }
}
