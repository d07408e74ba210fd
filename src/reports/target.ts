// What a report panel or JSON document shows: a saved report or a quick range of one monitor, with the names needed to
// title it and the ids needed to fetch it again after a reload (no data, no secrets). Built from a tree node
// (views/targets.ts); everything that comes back from outside the host (a panel's saved state, a `hoxton:` URI, a
// command argument) goes through `parseTarget` once. Pure (no `vscode`): the page checks its selection with it too.
import { MAX_BUCKETS, MAX_RANGE_DAYS, type MonitorType } from '../api/types';
import {
  defaultInterval,
  describeRange,
  INTERVAL_MS,
  isInterval,
  isRangeSpec,
  type Interval,
  type L10n,
  type RangePreset,
  type RangeSpec,
} from '../shared/range';
import { parseCompare, type CompareSpec } from '../shared/compare';

export interface ReportTarget {
  accountId: string;
  monitor: { id: string; name: string; type: MonitorType; capacity: number | null; directions: { id: string; name: string }[] };
  site: { id: string; name: string; timezone: string };
  orgName: string;
  /** A saved report with its own settings, or null for a quick range. */
  report: {
    id: string;
    name: string;
    version: number;
    range: RangeSpec;
    interval: Interval;
    directions: string[] | null;
    /** The period the saved report is compared with; absent or null for none. */
    compare?: CompareSpec | null;
  } | null;
  /** What is shown now (the saved report's settings until the user changes them). */
  range: RangeSpec;
  interval: Interval;
  /** Selected direction ids, null for all. */
  directions: string[] | null;
  /** The period shown beside the range (shared/compare.ts); absent or null for none. */
  compare?: CompareSpec | null;
  /**
   * Several monitors of one site shown together (Open Together, Open Site Report): 2 to MAX_MONITORS monitors, the
   * first of them also in `monitor`. Absent for a one-monitor target. Such a target has no saved report.
   */
  monitors?: ReportTarget['monitor'][];
  /** How a several-monitor panel draws its monitors (kept across reloads); absent: directions summed, with the total. */
  multiView?: MultiView;
}

/** both: a monitor's directions summed; in / out: its first / second direction only; each: one series per direction. */
export type DirectionMode = 'both' | 'in' | 'out' | 'each';
export const DIRECTION_MODES: readonly DirectionMode[] = ['both', 'in', 'out', 'each'];

/** A several-monitor panel's view: its direction mode and whether the total of the selected monitors is drawn. */
export interface MultiView {
  mode: DirectionMode;
  total: boolean;
}

/** A several-monitor view (only its known fields), or undefined when `v` is none. */
export function parseMultiView(v: unknown): MultiView | undefined {
  if (!isObj(v) || typeof v.total !== 'boolean' || !DIRECTION_MODES.includes(v.mode as DirectionMode)) return undefined;
  return { mode: v.mode as DirectionMode, total: v.total };
}

/** The most monitors one panel shows together. */
export const MAX_MONITORS = 50;

/** A target of several monitors of one site over a quick range (`monitors`: 2 to MAX_MONITORS, in order). */
export function multiTarget(base: Omit<TargetBase, 'monitor'>, monitors: ReportTarget['monitor'][], preset: RangePreset): ReportTarget {
  return { ...base, monitor: monitors[0], monitors, report: null, range: { preset }, interval: defaultInterval(preset), directions: null };
}

export type TargetBase = Omit<ReportTarget, 'report' | 'range' | 'interval' | 'directions' | 'compare'>;

export function quickRangeTarget(base: TargetBase, preset: RangePreset): ReportTarget {
  return { ...base, report: null, range: { preset }, interval: defaultInterval(preset), directions: null };
}

/** Stable identity of what a panel shows first (the same target opens the same panel). */
export function targetKey(t: ReportTarget): string {
  if (t.monitors) return `${t.accountId}|multi|${t.monitors.map((m) => m.id).join(',')}|${JSON.stringify(t.range)}`;
  return t.report ? `${t.accountId}|report|${t.report.id}` : `${t.accountId}|range|${t.monitor.id}|${JSON.stringify(t.range)}`;
}

/** "Report name · Monitor", or "Last 7 days · Monitor" for a quick range. */
export function targetTitle(t: ReportTarget, l10n?: L10n): string {
  const name = t.report ? t.report.name : describeRange(t.range, l10n);
  if (t.monitors) {
    const n = String(t.monitors.length);
    return `${name} · ${t.site.name} · ${l10n ? l10n.t('{0} monitors', n) : `${n} monitors`}`;
  }
  return `${name} · ${t.monitor.name}`;
}

/** Whether the target still asks exactly for the saved report (then its own data endpoint serves it). */
export function isSavedAsIs(t: ReportTarget): boolean {
  const r = t.report;
  return (
    r !== null &&
    JSON.stringify(r.range) === JSON.stringify(t.range) &&
    r.interval === t.interval &&
    JSON.stringify(r.directions ?? null) === JSON.stringify(t.directions ?? null)
  );
}

