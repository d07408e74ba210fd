// Copy as cURL / fetch / Python and Copy Report Data as JSON, in the real extension host: the copied code is run
// (curl and node here, Python when python3 with requests is installed) against the sandbox with a token from the
// environment, and must return the data the extension shows for the same report.
import * as assert from 'assert';
import { execFile, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import type { MonitorNode, Node, ReportNode, SiteNode } from '../../src/views/nodes';
import { sandboxToken } from './direct';
import { api, children, signInWithPassword, signOutAll, until } from './helpers';

function run(file: string, args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(file, args, { env: { ...process.env, ...env }, maxBuffer: 64 << 20, timeout: 60_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${file} failed: ${err.message}\n${stderr}`)) : resolve(stdout),
    ),
  );
}

function hasPythonRequests(): boolean {
  try {
    execFileSync('python3', ['-c', 'import requests'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('copy as code', function () {
  this.timeout(120_000);
  let a: TestingApi;
  let token: string;
  let dir: string;
  let monitor: MonitorNode;
  let range: Node;

  before(async () => {
    a = await api();
    await signOutAll();
    await signInWithPassword('demo@hoxton.test', 'demo');
    token = await sandboxToken('demo@hoxton.test', 'demo');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoxton-copy-'));
    const [root] = await children(a);
    const [site] = (await children(a, root)) as SiteNode[];
    monitor = (await children(a, site)).find((n): n is MonitorNode => n.kind === 'monitor')!;
    range = (await children(a, monitor)).find((n) => n.kind === 'range' && n.preset === 'yesterday')!;
  });
  after(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await signOutAll();
  });

  const copied = async (command: string, arg?: unknown): Promise<string> => {
    const text = (await vscode.commands.executeCommand(command, arg)) as string | undefined;
    assert.ok(text, `${command} copied something`);
    assert.ok(!text.includes(token), 'no token in the copied text');
    const access = await a.auth.accessToken((await a.auth.listAccounts())[0].id);
    assert.ok(!text.includes(access), 'not the extension token either');
    return text;
  };
  const shown = async (arg: unknown) => JSON.parse(await copied('hoxton.copyReportDataJson', arg)) as unknown;

  it('copies a quick range as cURL that returns the data the extension shows', async () => {
    const curl = await copied('hoxton.copyAsCurl', range);
    assert.match(curl, /"Authorization: Bearer \$HOXTON_TOKEN"/);
    assert.match(curl, /\/v1\/monitors\/[^/]+\/data\?start=.*interval=15m/);
    assert.strictEqual(await vscode.env.clipboard.readText(), curl, 'on the clipboard');
    const out = await run('sh', ['-c', curl], { HOXTON_TOKEN: token });
    assert.deepStrictEqual(JSON.parse(out), await shown(range));
  });

  it('copies a quick range as fetch (TypeScript) that node runs with the same result', async () => {
    const code = await copied('hoxton.copyAsFetch', range);
    assert.match(code, /process\.env\.HOXTON_TOKEN/);
    const file = path.join(dir, 'fetch.mjs');
    fs.writeFileSync(file, `${code}\nconsole.log(JSON.stringify(data));\n`);
    const node = process.execPath.endsWith('node') ? process.execPath : 'node';
    const out = await run(node, [file], { HOXTON_TOKEN: token });
    assert.deepStrictEqual(JSON.parse(out), await shown(range));
  });

  it('copies a quick range as Python (requests) that returns the same data, when Python is installed', async function () {
    const code = await copied('hoxton.copyAsPython', range);
    assert.match(code, /os\.environ\['HOXTON_TOKEN'\]/);
    if (!hasPythonRequests()) {
      // No python3 with requests on this machine: the snippet is still checked above, not run.
      return;
    }
    const file = path.join(dir, 'report.py');
    fs.writeFileSync(file, `${code}\nimport json, sys\njson.dump(data, sys.stdout)\n`);
    const out = await run('python3', [file], { HOXTON_TOKEN: token });
    assert.deepStrictEqual(JSON.parse(out), await shown(range));
  });

  it('copies a saved report as its own data endpoint, and a monitor as its last 7 days', async () => {
    let report = (await children(a, monitor)).find((n): n is ReportNode => n.kind === 'report');
    if (!report) {
      const accountId = (await a.auth.listAccounts())[0].id;
      await a.connections
        .client(accountId)
        .createReport({ name: 'Copy week', monitor_id: monitor.monitor.id, range: { preset: 'last_7_days' }, interval: '1h' });
      a.tree.reloadReports(monitor);
      report = await until('the report node', async () => (await children(a, monitor)).find((n): n is ReportNode => n.kind === 'report'));
    }
    const curl = await copied('hoxton.copyAsCurl', report);
    assert.match(curl, new RegExp(`/v1/reports/${report.report.id}/data'`));
    const out = await run('sh', ['-c', curl], { HOXTON_TOKEN: token });
    assert.deepStrictEqual(JSON.parse(out), await shown(report));

    const week = await copied('hoxton.copyAsCurl', monitor);
    assert.match(week, new RegExp(`/v1/monitors/${monitor.monitor.id}/data\\?.*interval=1h`));
    const weekData = JSON.parse(await run('sh', ['-c', week], { HOXTON_TOKEN: token })) as { interval: string };
    assert.strictEqual(weekData.interval, '1h');
    assert.deepStrictEqual(weekData, await shown(monitor));
  });

  it('copies the active report panel', async () => {
    await vscode.commands.executeCommand('hoxton.openReport', range);
    await until('the active panel', () => a.panels.panels.find((p) => p.panel.active));
    const fromPanel = await copied('hoxton.copyAsCurl');
    assert.strictEqual(fromPanel, await copied('hoxton.copyAsCurl', range));
  });
});
