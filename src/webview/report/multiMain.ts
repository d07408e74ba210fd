// The page of a panel with several monitors (entry of the webview bundle multi.js; the panel is
// src/panels/multiPanel.ts): posts `ready`, then shows whatever `multiLoading` / `multiData` arrives last (older
// request ids are ignored). Test hooks only in test mode (testing.ts), as on the single report page.
import 'uplot/dist/uPlot.min.css';
import './style.css';
import './multi.css';
import { isMultiHostMessage, type MultiWebviewMessage } from '../../shared/multiMessages';
import { isDiagnosticsRequest, type DiagnosticsMessage, type WebviewMessage } from '../../shared/reportMessages';
import { h } from './dom';
import { MultiPage } from './multi';
import { NO_HOOKS } from './page';
import { SavedState, type StateStore } from './state';
import { createDiagnostics, diagnosticsRequested } from './testing';

interface VsCodeApi extends StateStore {
  postMessage(msg: WebviewMessage | MultiWebviewMessage | DiagnosticsMessage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app') ?? document.body.appendChild(h('div', { id: 'app', class: 'app' }));
const diagnostics = diagnosticsRequested() ? createDiagnostics(app, (m) => vscode.postMessage(m)) : undefined;
const page = new MultiPage(app, (m) => vscode.postMessage(m), new SavedState(vscode), diagnostics ?? NO_HOOKS);

let latest = -1;
window.addEventListener('message', (e: MessageEvent) => {
  const t0 = performance.now();
  page.measure();
  const msg: unknown = e.data;
  if (diagnostics && isDiagnosticsRequest(msg)) {
    diagnostics.request(msg);
    return;
  }
  if (!isMultiHostMessage(msg)) {
    const type = typeof msg === 'object' && msg !== null ? (msg as { type?: unknown }).type : typeof msg;
    console.warn('Hoxton Reports: dropped a message that does not match the protocol:', type);
    return;
  }
  if (msg.requestId < latest) return;
  latest = msg.requestId;
  page.show(msg, t0);
});

let themeFrame = 0;
const themeChanged = (): void => {
  if (themeFrame) return;
  themeFrame = requestAnimationFrame(() => {
    themeFrame = 0;
    page.themeChanged();
  });
};
const mo = new MutationObserver(themeChanged);
mo.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
mo.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-id', 'data-vscode-theme-kind'] });

vscode.postMessage({ type: 'ready' });
