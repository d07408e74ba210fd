// Generated counts: a 15-minute base series per monitor, computed on demand from a hash of (seed, monitor, slot),
// shaped by the monitor's profile (profile.ts: opening hours, weekly and yearly seasonality, trend), then aggregated
// into 15m / 1h / 1d buckets of the requested time zone. Occupancy monitors simulate people inside (never below
// zero, reset each local day).
import type { components } from '../src/api/schema';
import type { Interval, MonitorRec, RangePreset, SiteRec } from './data';
import { unit } from './hash';
import { Profile } from './profile';
import {
  addDays,
  addMonths,
  DAY,
  formatInZone,
  HOUR,
  localDateOf,
  localMidnight,
  MINUTE,
  OffsetCursor,
  offsetMinutes,
  SLOT,
  startOfLocalDay,
} from './time';

export type ReportData = components['schemas']['ReportData'];
type Bucket = components['schemas']['Bucket'];

export const MAX_RANGE_DAYS = 366;
/** 366 days at 15 minutes: a 15-minute range gets none of the hour of DST slack `rangeTooLong` allows. */
export const MAX_BUCKETS = 35_136;

/** [start, end) of a preset, resolved at `nowMs` in `tz`. */
export function resolvePreset(preset: RangePreset, tz: string, nowMs: number): { start: number; end: number } {
  const today = localDateOf(tz, nowMs);
  const day = (n: number) => localMidnight(tz, addDays(today, n));
  const firstOfMonth = { y: today.y, m: today.m, d: 1 };
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
      return { start: localMidnight(tz, firstOfMonth), end: localMidnight(tz, addMonths(firstOfMonth, 1)) };
    case 'last_month':
      return { start: localMidnight(tz, addMonths(firstOfMonth, -1)), end: localMidnight(tz, firstOfMonth) };
  }
}

/** Start of the bucket of `interval` in `tz` that contains `ms`. */
export function floorToInterval(ms: number, tz: string, interval: Interval): number {
  const slot = Math.floor(ms / SLOT) * SLOT;
  if (interval === '15m') return slot;
  if (interval === '1d') return startOfLocalDay(tz, ms);
  const off = offsetMinutes(slot, tz);
  const local = slot + off * MINUTE;
  const candidate = slot - (((local % HOUR) + HOUR) % HOUR);
  return offsetMinutes(candidate, tz) === off ? candidate : slot;
}

/** The first bucket boundary at or after `ms`. */
export function ceilToInterval(ms: number, tz: string, interval: Interval): number {
  const floor = floorToInterval(ms, tz, interval);
  if (floor === ms) return ms;
  if (interval === '15m') return floor + SLOT;
  if (interval === '1d') return localMidnight(tz, addDays(localDateOf(tz, floor), 1));
  let t = floor + SLOT;
  while (floorToInterval(t, tz, '1h') !== t) t += SLOT;
  return t;
}

/** Bucket count (exact at 15 minutes, an upper bound otherwise), for the MAX_BUCKETS limit. */
export function estimateBuckets(start: number, end: number, interval: Interval): number {
  const step = interval === '15m' ? SLOT : interval === '1h' ? HOUR : DAY;
  return Math.ceil((end - start) / step);
}

export function rangeTooLong(start: number, end: number): boolean {
  // One hour of slack: 366 local days may span 366 days + 1 h across an autumn DST change.
  return end - start > MAX_RANGE_DAYS * DAY + HOUR;
}

interface BaseSeries {
  /** counts[dir][slot] */
  counts: Int32Array[];
  /** Occupancy at the end of each slot, or null for people-count monitors. */
  occupancy: Int32Array | null;
}

function noisy(mean: number, seed: number, key: number, slot: number, dir: number): number {
  const u1 = unit(seed, key, slot, dir);
  if (mean <= 0) return u1 < 0.015 ? 1 : 0; // the odd cleaner or guard after hours
  const u2 = unit(seed, key, slot, dir + 101);
  return Math.floor(mean * (0.72 + 0.56 * u1) + u2);
}

