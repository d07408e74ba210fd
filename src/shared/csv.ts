// CSV export of report columns (RFC 4180, CRLF line ends), with ISO bucket start times in the report's time zone:
// each with that zone's offset at the time (not the offsets the API sent), and the zone named in the first column's
// header (`start (Europe/London)`): one header row, so spreadsheets and CSV readers parse it without options.
import type { ReportColumns } from './reportMessages';
import { formatIsoWithOffset } from './time';
import { zoneOffsets } from './zoneOffsets';

/**
 * One CSV field: text starting with = + - @ or their full-width forms ＝ ＋ － ＠ (after any spaces), or with a
 * tab or carriage return, gets a leading `'` so spreadsheets do not evaluate it as a formula; fields with quotes,
 * commas, semicolons (the separator of many European locales) or line breaks are quoted, inner quotes doubled.
 */
export function csvField(value: string): string {
  let v = value;
  if (/^[\t\r]|^[ \u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/.test(v)) v = "'" + v;
  if (/[",;\r\n]/.test(v)) v = '"' + v.replace(/"/g, '""') + '"';
  return v;
}

export function toCsv(c: ReportColumns): string {
  const n = c.times.length;
  const header = [csvField(`start (${c.timezone})`), ...c.directions.map((d) => csvField(d.name))];
  if (c.occupancyEnd) header.push('occupancy_end');
  if (c.occupancyMax) header.push('occupancy_max');
  const lines: string[] = new Array(n + 1);
  lines[0] = header.join(',');
  const cols: ArrayLike<number>[] = [...c.counts];
  if (c.occupancyEnd) cols.push(c.occupancyEnd);
  if (c.occupancyMax) cols.push(c.occupancyMax);
  const nc = cols.length;
  const offsets = zoneOffsets(c.times, c.timezone, c.offsets);
  for (let i = 0; i < n; i++) {
    let line = formatIsoWithOffset(c.times[i], offsets[i]);
    for (let k = 0; k < nc; k++) line += ',' + cols[k][i];
    lines[i + 1] = line;
  }
  return lines.join('\r\n') + '\r\n';
}
