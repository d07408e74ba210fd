// Exports with a comparison: the CSV gets the comparison bucket's start and its counts beside each row (empty where
// a bucket has no counterpart), the JSON gets the comparison choice and its data beside the report's own.
import type { ReportData } from '../api/types';
import { csvField } from './csv';
import type { CompareColumns, CompareSpec } from './compare';
import type { ReportColumns } from './reportMessages';
import { formatIsoWithOffset, isKnownTimeZone, offsetMinutes } from './time';

/** `csv` (the main columns' CSV: a header and one line per bucket) with the comparison columns appended. */
export function csvWithComparison(csv: string, main: ReportColumns, cmp: CompareColumns): string {
  const lines = csv.split('\r\n');
  const n = main.times.length;
  lines[0] += ',compare_start' + main.directions.map((d) => ',' + csvField(`${d.name} (compared)`)).join('');
  // Times with the report zone's offset, as the main column writes them (not the offsets the API sent).
  const known = isKnownTimeZone(main.timezone);
  for (let i = 0; i < n; i++) {
    const t = cmp.times[i];
    let extra = ',' + (Number.isNaN(t) ? '' : formatIsoWithOffset(t, known ? offsetMinutes(t, main.timezone) : cmp.offsets[i]));
    for (const col of cmp.counts) extra += ',' + (Number.isNaN(col[i]) ? '' : String(col[i]));
    lines[i + 1] += extra;
  }
  return lines.join('\r\n');
}

/** The report data with the comparison beside it, as exported to JSON. */
export function jsonWithComparison(data: ReportData, spec: CompareSpec, comparison: ReportData): unknown {
  return { ...data, compare: { ...spec, data: comparison } };
}
