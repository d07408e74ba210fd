// While the host fetches the first data: compile the chart code and load the time zone data, so the first real
// render does not pay for it (the figures come with the data: shared/figures.ts runs on the host, whose code is warm).
// Same shapes as real data (3 directions; with occupancy; with a comparison), as long as a year at 15 minutes, drawn
// four times: V8 optimises a function only once it has run hot, and optimising it in the middle of the first real
// render (on a machine with two cores) costs that render as much as running it unoptimised. Each step is its own task
// and no step runs once real data is shown, so a message waits for one step at most.
import type { CompareColumns } from '../../shared/compare';
import type { ReportColumns } from '../../shared/reportMessages';
import { warmUp } from './chart';
import { fmtInt, fmtPercent, TimeFormatter } from './format';

/** Buckets of the sample: a year at 15 minutes, the size whose first render the warm-up is for. */
const SAMPLE_BUCKETS = 35_040;

/** The sample as a data message delivers it (structured-cloned): objects and arrays of the same shapes as real data,
 * so the code V8 optimises for the sample is not thrown away (deoptimised) on the first real report. */
function sampleColumns(occupancy: boolean): ReportColumns {
  return structuredClone(makeSample(occupancy));
}

function makeSample(occupancy: boolean): ReportColumns {
  const n = SAMPLE_BUCKETS;
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) times[i] = 1.7e12 + i * 900_000;
  // A day's shape with noise, like counts: every pixel column of the chart holds a night and a day.
  const day = new Float64Array(96);
  for (let q = 0; q < 96; q++) day[q] = Math.max(0, 50 * Math.sin(q / 15.3 - 1.2));
  const wave = (k: number): Int32Array => {
    const col = new Int32Array(n);
    for (let i = 0; i < n; i++) col[i] = Math.round(day[i % 96] + ((i * (7 + k)) % 13));
    return col;
  };
  return {
    timezone: 'UTC',
    interval: '15m',
    start: '2023-11-14T22:13:20+00:00',
    end: '2024-11-13T22:13:20+00:00',
    times,
    offsets: new Int16Array(n),
    directions: [0, 1, 2].map((k) => ({ id: `w${k}`, name: '' })),
    counts: [0, 1, 2].map(wave),
    occupancyEnd: occupancy ? wave(3) : null,
    occupancyMax: occupancy ? wave(4) : null,
    capacity: occupancy ? 100 : null,
    totals: {},
  };
}

/** A comparison of the sample with itself a day later, with a gap (as a daylight-saving day leaves). */
function sampleComparison(c: ReportColumns): CompareColumns {
  const n = c.times.length;
  const shift = (col: ArrayLike<number>): Float64Array => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = i >= 96 && i < 100 ? NaN : col[(i + 96) % n];
    return out;
  };
  return {
    spec: { kind: 'previous' },
    start: c.start,
    end: c.end,
    times: shift(c.times),
    offsets: new Int16Array(n),
    counts: c.counts.map(shift),
    occupancyMax: c.occupancyMax ? shift(c.occupancyMax) : null,
    totals: {},
    busiest: null,
    missing: 4,
    unmatched: 0,
  };
}

/**
 * Below this many expected buckets the warm-up is not worth its CPU: such a chart draws in a few milliseconds
 * unoptimised (a month at 15 minutes is 2,976 buckets).
 */
const WARM_UP_FROM = 8_000;

/**
 * Warms up in the next tasks, one step each, until `skip()` says real data is there already. Only when the first
 * data is expected to be large (`expected` buckets, from the host) or its size is unknown.
 */
export function scheduleWarmUp(skip: () => boolean, expected?: number): void {
  if (expected !== undefined && expected < WARM_UP_FROM) return;
  let sample: ReportColumns | null = null;
  let occupancy: ReportColumns | null = null;
  const steps: (() => void)[] = [
    () => {
      const tf = TimeFormatter.for('UTC');
      tf.format(0, 'dateTime');
      tf.offsetAt(0);
      fmtInt(1234);
      fmtPercent(0.5);
      sample = sampleColumns(false);
      occupancy = sampleColumns(true);
    },
    // People counts alone, with a comparison, an occupancy monitor, then people counts again.
    () => sample && warmUp(sample),
    () => sample && warmUp(sample, structuredClone(sampleComparison(sample))),
    () => occupancy && warmUp(occupancy),
    () => sample && warmUp(sample),
  ];
  const next = (): void => {
    const step = steps.shift();
    if (!step || skip()) return;
    step();
    setTimeout(next, 0);
  };
  setTimeout(next, 0);
}
