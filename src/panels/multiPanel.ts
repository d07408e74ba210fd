// A panel of several monitors of one site (Open Together, Open Site Report), host side. Fetches every monitor's
// data through the shared report cache, at most MULTI_CONCURRENCY requests at a time, with progress; a monitor that
// fails keeps its error (shown in its own legend entry) while the others are shown, and `retryMonitor` fetches it
// again. With a comparison period (`target.compare`) each monitor's comparison is fetched too (reports/compare.ts,
// under the same cap) and aligned with its own buckets (shared/compare.ts). Its page is src/webview/report/multi.ts
// (its own bundle, multi.js); messages: src/shared/multiMessages.ts plus `ready` / `change` / `refresh` of
// src/shared/reportMessages.ts. Restored after a reload like a report panel (lazyPanels.ts routes a target with
// `monitors` here), with the direction mode and total the page chose (`multiView`, kept in the target). Loaded with
// the panels chunk.
import pLimit from 'p-limit';
import * as vscode from 'vscode';
import type { ReportData } from '../api/types';
import { comparisonData, settled, type Comparison } from '../reports/compare';
import { targetTitle, type ReportTarget } from '../reports/target';
import { toColumns } from '../shared/columns';
import { alignComparisonData } from '../shared/compare';
import { errorText } from '../shared/errorText';
import { isMultiWebviewMessage, MULTI_CONCURRENCY, type MultiEntry, type MultiHostMessage } from '../shared/multiMessages';
import { isDiagnosticsMessage, isWebviewMessage, type ReportSelection } from '../shared/reportMessages';
import { userMessage } from '../util/errors';
import { displayName } from '../util/inert';
import { VIEW_TYPE } from './lazyPanels';
import type { PanelDeps } from './reportPanel';
import { PanelRegistry } from './registry';
import { setUpReportWebview } from './webviewSetup';

/** What a request of a load that a newer one replaced fails with (before it is made): not logged, not shown. */
const SUPERSEDED = new Error('superseded');

type Result = { data: ReportData; comparison?: Comparison; compareError?: string } | { error: string };

export class MultiPanel {
  private requestId = 0;
  private disposed = false;
  /** Each monitor's last answer, by id (data kept as the API sent it: columns are made afresh for every message). */
  private readonly results = new Map<string, Result>();

  constructor(
    readonly panel: vscode.WebviewPanel,
    public target: ReportTarget,
    private readonly deps: PanelDeps,
    private readonly onDispose: () => void,
  ) {
    setUpReportWebview(panel, target, { extensionUri: deps.extensionUri, page: 'multi', diagnostics: deps.diagnostics !== undefined });
    panel.webview.onDidReceiveMessage((m: unknown) => void this.handleMessage(m));
    panel.onDidDispose(() => {
      this.disposed = true;
      this.results.clear(); // its monitors' data (see ReportPanel)
      this.onDispose();
    });
  }

  private get monitors(): ReportTarget['monitor'][] {
    return this.target.monitors ?? [this.target.monitor];
  }

  /** The one-monitor target the cache and the API know, for monitor `m` of this panel. */
  private single(m: ReportTarget['monitor']): ReportTarget {
    const { monitors: _all, ...rest } = this.target;
    return { ...rest, monitor: m, report: null };
  }

  selection(): ReportSelection {
    return { title: targetTitle(this.target, vscode.l10n), target: this.target };
  }

  private post(m: MultiHostMessage): void {
    if (!this.disposed) void this.panel.webview.postMessage(m);
  }

  /**
   * Monitor `m`'s data and, when the target compares, its comparison period: each request through `limit` (the
   * panel's cap), both at once. A failed comparison keeps the monitor's data with the comparison's error.
   */
  private async fetch(m: ReportTarget['monitor'], force: boolean, limit: <T>(f: () => Promise<T>) => Promise<T>): Promise<Result> {
    const t = this.single(m);
    const comparing = t.compare ? settled(limit(() => comparisonData(this.deps.reports, t, force))) : undefined;
    let data: ReportData;
    try {
      data = await limit(() => this.deps.reports.data(t, force));
    } catch (e) {
      if (e !== SUPERSEDED) this.deps.log.warn(`Monitor ${m.id} of ${targetTitle(this.target)} failed: ${errorText(e)}`);
      await comparing;
      return { error: userMessage(e) };
    }
    const compared = await comparing;
    if (compared?.error !== undefined && compared.error !== SUPERSEDED) {
      this.deps.log.warn(`The comparison of monitor ${m.id} of ${targetTitle(this.target)} failed: ${errorText(compared.error)}`);
      return { data, compareError: userMessage(compared.error) };
    }
    return { data, ...(compared?.c ? { comparison: compared.c } : {}) };
  }

