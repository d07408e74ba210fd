// The page of a panel with several monitors (entry of the webview bundle multi.js; the panel is
// src/panels/multiPanel.ts): posts `ready`, then shows whatever `multiLoading` / `multiData` arrives last (older
// request ids are ignored). Test hooks only in test mode (testing.ts), as on the single report page.
import 'uplot/dist/uPlot.min.css';
import './style.css';
import './multi.css';
import { isMultiHostMessage, type MultiWebviewMessage } from '../../shared/multiMessages';
import type { DiagnosticsMessage, WebviewMessage } from '../../shared/reportMessages';
import { h } from './dom';
import { useBundleFromDocument } from './l10n';
import { routeMessages, watchTheme } from './messages';
import { MultiPage } from './multi';
import { NO_HOOKS } from './page';
import { SavedState, type StateStore } from './state';
import { createDiagnostics, diagnosticsRequested } from './testing';

interface VsCodeApi extends StateStore {
  postMessage(msg: WebviewMessage | MultiWebviewMessage | DiagnosticsMessage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

useBundleFromDocument(); // before anything builds text
const vscode = acquireVsCodeApi();
const app = document.getElementById('app') ?? document.body.appendChild(h('div', { id: 'app', class: 'app' }));
const diagnostics = diagnosticsRequested() ? createDiagnostics(app, (m) => vscode.postMessage(m)) : undefined;
const page = new MultiPage(app, (m) => vscode.postMessage(m), new SavedState(vscode), diagnostics ?? NO_HOOKS);

routeMessages({
  accept: isMultiHostMessage,
  arrived: () => page.measure(),
  host: (msg, t0) => page.show(msg, t0),
  diagnostics: diagnostics && ((m) => diagnostics.request(m)),
});

watchTheme(() => page.themeChanged());

vscode.postMessage({ type: 'ready' });
