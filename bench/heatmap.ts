// The busiest-hours heatmap of a year at 15 minutes (35,040 buckets × the report's directions), as the page computes
// it: the zone offsets of every bucket (shared/zoneOffsets.ts) and the weekday × hour grid (shared/heatmap.ts).
import { performance } from 'perf_hooks';
import { busiestCells, weekHeatmap } from '../src/shared/heatmap';
import { zoneOffsets } from '../src/shared/zoneOffsets';
import { figure, median, type Figure } from './figures';
import type { Report35k } from './node';

export function heatmapFigure(report: Report35k, runs: number): Figure {
  const c = report.columns;
  const samples: number[] = [];
  for (let i = -1; i < runs; i++) {
    const t0 = performance.now();
    const grid = weekHeatmap(c.times, zoneOffsets(c.times, c.timezone, c.offsets), c.counts);
    busiestCells(grid, 5);
    const ms = performance.now() - t0;
    if (!(grid.max > 0)) throw new Error('empty heatmap');
    if (i >= 0) samples.push(ms);
  }
  return figure({
    name: 'heatmap (year at 15 min)',
    value: median(samples),
    unit: 'ms',
    goal: { max: 20 },
    samples,
    note:
      `${c.times.length.toLocaleString('en')} buckets × ${c.counts.length} directions in ${c.timezone}: the offset of every ` +
      `bucket in the report's zone, the weekday × hour averages and the 5 busiest cells; in Node (the page runs the same code).`,
  });
}
