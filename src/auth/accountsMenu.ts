// The Accounts menu's "Sign in with HoxtonAi to use Hoxton Reports". VS Code adds that entry (and a badge on the
// Accounts icon) when an extension asks for a session without `createIfNone` and without `silent`, and there is
// none: `silent: true` would ask without it. Clicking it makes VS Code call the provider's createSession and
// grant this extension the new account.
//
// Asked only while there is no HoxtonAi account (with an account that VS Code has not granted to this extension,
// the same call would add a "Grant access" entry instead), at activation without being awaited, and again when
// the last account goes.
import * as vscode from 'vscode';
import type { Log } from '../util/log';
import { PROVIDER_ID, type HoxtonAuthProvider } from './provider';

/**
 * The scopes of the request, and of Sign In's (src/auth/commands.ts). VS Code removes the entry only when a session whose scopes, joined, equal these
 * arrives; the provider's sessions carry the scopes granted, sorted, and Sign In asks for openid, profile and
 * offline_access (src/auth/flows.ts), which HoxtonAi and the sandbox grant. A client-credentials account carries
 * other scopes: after such a sign-in the entry stays until the window reloads.
 */
export const SIGN_IN_SCOPES: readonly string[] = ['offline_access', 'openid', 'profile'];

export function offerSignInInAccountsMenu(auth: HoxtonAuthProvider, log: Log): vscode.Disposable {
  const offer = async () => {
    try {
      if ((await auth.listAccounts()).length > 0) return;
      await vscode.authentication.getSession(PROVIDER_ID, [...SIGN_IN_SCOPES], {});
    } catch (e) {
      log.warn(`The Accounts menu's sign-in entry could not be added: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  void offer();
  return auth.onDidChangeSessions((e) => {
    if (e.removed?.length) void offer();
  });
}
