// The status bar item: who is signed in; a click switches account or signs out. Account labels carry the user's
// and organisation's names from the server: statusText in the text (no `$(icon)`), mdText in the tooltip.
import * as vscode from 'vscode';
import type { HoxtonAuthProvider } from '../auth/provider';
import { mdText, statusText } from '../util/inert';

/** The item and what disposes it (the item is handed to the tests in test mode). */
export function createStatusBar(auth: HoxtonAuthProvider): vscode.Disposable & { item: vscode.StatusBarItem } {
  const item = vscode.window.createStatusBarItem('hoxton.account', vscode.StatusBarAlignment.Left, 10);
  item.name = vscode.l10n.t('HoxtonAi Account');
  item.command = 'hoxton.switchAccount';
  const update = async () => {
    const accounts = await auth.listAccounts();
    if (accounts.length === 0) {
      item.hide();
      return;
    }
    item.text =
      accounts.length === 1
        ? `$(account) ${statusText(accounts[0].label)}`
        : `$(account) ${vscode.l10n.t('{0} HoxtonAi accounts', accounts.length)}`;
    item.tooltip = new vscode.MarkdownString(
      [vscode.l10n.t('Signed in to HoxtonAi:'), ...accounts.map((a) => `- ${mdText(a.label)}`)].join('\n'),
    );
    item.show();
  };
  void update();
  const sub = auth.onDidChangeSessions(() => void update());
  return Object.assign(vscode.Disposable.from(item, sub), { item });
}