/** The 15-minute base series of a monitor over [from, to) (15-minute aligned). */
function baseSeries(seed: number, m: MonitorRec, site: SiteRec, from: number, to: number): BaseSeries {
  const n = Math.max(0, Math.round((to - from) / SLOT));
  const dirs = m.directions.length;
  const counts = Array.from({ length: dirs }, () => new Int32Array(n));
  const siteOffsets = new OffsetCursor(site.timezone);
  const profile = new Profile(m, site);
  // What varies per local day is computed once per day.
  let day = NaN;
  let dayFactor = 0;
  const local = (ms: number) => {
    const l = ms + siteOffsets.at(ms) * MINUTE;
    const localDay = Math.floor(l / DAY);
    if (localDay !== day) {
      day = localDay;
      dayFactor = profile.dayFactor(localDay);
    }
    return l - localDay * DAY; // ms into the local day
  };
  if (m.type !== 'occupancy') {
    for (let i = 0; i < n; i++) {
      const ms = from + i * SLOT;
      const inDay = local(ms); // sets day and dayFactor
      const shape = profile.shapeAt(day, Math.floor(inDay / SLOT)) * dayFactor;
      const slot = ms / SLOT;
      for (let d = 0; d < dirs; d++) counts[d][i] = noisy(shape * m.dirFactors[d], seed, m.key, slot, d);
    }
    return { counts, occupancy: null };
  }
  // Occupancy: simulate from the site's local midnight so any range gives the same values.
  const simFrom = startOfLocalDay(site.timezone, from);
  const occupancy = new Int32Array(n);
  let inside = 0;
  let simDay = NaN;
  for (let ms = simFrom; ms < to; ms += SLOT) {
    const inDay = local(ms); // sets day and dayFactor
    if (day !== simDay) {
      simDay = day;
      inside = 0; // reset at local midnight
    }
    const slot = ms / SLOT;
    const inCount = noisy(profile.shapeAt(day, Math.floor(inDay / SLOT)) * dayFactor * m.dirFactors[0], seed, m.key, slot, 0);
    let outCount: number;
    if (!profile.isOpen(day, inDay / HOUR)) {
      outCount = inside + inCount; // everybody leaves when closed
    } else {
      const leaving = Math.floor(inside * 0.3 * (0.7 + 0.6 * unit(seed, m.key, slot, 7)) + unit(seed, m.key, slot, 8));
      outCount = Math.min(inside + inCount, leaving);
    }
    inside += inCount - outCount;
    const i = Math.round((ms - from) / SLOT);
    if (i >= 0) {
      counts[0][i] = inCount;
      counts[1][i] = outCount;
      occupancy[i] = inside;
    }
  }
  return { counts, occupancy };
}

export interface SeriesRequest {
  seed: number;
  monitor: MonitorRec;
  site: SiteRec;
  timezone: string;
  interval: Interval;
  /** Bucket-aligned (see floorToInterval / ceilToInterval). */
  start: number;
  end: number;
  /** Direction ids to include; null for all. */
  directions: string[] | null;
  reportId: string | null;
}

export function buildReportData(r: SeriesRequest): ReportData {
  const { monitor: m } = r;
  const base = baseSeries(r.seed, m, r.site, r.start, r.end);
  const dirIdx = m.directions.map((_, i) => i).filter((i) => !r.directions || r.directions.includes(m.directions[i].id));
  const dirIds = dirIdx.map((i) => m.directions[i].id);
  const zone = new OffsetCursor(r.timezone);
  const n = base.counts[0]?.length ?? 0;
  const buckets: Bucket[] = [];
  const totals: Record<string, number> = {};
  for (const id of dirIds) totals[id] = 0;

  let sums: number[] = [];
  let occ: { min: number; max: number; end: number } | null = null;
  let prevKey = NaN;
  let prevOffset = NaN;
  const flush = () => {
    const b = buckets[buckets.length - 1];
    if (!b) return;
    for (let k = 0; k < dirIds.length; k++) {
      b.counts[dirIds[k]] = sums[k];
      totals[dirIds[k]] += sums[k];
    }
    b.occupancy = occ;
  };
  for (let i = 0; i < n; i++) {
    const ms = r.start + i * SLOT;
    const off = zone.at(ms);
    const local = ms + off * MINUTE;
    const key = r.interval === '15m' ? i : r.interval === '1h' ? Math.floor(local / HOUR) : Math.floor(local / DAY);
    const newBucket = key !== prevKey || (r.interval === '1h' && off !== prevOffset);
    if (newBucket) {
      flush();
      buckets.push({ start: formatInZone(ms, off), counts: {}, occupancy: null });
      sums = dirIds.map(() => 0);
      occ = null;
      prevKey = key;
    }
    prevOffset = off;
    for (let k = 0; k < dirIdx.length; k++) sums[k] += base.counts[dirIdx[k]][i];
    if (base.occupancy) {
      const v = base.occupancy[i];
      occ = occ ? { min: Math.min(occ.min, v), max: Math.max(occ.max, v), end: v } : { min: v, max: v, end: v };
    }
  }
  flush();

  return {
    report_id: r.reportId,
    monitor: { id: m.id, name: m.name, type: m.type, capacity: m.capacity },
    timezone: r.timezone,
    interval: r.interval,
    start: formatInZone(r.start, offsetMinutes(r.start, r.timezone)),
    end: formatInZone(r.end, offsetMinutes(r.end, r.timezone)),
    directions: dirIdx.map((i) => ({ ...m.directions[i] })),
    totals,
    buckets,
  };
}
