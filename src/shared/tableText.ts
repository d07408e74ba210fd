// The buckets table as text for the clipboard (Copy Table): TSV that pastes into a spreadsheet, or a Markdown table.
// Built by the host from the data it holds (panels/tableCopy.ts). Times are the report time zone's wall-clock time,
// `2026-11-28 09:15` (spreadsheets read it as a date and time), with the zone named in the first header; days for
// daily buckets. Server strings (direction names, the zone) are made inert for each format. Pure.
import type { ReportColumns } from './reportMessages';
import { formatIsoWithOffset } from './time';
import { zoneOffsets } from './zoneOffsets';

export type TableFormat = 'tsv' | 'markdown';

interface Table {
  header: string[];
  rows: string[][];
}

function table(c: ReportColumns): Table {
  const header = [`Start (${c.timezone})`, ...c.directions.map((d) => d.name)];
  const cols: ArrayLike<number>[] = [...c.counts];
  if (c.occupancyEnd) {
    header.push('Occupancy (end)');
    cols.push(c.occupancyEnd);
  }
  if (c.occupancyMax) {
    header.push('Occupancy (peak)');
    cols.push(c.occupancyMax);
  }
  const offsets = zoneOffsets(c.times, c.timezone, c.offsets);
  const daily = c.interval === '1d';
  const rows: string[][] = new Array(c.times.length);
  for (let i = 0; i < c.times.length; i++) {
    const iso = formatIsoWithOffset(c.times[i], offsets[i]);
    const row = [daily ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`];
    for (const col of cols) row.push(String(col[i]));
    rows[i] = row;
  }
  return { header, rows };
}

/** A TSV field: tabs and line breaks become spaces; text a spreadsheet would read as a formula gets a leading `'`. */
function tsvField(v: string): string {
  const flat = v.replace(/[\t\r\n]+/g, ' ');
  return /^[ \u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/.test(flat) ? "'" + flat : flat;
}

/** A Markdown table cell: backslashes, pipes and the characters that start markup escaped; line breaks as spaces. */
export function markdownCell(v: string): string {
  return v.replace(/[\r\n]+/g, ' ').replace(/[\\|`*_[\]<>#!~&]/g, (ch) => '\\' + ch);
}

export function tableText(c: ReportColumns, format: TableFormat): string {
  const t = table(c);
  if (format === 'tsv') {
    return [t.header.map(tsvField).join('\t'), ...t.rows.map((r) => r.join('\t'))].join('\n') + '\n';
  }
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return (
    [line(t.header.map(markdownCell)), line(t.header.map((_, i) => (i === 0 ? '---' : '---:'))), ...t.rows.map((r) => line(r))].join('\n') +
    '\n'
  );
}
