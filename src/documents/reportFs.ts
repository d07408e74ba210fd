// Report data as read-only JSON documents (URIs: reportUri.ts). Data comes from the ReportService cache: no extra
// request after the panel. Loaded on first use through lazyFs.ts (its own webpack chunk).
import * as vscode from 'vscode';
import type { ReportService } from '../reports/service';
import { targetTitle, type ReportTarget } from '../reports/target';
import { userMessage } from '../util/errors';
import { targetFromUri } from './reportUri';

/** The documents' contents: stat and read for lazyFs.ts, the provider VS Code sees (which refuses all writes). */
export class ReportFileSystem implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  private readonly texts = new Map<string, { text: Uint8Array; mtime: number }>();

  constructor(private readonly reports: ReportService) {}

  dispose(): void {
    this.emitter.dispose();
  }

  /** Fetches the document's data again and tells VS Code to re-read it. */
  async refresh(uri: vscode.Uri): Promise<void> {
    const t = targetFromUri(uri);
    if (!t) return;
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Refreshing {0}…', targetTitle(t, vscode.l10n)) },
      () => this.load(uri, t, true),
    );
    this.emitter.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    const hit = this.texts.get(uri.toString());
    return {
      type: vscode.FileType.File,
      ctime: hit?.mtime ?? 0,
      mtime: hit?.mtime ?? 0,
      size: hit?.text.byteLength ?? 0,
      permissions: vscode.FilePermission.Readonly,
    };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const t = targetFromUri(uri);
    if (!t) throw vscode.FileSystemError.FileNotFound(uri);
    const hit = this.texts.get(uri.toString());
    if (hit) return hit.text;
    return (await this.load(uri, t, false)).text;
  }

  private async load(uri: vscode.Uri, t: ReportTarget, force: boolean): Promise<{ text: Uint8Array; mtime: number }> {
    let data;
    try {
      data = await this.reports.data(t, force);
    } catch (e) {
      throw vscode.FileSystemError.Unavailable(userMessage(e));
    }
    const entry = { text: new TextEncoder().encode(`${JSON.stringify(data, null, 2)}\n`), mtime: Date.now() };
    this.texts.set(uri.toString(), entry);
    return entry;
  }

  /** Forget a closed document's text. */
  release(uri: vscode.Uri): void {
    this.texts.delete(uri.toString());
  }
}
