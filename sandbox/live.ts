// The sandbox's "now" and the live occupancy monitors. A live monitor answers only the buckets that have started by
// the sandbox's now (so its data grows as time moves), and its occupancy in the bucket holding now can be set by the
// tests (admin route POST /__sandbox/live) so that threshold crossings can be driven deterministically.
import type { ReportData } from './series';
import { HOUR, SLOT } from './time';

export interface LiveState {
  /** The sandbox's now (ISO, UTC), and whether it is fixed by a test (else the real clock). */
  now: string;
  fixed: boolean;
  /** Occupancy values set by the tests, by monitor id. */
  values: Record<string, number>;
}

export class LiveControl {
  private fixedNow: number | null = null;
  private readonly values = new Map<string, number>();

  now(): number {
    return this.fixedNow ?? Date.now();
  }

  /** Fixes the sandbox's now (epoch ms), or goes back to the real clock (null). */
  setNow(ms: number | null): void {
    this.fixedNow = ms;
  }

  /** Sets (or, with null, clears) the occupancy of a monitor's bucket that holds now. */
  setValue(monitorId: string, value: number | null): void {
    if (value === null) this.values.delete(monitorId);
    else this.values.set(monitorId, value);
  }

  state(): LiveState {
    return { now: new Date(this.now()).toISOString(), fixed: this.fixedNow !== null, values: Object.fromEntries(this.values) };
  }

  /**
   * A live monitor's data as of now: buckets that start after now are dropped (totals follow the buckets), and the
   * bucket holding now shows the value set by the tests, if any. The range (`start`, `end`) stays as asked.
   */
  apply(monitorId: string, data: ReportData): ReportData {
    const now = this.now();
    const buckets = data.buckets.filter((b) => Date.parse(b.start) <= now);
    const totals: Record<string, number> = {};
    for (const k of Object.keys(data.totals)) totals[k] = buckets.reduce((s, b) => s + (b.counts[k] ?? 0), 0);
    const value = this.values.get(monitorId);
    const last = buckets[buckets.length - 1];
    if (value !== undefined && last && Date.parse(last.start) + bucketMs(data.interval) > now && last.occupancy) {
      last.occupancy = { min: Math.min(last.occupancy.min, value), max: Math.max(last.occupancy.max, value), end: value };
    }
    return { ...data, buckets, totals };
  }
}

function bucketMs(interval: string): number {
  return interval === '15m' ? SLOT : interval === '1h' ? HOUR : 25 * HOUR; // a day: an upper bound across DST
}

/** Checks the admin route's body: `{ now?: ISO string | epoch ms | null, advanceMinutes?: number, values?: { id: n | null } }`. */
export function parseLiveUpdate(v: unknown): { now?: number | null; advanceMinutes?: number; values?: Record<string, number | null> } {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('The body must be a JSON object');
  const o = v as Record<string, unknown>;
  const out: { now?: number | null; advanceMinutes?: number; values?: Record<string, number | null> } = {};
  if (o.now !== undefined) {
    if (o.now === null) out.now = null;
    else if (typeof o.now === 'number' && Number.isFinite(o.now)) out.now = o.now;
    else if (typeof o.now === 'string' && !Number.isNaN(Date.parse(o.now))) out.now = Date.parse(o.now);
    else throw new Error('`now` must be an ISO date-time, epoch milliseconds or null');
  }
  if (o.advanceMinutes !== undefined) {
    if (typeof o.advanceMinutes !== 'number' || !Number.isFinite(o.advanceMinutes)) throw new Error('`advanceMinutes` must be a number');
    out.advanceMinutes = o.advanceMinutes;
  }
  if (o.values !== undefined) {
    if (!o.values || typeof o.values !== 'object' || Array.isArray(o.values)) throw new Error('`values` must be an object');
    out.values = {};
    for (const [k, x] of Object.entries(o.values as Record<string, unknown>)) {
      if (x !== null && !(typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 1_000_000))
        throw new Error('`values` must map monitor ids to whole numbers or null');
      out.values[k] = x as number | null;
    }
  }
  return out;
}