// ---- parsing ----
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** A name: shown as text only, so any string (bounded). */
const isText = (v: unknown): v is string => typeof v === 'string' && v.length <= 1000;
/** A server id: it ends up in a URL path, so non-empty, no `/`, no `..`, no control characters. */
const isId = (v: unknown): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= 200 && !v.includes('/') && !v.includes('..') && !CONTROL.test(v);
/** The account is a session id (`domain|org|subject`, so it may hold `/`); it never reaches a URL. */
const isAccountId = (v: unknown): v is string => isText(v) && v.length > 0 && !CONTROL.test(v);
/** An IANA zone name by its form (whether a runtime knows it is its own business: the page has a fallback). */
const isTimeZone = (v: unknown): v is string => typeof v === 'string' && /^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(v) && !v.includes('..');
const isDirections = (v: unknown): v is string[] | null => v === null || (Array.isArray(v) && v.every(isId));

function parseMonitor(v: unknown): ReportTarget['monitor'] | undefined {
  if (!isObj(v) || !isId(v.id) || !isText(v.name) || (v.type !== 'people_count' && v.type !== 'occupancy')) return undefined;
  const capacity = v.capacity;
  if (capacity !== null && !(typeof capacity === 'number' && Number.isInteger(capacity) && capacity >= 0)) return undefined;
  if (!Array.isArray(v.directions)) return undefined;
  const directions: { id: string; name: string }[] = [];
  for (const d of v.directions) {
    if (!isObj(d) || !isId(d.id) || !isText(d.name)) return undefined;
    directions.push({ id: d.id, name: d.name });
  }
  return { id: v.id, name: v.name, type: v.type, capacity, directions };
}

function parseReport(v: unknown): ReportTarget['report'] | undefined {
  if (
    !isObj(v) ||
    !isId(v.id) ||
    !isText(v.name) ||
    typeof v.version !== 'number' ||
    !Number.isInteger(v.version) ||
    v.version < 0 ||
    !isRangeSpec(v.range) ||
    !isInterval(v.interval) ||
    !isDirections(v.directions)
  ) {
    return undefined;
  }
  const compare = compareOf(v.compare);
  if (compare === undefined) return undefined;
  return {
    id: v.id,
    name: v.name,
    version: v.version,
    range: copyRange(v.range),
    interval: v.interval,
    directions: copyList(v.directions),
    ...(compare ? { compare } : {}),
  };
}

/** An optional comparison: null when absent or null, undefined when present and not a valid choice. */
function compareOf(v: unknown): CompareSpec | null | undefined {
  return v === undefined || v === null ? null : parseCompare(v);
}

const copyRange = (r: RangeSpec): RangeSpec => ('preset' in r ? { preset: r.preset } : { start: r.start, end: r.end });
const copyList = (l: string[] | null): string[] | null => (l === null ? null : [...l]);

/**
 * The one check of a target that comes from outside the host: every field's type, ids safe for a URL path, a real
 * time zone name, a valid range and interval. Returns a fresh copy holding only the known fields, or undefined.
 */
export function parseTarget(v: unknown): ReportTarget | undefined {
  if (!isObj(v) || !isAccountId(v.accountId) || !isText(v.orgName)) return undefined;
  const monitor = parseMonitor(v.monitor);
  if (!monitor) return undefined;
  const site = v.site;
  if (!isObj(site) || !isId(site.id) || !isText(site.name) || !isTimeZone(site.timezone)) return undefined;
  let report: ReportTarget['report'] = null;
  if (v.report !== null) {
    const parsed = parseReport(v.report);
    if (!parsed) return undefined;
    report = parsed;
  }
  if (!isRangeSpec(v.range) || !isInterval(v.interval) || !isDirections(v.directions)) return undefined;
  let monitors: ReportTarget['monitor'][] | undefined;
  if (v.monitors !== undefined) {
    if (!Array.isArray(v.monitors) || v.monitors.length < 2 || v.monitors.length > MAX_MONITORS || report !== null) return undefined;
    monitors = [];
    for (const m of v.monitors) {
      const parsed = parseMonitor(m);
      if (!parsed || monitors.some((o) => o.id === parsed.id)) return undefined;
      monitors.push(parsed);
    }
    if (monitors[0].id !== monitor.id) return undefined;
  }
  const compare = compareOf(v.compare);
  if (compare === undefined) return undefined;
  let multiView: MultiView | undefined;
  if (v.multiView !== undefined) {
    multiView = parseMultiView(v.multiView);
    if (!multiView || !monitors) return undefined;
  }
  return {
    accountId: v.accountId,
    monitor,
    site: { id: site.id, name: site.name, timezone: site.timezone },
    orgName: v.orgName,
    report,
    range: copyRange(v.range),
    interval: v.interval,
    directions: copyList(v.directions),
    ...(monitors ? { monitors } : {}),
    ...(compare ? { compare } : {}),
    ...(multiView ? { multiView } : {}),
  };
}

// ---- the contract's limits ----
/** 366 days and the hour a DST change can add (openapi.yaml: `range_too_large`). */
const MAX_RANGE_MS = MAX_RANGE_DAYS * 86_400_000 + 3_600_000;

/**
 * Whether the data a target asks for is within the contract's limits (366 days, MAX_BUCKETS buckets), so that a
 * target from outside (a `hoxton:` link) that the server would refuse is not sent at all. Presets are at most a
 * month. Undefined when within the limits.
 */
export function targetLimit(t: ReportTarget): 'range_too_large' | 'too_many_buckets' | undefined {
  if ('preset' in t.range) return undefined;
  const span = Date.parse(t.range.end) - Date.parse(t.range.start);
  if (!(span > 0) || span > MAX_RANGE_MS) return 'range_too_large';
  return Math.ceil(span / INTERVAL_MS[t.interval]) > MAX_BUCKETS ? 'too_many_buckets' : undefined;
}
