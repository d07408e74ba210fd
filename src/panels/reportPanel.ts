// Report panels (host side): one webview panel per report target, revealed rather than duplicated. Talks to the
// page (src/webview/report/) with the typed, validated messages of src/shared/reportMessages.ts, sends data as typed
// columns, never a token. Restored after a reload by a serializer from the ids the page keeps in its state.
// Loaded on first use through lazyPanels.ts (its own webpack chunk).
import * as vscode from 'vscode';
import type { ReportData } from '../api/types';
import type { ReportsTree } from '../views/tree';
import type { Connections } from '../reports/connections';
import type { ReportService } from '../reports/service';
import { parseTarget, targetTitle, type ReportTarget } from '../reports/target';
import { toColumns } from '../shared/columns';
import { coverageDiffers } from '../shared/coverage';
import { computeFigures } from '../shared/figures';
import { describeRange, resolveRange } from '../shared/range';
import { isDiagnosticsMessage, isWebviewMessage, type HostMessage, type ReportSelection } from '../shared/reportMessages';
import { HoxtonApiError } from '../api/errors';
import { readLiveSettings } from '../live/settings';
import type { ThresholdStore } from '../live/thresholds';
import { appendData } from '../shared/liveColumns';
import { userMessage } from '../util/errors';
import { showError } from '../util/notify';
import { displayName, notifyText } from '../util/inert';
import type { Log } from '../util/log';
import { VIEW_TYPE } from './lazyPanels';
import { PanelRegistry } from './registry';
import { setUpReportWebview } from './webviewSetup';
import { errorText } from '../shared/errorText';
import type { PanelDiagnostics } from './testing';
import { copyTable, saveChartPng } from './chartExport';
import { comparisonData, settled, type Comparison } from '../reports/compare';
import { alignComparisonData, compareLabel } from '../shared/compare';
import { exportText } from '../shared/exportText';

export class ReportPanel {
  private requestId = 0;
  private disposed = false;
  /** Live panels: the data shown (to ask only for what is new), the refresh timer and when it last refreshed. */
  private shown?: ReportData;
  /** The comparison period shown beside it (reports/compare.ts), when one is chosen. */
  private comparison?: Comparison;
  private liveTimer?: ReturnType<typeof setTimeout>;
  private liveAt = 0;
  /** Live refreshes done and the buckets the last one fetched (tests). */
  liveRefreshes = 0;
  lastTailBuckets = 0;
  /** Live refreshes under way (tests: a hidden panel's last one may still be answering when it is hidden). */
  liveRunning = 0;

  /** Buckets of report data the panel holds, the comparison's included (tests: none once it is closed). */
  get heldBuckets(): number {
    return (this.shown?.buckets.length ?? 0) + (this.comparison?.data.buckets.length ?? 0);
  }

  /** Whether a live refresh is scheduled (tests: hidden panels have none). */
  get liveScheduled(): boolean {
    return this.liveTimer !== undefined;
  }

  constructor(
    readonly panel: vscode.WebviewPanel,
    public target: ReportTarget,
    private readonly deps: PanelDeps,
    private readonly onDispose: () => void,
  ) {
    setUpReportWebview(panel, target, { extensionUri: deps.extensionUri, page: 'report', diagnostics: deps.diagnostics !== undefined });
    panel.webview.onDidReceiveMessage((m: unknown) => void this.handleMessage(m));
    panel.onDidChangeViewState(() => this.scheduleLive());
    panel.onDidDispose(() => {
      this.disposed = true;
      this.stopLive();
      // Whatever still holds the closed panel (an event listener, a test) must not hold its data: a year at 15
      // minutes is several MB.
      this.shown = undefined;
      this.comparison = undefined;
      this.onDispose();
    });
  }

  // ---- live ----

  /** Whether the range includes now (Today, This month, a custom range ending in the future). */
  isLive(): boolean {
    try {
      const { start, end } = resolveRange(this.target.range, this.target.site.timezone);
      const now = Date.now();
      return Date.parse(start) <= now && Date.parse(end) > now;
    } catch {
      return false;
    }
  }

