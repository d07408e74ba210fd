// What both page entries (main.ts: report.js, multiMain.ts: multi.js) do first: the translations, the VS Code API, the
// #app element, the test hooks in test mode only, the page, its messages and theme changes, then `ready`.
import type { DiagnosticsMessage, HostMessage } from '../../shared/reportMessages';
import { h } from './dom';
import { useBundleFromDocument } from './l10n';
import { routeMessages, watchTheme } from './messages';
import { NO_HOOKS, type RenderHooks } from './page';
import { SavedState, type StateStore } from './state';
import { createDiagnostics, diagnosticsRequested } from './testing';

interface VsCodeApi<Out> extends StateStore {
  postMessage(msg: Out | DiagnosticsMessage): void;
}
declare function acquireVsCodeApi<Out>(): VsCodeApi<Out>;

/** What a page offers its entry. */
export interface Page<In> {
  /** First thing on every message (test hooks time the render from here). */
  measure(): void;
  show(msg: In, t0: number): void;
  themeChanged(): void;
}

/**
 * Starts a page: `make` builds it on #app with its post function, its saved state and the render hooks; `accept` is
 * the page's protocol (the report page's when left out). Posts `ready` once the page listens.
 */
export function startPage<In extends { requestId: number } = HostMessage, Out = never, P extends Page<In> = Page<In>>(
  make: (app: HTMLElement, post: (m: Out) => void, saved: SavedState, hooks: RenderHooks) => P,
  accept?: (msg: unknown) => msg is In,
): P {
  useBundleFromDocument(); // before anything builds text
  const vscode = acquireVsCodeApi<Out | { type: 'ready' }>();
  const app = document.getElementById('app') ?? document.body.appendChild(h('div', { id: 'app', class: 'app' }));
  const diagnostics = diagnosticsRequested() ? createDiagnostics(app, (m) => vscode.postMessage(m)) : undefined;
  const page = make(app, (m) => vscode.postMessage(m), new SavedState(vscode), diagnostics ?? NO_HOOKS);
  routeMessages<In>({
    accept,
    arrived: () => page.measure(),
    host: (msg, t0) => page.show(msg, t0),
    diagnostics: diagnostics && ((m) => diagnostics.request(m)),
  });
  watchTheme(() => page.themeChanged());
  vscode.postMessage({ type: 'ready' });
  return page;
}
