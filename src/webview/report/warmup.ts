// While the host fetches the first data: compile the chart and figures code and load the time zone data, so the
// first real render does not pay for it. Same shapes as real data (3 directions + occupancy).
import { computeFigures } from '../../shared/figures';
import type { ReportColumns } from '../../shared/reportMessages';
import { warmUp } from './chart';
import { fmtInt, fmtPercent, TimeFormatter } from './format';

/** Warms up in the next task unless `skip()` says real data is there already. */
export function scheduleWarmUp(skip: () => boolean): void {
  setTimeout(() => {
    if (skip()) return;
    const tf = TimeFormatter.for('UTC');
    tf.format(0, 'dateTime');
    tf.offsetAt(0);
    fmtInt(1234);
    fmtPercent(0.5);
    const n = 8192;
    const times = new Float64Array(n).map((_, i) => 1.7e12 + i * 900_000);
    const wave = (k: number): Int32Array => new Int32Array(n).map((_, i) => Math.round(50 + 40 * Math.sin(i / (20 + k))));
    const sample: ReportColumns = {
      timezone: 'UTC',
      interval: '15m',
      start: '2023-11-14T22:13:20+00:00',
      end: '2024-02-07T22:13:20+00:00',
      times,
      offsets: new Int16Array(n),
      directions: [0, 1, 2].map((k) => ({ id: `w${k}`, name: '' })),
      counts: [0, 1, 2].map(wave),
      occupancyEnd: wave(3),
      occupancyMax: wave(4),
      capacity: 100,
      totals: {},
    };
    for (let i = 0; i < 3; i++) computeFigures(sample);
    warmUp(sample);
  }, 0);
}
