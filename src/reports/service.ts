// Report data for the panel and the JSON document, from one cache: opening the JSON after the panel (or the other
// way round) costs no extra request. Concurrent requests for the same data share one HTTP call.
import type { ReportData } from '../api/types';
import { appendData } from '../shared/liveColumns';
import { resolveRange } from '../shared/range';
import type { Connections } from './connections';
import { isSavedAsIs, type ReportTarget } from './target';

interface Entry {
  at: number;
  data: Promise<ReportData>;
  /** Buckets held, once the data has arrived (what the entry weighs). */
  buckets: number;
}

const FRESH_MS = 60_000;
/** The cache holds at most this many buckets (about three years at 15 minutes) and this many reports. */
const MAX_BUCKETS = 100_000;
const MAX_ENTRIES = 24;

export class ReportService {
  /** Least recently used first. */
  private readonly cache = new Map<string, Entry>();

  constructor(private readonly connections: Connections) {}

  /** The data for a target; from the cache when fresh, unless `force`. */
  data(target: ReportTarget, force = false): Promise<ReportData> {
    const key = this.dataKey(target);
    const hit = this.cache.get(key);
    if (hit && !force && Date.now() - hit.at < FRESH_MS) {
      this.touch(key, hit);
      return hit.data;
    }
    const client = this.connections.client(target.accountId);
    const promise =
      target.report && isSavedAsIs(target)
        ? client.getReportData(target.report.id)
        : (() => {
            const { start, end } = resolveRange(target.range, target.site.timezone);
            return client.getMonitorData(target.monitor.id, {
              start,
              end,
              interval: target.interval,
              timezone: target.site.timezone,
              directions: target.directions,
            });
          })();
    const entry: Entry = { at: Date.now(), data: promise, buckets: 0 };
    this.touch(key, entry);
    promise.then(
      (data) => {
        entry.buckets = data.buckets.length;
        this.evict(key);
      },
      () => this.cache.get(key) === entry && this.cache.delete(key),
    );
    return promise;
  }

  /**
   * Live panels: the buckets from `fromIso` (the last one shown, still open) to the end of the target's range, merged
   * into the cached data so that the JSON document and a reopened panel see them too.
   */
  async tail(target: ReportTarget, fromIso: string): Promise<ReportData> {
    const { end } = resolveRange(target.range, target.site.timezone);
    const interval = target.report && isSavedAsIs(target) ? target.report.interval : target.interval;
    const data = await this.connections.client(target.accountId).getMonitorData(target.monitor.id, {
      start: fromIso,
      end,
      interval,
      timezone: target.site.timezone,
      directions: target.directions,
    });
    const key = this.dataKey(target);
    const hit = this.cache.get(key);
    if (hit) {
      const merged = appendData(await hit.data, data);
      const entry: Entry = { at: Date.now(), data: Promise.resolve(merged), buckets: merged.buckets.length };
      if (this.cache.get(key) === hit) this.touch(key, entry);
    }
    return data;
  }

  /** Cached reports and buckets held (diagnostics, tests). */
  get size(): { entries: number; buckets: number } {
    let buckets = 0;
    for (const e of this.cache.values()) buckets += e.buckets;
    return { entries: this.cache.size, buckets };
  }

  private touch(key: string, entry: Entry): void {
    this.cache.delete(key);
    this.cache.set(key, entry);
  }

  /** Drops the least recently used entries beyond the limits, never `keep`. */
  private evict(keep: string): void {
    let { entries, buckets } = this.size;
    for (const [key, e] of this.cache) {
      if (entries <= MAX_ENTRIES && buckets <= MAX_BUCKETS) break;
      if (key === keep) continue;
      this.cache.delete(key);
      entries--;
      buckets -= e.buckets;
    }
  }

  /** The last data fetched for a target, if any, without a request. */
  cached(target: ReportTarget): Promise<ReportData> | undefined {
    return this.cache.get(this.dataKey(target))?.data;
  }

  dataKey(t: ReportTarget): string {
    if (t.report && isSavedAsIs(t)) return `${t.accountId}|report|${t.report.id}`;
    return `${t.accountId}|monitor|${t.monitor.id}|${JSON.stringify(t.range)}|${t.interval}|${(t.directions ?? []).join(',')}`;
  }

  /** Whether an account is signed in here (a target from a link may name any). */
  signedIn(accountId: string): Promise<boolean> {
    return this.connections.signedIn(accountId);
  }

  forgetAccount(accountId: string): void {
    for (const key of [...this.cache.keys()]) if (key.startsWith(`${accountId}|`)) this.cache.delete(key);
  }

  dispose(): void {
    this.cache.clear();
  }
}
