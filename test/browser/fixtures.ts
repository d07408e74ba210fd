// Synthetic report data for the webview tests and benchmarks: API-shaped ReportData (for toColumns) and, for very
// large benchmarks, ReportColumns built directly. Deterministic (seeded), with daily and weekly shapes.
import type { ReportData } from '../../src/api/types';
import type { ReportTarget } from '../../src/reports/target';
import type { Interval, RangeSpec } from '../../src/shared/range';
import type { ReportColumns, ReportSelection } from '../../src/shared/reportMessages';
import { formatIsoWithOffset, offsetMinutes } from '../../src/shared/time';

const STEP: Record<Interval, number> = { '15m': 900_000, '1h': 3_600_000, '1d': 86_400_000 };

/** Mulberry32. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** UTC offset (minutes) of an IANA zone at an instant. */
export function zoneOffset(tz: string, ms: number): number {
  return offsetMinutes(ms, tz);
}

/** Busy-ness of an instant: two daily peaks, quieter weekends, a little noise. */
function shape(localMs: number, r: () => number): number {
  const hour = (localMs / 3_600_000) % 24;
  const dow = Math.floor(localMs / 86_400_000 + 4) % 7; // 0 = Sunday
  const day = Math.exp(-((hour - 9) ** 2) / 3) + 0.8 * Math.exp(-((hour - 17.5) ** 2) / 4) + 0.15 * Math.exp(-((hour - 13) ** 2) / 2);
  const week = dow === 0 || dow === 6 ? 0.45 : 1;
  return Math.max(0, day * week * (0.85 + 0.3 * r()));
}

export interface ReportSpec {
  buckets: number;
  interval?: Interval;
  /** First bucket start, local midnight in `timezone` of this date (YYYY-MM-DD). */
  startDate?: string;
  timezone?: string;
  directions?: { id: string; name: string }[];
  occupancy?: boolean;
  capacity?: number | null;
  monitorName?: string;
  reportId?: string | null;
  seed?: number;
  /** Peak count per bucket for a 15-minute interval (scaled for longer intervals). */
  scale?: number;
}

export const IN_OUT = [
  { id: 'dir_in', name: 'In' },
  { id: 'dir_out', name: 'Out' },
];

export const THREE_DIRECTIONS = [
  { id: 'dir_north', name: 'North entrance' },
  { id: 'dir_south', name: 'South entrance' },
  { id: 'dir_lift', name: 'Lift lobby' },
];

/** API-shaped report data (what GET /v1/reports/{id}/data answers). */
export function makeReportData(spec: ReportSpec): ReportData {
  const interval = spec.interval ?? '15m';
  const tz = spec.timezone ?? 'Europe/London';
  const dirs = spec.directions ?? IN_OUT;
  const r = rng(spec.seed ?? 42);
  const step = STEP[interval];
  const perStep = (spec.scale ?? 60) * (step / STEP['15m']) ** (interval === '1d' ? 0.85 : 1);
  const [y, m, d] = (spec.startDate ?? '2025-11-29').split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d);
  let t = wall - zoneOffset(tz, wall) * 60_000;
  t = wall - zoneOffset(tz, t) * 60_000;
  const capacity = spec.occupancy ? (spec.capacity === undefined ? 400 : spec.capacity) : null;
  const buckets: ReportData['buckets'] = [];
  const totals: Record<string, number> = Object.fromEntries(dirs.map((x) => [x.id, 0]));
  let occ = 0;
  let localDay = -1;
  for (let i = 0; i < spec.buckets; i++) {
    // Daily buckets advance by calendar days in the zone (23/25-hour days around DST changes).
    let start: number;
    if (interval === '1d') {
      const w = wall + i * 86_400_000;
      start = w - zoneOffset(tz, w - zoneOffset(tz, w) * 60_000) * 60_000;
    } else {
      start = t + i * step;
    }
    const off = zoneOffset(tz, start);
    const local = start + off * 60_000;
    const s = interval === '1d' ? 0.6 + 0.4 * r() : shape(local, r);
    const counts: Record<string, number> = {};
    dirs.forEach((dir, k) => {
      const v = Math.round(perStep * s * (1 - 0.18 * k) + r() * 2);
      counts[dir.id] = v;
      totals[dir.id] += v;
    });
    let occupancy: ReportData['buckets'][number]['occupancy'] = null;
    if (spec.occupancy && interval === '1d') {
      const cap = capacity ?? 400;
      const max = Math.round(cap * (0.45 + 0.5 * s));
      occupancy = { min: 0, max, end: Math.round(cap * 0.03 * r()) };
    } else if (spec.occupancy) {
      const day = Math.floor(local / 86_400_000);
      if (day !== localDay) {
        occ = 0;
        localDay = day;
      }
      const hour = (local / 3_600_000) % 24;
      const target = (capacity ?? 400) * (hour < 7 || hour > 21 ? 0.02 : 0.35 + 0.6 * s);
      const min = Math.max(0, Math.round(Math.min(occ, target) * (0.95 + 0.05 * r())));
      occ = Math.max(0, Math.round(occ + (target - occ) * 0.5));
      const max = Math.max(occ, Math.round(occ * (1 + 0.08 * r())));
      occupancy = { min, max, end: occ };
    }
    buckets.push({ start: formatIsoWithOffset(start, off), counts, occupancy });
  }
  const endMs = spec.buckets > 0 ? Date.parse(buckets[buckets.length - 1].start) + step : t;
  return {
    report_id: spec.reportId ?? null,
    monitor: {
      id: 'mon_1',
      name: spec.monitorName ?? (spec.occupancy ? 'Main hall occupancy' : 'Front door counter'),
      type: spec.occupancy ? 'occupancy' : 'people_count',
      capacity,
    },
    timezone: tz,
    interval,
    start: formatIsoWithOffset(t, zoneOffset(tz, t)),
    end: formatIsoWithOffset(endMs, zoneOffset(tz, endMs)),
    directions: dirs,
    totals,
    buckets,
  };
}