  private liveIntervalMs(): number {
    return this.deps.diagnostics?.liveIntervalMs ?? readLiveSettings().liveRefreshSeconds * 1000;
  }

  private stopLive(): void {
    if (this.liveTimer) clearTimeout(this.liveTimer);
    this.liveTimer = undefined;
  }

  /** While visible and live: the next refresh, at once when one is overdue (the panel was hidden). Hidden: none. */
  scheduleLive(): void {
    this.stopLive();
    const every = this.liveIntervalMs();
    if (this.disposed || !this.panel.visible || every <= 0 || !this.shown || !this.isLive()) return;
    const wait = Math.max(0, this.liveAt + every - Date.now());
    this.liveTimer = setTimeout(() => {
      this.liveTimer = undefined;
      void this.refreshLive();
    }, wait);
  }

  /** Fetches the buckets from the last one shown (it was still open) and sends them to be appended. */
  async refreshLive(): Promise<void> {
    this.liveRunning++;
    try {
      await this.refreshTail();
    } finally {
      this.liveRunning--;
    }
  }

  private async refreshTail(): Promise<void> {
    const shown = this.shown;
    const last = shown?.buckets[shown.buckets.length - 1];
    if (!shown || !last) return this.load(true);
    const id = ++this.requestId;
    let tail: ReportData;
    try {
      tail = await this.deps.reports.tail(this.target, last.start);
    } catch (e) {
      this.deps.log.warn(`Live refresh of ${targetTitle(this.target)} failed: ${e instanceof Error ? e.message : String(e)}`);
      this.liveAt = Date.now();
      // Signed out: no more refreshes until the panel loads again.
      if (id === this.requestId && !(e instanceof HoxtonApiError && e.kind === 'auth')) this.scheduleLive();
      return;
    }
    if (id !== this.requestId || this.disposed) return;
    this.shown = appendData(shown, tail);
    this.liveAt = Date.now();
    this.liveRefreshes++;
    this.lastTailBuckets = tail.buckets.length;
    // With a comparison the whole period is sent again, aligned anew (the comparison comes from the cache).
    const comparison = this.comparison;
    const main = comparison ? toColumns(this.shown) : toColumns(tail);
    const thresholdPercent = this.thresholdPercent();
    this.post({
      type: 'data',
      requestId: id,
      selection: this.selection(),
      data: main,
      thresholdPercent,
      live: { updatedAt: this.liveAt, append: !comparison },
      // Whole data (with a comparison): its figures; an append: the page computes them over what it then shows.
      ...(comparison ? { compare: alignComparisonData(main, comparison), figures: computeFigures(main, thresholdPercent) } : {}),
    });
    this.scheduleLive();
  }

  private thresholdPercent(): number | undefined {
    if (this.target.monitor.type !== 'occupancy') return undefined;
    return this.deps.thresholds?.get(this.target.accountId, this.target.monitor.id) ?? readLiveSettings().alertPercent;
  }

  /** Shows the data again, from the cache unless `force`. */
  async load(force = false): Promise<void> {
    const id = ++this.requestId;
    const selection = this.selection();
    // Read once: the loading message names it (the page builds its chart for it) and the data comes with the same.
    const thresholdPercent = this.thresholdPercent();
    this.post({ type: 'loading', requestId: id, selection, ...(thresholdPercent !== undefined ? { thresholdPercent } : {}) });
    let data: ReportData;
    // The comparison period is fetched in parallel; when it fails, the main data is shown with a note saying so.
    const comparing = settled(comparisonData(this.deps.reports, this.target, force));
    try {
      data = await this.deps.reports.data(this.target, force);
    } catch (e) {
      this.deps.log.warn(`Report ${targetTitle(this.target)} failed: ${errorText(e)}`);
      if (id === this.requestId) this.post({ type: 'error', requestId: id, selection, message: userMessage(e) });
      return;
    }
    const compared = await comparing;
    if (id !== this.requestId || this.disposed) return;
    this.comparison = compared.c;
    let compareNotice: string | undefined;
    if (compared.error !== undefined && this.target.compare) {
      this.deps.log.warn(`The comparison of ${targetTitle(this.target)} failed: ${errorText(compared.error)}`);
      compareNotice = vscode.l10n.t(
        'Could not load the {0}: {1}',
        compareLabel(this.target.compare, vscode.l10n),
        userMessage(compared.error),
      );
    }
    this.shown = data;
    this.liveAt = Date.now();
    const live = this.isLive() && this.liveIntervalMs() > 0 ? { updatedAt: this.liveAt, append: false } : undefined;
    const main = toColumns(data);
    const notice = [this.coverageNotice(data), compareNotice].filter((t) => t !== undefined).join(' ') || undefined;
    this.post({
      type: 'data',
      requestId: id,
      selection,
      data: main,
      notice,
      thresholdPercent,
      figures: computeFigures(main, thresholdPercent),
      live,
      ...(compared.c ? { compare: alignComparisonData(main, compared.c) } : {}),
    });
    this.scheduleLive();
  }

