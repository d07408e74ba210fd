// Report data as read-only JSON documents: hoxton:/<org>/<site>/<monitor>/<report or range>.json?t=<target>.
// The readable path names the tab; the query carries the target (ids and names only) so a document restored after a
// reload can be fetched again. Data comes from the ReportService cache: no extra request after the panel.
import * as vscode from 'vscode';
import type { ReportService } from '../reports/service';
import { parseTarget, targetTitle, type ReportTarget } from '../reports/target';
import { describeRange } from '../shared/range';
import { userMessage } from '../util/errors';

export const SCHEME = 'hoxton';

export function reportUri(t: ReportTarget): vscode.Uri {
  const seg = (s: string) => s.replace(/[\\/:*?"<>|#%\u0000-\u001f]/g, '_').slice(0, 80) || '_';
  const leaf = t.report ? t.report.name : describeRange(t.range, vscode.l10n);
  const path = `/${seg(t.orgName)}/${seg(t.site.name)}/${seg(t.monitor.name)}/${seg(leaf)}.json`;
  const query = `t=${Buffer.from(JSON.stringify(t), 'utf8').toString('base64url')}`;
  return vscode.Uri.from({ scheme: SCHEME, path, query });
}

/** The inverse of reportUri: the target in the query, parsed. */
export function targetFromUri(uri: vscode.Uri): ReportTarget | undefined {
  const m = /(?:^|&)t=([\w-]+)/.exec(uri.query);
  if (!m) return undefined;
  try {
    return parseTarget(JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8')));
  } catch {
    return undefined;
  }
}

export class ReportFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
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
}

export function registerReportDocuments(fs: ReportFileSystem): vscode.Disposable[] {
  return [
    vscode.workspace.registerFileSystemProvider(SCHEME, fs, { isReadonly: true, isCaseSensitive: true }),
    vscode.workspace.onDidCloseTextDocument((doc) => doc.uri.scheme === SCHEME && fs.release(doc.uri)),
    vscode.commands.registerCommand('hoxton.refreshReportJson', async (uri?: vscode.Uri) => {
      const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
      if (target?.scheme !== SCHEME) return;
      try {
        await fs.refresh(target);
      } catch (e) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Could not refresh the report: {0}', userMessage(e)));
      }
    }),
  ];
}
