// Copy as cURL / fetch (TypeScript) / Python (requests), and Copy Report Data as JSON, on a report, a quick range or a
// monitor in the tree (a monitor copies its last 7 days) and on the active report panel. Each command also returns
// what it copied (tests, other commands). The data is copied as the panel's Export JSON writes it (reportJson.ts,
// shared/exportText.ts): times in the report's time zone with its offset, the zone named, the comparison beside it
// when the target has one. The request snippets (as code) fetch what the API sends, as they should.
import * as vscode from 'vscode';
import type { LazyReportPanels } from '../panels/lazyPanels';
import type { ReportService } from '../reports/service';
import { parseTarget, targetTitle, type ReportTarget } from '../reports/target';
import { readConfig } from '../util/config';
import { userMessage } from '../util/errors';
import { showError } from '../util/notify';
import { notifyText } from '../util/inert';
import type { Node } from '../views/nodes';
import { targetFromAnyNode } from '../views/targets';
import { asCode, requestFor, type CodeLanguage } from './asCode';

const reportJson = () => import(/* webpackChunkName: "panels" */ './reportJson');

export interface CopyDeps {
  panels: LazyReportPanels;
  reports: ReportService;
  selected: () => readonly Node[];
  /** The API an account was signed in with (its requests go there, whatever the settings say now). */
  apiUrlOf: (accountId: string) => Promise<string | undefined>;
}

export function registerCopyCommands(deps: CopyDeps): vscode.Disposable[] {
  /** A target given as an argument (tree node or target), else the active panel's, else the selected tree item's. */
  const resolve = (arg: unknown): ReportTarget | undefined => {
    const given = parseTarget(arg);
    if (given) return given;
    if (arg && typeof arg === 'object' && 'kind' in arg) return targetFromAnyNode(arg as Node);
    const active = deps.panels.panels.find((p) => p.panel.active);
    if (active) return active.target;
    const node = deps.selected()[0];
    return node ? targetFromAnyNode(node) : undefined;
  };
  const nothing = () =>
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Choose a report, a range or a monitor in the Hoxton view, or open a report, first.'),
    );

  const copy = async (text: string, what: string): Promise<string> => {
    await vscode.env.clipboard.writeText(text);
    void vscode.window.showInformationMessage(what);
    return text;
  };

  const copyAs = (language: CodeLanguage) => async (arg?: unknown) => {
    const target = resolve(arg);
    if (!target) return nothing();
    try {
      const code = asCode(
        await requestFor(target, (await deps.apiUrlOf(target.accountId)) ?? readConfig().apiUrl),
        language,
        targetTitle(target),
      );
      const label = { curl: 'cURL', fetch: 'fetch (TypeScript)', python: 'Python (requests)' }[language];
      return await copy(
        code,
        vscode.l10n.t(
          'Copied {0} as {1}. It reads the access token from $HOXTON_TOKEN.',
          notifyText(targetTitle(target, vscode.l10n)),
          label,
        ),
      );
    } catch (e) {
      void showError(vscode.l10n.t('Could not copy the request: {0}', userMessage(e)), { cause: e });
      return undefined;
    }
  };

  return [
    vscode.commands.registerCommand('hoxton.copyAsCurl', copyAs('curl')),
    vscode.commands.registerCommand('hoxton.copyAsFetch', copyAs('fetch')),
    vscode.commands.registerCommand('hoxton.copyAsPython', copyAs('python')),
    vscode.commands.registerCommand('hoxton.copyReportDataJson', async (arg?: unknown) => {
      const target = resolve(arg);
      if (!target) return nothing();
      try {
        const text = await (await reportJson()).reportJson(deps.reports, target);
        return await copy(text, vscode.l10n.t('Copied the data of {0} as JSON.', targetTitle(target, vscode.l10n)));
      } catch (e) {
        void showError(vscode.l10n.t('Could not copy the report data: {0}', userMessage(e)), { cause: e });
        return undefined;
      }
    }),
  ];
}