  /** Says so when the server answered with another range or interval than the one asked for (it is shown as sent). */
  private coverageNotice(data: ReportData): string | undefined {
    let asked: { start: string; end: string };
    try {
      asked = resolveRange(this.target.range, this.target.site.timezone);
    } catch {
      return undefined; // no usable time zone: nothing to compare with
    }
    const got = { start: data.start, end: data.end, interval: data.interval };
    if (!coverageDiffers({ ...asked, interval: this.target.interval }, got)) return undefined;
    const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');
    return vscode.l10n.t(
      'HoxtonAi sent {0} – {1} at {2}, not the {3} – {4} at {5} asked for.',
      when(got.start),
      when(got.end),
      got.interval,
      when(asked.start),
      when(asked.end),
      this.target.interval,
    );
  }

  selection(): ReportSelection {
    return { title: targetTitle(this.target, vscode.l10n), target: this.target };
  }

  private post(m: HostMessage): void {
    if (!this.disposed) void this.panel.webview.postMessage(m);
  }

  /** Handles a message from the page (validated first). */
  async handleMessage(raw: unknown): Promise<void> {
    if (this.deps.diagnostics && isDiagnosticsMessage(raw)) {
      this.deps.diagnostics.of(this).receive(raw);
      return;
    }
    if (!isWebviewMessage(raw)) {
      this.deps.log.warn('The report page sent a message that is not understood; ignored.');
      return;
    }
    const m = raw;
    switch (m.type) {
      case 'ready':
        return this.load(false);
      case 'retry':
        return this.load(false);
      case 'refresh':
        return this.load(true);
      case 'showLog':
        await vscode.commands.executeCommand('hoxton.showLog');
        return;
      case 'change':
        this.target = { ...this.target, range: m.range, interval: m.interval, directions: m.directions };
        if (m.compare !== undefined) this.target.compare = m.compare;
        return this.load(false);
      case 'openJson':
        await vscode.commands.executeCommand('hoxton.openReportJson', this.target);
        return;
      case 'export':
        return this.export(m.format);
      case 'saveAsReport':
        return this.saveAsReport();
      case 'watch':
        await vscode.commands.executeCommand('hoxton.watchOccupancy', this.target);
        return;
      case 'savePng':
        return saveChartPng(m.png, this.fileBase());
      case 'copyTable':
        return this.copyTable();
    }
  }

