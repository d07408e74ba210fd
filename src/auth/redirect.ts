// Ways for the browser's redirect (`…?code=…&state=…`) to come back to the extension:
// a loopback HTTP server on 127.0.0.1, and VS Code's URI handler (vscode://hoxton.hoxton-reports/auth-complete,
// made reachable with asExternalUri, so it also works in remote and browser-based VS Code).
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as vscode from 'vscode';
import { parseRedirect } from '../api/oauth';

export interface RedirectResult {
  code: string;
  state?: string;
}

export class RedirectError extends Error {
  override readonly name = 'RedirectError';
  constructor(
    message: string,
    readonly reason: 'denied' | 'state' | 'failed',
  ) {
    super(message);
  }
}

const PAGE = (title: string, text: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>` +
  `<meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head>` +
  `<body><h1>${title}</h1><p>${text}</p></body></html>`;

/** A one-shot loopback server. `uri` is the redirect URI to send; `result` settles on the first callback. */
export async function startLoopback(
  port: number,
  expectedState: string,
): Promise<{ uri: string; result: Promise<RedirectResult>; close(): void }> {
  let settle!: { resolve: (r: RedirectResult) => void; reject: (e: Error) => void };
  const result = new Promise<RedirectResult>((resolve, reject) => (settle = { resolve, reject }));
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/callback') {
      res.writeHead(404).end();
      return;
    }
    const r = parseRedirect(url.search);
    const outcome = check(r, expectedState);
    const ok = !(outcome instanceof Error);
    res.writeHead(ok ? 200 : 400, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(
      ok
        ? PAGE(vscode.l10n.t('Signed in to HoxtonAi'), vscode.l10n.t('You can close this tab and return to VS Code.'))
        : PAGE(vscode.l10n.t('Sign-in failed'), vscode.l10n.t('Return to VS Code for details.')),
    );
    if (ok) settle.resolve(outcome);
    else settle.reject(outcome);
  });
  const listen = (p: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(p, '127.0.0.1', () => resolve());
    });
  try {
    await listen(port);
  } catch {
    // The documented port is busy: any loopback port is valid for a native app (RFC 8252 §7.3).
    await listen(0);
  }
  const actual = (server.address() as AddressInfo).port;
  return {
    uri: `http://127.0.0.1:${actual}/callback`,
    result,
    close: () => server.close(),
  };
}

/** Receives vscode://hoxton.hoxton-reports/auth-complete?code=…&state=… */
export class AuthUriHandler implements vscode.UriHandler {
  private readonly waiting = new Map<string, { resolve: (r: RedirectResult) => void; reject: (e: Error) => void }>();

  handleUri(uri: vscode.Uri): void {
    if (uri.path !== '/auth-complete') return;
    const r = parseRedirect(`?${uri.query}`);
    const pending = r.state ? this.waiting.get(r.state) : undefined;
    if (!pending) {
      // A redirect for no sign-in we started (or a forged state): refuse it.
      void vscode.window.showErrorMessage(vscode.l10n.t('HoxtonAi sign-in failed: the answer did not match a sign-in started here.'));
      for (const w of this.waiting.values())
        w.reject(new RedirectError(vscode.l10n.t('The sign-in answer did not match (state mismatch).'), 'state'));
      this.waiting.clear();
      return;
    }
    this.waiting.delete(r.state!);
    const outcome = check(r, r.state!);
    if (outcome instanceof Error) pending.reject(outcome);
    else pending.resolve(outcome);
  }

  wait(state: string): { result: Promise<RedirectResult>; cancel(): void } {
    const result = new Promise<RedirectResult>((resolve, reject) => this.waiting.set(state, { resolve, reject }));
    return { result, cancel: () => this.waiting.delete(state) };
  }
}

export function check(r: ReturnType<typeof parseRedirect>, expectedState: string): RedirectResult | RedirectError {
  if (r.error) {
    return new RedirectError(vscode.l10n.t('HoxtonAi refused the sign-in: {0}', r.errorDescription ?? r.error), 'denied');
  }
  if (r.state !== expectedState) {
    return new RedirectError(
      vscode.l10n.t('The sign-in answer did not match (state mismatch). Sign-in was stopped for your safety.'),
      'state',
    );
  }
  if (!r.code) return new RedirectError(vscode.l10n.t('The sign-in answer had no authorization code.'), 'failed');
  return { code: r.code, state: r.state };
}
