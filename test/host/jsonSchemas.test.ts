// contributes.jsonValidation in the real extension host: VS Code's JSON language server applies the schemas generated
// from openapi.yaml to `hoxton:` report documents (hover) and to `*.hoxton-report.json` files (validation).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import type { MonitorNode, SiteNode } from '../../src/views/nodes';
import { hostEnv } from './env';
import { api, children, signInWithPassword, signOutAll, until } from './helpers';

const hoverText = (hovers: vscode.Hover[]) =>
  hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');

describe('JSON schemas of report documents', function () {
  this.timeout(120_000);
  let a: TestingApi;
  const written: string[] = [];

  before(async () => {
    a = await api();
    await signOutAll();
    await signInWithPassword('demo@hoxton.test', 'demo');
  });
  after(async () => {
    for (const f of written) fs.rmSync(f, { force: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await signOutAll();
  });

  it('describes the fields of a hoxton: report document on hover', async () => {
    const [root] = await children(a);
    const [site] = (await children(a, root)) as SiteNode[];
    const monitor = (await children(a, site)).find((n): n is MonitorNode => n.kind === 'monitor')!;
    const range = (await children(a, monitor)).find((n) => n.kind === 'range')!;
    const uri = vscode.Uri.parse((await vscode.commands.executeCommand('hoxton.openReportJson', range)) as string);
    const doc = await vscode.workspace.openTextDocument(uri);
    const at = doc.positionAt(doc.getText().indexOf('"end"') + 2);
    const text = await until(
      'a hover from the schema',
      async () => {
        const t = hoverText((await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, at)) as vscode.Hover[]);
        return /Exclusive/.test(t) ? t : undefined;
      },
      60_000,
    );
    assert.match(text, /Exclusive/);
    const errors = vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
    assert.deepStrictEqual(errors, [], 'the served data is valid');
  });

  it('validates a saved *.hoxton-report.json copy in the workspace', async () => {
    const folder = hostEnv().workspaceFolder ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, 'a workspace folder');
    const file = path.join(folder, 'broken.hoxton-report.json');
    written.push(file);
    fs.writeFileSync(file, JSON.stringify({ report_id: null, interval: '5m', buckets: [] }, null, 2));
    const uri = vscode.Uri.file(file);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const messages = await until(
      'schema diagnostics',
      () => {
        const m = vscode.languages.getDiagnostics(uri).map((d) => d.message);
        return m.some((x) => /monitor/.test(x)) && m.some((x) => /15m|allowed values|not accepted/i.test(x)) ? m : undefined;
      },
      60_000,
    );
    assert.ok(
      messages.some((m) => /Missing property "monitor"/.test(m)),
      messages.join(' | '),
    );
  });
});
