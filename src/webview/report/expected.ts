// What a report's data will look like before it arrives: columns with its directions, occupancy and comparison but
// no buckets. The page builds its chart from them while the host fetches (chart.ts `prepare`), so that the data only
// has to be handed to a chart that exists; when the data turns out to be of another kind, the chart is built again.
import type { CompareColumns, CompareSpec } from '../../shared/compare';
import type { ReportColumns } from '../../shared/reportMessages';
import type { ReportTarget } from '../../reports/target';

/** Of columns, what a chart is built from. */
export interface ColumnsShape {
  timezone: string;
  interval: ReportColumns['interval'];
  directions: { id: string; name: string }[];
  occupancy: boolean;
  capacity: number | null;
}

/** The columns a one-monitor target's data will most likely have: its chosen directions (all when none are chosen),
 * occupancy for occupancy monitors, its comparison when it has one. */
export function expectedColumns(t: ReportTarget): { columns: ReportColumns; compare?: CompareColumns } {
  const chosen = t.directions;
  const directions = chosen ? t.monitor.directions.filter((d) => chosen.includes(d.id)) : t.monitor.directions;
  const shape: ColumnsShape = {
    timezone: t.site.timezone,
    interval: t.interval,
    directions: directions.map((d) => ({ id: d.id, name: d.name })),
    occupancy: t.monitor.type === 'occupancy',
    capacity: t.monitor.capacity,
  };
  return noBuckets(shape, t.compare ?? undefined);
}

/** Columns of this shape without a bucket, and a comparison by `spec` without one. */
export function noBuckets(shape: ColumnsShape, spec?: CompareSpec): { columns: ReportColumns; compare?: CompareColumns } {
  const none = (): Int32Array => new Int32Array(0);
  const columns: ReportColumns = {
    timezone: shape.timezone,
    interval: shape.interval,
    start: '',
    end: '',
    times: new Float64Array(0),
    offsets: new Int16Array(0),
    directions: shape.directions,
    counts: shape.directions.map(none),
    occupancyEnd: shape.occupancy ? none() : null,
    occupancyMax: shape.occupancy ? none() : null,
    capacity: shape.capacity,
    totals: {},
  };
  if (!spec) return { columns };
  const compare: CompareColumns = {
    spec,
    start: '',
    end: '',
    times: new Float64Array(0),
    offsets: new Int16Array(0),
    counts: shape.directions.map(() => new Float64Array(0)),
    occupancyMax: shape.occupancy ? new Float64Array(0) : null,
    totals: {},
    busiest: null,
    missing: 0,
    unmatched: 0,
  };
  return { columns, compare };
}
