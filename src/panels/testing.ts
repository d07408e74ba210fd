// Test and benchmark hooks of the report panels (host side). Created by extension.ts only when the extension runs in
// test mode (ExtensionMode.Test); otherwise panels have no diagnostics, their pages are told so through the HTML and
// post none, and the panels drop any diagnostics message that arrives. The page's counterpart is
// src/webview/report/testing.ts; the messages are the Diagnostics* types of src/shared/reportMessages.ts.
import type { DiagnosticsMessage, DiagnosticsRequest } from '../shared/reportMessages';

export type Rendered = Extract<DiagnosticsMessage, { type: 'rendered' }>;
export type ProbeResult = Extract<DiagnosticsMessage, { type: 'probeResult' }>;

/** What a panel shows, as its page reported it. */
export class PanelProbe {
  /** The page's last `rendered` report. */
  lastRendered?: Rendered;
  private nextId = 0;
  private readonly probes = new Map<number, (m: ProbeResult) => void>();
  private readonly renders: ((m: Rendered) => void)[] = [];

  constructor(private readonly send: (m: DiagnosticsRequest) => void) {}

  /** Resolves with the next `rendered` report. */
  nextRender(): Promise<Rendered> {
    return new Promise((resolve) => this.renders.push(resolve));
  }

  /** Asks the page what it shows. */
  probe(): Promise<ProbeResult> {
    const requestId = ++this.nextId;
    return new Promise((resolve) => {
      this.probes.set(requestId, resolve);
      this.send({ type: 'probe', requestId });
    });
  }

  /** Clicks a toolbar button of the page (its `data-action`), as a person would. */
  click(action: string): void {
    this.send({ type: 'click', requestId: ++this.nextId, action });
  }

  /** The page was unloaded (its panel hidden): nothing is rendered until it is shown and renders again. */
  pageGone(): void {
    this.lastRendered = undefined;
  }

  receive(m: DiagnosticsMessage): void {
    if (m.type === 'rendered') {
      this.lastRendered = m;
      this.renders.splice(0).forEach((r) => r(m));
    } else {
      this.probes.get(m.requestId)?.(m);
      this.probes.delete(m.requestId);
    }
  }
}

/** What a probe needs of a webview panel (vscode.WebviewPanel, without importing vscode here). */
interface ProbedPanel {
  readonly visible: boolean;
  readonly webview: { postMessage(m: unknown): Thenable<boolean> };
  onDidChangeViewState(listener: () => void): unknown;
}

/** The diagnostics switch: one per extension, handed to every panel while in test mode. */
export class PanelDiagnostics {
  private readonly probes = new WeakMap<object, PanelProbe>();
  /** Live panels refresh this often (ms) instead of `hoxton.reports.liveRefreshSeconds`. */
  liveIntervalMs?: number;

  /**
   * The probe of a panel (a ReportPanel or MultiPanel: its `panel` to send through). A hidden panel's page is unloaded
   * (no retainContextWhenHidden), so the probe forgets what it last rendered when the panel is hidden.
   */
  of(panel: { panel: ProbedPanel }): PanelProbe {
    let p = this.probes.get(panel);
    if (!p) {
      const probe = new PanelProbe((m) => void panel.panel.webview.postMessage(m));
      panel.panel.onDidChangeViewState(() => {
        if (!panel.panel.visible) probe.pageGone();
      });
      this.probes.set(panel, probe);
      p = probe;
    }
    return p;
  }
}
