// Routes what arrives on the page's `message` event: host messages that match the protocol and answer the latest
// request go to the page; diagnostics requests go to the test hooks when the page has them (test mode), and are
// dropped like any unknown message otherwise.
import { isDiagnosticsRequest, isHostMessage, type DiagnosticsRequest, type HostMessage } from '../../shared/reportMessages';

export interface MessageTargets {
  /** First thing on every message, before anything changes the DOM. */
  arrived(): void;
  /** A host message answering the latest request; t0: when it arrived. */
  host(msg: HostMessage, t0: number): void;
  /** Test mode only. */
  diagnostics?(msg: DiagnosticsRequest): void;
}

export function routeMessages(to: MessageTargets): void {
  let latest = -1;
  window.addEventListener('message', (e: MessageEvent) => {
    const t0 = performance.now();
    to.arrived();
    const msg: unknown = e.data;
    if (to.diagnostics && isDiagnosticsRequest(msg)) {
      to.diagnostics(msg);
      return;
    }
    if (!isHostMessage(msg)) {
      const type = typeof msg === 'object' && msg !== null ? (msg as { type?: unknown }).type : typeof msg;
      console.warn('Hoxton Reports: dropped a message that does not match the protocol:', type);
      return;
    }
    if (msg.requestId < latest) return; // an answer to a request that has been superseded
    latest = msg.requestId;
    to.host(msg, t0);
  });
}
