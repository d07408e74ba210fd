// A report's data summarised for a language model: totals per direction, a series at a resolution that keeps the
// answer small (per hour up to two days, per day up to 62 days, per month beyond), the busiest buckets, occupancy
// peak and time above the threshold, and the change against the previous period. Pure (no `vscode`), so the text a
// tool returns is the same wherever it is computed. Times are ISO strings with the report time zone's offset at each
// instant (shared/zonedData.ts), whatever offsets the API sent, so the series rows are the site's local hours and days.
import type { Bucket, ReportData } from '../api/types';
import { DEFAULT_ALERT_PERCENT } from '../shared/figures';
import { inReportZone } from '../shared/zonedData';

type SeriesStep = 'hour' | 'day' | 'month';

export interface Summary {
  monitor: { id: string; name: string; type: string; capacity: number | null };
  timezone: string;
  /** The exact range the data covers: start inclusive, end exclusive, ISO with the zone's offset. */
  range: { start: string; end: string };
  interval: string;
  buckets: number;
  directions: { id: string; name: string }[];
  totals: Record<string, number>;
  /** What the series adds up: `step` rows, each the sum of the buckets that start in it. */
  series: { step: SeriesStep; rows: { start: string; counts: Record<string, number>; total: number }[] };
  /** The busiest buckets (all directions added), busiest first; ties keep the earlier one. */
  peaks: { start: string; total: number }[];
  occupancy: {
    peak: number;
    peakAt: string;
    capacity: number | null;
    /** The monitor's alert threshold in percent of capacity (its own, else `hoxton.occupancy.alertPercent`). */
    thresholdPercent: number;
    /** The threshold in people (`thresholdPercent` of capacity), null without a capacity. */
    threshold: number | null;
    /** Time with occupancy above the threshold, in minutes (whole buckets whose max was above it). */
    minutesAboveThreshold: number | null;
  } | null;
  previous?: { range: { start: string; end: string }; totals: Record<string, number>; changePercent: Record<string, number | null> };
}

const INTERVAL_MINUTES: Record<string, number> = { '15m': 15, '1h': 60, '1d': 1440 };
const TOP_PEAKS = 3;

const bucketTotal = (b: Bucket, ids: string[]) => ids.reduce((s, id) => s + (b.counts[id] ?? 0), 0);

/** The series step for a range: fine enough to be useful, coarse enough for a few KB. */
function seriesStep(data: ReportData): SeriesStep {
  const days = (Date.parse(data.end) - Date.parse(data.start)) / 86_400_000;
  if (data.interval !== '1d' && days <= 2) return 'hour';
  return days <= 62 ? 'day' : 'month';
}

/** `thresholdPercent`: the monitor's alert threshold in percent of capacity (live/thresholds.ts). */
export function summarise(sent: ReportData, previous?: ReportData, thresholdPercent = DEFAULT_ALERT_PERCENT): Summary {
  const data = inReportZone(sent);
  const ids = data.directions.map((d) => d.id);
  const totals: Record<string, number> = Object.fromEntries(ids.map((id) => [id, 0]));
  for (const b of data.buckets) for (const id of ids) totals[id] += b.counts[id] ?? 0;

  // Series: the bucket's own local time (its ISO string carries the site's offset) cut to the hour, day or month.
  const step = seriesStep(data);
  const cut = step === 'hour' ? 13 : step === 'day' ? 10 : 7;
  const rows = new Map<string, { start: string; counts: Record<string, number>; total: number }>();
  for (const b of data.buckets) {
    const key = b.start.slice(0, cut);
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { start: b.start, counts: Object.fromEntries(ids.map((id) => [id, 0])), total: 0 }));
    for (const id of ids) row.counts[id] += b.counts[id] ?? 0;
    row.total += bucketTotal(b, ids);
  }

  const peaks = data.buckets
    .map((b, i) => ({ i, start: b.start, total: bucketTotal(b, ids) }))
    .sort((a, b) => b.total - a.total || a.i - b.i)
    .slice(0, TOP_PEAKS)
    .map(({ start, total }) => ({ start, total }));

  let occupancy: Summary['occupancy'] = null;
  const withOcc = data.buckets.filter((b) => b.occupancy);
  if (withOcc.length) {
    let peak = -Infinity;
    let peakAt = '';
    for (const b of withOcc) if (b.occupancy!.max > peak) [peak, peakAt] = [b.occupancy!.max, b.start];
    const capacity = data.monitor.capacity;
    const threshold = capacity !== null && capacity > 0 ? (capacity * thresholdPercent) / 100 : null;
    const minutes = INTERVAL_MINUTES[data.interval] ?? 0;
    const above = threshold === null ? null : withOcc.filter((b) => b.occupancy!.max > threshold).length * minutes;
    occupancy = { peak, peakAt, capacity, thresholdPercent, threshold, minutesAboveThreshold: above };
  }

  const summary: Summary = {
    monitor: { id: data.monitor.id, name: data.monitor.name, type: data.monitor.type, capacity: data.monitor.capacity },
    timezone: data.timezone,
    range: { start: data.start, end: data.end },
    interval: data.interval,
    buckets: data.buckets.length,
    directions: data.directions.map((d) => ({ id: d.id, name: d.name })),
    totals,
    series: { step, rows: [...rows.values()] },
    peaks,
    occupancy,
  };
  if (previous) {
    const { totals: before, range } = summarise(previous);
    const changePercent: Record<string, number | null> = {};
    for (const id of ids) {
      const was = before[id] ?? 0;
      changePercent[id] = was === 0 ? null : Math.round(((totals[id] - was) / was) * 1000) / 10;
    }
    summary.previous = { range, totals: before, changePercent };
  }
  return summary;
}

