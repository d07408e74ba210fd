// Sign In, Sign Out and Switch Account, plus the `hoxton.signedIn` context key that shows the tree or the
// welcome view.
import * as vscode from 'vscode';
import { OAuthError } from '../api/oauth';
import { userMessage } from '../util/errors';
import { notifyText, pickText } from '../util/inert';
import type { Log } from '../util/log';
import { showError } from '../util/notify';
import { errorText } from '../shared/errorText';
import { SignInCancelled } from './signIn';
import { SIGN_IN_SCOPES } from './accountsMenu';
import { PROVIDER_ID, type HoxtonAuthProvider } from './provider';

export interface AuthCommandOptions {
  /**
   * Sign In asks VS Code (getSession, with its consent dialog). False only in extension tests, where VS Code's
   * DialogService refuses every dialog: Sign In then calls the provider directly.
   */
  askVsCode: boolean;
}

export function registerAuthCommands(auth: HoxtonAuthProvider, log: Log, options: AuthCommandOptions): vscode.Disposable[] {
  const updateContext = async () => {
    const accounts = await auth.listAccounts();
    await vscode.commands.executeCommand('setContext', 'hoxton.signedIn', accounts.length > 0);
  };
  void updateContext();

  return [
    auth.onDidChangeSessions(() => void updateContext()),
    vscode.commands.registerCommand('hoxton.signIn', async () => {
      try {
        const session = options.askVsCode ? await requestSignIn(auth) : await auth.createSession([...SIGN_IN_SCOPES]);
        if (!session) {
          log.info('Sign-in was not allowed in VS Code’s dialog.');
          return undefined;
        }
        void vscode.window.showInformationMessage(vscode.l10n.t('Signed in to HoxtonAi as {0}.', notifyText(session.account.label)));
        return session.account.id;
      } catch (e) {
        if (e instanceof SignInCancelled) return undefined;
        log.error(`Sign-in failed: ${errorText(e)}`);
        const retry = vscode.l10n.t('Try Again');
        const choice = await showError(vscode.l10n.t('HoxtonAi sign-in failed: {0}', signInMessage(e)), { cause: e, actions: [retry] });
        if (choice === retry) return vscode.commands.executeCommand('hoxton.signIn');
        return undefined;
      }
    }),
    vscode.commands.registerCommand('hoxton.signOut', async (target?: unknown) => {
      const accounts = await auth.listAccounts();
      let id = accountIdOf(target);
      if (!id) {
        if (accounts.length === 0) return;
        if (accounts.length === 1) id = accounts[0].id;
        else {
          const pick = await vscode.window.showQuickPick(
            accounts.map((a) => ({ label: pickText(a.label), id: a.id })),
            { title: vscode.l10n.t('Sign out of which HoxtonAi account?') },
          );
          id = pick?.id;
        }
      }
      if (id) await auth.removeSession(id);
    }),
    vscode.commands.registerCommand('hoxton.switchAccount', async () => {
      const accounts = await auth.listAccounts();
      const add = vscode.l10n.t('Add another account…');
      const items: (vscode.QuickPickItem & { run: () => Thenable<unknown> })[] = [
        ...accounts.map((a) => ({
          label: `$(sign-out) ${vscode.l10n.t('Sign out of {0}', pickText(a.label))}`,
          run: () => auth.removeSession(a.id),
        })),
        { label: `$(add) ${add}`, run: () => vscode.commands.executeCommand('hoxton.signIn') },
        { label: `$(output) ${vscode.l10n.t('Show Log')}`, run: () => vscode.commands.executeCommand('hoxton.showLog') },
      ];
      const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('HoxtonAi accounts') });
      await pick?.run();
    }),
  ];
}

/**
 * Sign In asks VS Code for a session, as any extension would, rather than calling the provider itself: VS Code
 * then shows its "The extension 'Hoxton Reports' wants to sign in using HoxtonAi" dialog, records that this
 * extension may use the account (Accounts menu › Manage Extension Account Preferences), and clears the Accounts
 * menu's sign-in request. With no account yet, `createIfNone`; to add another account, `forceNewSession` (the
 * accounts already signed in stay) with no account preference, so that VS Code takes whichever account signs in.
 * Undefined when the person declines VS Code's dialog.
 */
async function requestSignIn(auth: HoxtonAuthProvider): Promise<vscode.AuthenticationSession | undefined> {
  const scopes = [...SIGN_IN_SCOPES];
  const options: vscode.AuthenticationGetSessionOptions =
    (await auth.listAccounts()).length === 0
      ? { createIfNone: true }
      : {
          forceNewSession: { detail: vscode.l10n.t('This adds another HoxtonAi account; the accounts signed in now stay signed in.') },
          clearSessionPreference: true,
        };
  try {
    return await auth.withOwnErrors(() => vscode.authentication.getSession(PROVIDER_ID, scopes, options));
  } catch (e) {
    // VS Code's own refusal when its dialog is cancelled (mainThreadAuthentication.ts); not a failure to report.
    if (e instanceof Error && e.message === 'User did not consent to login.') return undefined;
    throw e;
  }
}

function accountIdOf(target: unknown): string | undefined {
  if (typeof target === 'string') return target;
  if (target && typeof target === 'object' && 'accountId' in target && typeof target.accountId === 'string') return target.accountId;
  return undefined;
}

function signInMessage(e: unknown): string {
  if (e instanceof OAuthError) {
    const code = e.code;
    if (code === 'invalid_grant') return vscode.l10n.t('wrong email or password, or the sign-in expired.');
    if (code === 'invalid_client' || code === 'unauthorized_client')
      return vscode.l10n.t('the OAuth client id or secret was not accepted.');
  }
  return userMessage(e);
}
