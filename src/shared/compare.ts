// Compare with another period: which period (previous, same period last year, from a custom day), the comparison
// data aligned bucket by bucket with the main period, and the change between two values. Pure: the host computes the
// period and the alignment (src/panels/), the page formats the change (src/webview/report/compare.ts).
//
// Alignment is by local wall-clock offset from each period's start, in the report's time zone: bucket i of the main
// period meets the comparison bucket that starts the same local time after its own period's start. A day with 23 or
// 25 hours (a DST change in either period) is not shifted to fit: a repeated local hour has no counterpart the second
// time (NaN here, a gap on the chart), and a local hour that one period skipped has none either; both are counted so
// that the page can say so.
// The type-only import of `vscode` makes `npm run l10n` read this file's l10n.t literals (as in range.ts).
import type { l10n } from 'vscode';
import type { Compare, ReportData } from '../api/types';
import { parseIsoOffset, toColumns } from './columns';
import { INTERVAL_MS } from './range';
import type { ReportColumns } from './reportMessages';
import { formatIsoWithOffset, isKnownTimeZone, localToInstant, offsetMinutes } from './time';
import { zoneOffsets } from './zoneOffsets';

export type CompareSpec = Compare;

/** `vscode.l10n` on the host, the page's translator (webview/report/l10n.ts) on the page. */
type L10n = Pick<typeof l10n, 't'> | { t(message: string, ...args: (string | number | boolean)[]): string };
const ENGLISH: L10n = {
  t: (message: string | { message: string }, ...args: unknown[]) =>
    (typeof message === 'string' ? message : message.message).replace(/\{(\d+)\}/g, (whole, k: string) =>
      Number(k) < args.length ? String(args[Number(k)]) : whole,
    ),
};

/** The comparison columns the host sends with the main data (`data` message), aligned to the main buckets. */
export interface CompareColumns {
  spec: CompareSpec;
  /** The comparison period as fetched, ISO with offsets (end exclusive). */
  start: string;
  end: string;
  /** times[i]: start of the comparison bucket aligned with main bucket i, epoch ms; NaN when it has none. */
  times: Float64Array;
  /** UTC offset of times[i] in the report's zone, minutes (0 where times[i] is NaN). */
  offsets: Int16Array;
  /** counts[d][i]: the comparison count of main direction d in the bucket aligned with main bucket i; NaN for none. */
  counts: Float64Array[];
  /** Peak occupancy per aligned bucket (occupancy monitors), NaN for none. */
  occupancyMax: Float64Array | null;
  /** Totals per direction id over the whole comparison period (every bucket, aligned or not). */
  totals: Record<string, number>;
  /** The busiest comparison bucket (sum over directions). */
  busiest: { start: number; count: number } | null;
  /** Main buckets with no counterpart (a repeated or skipped local hour), and comparison buckets with no place. */
  missing: number;
  unmatched: number;
}

// ---- the choice ----

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether `v` is a real calendar day written YYYY-MM-DD. */
function isDay(v: unknown): v is string {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/** A comparison choice (only its known fields), or undefined when `v` is none of them. */
export function parseCompare(v: unknown): CompareSpec | undefined {
  if (!isObj(v)) return undefined;
  if (v.kind === 'previous' || v.kind === 'last_year') return { kind: v.kind };
  if (v.kind === 'custom' && isDay(v.start)) return { kind: 'custom', start: v.start };
  return undefined;
}

/** What a "Compare" control (the page) or step (the New/Edit Report wizard) offers, in this order. */
export const COMPARE_CHOICES = ['none', 'previous', 'last_year', 'custom'] as const;
export type CompareChoice = (typeof COMPARE_CHOICES)[number];

/** "None", "Previous period", "Same period last year", "Custom…". */
export function compareChoiceLabel(choice: CompareChoice, l10n: L10n = ENGLISH): string {
  switch (choice) {
    case 'none':
      return l10n.t('None');
    case 'previous':
      return l10n.t('Previous period');
    case 'last_year':
      return l10n.t('Same period last year');
    case 'custom':
      return l10n.t('Custom…');
  }
}

/** The comparison a choice asks for (`start`: the custom period's first day): null for none, undefined while the custom
 * day is not a real one. */
export function compareOfChoice(choice: CompareChoice, start?: string): CompareSpec | null | undefined {
  if (choice === 'none') return null;
  return parseCompare(choice === 'custom' ? { kind: 'custom', start } : { kind: choice });
}

/** "previous period", "same period last year", "period from 2026-01-05". */
export function compareLabel(spec: CompareSpec, l10n: L10n = ENGLISH): string {
  switch (spec.kind) {
    case 'previous':
      return l10n.t('previous period');
    case 'last_year':
      return l10n.t('same period last year');
    case 'custom':
      return l10n.t('period from {0}', spec.start);
  }
}

// ---- the period ----

const MIN = 60_000;
const DAY = 86_400_000;

/** Local wall-clock time of an instant in the zone, as if it were UTC (epoch ms). */
function wallOf(ms: number, timeZone: string): number {
  return ms + offsetMinutes(ms, timeZone) * MIN;
}

/** The instant of a local wall-clock time (given as if UTC) in the zone. */
function instantOf(wall: number, timeZone: string): number {
  const d = new Date(wall);
  const base = localToInstant(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), timeZone, d.getUTCHours(), d.getUTCMinutes());
  return base + d.getUTCSeconds() * 1000 + d.getUTCMilliseconds();
}

