// Watch occupancy: watched monitors are polled in the background (one request per monitor per round, at most
// CONCURRENCY at a time, only for signed-in accounts), with backoff on errors and 429/503 (Retry-After honoured).
// Crossing a monitor's threshold upward raises one notification; it clears once occupancy is HYSTERESIS points below.
// Watches and alert states live in globalState (they survive a reload); several windows share one poller
// (coordinator.ts). No timer runs while nothing is watched or nobody is signed in.
import * as vscode from 'vscode';
import { HoxtonApiError } from '../api/errors';
import type { HoxtonAuthProvider } from '../auth/provider';
import type { Connections } from '../reports/connections';
import { parseTarget, quickRangeTarget, type ReportTarget, type TargetBase } from '../reports/target';
import { userMessage } from '../util/errors';
import { notifyText } from '../util/inert';
import type { Log } from '../util/log';
import type { Coordinator } from './coordinator';
import { readLiveSettings } from './settings';
import type { ThresholdStore } from './thresholds';

const CONCURRENCY = 4;
/** Percentage points below the threshold at which an alert clears (a value hovering at the line does not flap). */
const HYSTERESIS = 5;
/** Longest wait between rounds while backing off. */
const MAX_BACKOFF_MS = 15 * 60_000;
const SLOT = 15 * 60_000;
const WATCHES = 'hoxton.live.watches';
const ALERTING = 'hoxton.live.alerting';

export interface Reading {
  /** People inside now (the end of the bucket holding now), null when the server had none. */
  value: number | null;
  capacity: number | null;
  at: number;
}

export interface WatchStatus {
  key: string;
  base: TargetBase;
  reading?: Reading;
  percent: number | null;
  threshold: number;
  alerting: boolean;
}

export interface RoundReport {
  /** This window polled (else it read another window's readings). */
  led: boolean;
  requests: number;
  failed: number;
  /** Wait until the next round. */
  delayMs: number;
}

const watchKey = (accountId: string, monitorId: string): string => `${accountId}|${monitorId}`;

export interface WatcherDeps {
  auth: HoxtonAuthProvider;
  connections: Connections;
  thresholds: ThresholdStore;
  state: vscode.Memento;
  coordinator: Coordinator;
  log: Log;
}