  /** Fetches every monitor (MULTI_CONCURRENCY at a time, from the cache unless `force`) and shows them. */
  async load(force = false): Promise<void> {
    const id = ++this.requestId;
    const monitors = this.monitors;
    const selection = this.selection();
    const total = monitors.length;
    let done = 0;
    this.post({ type: 'multiLoading', requestId: id, selection, done, total });
    const limit = pLimit(MULTI_CONCURRENCY);
    const results = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: displayName(this.target.site.name) },
      (progress) => {
        progress.report({ message: vscode.l10n.t('Loading {0} of {1} monitors…', 0, total) });
        return Promise.all(
          monitors.map(async (m) => {
            const r = await this.fetch(m, force, (f) =>
              limit(() => (id !== this.requestId || this.disposed ? Promise.reject(SUPERSEDED) : f())),
            );
            done++;
            progress.report({ message: vscode.l10n.t('Loading {0} of {1} monitors…', done, total), increment: 100 / total });
            if (id === this.requestId) this.post({ type: 'multiLoading', requestId: id, selection, done, total });
            return r;
          }),
        );
      },
    );
    if (id !== this.requestId || this.disposed) return;
    this.results.clear();
    monitors.forEach((m, i) => {
      const r = results[i];
      if (r) this.results.set(m.id, r);
    });
    this.show(id);
  }

  /** Fetches one monitor again (its Retry) and shows every monitor with its new answer. */
  async retryMonitor(monitorId: string): Promise<void> {
    const m = this.monitors.find((x) => x.id === monitorId);
    if (!m) return;
    const id = ++this.requestId;
    const r = await this.fetch(m, false, (f) => f());
    if (id !== this.requestId || this.disposed) return;
    this.results.set(m.id, r);
    this.show(id);
  }

  /** Buckets of report data the panel holds, comparisons included (tests: none once it is closed). */
  get heldBuckets(): number {
    let n = 0;
    for (const r of this.results.values()) if ('data' in r) n += r.data.buckets.length + (r.comparison?.data.buckets.length ?? 0);
    return n;
  }

  /** Monitors that failed, with their errors (tests). */
  get errors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, r] of this.results) if ('error' in r) out[k] = r.error;
    return out;
  }

  private show(requestId: number): void {
    const monitors: MultiEntry[] = this.monitors.map((m) => {
      const r = this.results.get(m.id);
      if (r && 'data' in r) {
        const data = toColumns(r.data);
        const c = r.comparison;
        return {
          id: m.id,
          name: m.name,
          data,
          ...(c ? { compare: alignComparisonData(data, c) } : {}),
          ...(r.compareError !== undefined ? { compareError: r.compareError } : {}),
        };
      }
      return { id: m.id, name: m.name, data: null, error: r?.error ?? vscode.l10n.t('Not loaded.') };
    });
    this.post({ type: 'multiData', requestId, selection: this.selection(), monitors });
  }

  /** Handles a message from the page (validated first). */
  async handleMessage(raw: unknown): Promise<void> {
    if (this.deps.diagnostics && isDiagnosticsMessage(raw)) {
      this.deps.diagnostics.of(this).receive(raw);
      return;
    }
    if (isMultiWebviewMessage(raw)) {
      if (raw.type === 'retryMonitor') return this.retryMonitor(raw.id);
      this.target = { ...this.target, multiView: raw.view };
      return;
    }
    if (!isWebviewMessage(raw)) {
      this.deps.log.warn('The report page sent a message that is not understood; ignored.');
      return;
    }
    switch (raw.type) {
      case 'ready':
      case 'retry':
        return this.load(false);
      case 'refresh':
        return this.load(true);
      case 'change':
        this.target = { ...this.target, range: raw.range, interval: raw.interval };
        if (raw.compare !== undefined) this.target.compare = raw.compare;
        this.panel.title = displayName(targetTitle(this.target, vscode.l10n));
        return this.load(false);
      default:
        return; // open JSON, export, save, watch: not offered for several monitors
    }
  }
}

/** The open several-monitor panels, one per target (the same monitors and range reveal the open one). */
export class MultiPanels extends PanelRegistry<MultiPanel> {
  constructor(deps: PanelDeps) {
    super(VIEW_TYPE, (panel, target, onDispose) => new MultiPanel(panel, target, deps, onDispose));
  }
}
