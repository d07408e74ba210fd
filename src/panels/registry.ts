// The open panels of one kind, by the target each opened on: opening the same target again reveals its panel instead
// of opening a second one; a disposed panel leaves the registry. ReportPanels and MultiPanels are both this.
import type * as vscode from 'vscode';
import { targetKey, type ReportTarget } from '../reports/target';
import { createReportPanel } from './webviewSetup';

export class PanelRegistry<P extends { readonly panel: vscode.WebviewPanel }> implements vscode.Disposable {
  private readonly open = new Map<string, P>();

  constructor(
    private readonly viewType: string,
    private readonly make: (panel: vscode.WebviewPanel, target: ReportTarget, onDispose: () => void) => P,
  ) {}

  /** Opens the target's panel, or reveals it when it is open already. */
  show(target: ReportTarget): P {
    const existing = this.open.get(targetKey(target));
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    return this.adopt(createReportPanel(this.viewType, target), target);
  }

  get panels(): P[] {
    return [...this.open.values()];
  }

  /** Takes a panel VS Code made (a restored one) or `show` made. */
  adopt(panel: vscode.WebviewPanel, target: ReportTarget): P {
    const key = targetKey(target);
    const p: P = this.make(panel, target, () => {
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
