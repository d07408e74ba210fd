// Tree and account commands that had no test: copy id / JSON, reveal in the Control Room, filter / clear filter,
// switch account, "Save as report…" on the host side, refresh and filter changes while a level is loading, and
// getSessions after the access token has expired.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import type { AccountNode, MonitorNode, SiteNode } from '../../src/views/nodes';
import { parseFilter } from '../../src/views/tree';
import {
  api,
  children,
  clearFaults,
  requestLog,
  resetStats,
  sandboxUrl,
  scriptUi,
  setFault,
  setTokenLifetime,
  signInWithPassword,
  signOutAll,
  until,
} from './helpers';
import { pickText } from '../../src/util/inert';

/** The `exp` claim (seconds) of a JWT, read without verifying it. */
function expOf(jwt: string): number {
  const payload = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as { exp?: number };
  assert.ok(typeof payload.exp === 'number', 'the access token has an exp');
  return payload.exp;
}

describe('tree and account commands', function () {
  this.timeout(60_000);
  let a: TestingApi;
  let root: AccountNode;
  let site: SiteNode;
  let monitor: MonitorNode;

  before(async () => {
    a = await api();
    await signOutAll();
    await signInWithPassword('demo@hoxton.test', 'demo');
    [root] = (await children(a)) as AccountNode[];
    const sites = (await children(a, root)).filter((n): n is SiteNode => n.kind === 'site' && n.site.name !== 'Distribution Centre');
    assert.ok(sites.length > 0);
    site = sites[0];
    const monitors = (await children(a, site)).filter((n): n is MonitorNode => n.kind === 'monitor');
    assert.ok(monitors.length > 0);
    monitor = monitors[0];
  });
  afterEach(async () => {
    await clearFaults();
    a.tree.setFilter(undefined);
  });
  after(async () => {
    await setTokenLifetime(86_400);
    await signOutAll();
  });

  it('copies a node id and its JSON to the clipboard', async () => {
    await vscode.env.clipboard.writeText('');
    await vscode.commands.executeCommand('hoxton.copyId', monitor);
    assert.strictEqual(await vscode.env.clipboard.readText(), monitor.monitor.id);
    await vscode.commands.executeCommand('hoxton.copyJson', site);
    const json = JSON.parse(await vscode.env.clipboard.readText()) as { id?: string; name?: string };
    assert.strictEqual(json.id, site.site.id);
    assert.strictEqual(json.name, site.site.name);
  });

  it('reveals a site and a monitor in the Control Room at the configured address', async () => {
    const ui = scriptUi({});
    try {
      await vscode.commands.executeCommand('hoxton.revealInControlRoom', site);
      await vscode.commands.executeCommand('hoxton.revealInControlRoom', monitor);
    } finally {
      ui.restore();
    }
    const base = vscode.workspace.getConfiguration('hoxton').get<string>('controlRoomUrl');
    assert.ok(base);
    assert.deepStrictEqual(
      ui.opened.map((u) => decodeURIComponent(u)),
      [`${base}/sites/${site.site.id}`, `${base}/monitors/${monitor.monitor.id}`].map((u) =>
        decodeURIComponent(vscode.Uri.parse(u).toString()),
      ),
    );
  });

  it('filters the tree through the command and clears the filter', async () => {
    const name = monitor.monitor.name;
    const ui = scriptUi({ inputs: [name] });
    try {
      await vscode.commands.executeCommand('hoxton.filterTree');
    } finally {
      ui.restore();
    }
    assert.strictEqual(ui.inputPrompts.length, 1, 'asked for the filter text');
    const shown = (await children(a, site)).filter((n): n is MonitorNode => n.kind === 'monitor');
    assert.ok(shown.length >= 1);
    assert.ok(
      shown.every((m) => m.monitor.name.toLowerCase().includes(name.toLowerCase())),
      shown.map((m) => m.monitor.name).join(),
    );
    const all = (await a.connections.client(root.accountId).listMonitors({ siteId: site.site.id, limit: 500 })).data;
    await vscode.commands.executeCommand('hoxton.clearFilter');
    const after = (await children(a, site)).filter((n): n is MonitorNode => n.kind === 'monitor');
    assert.strictEqual(after.length, all.length, 'every monitor of the site shows again');
  });

  it('switches account: "Sign out of …" signs that account out', async () => {
    await signInWithPassword('ops@borough.test', 'borough', 'sandbox-borough-secret', 'sandbox-borough');
    const before = await a.auth.listAccounts();
    assert.strictEqual(before.length, 2);
    const borough = before.find((x) => /Olly Ops/.test(x.label));
    assert.ok(borough, before.map((x) => x.label).join());
    const ui = scriptUi({ picks: [`Sign out of ${pickText(borough.label)}`] });
    try {
      await vscode.commands.executeCommand('hoxton.switchAccount');
    } finally {
      ui.restore();
    }
    assert.deepStrictEqual(ui.pickTitles, ['HoxtonAi accounts']);
    const after = await a.auth.listAccounts();
    assert.deepStrictEqual(
      after.map((x) => x.id),
      before.filter((x) => x.id !== borough.id).map((x) => x.id),
    );
    await vscode.workspace.getConfiguration('hoxton').update('auth.clientId', 'sandbox-acme', vscode.ConfigurationTarget.Global);
  });

  it('saves a quick range as a report from its panel (host side of "Save as report…")', async () => {
    const range = (await children(a, monitor)).find((n) => n.kind === 'range' && n.preset === 'last_7_days');
    assert.ok(range);
    const before = new Set(a.panels.panels);
    await vscode.commands.executeCommand('hoxton.openReport', range);
    const panel = await until('the panel', () => a.panels.panels.find((p) => !before.has(p)));
    const probe = a.diagnostics.of(panel);
    await (probe.lastRendered ?? probe.nextRender());
    const name = `Saved from panel ${Date.now()}`;
    await resetStats();
    const ui = scriptUi({ inputs: [name] });
    try {
      await panel.handleMessage({ type: 'saveAsReport' });
    } finally {
      ui.restore();
    }
    const posts = await requestLog('POST /v1/reports');
    assert.strictEqual(posts.length, 1, 'one create request');
    const reports = (await a.connections.client(root.accountId).listReports({ monitorId: monitor.monitor.id, limit: 500 })).data;
    const saved = reports.find((r) => r.name === name);
    assert.ok(saved, `a report named ${name}`);
    assert.deepStrictEqual(saved.range, { preset: 'last_7_days' });
    assert.strictEqual(panel.target.report?.id, saved.id, 'the panel now shows the saved report');
    await a.connections.client(root.accountId).deleteReport(saved.id, saved.version);
    panel.panel.dispose();
  });

  it('refreshes while the sites are still loading and ends with the fresh list', async () => {
    await setFault({ route: 'GET /v1/sites', latencyMs: 800, times: 1 });
    await vscode.commands.executeCommand('hoxton.refreshTree');
    const [fresh] = (await a.tree.getChildren()) as AccountNode[];
    const first = await a.tree.getChildren(fresh); // starts the slow load
    assert.ok(
      first.some((n) => n.kind === 'message'),
      'the level is loading',
    );
    await vscode.commands.executeCommand('hoxton.refreshTree');
    const [again] = (await children(a)) as AccountNode[];
    const sites = await children(a, again);
    const api = await a.connections
      .client(again.accountId)
      .all((cursor) => a.connections.client(again.accountId).listSites({ cursor, limit: 500 }));
    assert.deepStrictEqual(
      sites.map((n) => (n.kind === 'site' ? n.site.id : n.kind)),
      api.map((s) => s.id),
      'exactly the sites, once each, no error or loading row',
    );
    root = again;
    site = sites.find((n): n is SiteNode => n.kind === 'site' && n.site.id === site.site.id)!;
  });

  it('applies a type filter set while the monitors are still loading', async () => {
    await setFault({ route: 'GET /v1/monitors', latencyMs: 800, times: 1 });
    site.monitors.reset();
    const first = await a.tree.getChildren(site); // starts the slow, unfiltered load
    assert.ok(
      first.some((n) => n.kind === 'message'),
      'the level is loading',
    );
    a.tree.setFilter(parseFilter('type:occupancy'));
    const shown = (await children(a, site)).filter((n): n is MonitorNode => n.kind === 'monitor');
    const expected = (await a.connections.client(root.accountId).listMonitors({ siteId: site.site.id, type: 'occupancy', limit: 500 }))
      .data;
    assert.ok(expected.length > 0, 'the site has occupancy monitors');
    assert.deepStrictEqual(
      shown.map((m) => m.monitor.id),
      expected.map((m) => m.id),
      'only the occupancy monitors, not the answer of the unfiltered request',
    );
  });

  it('getSessions never returns an expired access token', async () => {
    await setTokenLifetime(2);
    const id = await signInWithPassword('demo@hoxton.test', 'demo');
    const [first] = (await a.auth.getSessions()).filter((s) => s.account.id === id);
    assert.ok(first);
    const exp = expOf(first.accessToken);
    // Wait past that token's expiry (no guessed duration), then ask again.
    await new Promise((r) => setTimeout(r, Math.max(0, exp * 1000 - Date.now()) + 50));
    const [later] = (await a.auth.getSessions()).filter((s) => s.account.id === id);
    assert.ok(later, 'the session is still there');
    assert.notStrictEqual(later.accessToken, first.accessToken, 'a renewed token');
    const res = await fetch(`${sandboxUrl()}/v1/organisation`, { headers: { Authorization: `Bearer ${later.accessToken}` } });
    assert.strictEqual(res.status, 200, 'the API accepts the token getSessions returned');
    await setTokenLifetime(86_400);
  });
});