export class OccupancyWatcher implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly rounded = new vscode.EventEmitter<RoundReport>();
  /** Fires after each round (tests, diagnostics). */
  readonly onDidRound = this.rounded.event;
  private readonly readings = new Map<string, Reading>();
  private timer?: ReturnType<typeof setTimeout>;
  private running?: Promise<void>;
  private failures = 0;
  private disposed = false;
  /** Bumped by restart(): a round that was running then does not schedule the next (sign-out leaves no timer). */
  private epoch = 0;
  /** The watch's quiet status while requests fail (one line, no notifications). */
  problem?: string;
  /** Test hook: milliseconds between rounds instead of `hoxton.occupancy.watchSeconds` (test mode only). */
  testIntervalMs?: number;
  private readonly subs: vscode.Disposable[] = [];

  constructor(private readonly deps: WatcherDeps) {
    this.subs.push(
      this.changed,
      this.rounded,
      deps.auth.onDidChangeSessions(() => void this.restart()),
      deps.thresholds.onDidChange(() => this.changed.fire()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('hoxton.occupancy')) void this.restart();
      }),
    );
    void this.restart();
  }

  // ---- watches ----

  private stored(): TargetBase[] {
    const raw = this.deps.state.get<unknown>(WATCHES);
    if (!Array.isArray(raw)) return [];
    const out: TargetBase[] = [];
    for (const x of raw) {
      const t = parseTarget({ ...(x as object), report: null, range: { preset: 'today' }, interval: '15m', directions: null });
      if (t && t.monitor.type === 'occupancy') {
        const { report: _r, range: _g, interval: _i, directions: _d, ...base } = t;
        out.push(base);
      }
    }
    return out;
  }

  private alertingKeys(): Set<string> {
    const raw = this.deps.state.get<unknown>(ALERTING);
    return new Set(Array.isArray(raw) ? raw.filter((k): k is string => typeof k === 'string') : []);
  }

  isWatched(accountId: string, monitorId: string): boolean {
    return this.stored().some((b) => b.accountId === accountId && b.monitor.id === monitorId);
  }

  async watch(base: TargetBase): Promise<void> {
    if (base.monitor.type !== 'occupancy') return;
    if (!this.isWatched(base.accountId, base.monitor.id)) await this.deps.state.update(WATCHES, [...this.stored(), base]);
    this.changed.fire();
    await this.restart(true);
  }

  async unwatch(accountId: string, monitorId: string): Promise<void> {
    const key = watchKey(accountId, monitorId);
    await this.deps.state.update(
      WATCHES,
      this.stored().filter((b) => watchKey(b.accountId, b.monitor.id) !== key),
    );
    await this.setAlerting(key, false);
    this.readings.delete(key);
    this.changed.fire();
    await this.restart();
  }

  /** Watched monitors of signed-in accounts, with their last reading and alert state. */
  async list(): Promise<WatchStatus[]> {
    const signedIn = new Set((await this.deps.auth.listAccounts()).map((a) => a.id));
    const alerting = this.alertingKeys();
    return this.stored()
      .filter((b) => signedIn.has(b.accountId))
      .map((base) => {
        const key = watchKey(base.accountId, base.monitor.id);
        const reading = this.readings.get(key);
        return {
          key,
          base,
          reading,
          percent: percentOf(reading),
          threshold: this.deps.thresholds.get(base.accountId, base.monitor.id),
          alerting: alerting.has(key),
        };
      });
  }

  /** A watched monitor's report for today (what "Open Report" opens). */
  static target(base: TargetBase): ReportTarget {
    return quickRangeTarget(base, 'today');
  }

  // ---- polling ----

  /** Whether a round is scheduled (tests: no timers after sign-out). */
  get scheduled(): boolean {
    return this.timer !== undefined;
  }

  private intervalMs(): number {
    return this.testIntervalMs ?? readLiveSettings().watchSeconds * 1000;
  }

  /** Stops the timer and, if anything is watched by a signed-in account, schedules the next round (`now`: at once). */
  async restart(now = false): Promise<void> {
    this.clear();
    this.epoch++;
    if (this.disposed) return;
    const due = await this.list();
    if (this.disposed) return;
    if (due.length === 0) {
      this.failures = 0;
      this.problem = undefined;
      await this.deps.coordinator.release().catch(() => undefined);
      this.changed.fire();
      return;
    }
    this.schedule(now ? 0 : this.intervalMs());
  }

  private clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(ms: number): void {
    this.clear();
    if (this.disposed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.round().catch((e: unknown) => this.deps.log.warn(`Watch round failed: ${String(e)}`));
    }, ms);
  }

  /** Runs one round now (tests); resolves when it is done. */
  async pollNow(): Promise<void> {
    this.clear();
    await this.running;
    this.running = this.round();
    await this.running;
  }

  private async round(): Promise<void> {
    const epoch = this.epoch;
    const due = await this.list();
    if (due.length === 0 || this.disposed) return;
    const interval = this.intervalMs();
    const led = await this.deps.coordinator.lead(interval * 2.5 + 5_000).catch(() => true);
    if (!led) {
      const shared = await this.deps.coordinator.read();
      for (const w of due) {
        const r = shared?.readings[w.key];
        if (r) this.readings.set(w.key, r);
      }
      this.changed.fire();
      this.rounded.fire({ led: false, requests: 0, failed: 0, delayMs: interval });
      if (epoch === this.epoch) this.schedule(interval);
      return;
    }
    let failed = 0;
    let retryAfterMs = 0;
    let lastError: unknown;
    const queue = [...due];
    const worker = async () => {
      for (let w = queue.shift(); w; w = queue.shift()) {
        try {
          const reading = await this.read(w.base);
          this.readings.set(w.key, reading);
          await this.check(w.key, w.base, reading);
        } catch (e) {
          failed++;
          lastError = e;
          if (e instanceof HoxtonApiError && e.retryAfterSeconds !== undefined)
            retryAfterMs = Math.max(retryAfterMs, e.retryAfterSeconds * 1000);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, due.length) }, worker));
    if (this.disposed) return;
    let delayMs = interval;
    if (failed > 0) {
      this.failures++;
      delayMs = Math.max(Math.min(interval * 2 ** this.failures, MAX_BACKOFF_MS), retryAfterMs);
      const first = this.problem === undefined;
      this.problem = userMessage(lastError);
      if (first)
        this.deps.log.warn(
          `Watching occupancy: ${failed} of ${due.length} request(s) failed; backing off (${lastError instanceof Error ? lastError.message : String(lastError)})`,
        );
    } else {
      if (this.problem !== undefined) this.deps.log.info('Watching occupancy: requests succeed again.');
      this.failures = 0;
      this.problem = undefined;
    }
    const readings: Record<string, Reading> = {};
    for (const w of due) {
      const r = this.readings.get(w.key);
      if (r) readings[w.key] = r;
    }
    await this.deps.coordinator.publish(readings).catch(() => undefined);
    this.changed.fire();
    this.rounded.fire({ led: true, requests: due.length, failed, delayMs });
    if (epoch === this.epoch) this.schedule(delayMs);
  }

  /** One request: the 15-minute bucket holding now (and the one before, should the clock be just past a boundary). */
  private async read(base: TargetBase): Promise<Reading> {
    const now = Date.now();
    const slot = Math.floor(now / SLOT) * SLOT;
    const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const data = await this.deps.connections.pollClient(base.accountId).getMonitorData(base.monitor.id, {
      start: iso(slot - SLOT),
      end: iso(slot + SLOT),
      interval: '15m',
      timezone: base.site.timezone,
      directions: null,
    });
    let value: number | null = null;
    for (const b of data.buckets) {
      if (Date.parse(b.start) <= now && b.occupancy) value = b.occupancy.end;
    }
    return { value, capacity: data.monitor.capacity ?? base.monitor.capacity, at: now };
  }

  /** Crossing logic: up at the threshold raises one notification; the alert clears HYSTERESIS points below. */
  private async check(key: string, base: TargetBase, reading: Reading): Promise<void> {
    const percent = percentOf(reading);
    if (percent === null) return;
    const threshold = this.deps.thresholds.get(base.accountId, base.monitor.id);
    const alerting = this.alertingKeys().has(key);
    if (!alerting && percent >= threshold) {
      await this.setAlerting(key, true);
      this.notify(base, reading, percent, threshold);
    } else if (alerting && percent < threshold - HYSTERESIS) {
      await this.setAlerting(key, false);
    }
  }

  private async setAlerting(key: string, on: boolean): Promise<void> {
    const keys = this.alertingKeys();
    if (keys.has(key) === on) return;
    if (on) keys.add(key);
    else keys.delete(key);
    await this.deps.state.update(ALERTING, [...keys]);
  }

  /** Notifications raised (tests count them). */
  notifications = 0;

  private notify(base: TargetBase, reading: Reading, percent: number, threshold: number): void {
    this.notifications++;
    const open = vscode.l10n.t('Open Report');
    const stop = vscode.l10n.t('Stop Watching');
    const text = vscode.l10n.t(
      '{0} is at {1} % of capacity ({2} of {3}), above its alert threshold of {4} %.',
      notifyText(base.monitor.name),
      Math.round(percent),
      reading.value ?? 0,
      reading.capacity ?? 0,
      threshold,
    );
    void Promise.resolve(vscode.window.showWarningMessage(text, open, stop)).then(async (choice) => {
      if (choice === open) await vscode.commands.executeCommand('hoxton.openReport', OccupancyWatcher.target(base));
      else if (choice === stop) await this.unwatch(base.accountId, base.monitor.id);
    });
  }

  dispose(): void {
    this.disposed = true;
    this.clear();
    void this.deps.coordinator.release().catch(() => undefined);
    this.subs.forEach((d) => d.dispose());
  }
}

function percentOf(r: Reading | undefined): number | null {
  return r && r.value !== null && r.capacity ? (r.value / r.capacity) * 100 : null;
}
