// What activation registers for the `hoxton:` scheme: a read-only file system provider whose work is done by
// reportFs.ts, a separate webpack chunk loaded on the first document read, so activation does not pay for it.
import * as vscode from 'vscode';
import type { ReportService } from '../reports/service';
import { userMessage } from '../util/errors';
import { showError } from '../util/notify';
import type { ReportFileSystem } from './reportFs';
import { SCHEME } from './reportUri';

export class LazyReportFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  private loading?: Promise<ReportFileSystem>;
  private loaded?: ReportFileSystem;

  constructor(private readonly reports: ReportService) {}

  private load(): Promise<ReportFileSystem> {
    this.loading ??= import(/* webpackChunkName: "documents" */ './reportFs').then((m) => {
      const fs = new m.ReportFileSystem(this.reports);
      fs.onDidChangeFile((e) => this.emitter.fire(e));
      return (this.loaded = fs);
    });
    return this.loading;
  }

  /** Fetches the document's data again and tells VS Code to re-read it. */
  async refresh(uri: vscode.Uri): Promise<void> {
    return (await this.load()).refresh(uri);
  }

  /** Forget a closed document's text. */
  release(uri: vscode.Uri): void {
    this.loaded?.release(uri);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    return (await this.load()).stat(uri);
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return (await this.load()).readFile(uri);
  }

  // ---- read-only: everything else is refused ----
  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }
  readDirectory(): [string, vscode.FileType][] {
    return [];
  }
  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
  writeFile(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
  rename(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  dispose(): void {
    this.loaded?.dispose();
    this.emitter.dispose();
  }
}

export function registerReportDocuments(fs: LazyReportFileSystem): vscode.Disposable[] {
  return [
    vscode.workspace.registerFileSystemProvider(SCHEME, fs, { isReadonly: true, isCaseSensitive: true }),
    vscode.workspace.onDidCloseTextDocument((doc) => doc.uri.scheme === SCHEME && fs.release(doc.uri)),
    vscode.commands.registerCommand('hoxton.refreshReportJson', async (uri?: vscode.Uri) => {
      const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
      if (target?.scheme !== SCHEME) return;
      try {
        await fs.refresh(target);
      } catch (e) {
        void showError(vscode.l10n.t('Could not refresh the report: {0}', userMessage(e)), { cause: e });
      }
    }),
  ];
}
