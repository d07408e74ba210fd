// Routes what arrives on the page's `message` event: host messages that match the protocol and answer the latest
// request go to the page; diagnostics requests go to the test hooks when the page has them (test mode), and are
// dropped like any unknown message otherwise.
import { isDiagnosticsRequest, isHostMessage, type DiagnosticsRequest, type HostMessage } from '../../shared/reportMessages';

export interface MessageTargets<M extends { requestId: number } = HostMessage> {
  /** The page's protocol (the report page's when left out): anything else is dropped. */
  accept?: (msg: unknown) => msg is M;
  /** First thing on every message, before anything changes the DOM. */
  arrived(): void;
  /** A host message answering the latest request; t0: when it arrived. */
  host(msg: M, t0: number): void;
  /** Test mode only. */
  diagnostics?(msg: DiagnosticsRequest): void;
}

export function routeMessages<M extends { requestId: number } = HostMessage>(to: MessageTargets<M>): void {
  const accept = to.accept ?? (isHostMessage as unknown as (msg: unknown) => msg is M);
  let latest = -1;
  window.addEventListener('message', (e: MessageEvent) => {
    const t0 = performance.now();
    to.arrived();
    const msg: unknown = e.data;
    if (to.diagnostics && isDiagnosticsRequest(msg)) {
      to.diagnostics(msg);
      return;
    }
    if (!accept(msg)) {
      const type = typeof msg === 'object' && msg !== null ? (msg as { type?: unknown }).type : typeof msg;
      console.warn('Hoxton Reports: dropped a message that does not match the protocol:', type);
      return;
    }
    if (msg.requestId < latest) return; // an answer to a request that has been superseded
    latest = msg.requestId;
    to.host(msg, t0);
  });
}

/** Calls `changed` once a frame at most when VS Code swaps the theme: it rewrites the variables in <html style> and
 * the body's class / data attributes. */
export function watchTheme(changed: () => void): void {
  let frame = 0;
  const schedule = (): void => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      changed();
    });
  };
  const mo = new MutationObserver(schedule);
  mo.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  mo.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-id', 'data-vscode-theme-kind'] });
}