  /** A file name for this report's exports, without extension. */
  private fileBase(): string {
    return (this.target.report?.name ?? `${this.target.monitor.name} ${describeRange(this.target.range, vscode.l10n)}`).replace(
      /[\\/:*?"<>|]/g,
      '_',
    );
  }

  private async copyTable(): Promise<void> {
    try {
      await copyTable(await this.deps.reports.data(this.target, false));
    } catch (e) {
      void showError(vscode.l10n.t('Could not copy the table: {0}', userMessage(e)), { cause: e });
    }
  }

  private async export(format: 'csv' | 'json'): Promise<void> {
    let data: ReportData;
    let comparison: Comparison | undefined;
    try {
      [data, comparison] = await Promise.all([this.deps.reports.data(this.target, false), comparisonData(this.deps.reports, this.target)]);
    } catch (e) {
      void showError(vscode.l10n.t('Could not export: {0}', userMessage(e)), { cause: e });
      return;
    }
    const base = this.fileBase();
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = await vscode.window.showSaveDialog({
      title: format === 'csv' ? vscode.l10n.t('Export CSV') : vscode.l10n.t('Export JSON'),
      defaultUri: folder ? vscode.Uri.joinPath(folder, `${base}.${format}`) : undefined,
      filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
    });
    if (!uri) return;
    const text = exportText(format, data, comparison);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    // Completes the walkthrough's Export step (package.json: onContext:hoxton.exported).
    void vscode.commands.executeCommand('setContext', 'hoxton.exported', true);
    const open = vscode.l10n.t('Open');
    void vscode.window
      .showInformationMessage(vscode.l10n.t('Exported {0}.', notifyText(uri.path.split('/').pop())), open)
      .then((c) => (c === open ? vscode.window.showTextDocument(uri) : undefined));
  }

  private async saveAsReport(): Promise<void> {
    const t = this.target;
    const name = await vscode.window.showInputBox({
      title: vscode.l10n.t('Save as report'),
      prompt: vscode.l10n.t('Report name'),
      value: `${t.monitor.name} – ${describeRange(t.range, vscode.l10n)}`,
      validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter a name.')),
    });
    if (!name) return;
    try {
      const created = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Saving {0}…', notifyText(name)) },
        () =>
          this.deps.connections.client(t.accountId).createReport({
            name: name.trim(),
            monitor_id: t.monitor.id,
            range: t.range,
            interval: t.interval,
            directions: t.directions,
            ...(t.compare ? { compare: t.compare } : {}),
          }),
      );
      this.target = {
        ...t,
        report: {
          id: created.id,
          name: created.name,
          version: created.version,
          range: created.range,
          interval: created.interval,
          directions: created.directions ?? null,
          ...(created.compare ? { compare: created.compare } : {}),
        },
      };
      this.panel.title = displayName(targetTitle(this.target, vscode.l10n));
      this.deps.tree?.refreshMonitor(t.accountId, t.monitor.id);
      void vscode.window.showInformationMessage(vscode.l10n.t('Saved the report “{0}”.', notifyText(created.name)));
      await this.load(false);
    } catch (e) {
      void showError(vscode.l10n.t('Could not save the report: {0}', userMessage(e)), { cause: e });
    }
  }
}

export interface PanelDeps {
  extensionUri: vscode.Uri;
  reports: ReportService;
  connections: Connections;
  log: Log;
  tree?: Pick<ReportsTree, 'refreshMonitor'>;
  /** Alert thresholds per monitor (src/live/). */
  thresholds?: ThresholdStore;
  /** Test and benchmark hooks: set in test mode only (extension.ts). */
  diagnostics?: PanelDiagnostics;
}

export class ReportPanels extends PanelRegistry<ReportPanel> implements vscode.WebviewPanelSerializer {
  private readonly sub?: vscode.Disposable;

  constructor(private readonly deps: PanelDeps) {
    super(VIEW_TYPE, (panel, target, onDispose) => new ReportPanel(panel, target, deps, onDispose));
    // A new threshold redraws occupancy panels (from the cache).
    this.sub = deps.thresholds?.onDidChange(() => {
      for (const p of this.panels) if (p.target.monitor.type === 'occupancy') void p.load(false);
    });
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    // The page keeps the selection it shows in its state (webview/report/state.ts).
    const target = parseTarget((state as { selection?: { target?: unknown } } | undefined)?.selection?.target);
    if (!target) {
      this.deps.log.warn('A report panel could not be restored: its state was unreadable.');
      panel.dispose();
      return;
    }
    this.adopt(panel, target);
  }

  override dispose(): void {
    this.sub?.dispose();
    super.dispose();
  }
}
