// The report data as the JSON export writes it: every time (range start and end, bucket starts) with the report time
// zone's offset at that instant, as the table shows them, not the offsets the API sent; `timezone` names the zone.
// Pure; the data is copied, not changed.
import type { ReportData } from '../api/types';
import { formatIsoWithOffset, isKnownTimeZone, isoInZone } from './time';
import { zoneOffsets } from './zoneOffsets';

export function inReportZone(data: ReportData): ReportData {
  const tz = data.timezone;
  if (!isKnownTimeZone(tz)) return data;
  const at = (iso: string): string => {
    const ms = Date.parse(iso);
    return Number.isNaN(ms) ? iso : isoInZone(ms, tz);
  };
  const times = Float64Array.from(data.buckets, (b) => Date.parse(b.start));
  const sorted = times.every((t, i) => !Number.isNaN(t) && (i === 0 || t >= times[i - 1]));
  const offsets = sorted ? zoneOffsets(times, tz, new Int16Array(times.length)) : null;
  return {
    ...data,
    start: at(data.start),
    end: at(data.end),
    buckets: data.buckets.map((b, i) => ({ ...b, start: offsets ? formatIsoWithOffset(times[i], offsets[i]) : at(b.start) })),
  };
}
