// The ways of signing in, as data (after github-authentication's flows.ts): each flow declares where it can run,
// and getFlows(context) picks and orders them. Pure: no vscode import, so the table is unit-tested.
//  - loopback: the browser redirects to a server on 127.0.0.1 in the extension host (src/auth/node/). Only on a
//    local desktop host: in a remote or browser-based window that address is on another machine than the browser.
//  - uri: the browser redirects to vscode://hoxton.hoxton-reports/auth-complete, made reachable by asExternalUri
//    (works local, remote and in the web UI).
//  - paste: the person copies the address the browser lands on (last resort, works everywhere).
//  - password, clientCredentials: direct grants from the extension host.
import type { SignInMethod } from '../util/config';

export type FlowId = 'loopback' | 'uri' | 'paste' | 'password' | 'clientCredentials';

interface FlowOptions {
  /** Runs in a desktop window whose extension host is on the same machine. */
  supportsLocalDesktop: boolean;
  /** Runs when the extension host is remote (SSH, WSL, containers, code-server). */
  supportsRemoteExtensionHost: boolean;
  /** Runs when the UI is a browser (vscode.dev, code-server). */
  supportsWebUi: boolean;
  /** Asks the person for the OAuth client's secret (and keeps it to renew tokens). */
  needsClientSecret: boolean;
}

export interface Flow {
  id: FlowId;
  /** The sign-in method it belongs to (what the person picks). */
  method: SignInMethod;
  options: FlowOptions;
}

export interface FlowContext {
  /** vscode.env.remoteName !== undefined */
  remote: boolean;
  /** vscode.env.uiKind === UIKind.Web */
  web: boolean;
}

const everywhere = { supportsLocalDesktop: true, supportsRemoteExtensionHost: true, supportsWebUi: true };

/** Every flow, in the order of preference on a local desktop host. */
export const FLOWS: readonly Flow[] = [
  {
    id: 'loopback',
    method: 'browser',
    options: { supportsLocalDesktop: true, supportsRemoteExtensionHost: false, supportsWebUi: false, needsClientSecret: false },
  },
  { id: 'uri', method: 'browser', options: { ...everywhere, needsClientSecret: false } },
  { id: 'paste', method: 'browser', options: { ...everywhere, needsClientSecret: false } },
  { id: 'password', method: 'password', options: { ...everywhere, needsClientSecret: false } },
  { id: 'clientCredentials', method: 'clientCredentials', options: { ...everywhere, needsClientSecret: true } },
];

/** The flows usable in `context`, best first. */
export function getFlows(context: FlowContext, flows: readonly Flow[] = FLOWS): Flow[] {
  return flows.filter(
    (f) =>
      (context.remote ? f.options.supportsRemoteExtensionHost : f.options.supportsLocalDesktop) &&
      (!context.web || f.options.supportsWebUi),
  );
}
