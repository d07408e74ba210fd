// What activation creates for report panels: the serializer VS Code needs at once and the `show` the commands call.
// The panel code itself (reportPanel.ts with the message protocol, columns, CSV, HTML) is a separate webpack chunk
// loaded on the first panel opened or restored, so activation does not pay for it.
import type * as vscode from 'vscode';
import type { ReportTarget } from '../reports/target';
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
    return (await this.load()).deserializeWebviewPanel(panel, state);
  }

  /** The open panels (none before the panel code has loaded). */
  get panels(): ReportPanel[] {
    return this.loaded?.panels ?? [];
  }

  dispose(): void {
    this.loaded?.dispose();
  }
}
