// The report page inside the report panel (entry of the webview bundle): wires the page to the VS Code API. Talks to
// the host only through the messages in src/shared/reportMessages.ts: posts `ready`, then shows whatever `loading` /
// `data` / `error` arrives last (older request ids are ignored). Test hooks only in test mode (testing.ts).
import 'uplot/dist/uPlot.min.css';
import './style.css';
import type { DiagnosticsMessage, WebviewMessage } from '../../shared/reportMessages';
import { h } from './dom';
import { useBundleFromDocument } from './l10n';
import { routeMessages, watchTheme } from './messages';
import { NO_HOOKS, ReportPage } from './page';
import { SavedState, type StateStore } from './state';
import { createDiagnostics, diagnosticsRequested } from './testing';
import { scheduleWarmUp } from './warmup';

interface VsCodeApi extends StateStore {
  postMessage(msg: WebviewMessage | DiagnosticsMessage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

useBundleFromDocument(); // before anything builds text
const vscode = acquireVsCodeApi();
const app = document.getElementById('app') ?? document.body.appendChild(h('div', { id: 'app', class: 'app' }));
const diagnostics = diagnosticsRequested() ? createDiagnostics(app, (m) => vscode.postMessage(m)) : undefined;
const page = new ReportPage(app, (m) => vscode.postMessage(m), new SavedState(vscode), diagnostics ?? NO_HOOKS);

routeMessages({
  arrived: () => page.measure(),
  host: (msg, t0) => page.show(msg, t0),
  diagnostics: diagnostics && ((m) => diagnostics.request(m)),
});

watchTheme(() => page.themeChanged());

vscode.postMessage({ type: 'ready' });
scheduleWarmUp(() => page.current === 'data', expectedBuckets());

/** How many buckets the host expects the first data to hold (`<html data-expected-buckets>`); unknown: undefined. */
function expectedBuckets(): number | undefined {
  const v = document.documentElement.dataset.expectedBuckets;
  return v === undefined || v === '' || !Number.isFinite(Number(v)) ? undefined : Number(v);
}