/** The same wall-clock time one year earlier; 29 February becomes 28 February. */
function yearEarlier(wall: number): number {
  const d = new Date(wall);
  const y = d.getUTCFullYear() - 1;
  const m = d.getUTCMonth();
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), lastDay);
  return Date.UTC(y, m, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

/**
 * The comparison period of the main period [start, end) (ISO strings) in the zone, as ISO strings with the zone's
 * offsets. Lengths are local: "previous" is as many local days (and hours) immediately before; "last_year" the same
 * local dates a year earlier; "custom" the same local length from midnight of its first day, at the same local time
 * of day the main period starts.
 */
export function comparePeriod(main: { start: string; end: string }, spec: CompareSpec, timeZone: string): { start: string; end: string } {
  const s = Date.parse(main.start);
  const e = Date.parse(main.end);
  if (Number.isNaN(s) || Number.isNaN(e) || e <= s) throw new RangeError('The main period is not a valid range');
  const ws = wallOf(s, timeZone);
  const we = wallOf(e, timeZone);
  const length = we - ws;
  let cs: number;
  let ce: number;
  switch (spec.kind) {
    case 'previous':
      cs = ws - length;
      ce = ws;
      break;
    case 'last_year':
      cs = yearEarlier(ws);
      ce = yearEarlier(we);
      break;
    case 'custom': {
      const [y, m, d] = spec.start.split('-').map(Number);
      cs = Date.UTC(y, m - 1, d) + (((ws % DAY) + DAY) % DAY);
      ce = cs + length;
      break;
    }
  }
  const a = instantOf(cs, timeZone);
  const b = instantOf(ce, timeZone);
  return { start: formatIsoWithOffset(a, offsetMinutes(a, timeZone)), end: formatIsoWithOffset(b, offsetMinutes(b, timeZone)) };
}

// ---- alignment ----

/**
 * Local wall-clock time of the period's start in the report's zone (the ISO string's own offset where this runtime
 * does not know the zone), or of its first bucket; `offsets`: the buckets' offsets in the zone.
 */
function wallStart(c: ReportColumns, offsets: Int16Array): number {
  const out = [0, 0];
  if (parseIsoOffset(c.start, out)) return out[0] + (isKnownTimeZone(c.timezone) ? offsetMinutes(out[0], c.timezone) : out[1]) * MIN;
  return c.times.length ? c.times[0] + offsets[0] * MIN : 0;
}

/**
 * The comparison aligned with the main columns: main bucket i meets the comparison bucket whose local start is as far
 * from its period's local start as bucket i's is from the main period's. The first bucket at a local offset takes the
 * counterpart; a second one (the repeated hour of a 25-hour day) gets none. Comparison directions are matched by id.
 */
export function alignComparison(
  main: ReportColumns,
  comp: ReportColumns,
  spec: CompareSpec,
  compOffsets = zoneOffsets(comp.times, comp.timezone, comp.offsets),
): CompareColumns {
  const n = main.times.length;
  const m = comp.times.length;
  const step = INTERVAL_MS[main.interval];
  // Local times in the report's zone, whatever offsets the API sent (an API writing UTC would shift DST days).
  const mainOffsets = zoneOffsets(main.times, main.timezone, main.offsets);
  const w0 = wallStart(main, mainOffsets);
  const c0 = wallStart(comp, compOffsets);
  // slot → comparison index (first bucket at that local offset); -1 none.
  let maxSlot = -1;
  const compSlot = new Int32Array(m);
  for (let j = 0; j < m; j++) {
    const off = comp.times[j] + compOffsets[j] * MIN - c0;
    const slot = off / step;
    compSlot[j] = Number.isInteger(slot) && slot >= 0 ? slot : -1;
    if (compSlot[j] > maxSlot) maxSlot = compSlot[j];
  }
  const bySlot = new Int32Array(maxSlot + 1).fill(-1);
  let unmatched = 0;
  for (let j = 0; j < m; j++) {
    const slot = compSlot[j];
    if (slot < 0 || bySlot[slot] >= 0) unmatched++;
    else bySlot[slot] = j;
  }
  const used = new Uint8Array(maxSlot + 1);
  const at = new Int32Array(n).fill(-1);
  let missing = 0;
  for (let i = 0; i < n; i++) {
    const slot = (main.times[i] + mainOffsets[i] * MIN - w0) / step;
    const j = Number.isInteger(slot) && slot >= 0 && slot <= maxSlot && !used[slot] ? bySlot[slot] : -1;
    if (j >= 0) {
      used[slot] = 1;
      at[i] = j;
    } else missing++;
  }
  // Comparison buckets that no main bucket took.
  let taken = 0;
  for (let s = 0; s <= maxSlot; s++) if (used[s]) taken++;
  unmatched += m - unmatched - taken;

  const times = new Float64Array(n);
  const offsets = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    const j = at[i];
    times[i] = j >= 0 ? comp.times[j] : NaN;
    offsets[i] = j >= 0 ? compOffsets[j] : 0;
  }
  const pick = (src: ArrayLike<number> | undefined): Float64Array => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = at[i] >= 0 && src ? src[at[i]] : NaN;
    return out;
  };
  const compIndex = new Map(comp.directions.map((d, k) => [d.id, k]));
  const counts = main.directions.map((d) => {
    const k = compIndex.get(d.id);
    return pick(k === undefined ? undefined : comp.counts[k]);
  });
  // Totals and the busiest bucket over the whole comparison period.
  const totals: Record<string, number> = {};
  const sums = main.directions.map((d) => {
    const k = compIndex.get(d.id);
    return k === undefined ? undefined : comp.counts[k];
  });
  main.directions.forEach((d, k) => {
    const col = sums[k];
    let t = 0;
    if (col) for (let j = 0; j < m; j++) t += col[j];
    totals[d.id] = t;
  });
  let busiest: CompareColumns['busiest'] = null;
  for (let j = 0; j < m; j++) {
    let s = 0;
    for (const col of sums) if (col) s += col[j];
    if (!busiest || s > busiest.count) busiest = { start: comp.times[j], count: s };
  }
  return {
    spec,
    start: comp.start,
    end: comp.end,
    times,
    offsets,
    counts,
    occupancyMax: main.occupancyMax && comp.occupancyMax ? pick(comp.occupancyMax) : null,
    totals,
    busiest,
    missing,
    unmatched,
  };
}

