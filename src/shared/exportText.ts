// The text of a report's export, as the panel's Export CSV / Export JSON write it and Copy Report Data as JSON copies
// it: every time (range, bucket starts, the comparison's too) with the report time zone's offset at that instant, as
// the table shows them, not the offsets the API sent; the zone named (the CSV's first header, the JSON's `timezone`).
// With a comparison, its buckets beside the report's own. Pure.
import type { ReportData } from '../api/types';
import { toColumns } from './columns';
import { alignComparisonData, type Comparison } from './compare';
import { csvWithComparison, jsonWithComparison } from './compareExport';
import { toCsv } from './csv';
import { inReportZone } from './zonedData';

export function exportText(format: 'csv' | 'json', data: ReportData, comparison?: Comparison): string {
  if (format === 'json') {
    const shown = inReportZone(data);
    return `${JSON.stringify(comparison ? jsonWithComparison(shown, comparison.spec, inReportZone(comparison.data)) : shown, null, 2)}\n`;
  }
  const main = toColumns(data);
  const csv = toCsv(main);
  return comparison ? csvWithComparison(csv, main, alignComparisonData(main, comparison)) : csv;
}
