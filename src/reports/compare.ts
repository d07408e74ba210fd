// The comparison period of a target (shared/compare.ts): fetched like a quick custom range of the same monitor, with
// the same interval, directions and time zone, through the same cache as the main data, so that the panel, its
// exports and a reopened panel cost one request each.
import { comparePeriod, type Comparison } from '../shared/compare';
import { resolveRange } from '../shared/range';
import type { ReportService } from './service';
import type { ReportTarget } from './target';

/** The target that fetches the comparison period of `t` (undefined when it compares with nothing). */
function comparisonTarget(t: ReportTarget): ReportTarget | undefined {
  const spec = t.compare;
  if (!spec) return undefined;
  const range = comparePeriod(resolveRange(t.range, t.site.timezone), spec, t.site.timezone);
  return { ...t, report: null, range, compare: null };
}

export type { Comparison };

/** The comparison data of `t`, or undefined when it compares with nothing. */
export async function comparisonData(reports: ReportService, t: ReportTarget, force = false): Promise<Comparison | undefined> {
  const spec = t.compare;
  const ct = comparisonTarget(t);
  if (!spec || !ct) return undefined;
  return { spec, data: await reports.data(ct, force) };
}

/** A comparison being fetched, settled: its data, or the error it failed with (the main data is shown either way). */
export function settled(comparing: Promise<Comparison | undefined>): Promise<{ c: Comparison | undefined; error: unknown }> {
  return comparing.then(
    (c) => ({ c, error: undefined }),
    (e: unknown) => ({ c: undefined, error: e }),
  );
}
