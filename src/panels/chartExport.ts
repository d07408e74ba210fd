// Save Chart as PNG… and Copy Table, host side. The page draws the image and posts its bytes; the file is written
// here, where the person chose it (the webview never writes files). The table text is built from the data the panel
// holds (shared/tableText.ts), in TSV or Markdown as the person picks.
import * as vscode from 'vscode';
import type { ReportData } from '../api/types';
import { toColumns } from '../shared/columns';
import { tableText, type TableFormat } from '../shared/tableText';
import { notifyText } from '../util/inert';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Asks where to save the chart image and writes it there; `base`: the file name without extension. */
export async function saveChartPng(png: ArrayBuffer | Uint8Array, base: string): Promise<void> {
  const bytes = png instanceof Uint8Array ? png : new Uint8Array(png);
  if (!PNG_SIGNATURE.every((b, i) => bytes[i] === b)) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not save the chart: the image was not a PNG.'));
    return;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const uri = await vscode.window.showSaveDialog({
    title: vscode.l10n.t('Save Chart as PNG'),
    defaultUri: folder ? vscode.Uri.joinPath(folder, `${base}.png`) : undefined,
    filters: { PNG: ['png'] },
  });
  if (!uri) return;
  await vscode.workspace.fs.writeFile(uri, bytes);
  void vscode.window.showInformationMessage(vscode.l10n.t('Saved {0}.', notifyText(uri.path.split('/').pop())));
}

/** Asks TSV or Markdown and puts the buckets table on the clipboard. */
export async function copyTable(data: ReportData): Promise<void> {
  const items: (vscode.QuickPickItem & { format: TableFormat })[] = [
    { label: vscode.l10n.t('Copy as TSV'), detail: vscode.l10n.t('Tab-separated: pastes into a spreadsheet'), format: 'tsv' },
    { label: vscode.l10n.t('Copy as Markdown'), detail: vscode.l10n.t('A Markdown table'), format: 'markdown' },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Copy Table') });
  if (!picked) return;
  await vscode.env.clipboard.writeText(tableText(toColumns(data), picked.format));
  vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0} rows.', data.buckets.length), 3000);
}