/** A guard for the `compare` of a `data` message with n main buckets and nd directions. */
export function isCompareColumns(v: unknown, n: number, nd: number): v is CompareColumns {
  if (!isObj(v) || !parseCompare(v.spec) || typeof v.start !== 'string' || typeof v.end !== 'string') return false;
  return (
    v.times instanceof Float64Array &&
    v.times.length === n &&
    v.offsets instanceof Int16Array &&
    v.offsets.length === n &&
    Array.isArray(v.counts) &&
    v.counts.length === nd &&
    v.counts.every((c) => c instanceof Float64Array && c.length === n) &&
    (v.occupancyMax === null || (v.occupancyMax instanceof Float64Array && v.occupancyMax.length === n)) &&
    isObj(v.totals) &&
    Object.values(v.totals).every((t) => typeof t === 'number') &&
    (v.busiest === null || (isObj(v.busiest) && typeof v.busiest.start === 'number' && typeof v.busiest.count === 'number')) &&
    Number.isInteger(v.missing) &&
    Number.isInteger(v.unmatched)
  );
}

// ---- change ----

/** The change from `base` (the comparison) to `value` (the main period); `relative` null when base is 0. */
export interface Change {
  absolute: number;
  relative: number | null;
}

export function change(value: number, base: number): Change {
  const absolute = value - base;
  return { absolute, relative: base === 0 ? null : absolute / Math.abs(base) };
}

/**
 * The relative change as people read it: `+12.4 %`, `-3.0 %`, `0.0 %`; from a base of 0: `new` when there is
 * something now, `–` when there is nothing in either (no division by zero).
 */
export function formatRelative(c: Change): string {
  if (c.relative === null) return c.absolute > 0 ? 'new' : '–';
  const pct = Math.round(c.relative * 1000) / 10;
  if (pct === 0) return '0.0 %';
  return `${pct > 0 ? '+' : '-'}${Math.abs(pct).toFixed(1)} %`;
}

/** The absolute change with its sign: `+136`, `-12`, `0`, digits formatted by `fmt`. */
export function formatAbsolute(c: Change, fmt: (v: number) => string = String): string {
  if (c.absolute === 0) return '0';
  return `${c.absolute > 0 ? '+' : '-'}${fmt(Math.abs(c.absolute))}`;
}

/** A comparison as the host holds it: which period, and that period's data as the API sent it. */
export interface Comparison {
  spec: CompareSpec;
  data: ReportData;
}

/** The comparison's columns and local offsets, made once per comparison data (which the report cache keeps as is). */
const prepared = new WeakMap<ReportData, { columns: ReportColumns; offsets: Int16Array }>();

/**
 * alignComparison for a comparison as the host holds it (its API data): the comparison side's columns and zone
 * offsets are made once per comparison data, since a live panel with a comparison aligns it anew on every refresh.
 */
export function alignComparisonData(main: ReportColumns, comparison: Comparison): CompareColumns {
  let p = prepared.get(comparison.data);
  if (!p) {
    const columns = toColumns(comparison.data);
    p = { columns, offsets: zoneOffsets(columns.times, columns.timezone, columns.offsets) };
    prepared.set(comparison.data, p);
  }
  return alignComparison(main, p.columns, comparison.spec, p.offsets);
}
