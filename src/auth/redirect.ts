// The browser's answer (`…?code=…&state=…`) coming back through VS Code's URI handler
// (vscode://hoxton.hoxton-reports/auth-complete, made reachable with asExternalUri, so it also works in remote and
// browser-based VS Code), and how any answer is judged. The loopback server is in node/loopback.ts.
import * as vscode from 'vscode';
import { parseRedirect, type RedirectParams } from '../api/oauth';
import { issuerProblem, type ServerMetadata } from '../api/oidcMetadata';

export interface RedirectResult {
  code: string;
  state?: string;
}

export class RedirectError extends Error {
  override readonly name = 'RedirectError';
  constructor(
    message: string,
    readonly reason: 'denied' | 'state' | 'issuer' | 'failed',
  ) {
    super(message);
  }
}

/** Receives vscode://hoxton.hoxton-reports/auth-complete?code=…&state=… */
export class AuthUriHandler implements vscode.UriHandler {
  private readonly waiting = new Map<string, (r: RedirectParams) => void>();

  handleUri(uri: vscode.Uri): void {
    if (uri.path !== '/auth-complete') return;
    const r = parseRedirect(`?${uri.query}`);
    // State first: an answer for no sign-in started here (a forged or stale link) is ignored. It neither
    // completes nor aborts a pending sign-in, and shows nothing (its text is not to be trusted).
    const pending = r.state ? this.waiting.get(r.state) : undefined;
    if (!pending) return;
    this.waiting.delete(r.state!);
    pending(r);
  }

  /** Waits for the answer carrying `state`; what it carried is for `check` to judge. */
  wait(state: string): { result: Promise<RedirectParams>; cancel(): void } {
    const result = new Promise<RedirectParams>((resolve) => this.waiting.set(state, resolve));
    return { result, cancel: () => this.waiting.delete(state) };
  }
}

/**
 * Judges an answer: its state first, then (RFC 9207, when `server` is given) the issuer it names, then an error from
 * the server, then the code.
 */
export function check(r: RedirectParams, expectedState: string, server?: ServerMetadata): RedirectResult | RedirectError {
  if (r.state !== expectedState) {
    return new RedirectError(
      vscode.l10n.t('The sign-in answer did not match (state mismatch). Sign-in was stopped for your safety.'),
      'state',
    );
  }
  const iss = server && issuerProblem(server, r.iss);
  if (iss === 'missing') {
    return new RedirectError(
      vscode.l10n.t(
        'The sign-in answer did not say which server sent it (no iss), although the server promises to. Sign-in was stopped for your safety.',
      ),
      'issuer',
    );
  }
  if (iss === 'mismatch') {
    return new RedirectError(
      vscode.l10n.t(
        'The sign-in answer came from another server than the one you signed in at (iss mismatch). Sign-in was stopped for your safety.',
      ),
      'issuer',
    );
  }
  if (r.error) {
    // Only the error code, which is checked to be a plain token: error_description is server text.
    const code = /^[A-Za-z0-9_.-]{1,64}$/.test(r.error) ? r.error : 'error';
    return new RedirectError(vscode.l10n.t('HoxtonAi refused the sign-in ({0}).', code), 'denied');
  }
  if (!r.code) return new RedirectError(vscode.l10n.t('The sign-in answer had no authorization code.'), 'failed');
  return { code: r.code, state: r.state };
}
