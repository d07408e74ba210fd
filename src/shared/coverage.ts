// Whether report data covers what was asked for: the same interval, and a range that differs from the one
// asked for by no more than the rounding to whole buckets the contract allows (start rounded down, end up).
// Pure: used by the report panel to say so when a server answers with another range or interval.
import type { Interval } from './reportMessages';

/** The longest bucket of each interval (a day can have 25 hours at a DST change). */
const SLACK_MS: Record<Interval, number> = { '15m': 15 * 60_000, '1h': 60 * 60_000, '1d': 25 * 60 * 60_000 };

export interface Coverage {
  start: string;
  end: string;
  interval: Interval;
}

/** True when `got` is another range or interval than `asked` (ISO instants compared, rounding allowed for). */
export function coverageDiffers(asked: Coverage, got: Coverage): boolean {
  if (asked.interval !== got.interval) return true;
  const a0 = Date.parse(asked.start);
  const a1 = Date.parse(asked.end);
  const g0 = Date.parse(got.start);
  const g1 = Date.parse(got.end);
  if ([a0, a1, g0, g1].some(Number.isNaN)) return false; // nothing to compare against
  const slack = SLACK_MS[got.interval];
  return g0 > a0 || a0 - g0 >= slack || g1 < a1 || g1 - a1 >= slack;
}
