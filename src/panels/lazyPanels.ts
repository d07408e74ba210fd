// What activation creates for report panels: the serializer VS Code needs at once and the `show` the commands call.
// The panel code itself (reportPanel.ts with the message protocol, columns, CSV, HTML) is a separate webpack chunk
// loaded on the first panel opened or restored, so activation does not pay for it.
import type * as vscode from 'vscode';
import { parseTarget, type ReportTarget } from '../reports/target';
import type { MultiPanel, MultiPanels } from './multiPanel';
import type { PanelDeps, ReportPanel, ReportPanels } from './reportPanel';

export const VIEW_TYPE = 'hoxton.report';

export class LazyReportPanels implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private loading?: Promise<ReportPanels>;
  private loaded?: ReportPanels;

  constructor(private readonly deps: PanelDeps) {}

  private load(): Promise<ReportPanels> {
    this.loading ??= import(/* webpackChunkName: "panels" */ './reportPanel').then((m) => (this.loaded = new m.ReportPanels(this.deps)));
    return this.loading;
  }

  /** Opens the target's panel, or reveals it when it is open already. */
  async show(target: ReportTarget): Promise<ReportPanel> {
    return (await this.load()).show(target);
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const multi = parseTarget((state as { selection?: { target?: unknown } } | undefined)?.selection?.target);
    if (multi?.monitors) {
      (await this.loadMulti()).adopt(panel, multi);
      return;
    }
    return (await this.load()).deserializeWebviewPanel(panel, state);
  }

  // ---- several monitors in one panel (multiPanel.ts, in the same chunk) ----
  private loadingMulti?: Promise<MultiPanels>;
  private loadedMulti?: MultiPanels;

  private loadMulti(): Promise<MultiPanels> {
    this.loadingMulti ??= import(/* webpackChunkName: "panels" */ './multiPanel').then(
      (m) => (this.loadedMulti = new m.MultiPanels(this.deps)),
    );
    return this.loadingMulti;
  }

  /** Opens the panel of a target with `monitors`, or reveals it when it is open already. */
  async showMulti(target: ReportTarget): Promise<MultiPanel> {
    return (await this.loadMulti()).show(target);
  }

  /** The open several-monitor panels. */
  get multiPanels(): MultiPanel[] {
    return this.loadedMulti?.panels ?? [];
  }

  /** The open panels (none before the panel code has loaded). */
  get panels(): ReportPanel[] {
    return this.loaded?.panels ?? [];
  }

  dispose(): void {
    this.loaded?.dispose();
    this.loadedMulti?.dispose();
  }
}
