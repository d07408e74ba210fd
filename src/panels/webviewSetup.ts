// What every report panel's webview gets, whichever page it loads (report.js for one monitor, multi.js for several):
// scripts on, resources from dist/ and media/ only, the tab icons, its title, and the page's HTML with the page's
// translations and a fresh nonce.
import * as vscode from 'vscode';
import { targetTitle, type ReportTarget } from '../reports/target';
import { bucketCount } from '../shared/range';
import { displayName } from '../util/inert';
import { makeNonce } from './nonce';
import { pageL10n } from './pageL10n';
import { reportHtml } from './reportHtml';

/**
 * A new report panel in the active column, titled by its target. No retainContextWhenHidden: a hidden panel's page is
 * dropped and built again when shown, from the state it keeps (webview/report/state.ts; the several-monitor page's
 * mode, total and compare) and the data the host sends again (from the cache). Webview options (scripts, resource
 * roots) are set by setUpReportWebview, for new and restored panels alike.
 */
export function createReportPanel(viewType: string, target: ReportTarget): vscode.WebviewPanel {
  return vscode.window.createWebviewPanel(viewType, displayName(targetTitle(target, vscode.l10n)), vscode.ViewColumn.Active, {
    enableFindWidget: true,
  });
}

export function setUpReportWebview(
  panel: vscode.WebviewPanel,
  target: ReportTarget,
  opts: { extensionUri: vscode.Uri; page: 'report' | 'multi'; diagnostics: boolean },
): void {
  const { extensionUri } = opts;
  panel.webview.options = {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
  // Fixed colours per theme kind: a tab icon is an <img>, so currentColor would draw it black on dark themes.
  panel.iconPath = {
    light: vscode.Uri.joinPath(extensionUri, 'media', 'report-light.svg'),
    dark: vscode.Uri.joinPath(extensionUri, 'media', 'report-dark.svg'),
  };
  const asUri = (...p: string[]) => panel.webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString();
  panel.title = displayName(targetTitle(target, vscode.l10n));
  panel.webview.html = reportHtml({
    cspSource: panel.webview.cspSource,
    nonce: makeNonce(),
    scriptUri: asUri('dist', 'webview', `${opts.page}.js`),
    styleUri: asUri('dist', 'webview', `${opts.page}.css`),
    codiconsUri: asUri('dist', 'webview', 'codicons', 'codicon.css'),
    title: panel.title,
    diagnostics: opts.diagnostics,
    ...pageL10n(),
    noscript: vscode.l10n.t('This panel needs JavaScript.'),
    // Only the one-monitor page warms up for large data (webview/report/warmup.ts); the several-monitor page does not.
    expectedBuckets: opts.page === 'report' ? bucketCount(target.range, target.interval, target.site.timezone) : undefined,
  });
}
