/**
 * First host suite: the extension is installed in a real extension host, activates, and contributes what its
 * package.json says. Written from packageJSON so it keeps working as views and commands are added.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { hostEnv } from './env';
import { testingApiOf } from './helpers';

const EXTENSION_ID = 'hoxton.hoxton-reports';

interface Contributes {
  commands?: { command: string; title?: string }[];
  viewsContainers?: { activitybar?: { id: string; title?: string }[] };
  views?: Record<string, { id: string }[]>;
  configuration?: { properties?: Record<string, unknown> } | { properties?: Record<string, unknown> }[];
}

describe('activation', () => {
  let ext: vscode.Extension<unknown>;
  let contributes: Contributes;

  before(() => {
    const found = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(found, `extension ${EXTENSION_ID} is not installed in the extension host`);
    ext = found;
    contributes = (ext.packageJSON as { contributes?: Contributes }).contributes ?? {};
  });

  it('activates', async () => {
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
  });

  it('leaves panel, document and wizard code for their first use (webpack chunks not loaded at activation)', async () => {
    await ext.activate();
    const chunk = (name: string) => path.join(ext.extensionPath, 'dist', 'chunks', `${name}.js`);
    for (const name of ['panels', 'documents', 'wizard']) {
      assert.ok(fs.existsSync(chunk(name)), `${chunk(name)} is built`);
      assert.ok(!(chunk(name) in require.cache), `the ${name} chunk was loaded at activation`);
    }
    // The first read of a hoxton: document loads the documents chunk (a URI naming no report is refused there).
    const api = testingApiOf(ext.exports)!;
    await assert.rejects(Promise.resolve(api.documents.stat(vscode.Uri.parse('hoxton:/nothing.json'))), /cannot be opened/);
    assert.ok(chunk('documents') in require.cache, 'the documents chunk is loaded on first use');
  });

  it('contributes the "hoxton" activity-bar view container', () => {
    const containers = contributes.viewsContainers?.activitybar ?? [];
    assert.ok(
      containers.some((c) => c.id === 'hoxton'),
      `viewsContainers.activitybar has no "hoxton" (has: ${containers.map((c) => c.id).join(', ') || 'none'})`,
    );
  });

  it('registers every command it contributes', async () => {
    await ext.activate();
    const declared = (contributes.commands ?? []).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = declared.filter((c) => !registered.has(c));
    assert.deepStrictEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  it('runs with workspace trust and proxy URI rewriting as the harness set them (on by default, as a user has them)', () => {
    const asUser = process.env.HOXTON_HOST_AS_USER === '1';
    assert.strictEqual(vscode.workspace.getConfiguration('security.workspace.trust').get('enabled'), asUser);
    // code-server sets VSCODE_PROXY_URI for the extension host unless the harness blanked it.
    assert.strictEqual(Boolean(process.env.VSCODE_PROXY_URI), asUser, `VSCODE_PROXY_URI=${process.env.VSCODE_PROXY_URI}`);
    // With trust on, the fresh test folder is not trusted yet (Restricted Mode, as for a user who has not answered
    // the trust prompt): every host test then runs in it.
    assert.strictEqual(vscode.workspace.isTrusted, !asUser);
  });

  it('points the hoxton.* settings at the sandbox', () => {
    const { sandboxUrl } = hostEnv();
    const cfg = vscode.workspace.getConfiguration('hoxton');
    assert.strictEqual(cfg.get('apiUrl'), sandboxUrl);
    assert.strictEqual(cfg.get('auth.domain'), sandboxUrl);
    assert.strictEqual(cfg.get('auth.clientId'), 'sandbox-acme');
  });
});
