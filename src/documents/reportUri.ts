// The `hoxton:` URI of a report's JSON document: hoxton:/<org>/<site>/<monitor>/<report or range>.json?t=<target>.
// The readable path names the tab; the query carries the target (ids and names only) so a document restored after a
// reload can be fetched again.
import * as vscode from 'vscode';
import { parseTarget, type ReportTarget } from '../reports/target';
import { describeRange } from '../shared/range';

export const SCHEME = 'hoxton';

export function reportUri(t: ReportTarget): vscode.Uri {
  const seg = (s: string) => s.replace(/[\\/:*?"<>|#%\u0000-\u001f]/g, '_').slice(0, 80) || '_';
  const leaf = t.report ? t.report.name : describeRange(t.range, vscode.l10n);
  const path = `/${seg(t.orgName)}/${seg(t.site.name)}/${seg(t.monitor.name)}/${seg(leaf)}.json`;
  const query = `t=${Buffer.from(JSON.stringify(t), 'utf8').toString('base64url')}`;
  return vscode.Uri.from({ scheme: SCHEME, path, query });
}

/** Why a `hoxton:` URI cannot name a report: it carries no target, or one that parseTarget refuses. */
export type UriProblem = 'no_target' | 'invalid_target';

/**
 * The inverse of reportUri. A `hoxton:` URI is untrusted input (any link, any file can hold one): the target in
 * its query goes through the one parser, parseTarget; the readable path is never trusted.
 */
export function targetFromUri(uri: vscode.Uri): { target: ReportTarget } | { problem: UriProblem } {
  const m = /(?:^|&)t=([\w-]+)(?:&|$)/.exec(uri.query);
  if (!m) return { problem: 'no_target' };
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8'));
  } catch {
    return { problem: 'no_target' };
  }
  const target = parseTarget(value);
  return target ? { target } : { problem: 'invalid_target' };
}
