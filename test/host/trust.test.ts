// The settings trust boundary in the real extension host: a workspace folder's .vscode/settings.json that points
// the servers at a capture server on loopback (the cloned-repository attack) changes nothing. The window-scoped
// hoxton.tree.pageSize in the same file is the control: it proves VS Code has read the file.
import * as assert from 'assert';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import { readConfig } from '../../src/util/config';
import type { Node } from '../../src/views/nodes';
import { api, children, resetStats, sandboxUrl, signInWithPassword, signOutAll, stats, until } from './helpers';

const CONTROL_PAGE_SIZE = 7;

async function openReportPanel(a: TestingApi, node: Node): Promise<void> {
  const before = new Set(a.panels.panels);
  await vscode.commands.executeCommand('hoxton.openReport', node);
  const panel = await until('the panel', () => a.panels.panels.find((p) => !before.has(p)));
  const probe = a.diagnostics.of(panel);
  if (!probe.lastRendered) await probe.nextRender();
}

describe('trust: a hostile workspace cannot redirect servers or credentials', function () {
  this.timeout(120_000);
  let a: TestingApi;
  let capture: http.Server;
  let captureUrl: string;
  const captured: string[] = [];
  let settingsUri: vscode.Uri;
  let previous: Uint8Array | undefined;

  before(async () => {
    a = await api();
    await signOutAll();
    capture = http.createServer((req, res) => {
      captured.push(`${req.method} ${req.url}`);
      res.writeHead(500).end();
    });
    await new Promise<void>((r) => capture.listen(0, '127.0.0.1', r));
    captureUrl = `http://127.0.0.1:${(capture.address() as AddressInfo).port}`;

    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the host tests run with a workspace folder');
    settingsUri = vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json');
    previous = await vscode.workspace.fs.readFile(settingsUri).then(
      (b) => b,
      () => undefined,
    );
    const hostile = {
      'hoxton.apiUrl': captureUrl,
      'hoxton.auth.domain': captureUrl,
      'hoxton.auth.audience': captureUrl,
      'hoxton.auth.clientId': 'capture-client',
      'hoxton.auth.defaultMethod': 'password',
      'hoxton.auth.loopbackPort': 47999,
      'hoxton.controlRoomUrl': captureUrl,
      'hoxton.tree.pageSize': CONTROL_PAGE_SIZE,
    };
    await vscode.workspace.fs.writeFile(settingsUri, Buffer.from(JSON.stringify(hostile, null, 2)));
    await until(
      'VS Code to read the workspace settings',
      () => vscode.workspace.getConfiguration('hoxton').inspect('tree.pageSize')?.workspaceValue === CONTROL_PAGE_SIZE,
      20_000,
    );
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await signOutAll();
    if (previous) await vscode.workspace.fs.writeFile(settingsUri, previous);
    else await vscode.workspace.fs.delete(settingsUri);
    await until(
      'VS Code to drop the workspace settings',
      () => vscode.workspace.getConfiguration('hoxton').inspect('tree.pageSize')?.workspaceValue === undefined,
      20_000,
    );
    await new Promise<void>((r) => capture.close(() => r()));
  });

  it('VS Code reads the window-scoped control setting from the folder', () => {
    assert.strictEqual(readConfig().pageSize, CONTROL_PAGE_SIZE);
  });

  it('VS Code ignores the folder values of the application-scoped settings', () => {
    const c = vscode.workspace.getConfiguration('hoxton');
    assert.strictEqual(c.get('apiUrl'), sandboxUrl());
    assert.strictEqual(c.get('auth.domain'), sandboxUrl());
    assert.strictEqual(c.get('auth.defaultMethod'), 'ask');
    assert.strictEqual(c.get('controlRoomUrl'), 'https://app.hoxton.ai');
  });

  it("the extension's config reader takes only user-level values for servers and sign-in", () => {
    const cfg = readConfig();
    assert.strictEqual(cfg.apiUrl, sandboxUrl());
    assert.strictEqual(cfg.authDomain, sandboxUrl());
    assert.strictEqual(cfg.audience, 'https://api.hoxton.cloud');
    assert.strictEqual(cfg.clientId, 'sandbox-acme');
    assert.strictEqual(cfg.defaultMethod, 'ask');
    assert.strictEqual(cfg.loopbackPort, 47321);
    assert.strictEqual(cfg.controlRoomUrl, 'https://app.hoxton.ai');
  });

  it('a sign-in, the tree and a report panel send nothing to the capture server', async () => {
    await resetStats();
    // Asks how to sign in (the user-level "ask"), so the workspace's "password" default was not taken.
    await signInWithPassword('demo@hoxton.test', 'demo');
    const [account] = await children(a);
    assert.strictEqual(account.kind, 'account');
    const sites = await children(a, account);
    assert.ok(
      sites.some((n) => n.kind === 'site'),
      `no sites: ${sites.map((n) => n.kind).join(', ')}`,
    );
    const site = sites.find((n) => n.kind === 'site')!;
    const monitors = await children(a, site);
    const monitor = monitors.find((n) => n.kind === 'monitor');
    assert.ok(monitor, 'a monitor');
    const range = (await children(a, monitor)).find((n) => n.kind === 'range');
    assert.ok(range, 'a quick range');
    await openReportPanel(a, range);
    const s = await stats();
    assert.ok(s.tokenRequests >= 1, 'the sign-in went to the user-level (sandbox) server');
    assert.deepStrictEqual(captured, [], `the capture server received ${captured.join(', ')}`);
  });
});

describe('trust: a server address that is not https is refused, named, and sent nothing', function () {
  this.timeout(120_000);
  let a: TestingApi;
  let capture: http.Server;
  const captured: string[] = [];

  before(async () => {
    a = await api();
    await signOutAll();
    await signInWithPassword('demo@hoxton.test', 'demo');
    // 127.0.0.2 is this machine too, but not one of the loopback names the rule allows for http:.
    capture = http.createServer((req, res) => {
      captured.push(`${req.method} ${req.url}`);
      res.writeHead(500).end();
    });
    await new Promise<void>((r) => capture.listen(0, '127.0.0.2', r));
  });

  after(async () => {
    await vscode.workspace.getConfiguration('hoxton').update('apiUrl', sandboxUrl(), vscode.ConfigurationTarget.Global);
    await signOutAll();
    await new Promise<void>((r) => capture.close(() => r()));
  });

  it('the tree shows an error naming hoxton.apiUrl and the capture server receives nothing', async () => {
    const url = `http://127.0.0.2:${(capture.address() as AddressInfo).port}`;
    await vscode.workspace.getConfiguration('hoxton').update('apiUrl', url, vscode.ConfigurationTarget.Global);
    await until('the setting', () => vscode.workspace.getConfiguration('hoxton').get('apiUrl') === url);
    assert.throws(
      () => readConfig().apiUrl,
      (e: Error) => e.name === 'ConfigError' && e.message.includes('hoxton.apiUrl'),
    );
    await vscode.commands.executeCommand('hoxton.refreshTree');
    const [account] = await children(a);
    const rows = await children(a, account);
    const err = rows.find((n) => n.kind === 'message' && n.tone === 'error');
    assert.ok(err && err.kind === 'message', `no error row: ${rows.map((n) => n.kind).join(', ')}`);
    assert.match(err.text, /hoxton\.apiUrl/);
    assert.match(err.text, /https:\/\//);
    assert.deepStrictEqual(captured, []);
  });
});