/** What a test changes in a selection: the title and the parts of the target the page shows. */
export interface SelectionOver {
  title?: string;
  /** A saved report's id, or null for a quick range. */
  reportId?: string | null;
  range?: RangeSpec;
  interval?: Interval;
  directions?: string[] | null;
}

/** A selection as the host sends it: a title and the target (ids and names), with the test's changes. */
export function selectionOf(
  title: string,
  monitor: ReportTarget['monitor'],
  timezone: string,
  defaults: { reportId: string | null; range: RangeSpec; interval: Interval },
  over: SelectionOver = {},
): ReportSelection {
  const reportId = over.reportId !== undefined ? over.reportId : defaults.reportId;
  const range = over.range ?? defaults.range;
  const interval = over.interval ?? defaults.interval;
  const directions = over.directions !== undefined ? over.directions : null;
  const target: ReportTarget = {
    accountId: 'test|org_test|user',
    monitor,
    site: { id: 'site_test', name: 'Test site', timezone },
    orgName: 'Test organisation',
    report: reportId === null ? null : { id: reportId, name: over.title ?? title, version: 1, range, interval, directions },
    range,
    interval,
    directions,
  };
  return { title: over.title ?? title, target };
}

/** A selection matching report data, as the host would send it. */
export function makeSelection(data: ReportData, over: SelectionOver = {}): ReportSelection {
  const m = data.monitor;
  const monitor = {
    id: m.id,
    name: m.name,
    type: m.type,
    capacity: m.capacity,
    directions: data.directions.map((d) => ({ id: d.id, name: d.name })),
  };
  const defaults = { reportId: data.report_id, range: { preset: 'last_7_days' } as RangeSpec, interval: data.interval };
  return selectionOf(`${m.name} — Last 7 days`, monitor, data.timezone, defaults, over);
}

/** Columns built directly (for very large benchmarks): n buckets of 15 minutes, `series` directions, UTC. */
export function makeColumns(n: number, series = 3, opts: { occupancy?: boolean; seed?: number } = {}): ReportColumns {
  const r = rng(opts.seed ?? 7);
  const t0 = Date.UTC(2025, 0, 1);
  const times = new Float64Array(n);
  const offsets = new Int16Array(n);
  const counts: Int32Array[] = [];
  const directions = Array.from({ length: series }, (_, k) => ({ id: `d${k}`, name: `Direction ${k + 1}` }));
  for (let k = 0; k < series; k++) counts.push(new Int32Array(n));
  const occEnd = opts.occupancy ? new Int32Array(n) : null;
  const occMax = opts.occupancy ? new Int32Array(n) : null;
  const totals: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    times[i] = t0 + i * 900_000;
    const s = shape(times[i], r);
    for (let k = 0; k < series; k++) counts[k][i] = Math.round(60 * s * (1 - 0.15 * k) + r() * 3);
    if (occEnd && occMax) {
      occEnd[i] = Math.round(300 * s);
      occMax[i] = occEnd[i] + Math.round(10 * r());
    }
  }
  directions.forEach((d, k) => (totals[d.id] = counts[k].reduce((a, b) => a + b, 0)));
  const end = n > 0 ? times[n - 1] + 900_000 : t0;
  return {
    timezone: 'UTC',
    interval: '15m',
    start: formatIsoWithOffset(t0, 0),
    end: formatIsoWithOffset(end, 0),
    times,
    offsets,
    directions,
    counts,
    occupancyEnd: occEnd,
    occupancyMax: occMax,
    capacity: opts.occupancy ? 400 : null,
    totals,
  };
}
