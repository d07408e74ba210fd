// Report panels (host side): one webview panel per report target, revealed rather than duplicated. Talks to the
// page (src/webview/report/) with the typed, validated messages of src/shared/reportMessages.ts, sends data as typed
// columns, never a token. Restored after a reload by a serializer from the ids the page keeps in its state.
// Loaded on first use through lazyPanels.ts (its own webpack chunk).
import * as vscode from 'vscode';
import type { ReportData } from '../api/types';
import type { ReportsTree } from '../views/tree';
import type { Connections } from '../reports/connections';
import type { ReportService } from '../reports/service';
import { parseTarget, targetKey, targetTitle, type ReportTarget } from '../reports/target';
import { toColumns } from '../shared/columns';
import { toCsv } from '../shared/csv';
import { coverageDiffers } from '../shared/coverage';
import { describeRange, resolveRange } from '../shared/range';
import { isDiagnosticsMessage, isWebviewMessage, type HostMessage, type ReportSelection } from '../shared/reportMessages';
import { userMessage } from '../util/errors';
import { displayName, notifyText } from '../util/inert';
import type { Log } from '../util/log';
import { VIEW_TYPE } from './lazyPanels';
import { makeNonce } from './nonce';
import { reportHtml } from './reportHtml';
import { errorText } from '../shared/errorText';
import type { PanelDiagnostics } from './testing';

export class ReportPanel {
  private requestId = 0;
  private disposed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    public target: ReportTarget,
    private readonly deps: PanelDeps,
    private readonly onDispose: () => void,
  ) {
    const extensionUri = deps.extensionUri;
    panel.webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
    };
    // Fixed colours per theme kind: a tab icon is an <img>, so currentColor would draw it black on dark themes.
    panel.iconPath = {
      light: vscode.Uri.joinPath(extensionUri, 'media', 'report-light.svg'),
      dark: vscode.Uri.joinPath(extensionUri, 'media', 'report-dark.svg'),
    };
    const asUri = (...p: string[]) => panel.webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString();
    panel.title = displayName(targetTitle(target, vscode.l10n));
    panel.webview.html = reportHtml({
      cspSource: panel.webview.cspSource,
      nonce: makeNonce(),
      scriptUri: asUri('dist', 'webview', 'report.js'),
      styleUri: asUri('dist', 'webview', 'report.css'),
      codiconsUri: asUri('dist', 'webview', 'codicons', 'codicon.css'),
      title: panel.title,
      diagnostics: deps.diagnostics !== undefined,
    });
    panel.webview.onDidReceiveMessage((m: unknown) => void this.handleMessage(m));
    panel.onDidDispose(() => {
      this.disposed = true;
      this.onDispose();
    });
  }

  /** Shows the data again, from the cache unless `force`. */
  async load(force = false): Promise<void> {
    const id = ++this.requestId;
    const selection = this.selection();
    this.post({ type: 'loading', requestId: id, selection });
    let data: ReportData;
    try {
      data = await this.deps.reports.data(this.target, force);
    } catch (e) {
      this.deps.log.warn(`Report ${targetTitle(this.target)} failed: ${errorText(e)}`);
      if (id === this.requestId) this.post({ type: 'error', requestId: id, selection, message: userMessage(e) });
      return;
    }
    if (id !== this.requestId || this.disposed) return;
    this.post({ type: 'data', requestId: id, selection, data: toColumns(data), notice: this.coverageNotice(data) });
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
      case 'change':
        this.target = { ...this.target, range: m.range, interval: m.interval, directions: m.directions };
        return this.load(false);
      case 'openJson':
        await vscode.commands.executeCommand('hoxton.openReportJson', this.target);
        return;
      case 'export':
        return this.export(m.format);
      case 'saveAsReport':
        return this.saveAsReport();
    }
  }

  private async export(format: 'csv' | 'json'): Promise<void> {
    let data: ReportData;
    try {
      data = await this.deps.reports.data(this.target, false);
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not export: {0}', userMessage(e)));
      return;
    }
    const base = (this.target.report?.name ?? `${this.target.monitor.name} ${describeRange(this.target.range, vscode.l10n)}`).replace(
      /[\\/:*?"<>|]/g,
      '_',
    );
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = await vscode.window.showSaveDialog({
      title: format === 'csv' ? vscode.l10n.t('Export CSV') : vscode.l10n.t('Export JSON'),
      defaultUri: folder ? vscode.Uri.joinPath(folder, `${base}.${format}`) : undefined,
      filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
    });
    if (!uri) return;
    const text = format === 'csv' ? toCsv(toColumns(data)) : `${JSON.stringify(data, null, 2)}\n`;
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
        },
      };
      this.panel.title = displayName(targetTitle(this.target, vscode.l10n));
      this.deps.tree?.refreshMonitor(t.accountId, t.monitor.id);
      void vscode.window.showInformationMessage(vscode.l10n.t('Saved the report “{0}”.', notifyText(created.name)));
      await this.load(false);
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not save the report: {0}', userMessage(e)));
    }
  }
}

export interface PanelDeps {
  extensionUri: vscode.Uri;
  reports: ReportService;
  connections: Connections;
  log: Log;
  tree?: Pick<ReportsTree, 'refreshMonitor'>;
  /** Test and benchmark hooks: set in test mode only (extension.ts). */
  diagnostics?: PanelDiagnostics;
}

export class ReportPanels implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private readonly open = new Map<string, ReportPanel>();

  constructor(private readonly deps: PanelDeps) {}

  /** Opens the target's panel, or reveals it when it is open already. */
  show(target: ReportTarget): ReportPanel {
    const key = targetKey(target);
    const existing = this.open.get(key);
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    // Webview options (scripts, resource roots) are set by ReportPanel, for new and restored panels alike.
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, displayName(targetTitle(target, vscode.l10n)), vscode.ViewColumn.Active, {
      retainContextWhenHidden: true,
      enableFindWidget: true,
    });
    return this.adopt(panel, target);
  }

  get panels(): ReportPanel[] {
    return [...this.open.values()];
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

  private adopt(panel: vscode.WebviewPanel, target: ReportTarget): ReportPanel {
    const key = targetKey(target);
    const p: ReportPanel = new ReportPanel(panel, target, this.deps, () => {
      if (this.open.get(key) === p) this.open.delete(key);
    });
    this.open.set(key, p);
    return p;
  }

  dispose(): void {
    for (const p of this.open.values()) p.panel.dispose();
    this.open.clear();
  }
}
