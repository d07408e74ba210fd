// Report data as read-only JSON documents (URIs: reportUri.ts). Data comes from the ReportService cache: no extra
// request after the panel. Loaded on first use through lazyFs.ts (its own webpack chunk).
// A `hoxton:` URI can come from any link, so before anything is requested its target must parse (parseTarget), name
// an account signed in here and stay within the contract's limits; otherwise stat, read and refresh fail with a
// FileSystemError that says why (VS Code shows its message in place of the document).
import * as vscode from 'vscode';
import type { ReportService } from '../reports/service';
import { targetLimit, targetTitle, type ReportTarget } from '../reports/target';
import { MAX_BUCKETS, MAX_RANGE_DAYS } from '../api/types';
import { userMessage } from '../util/errors';
import { jsonText, statusText } from '../util/inert';
import { targetFromUri, type UriProblem } from './reportUri';

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
    const t = await this.target(uri);
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Refreshing {0}…', statusText(targetTitle(t, vscode.l10n))) },
      () => this.load(uri, t, true),
    );
    this.emitter.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    await this.target(uri);
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
    const t = await this.target(uri);
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
    const entry = { text: new TextEncoder().encode(`${jsonText(data)}\n`), mtime: Date.now() };
    this.texts.set(uri.toString(), entry);
    return entry;
  }

  /** The report a URI names, or a FileSystemError saying why it cannot be opened (then nothing is requested). */
  private async target(uri: vscode.Uri): Promise<ReportTarget> {
    const parsed = targetFromUri(uri);
    const why = 'problem' in parsed ? uriProblem(parsed.problem) : await this.refusal(parsed.target);
    if (why !== undefined || 'problem' in parsed) {
      throw vscode.FileSystemError.Unavailable(vscode.l10n.t('This Hoxton report link cannot be opened: {0}', why ?? ''));
    }
    return parsed.target;
  }

  /** Why a well-formed target is not fetched: an account not signed in here, or beyond the contract's limits. */
  private async refusal(t: ReportTarget): Promise<string | undefined> {
    if (!(await this.reports.signedIn(t.accountId))) {
      return vscode.l10n.t('it names an account that is not signed in to Hoxton Reports here.');
    }
    switch (targetLimit(t)) {
      case 'range_too_large':
        return vscode.l10n.t('its range is longer than {0} days.', MAX_RANGE_DAYS);
      case 'too_many_buckets':
        return vscode.l10n.t('it asks for more than {0} intervals.', MAX_BUCKETS);
      default:
        return undefined;
    }
  }

  /** Forget a closed document's text. */
  release(uri: vscode.Uri): void {
    this.texts.delete(uri.toString());
  }
}

function uriProblem(problem: UriProblem): string {
  return problem === 'no_target'
    ? vscode.l10n.t('the link does not describe a report.')
    : vscode.l10n.t('the report it describes is not valid (its ids, names, range or interval).');
}
