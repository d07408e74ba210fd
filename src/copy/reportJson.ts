// Copy Report Data as JSON's text: the report's data (and its comparison's, when the target compares) as the panel's
// Export JSON writes it (shared/exportText.ts): times in the report's time zone with its offset, the zone named.
// Loaded on first use, in the panels' chunk (which holds the same export code), not at activation.
import type { ReportService } from '../reports/service';
import { comparisonData } from '../reports/compare';
import type { ReportTarget } from '../reports/target';
import { exportText } from '../shared/exportText';

export async function reportJson(reports: ReportService, target: ReportTarget): Promise<string> {
  const [data, comparison] = await Promise.all([reports.data(target), comparisonData(reports, target)]);
  return exportText('json', data, comparison);
}
