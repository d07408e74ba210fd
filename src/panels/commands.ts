// Open Report (panel) and Open Report JSON (document), from a tree node, a target, or the selected tree item.
import * as vscode from 'vscode';
import { reportUri } from '../documents/reportUri';
import { parseTarget, type ReportTarget } from '../reports/target';
import type { Node } from '../views/nodes';
import { targetFromNode } from '../views/targets';
import type { LazyReportPanels } from './lazyPanels';

export function registerOpenCommands(panels: LazyReportPanels, selected: () => readonly Node[]): vscode.Disposable[] {
  const resolve = (arg: unknown): ReportTarget | undefined => {
    const given = parseTarget(arg);
    if (given) return given;
    const node = (arg as Node | undefined) ?? selected()[0];
    const target = node ? targetFromNode(node) : undefined;
    if (!target)
      void vscode.window.showInformationMessage(vscode.l10n.t('Choose a report or a range under a monitor in the Hoxton view first.'));
    return target;
  };
  return [
    vscode.commands.registerCommand('hoxton.openReport', async (arg?: unknown) => {
      const target = resolve(arg);
      if (target) await panels.show(target);
    }),
    vscode.commands.registerCommand('hoxton.openReportJson', async (arg?: unknown) => {
      const target = resolve(arg);
      if (!target) return undefined;
      const uri = reportUri(target);
      const doc = await vscode.workspace.openTextDocument(uri);
      if (doc.languageId !== 'json') await vscode.languages.setTextDocumentLanguage(doc, 'json');
      await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.Beside });
      // Completes the walkthrough's step also when the page's Open JSON runs this (onCommand: sees only the workbench's).
      void vscode.commands.executeCommand('setContext', 'hoxton.openedReportJson', true);
      return uri.toString();
    }),
  ];
}