/** The summary as compact text for a model: units, the zone and the exact range spelt out. */
export function summaryText(s: Summary, names: { site?: string; uri?: string } = {}): string {
  const name = (id: string) => s.directions.find((d) => d.id === id)?.name ?? id;
  const fmt = (o: Record<string, number>) =>
    Object.entries(o)
      .map(([id, n]) => `${name(id)} ${n}`)
      .join(', ');
  const lines: string[] = [];
  lines.push(
    `Monitor "${s.monitor.name}" (id ${s.monitor.id}, ${s.monitor.type}${s.monitor.capacity !== null ? `, capacity ${s.monitor.capacity} people` : ''})` +
      (names.site ? ` at site "${names.site}"` : '') +
      '.',
  );
  lines.push(`Range: ${s.range.start} to ${s.range.end} (end exclusive), time zone ${s.timezone}, ${s.buckets} buckets of ${s.interval}.`);
  lines.push(`Totals (people counted): ${fmt(s.totals) || 'no directions'}.`);
  if (s.previous) {
    const change = Object.entries(s.previous.changePercent)
      .map(([id, p]) => `${name(id)} ${p === null ? 'n/a' : `${p > 0 ? '+' : ''}${p}%`}`)
      .join(', ');
    lines.push(`Previous period ${s.previous.range.start} to ${s.previous.range.end}: ${fmt(s.previous.totals)}; change ${change}.`);
  }
  if (s.peaks.length) {
    lines.push(`Busiest ${s.interval} buckets (all directions, start time): ${s.peaks.map((p) => `${p.start} ${p.total}`).join('; ')}.`);
  }
  if (s.occupancy) {
    const o = s.occupancy;
    lines.push(
      `Occupancy peak: ${o.peak} people at ${o.peakAt}` +
        (o.threshold !== null
          ? `; time above ${o.thresholdPercent}% of capacity (${o.threshold} people): ${o.minutesAboveThreshold} minutes.`
          : '; no capacity set, so no threshold.'),
    );
  }
  const stepName = { hour: 'hour', day: 'day (local)', month: 'month (local)' }[s.series.step];
  lines.push(
    `Series per ${stepName}, aggregated from the ${s.buckets} ${s.interval} buckets (start, ${s.directions.map((d) => d.name).join(' / ')}):`,
  );
  const ids = s.directions.map((d) => d.id);
  for (const r of s.series.rows) {
    const label = s.series.step === 'hour' ? r.start.slice(0, 16) : s.series.step === 'day' ? r.start.slice(0, 10) : r.start.slice(0, 7);
    lines.push(`${label} ${ids.map((id) => r.counts[id]).join(' / ')}`);
  }
  if (names.uri) lines.push(`Raw data (every bucket, JSON): ${names.uri}`);
  return lines.join('\n');
}
