// The Monitor Reports tree inside the real extension host, against the sandbox.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import type { AccountNode, MessageNode, MonitorNode, Node, ReportNode, SiteNode } from '../../src/views/nodes';
import { parseFilter } from '../../src/views/tree';
import {
  api,
  children,
  clearFaults,
  requestLog,
  resetStats,
  scriptUi,
  setFault,
  signInWithPassword,
  signOutAll,
  stats,
  until,
} from './helpers';

const label = (a: TestingApi, n: Node) => String(a.tree.getTreeItem(n).label);

/**
 * Sets hoxton.tree.autoRefreshMinutes and resolves once the change event has been delivered in this extension
 * host: the extension's listener was registered first, so by then it has restarted or stopped its timer.
 */
async function setAutoRefresh(minutes: number | undefined): Promise<void> {
  const config = vscode.workspace.getConfiguration('hoxton');
  if (config.inspect('tree.autoRefreshMinutes')?.globalValue === minutes) return;
  const delivered = new Promise<void>((resolve) => {
    const sub = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('hoxton.tree.autoRefreshMinutes')) {
        sub.dispose();
        resolve();
      }
    });
  });
  await config.update('tree.autoRefreshMinutes', minutes, vscode.ConfigurationTarget.Global);
  await delivered;
}

/** Signs in Dana Demo unless some account is signed in already. */
async function ensureSignedIn(a: TestingApi): Promise<void> {
  if ((await a.auth.listAccounts()).length === 0) await signInWithPassword('demo@hoxton.test', 'demo');
}

async function bigSite(a: TestingApi, root: Node): Promise<SiteNode> {
  const sites = (await children(a, root)).filter((n): n is SiteNode => n.kind === 'site');
  const big = sites.find((s) => s.site.name === 'Distribution Centre');
  assert.ok(big, 'the sandbox has a 1,000-monitor site');
  return big;
}

describe('Monitor Reports tree', function () {
  this.timeout(90_000);
  let a: TestingApi;

  before(async () => {
    a = await api();
    await signOutAll();
    await clearFaults();
    await vscode.workspace.getConfiguration('hoxton').update('tree.pageSize', 100, vscode.ConfigurationTarget.Global);
  });
  afterEach(async () => {
    await clearFaults();
    a.tree.setFilter(undefined);
  });
  after(async () => {
    await signOutAll();
    await vscode.workspace.getConfiguration('hoxton').update('http.timeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
  });

  it('is empty (the welcome view shows) when signed out', async () => {
    assert.deepStrictEqual(await a.tree.getChildren(), []);
  });

  it('shows organisation → sites → monitors → saved reports and quick ranges', async () => {
    await ensureSignedIn(a);
    await signInWithPassword('demo@hoxton.test', 'demo');
    const [root, ...others] = await children(a);
    assert.strictEqual(others.length, 0);
    assert.strictEqual(root.kind, 'account');
    assert.strictEqual(label(a, root), 'Acme Retail');
    assert.strictEqual(a.tree.getTreeItem(root).description, 'Dana Demo', 'the organisation is not repeated');
    const sites = (await children(a, root)) as SiteNode[];
    assert.ok(sites.length >= 2 && sites.every((s) => s.kind === 'site'));
    const siteItem = a.tree.getTreeItem(sites[0]);
    assert.strictEqual(siteItem.description, sites[0].site.timezone);
    assert.strictEqual(siteItem.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    const monitors = (await children(a, sites[0])).filter((n): n is MonitorNode => n.kind === 'monitor');
    assert.ok(monitors.length > 0);
    const kinds = new Set<string>();
    for (const site of sites.slice(0, 4)) {
      for (const m of (await children(a, site)).filter((n): n is MonitorNode => n.kind === 'monitor')) {
        const item = a.tree.getTreeItem(m);
        kinds.add(`${m.monitor.type}:${item.contextValue}:${(item.iconPath as vscode.ThemeIcon).id}`);
        if (m.monitor.type === 'occupancy') assert.match(String(item.description), /capacity \d+/);
        else assert.strictEqual(item.description, m.monitor.directions.map((d) => d.name).join(' / '));
        assert.strictEqual(item.tooltip, undefined, 'tooltips wait for hover');
        const resolved = a.tree.resolveTreeItem(item, m);
        assert.ok(resolved.tooltip instanceof vscode.MarkdownString && resolved.tooltip.value.includes(`ID: \`${m.monitor.id}\``));
      }
    }
    assert.ok(
      [...kinds].some((k) => k.startsWith('occupancy:monitor.occupancy')),
      [...kinds].join(),
    );
    assert.ok(
      [...kinds].some((k) => k.startsWith('people_count:monitor.peopleCount')),
      [...kinds].join(),
    );
    const under = await children(a, monitors[0]);
    const ranges = under.filter((n) => n.kind === 'range').map((n) => label(a, n));
    assert.deepStrictEqual(ranges, ['Today', 'Yesterday', 'Last 7 days', 'Last 30 days', 'This month', 'Last month']);
    const rangeItem = a.tree.getTreeItem(under.find((n) => n.kind === 'range')!);
    assert.strictEqual(rangeItem.command?.command, 'hoxton.openReport');
  });

  it('pages to the end of a 1,000-monitor site, one request per page', async () => {
    await ensureSignedIn(a);
    const [root] = await children(a);
    const site = await bigSite(a, root);
    site.monitors.reset(); // an earlier test may have loaded its first page
    await resetStats();
    let list = await children(a, site);
    let pages = 1;
    while (list[list.length - 1].kind === 'loadMore') {
      await a.tree.loadMore(list[list.length - 1] as never);
      list = await children(a, site);
      pages++;
    }
    const monitors = list.filter((n) => n.kind === 'monitor');
    assert.strictEqual(monitors.length, 1000);
    assert.strictEqual(new Set(monitors.map((n) => n.id)).size, 1000);
    assert.strictEqual(pages, 10);
    const s = await stats();
    const monitorRequests = Object.entries(s.requests)
      .filter(([k]) => k.startsWith('GET /v1/monitors'))
      .reduce((sum, [, n]) => sum + n, 0);
    assert.strictEqual(monitorRequests, 10);
    // Nothing is fetched again while the cache is fresh.
    await children(a, site);
    const again = await stats();
    assert.strictEqual(
      Object.entries(again.requests)
        .filter(([k]) => k.startsWith('GET /v1/monitors'))
        .reduce((sum, [, n]) => sum + n, 0),
      10,
    );
  });

  it('filters sites and monitors by name, and by type on the server', async () => {
    await ensureSignedIn(a);
    const [root] = await children(a);
    const sites = (await children(a, root)) as SiteNode[];
    const site = sites[0];
    const monitors = (await children(a, site)).filter((n): n is MonitorNode => n.kind === 'monitor');
    const target = monitors[monitors.length - 1].monitor.name;
    a.tree.setFilter(parseFilter(target));
    const shown = (await children(a, site)).filter((n): n is MonitorNode => n.kind === 'monitor');
    assert.ok(shown.length >= 1, 'the filter by name shows the monitor it names');
    assert.ok(
      shown.every((m) => m.monitor.name.toLowerCase().includes(target.toLowerCase())),
      shown.map((m) => m.monitor.name).join(),
    );
    assert.ok(
      monitors.some((m) => m.monitor.type === 'occupancy'),
      'the site has an occupancy monitor to find',
    );
    await resetStats();
    a.tree.setFilter(parseFilter('type:occupancy'));
    const occ = (await children(a, site)).filter((n): n is MonitorNode => n.kind === 'monitor');
    assert.ok(occ.length >= 1, 'the type filter shows the occupancy monitors');
    assert.ok(occ.every((m) => m.monitor.type === 'occupancy'));
    // On the server: the monitor listing carried the type (not filtered after fetching everything).
    const listed = await requestLog('GET /v1/monitors');
    assert.ok(listed.length >= 1, 'the type filter listed monitors again');
    assert.ok(
      listed.every((r) => r.query.get('type') === 'occupancy'),
      listed.map((r) => r.query.toString()).join(' | '),
    );
    a.tree.setFilter(parseFilter('no such name at all'));
    const none = await children(a, root);
    assert.ok(none.length >= 1, 'the root still shows the organisation');
    assert.ok(none.every((n) => n.kind !== 'site' || (n as SiteNode).monitors.items.length > 0));
  });

  it('shows an error row with Retry when a level fails, and the rest stays usable', async () => {
    await ensureSignedIn(a);
    const [root] = await children(a);
    const sites = (await children(a, root)) as SiteNode[];
    a.tree.refresh();
    await children(a, root);
    const fresh = (await children(a, root)) as SiteNode[];
    for (const [fault, pattern] of [
      [{ route: 'GET /v1/monitors', status: 500 }, /problem \(500\)/],
      [{ route: 'GET /v1/monitors', malformed: true }, /could not read/],
    ] as const) {
      await setFault(fault);
      const site = fresh.find((s) => s.site.id === sites[1].site.id)!;
      site.monitors.reset();
      const rows = await children(a, site);
      assert.strictEqual(rows.length, 1);
      const err = rows[0] as MessageNode;
      assert.strictEqual(err.kind, 'message');
      assert.strictEqual(err.tone, 'error');
      assert.match(err.text, pattern);
      assert.strictEqual(a.tree.getTreeItem(err).contextValue, 'error');
      assert.strictEqual(a.tree.getTreeItem(err).command?.command, 'hoxton.retry');
      // Another level still loads.
      await clearFaults();
      await vscode.commands.executeCommand('hoxton.retry', err);
      const after = await children(a, site);
      assert.ok(
        after.some((n) => n.kind === 'monitor'),
        'Retry loaded the monitors',
      );
    }
  });

  it('says so when the API is too slow, and loads on retry', async () => {
    await ensureSignedIn(a);
    await vscode.workspace.getConfiguration('hoxton').update('http.timeoutSeconds', 1, vscode.ConfigurationTarget.Global);
    const [root] = await children(a);
    const site = ((await children(a, root)) as SiteNode[])[0];
    await setFault({ route: 'GET /v1/monitors', latencyMs: 2500 });
    site.monitors.reset();
    const rows = await until(
      'timeout row',
      async () => {
        const r = await children(a, site);
        return r[0].kind === 'message' && (r[0] as MessageNode).tone === 'error' ? r : undefined;
      },
      30_000,
    );
    assert.match((rows[0] as MessageNode).text, /did not answer in time/);
    await clearFaults();
    await vscode.workspace.getConfiguration('hoxton').update('http.timeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    a.tree.retry(rows[0] as MessageNode);
    assert.ok((await children(a, site)).some((n) => n.kind === 'monitor'));
  });

  it('creates, renames, edits and deletes a saved report; a stale edit gets a 409 and a reload', async () => {
    await ensureSignedIn(a);
    const [root] = await children(a);
    const site = ((await children(a, root)) as SiteNode[])[0];
    const monitor = (await children(a, site)).find((n): n is MonitorNode => n.kind === 'monitor')!;
    const before = (await children(a, monitor)).filter((n) => n.kind === 'report').length;
    let ui = scriptUi({
      inputs: ['Lunch peak <b>bold</b>'],
      picks: ['Last 7 days', '1 hour', 'None', (items) => items.slice()],
    });
    try {
      const id = await vscode.commands.executeCommand('hoxton.newReport', monitor);
      assert.ok(id, ui.messages.join(' | '));
    } finally {
      ui.restore();
    }
    let reports = (await children(a, monitor)).filter((n): n is ReportNode => n.kind === 'report');
    assert.strictEqual(reports.length, before + 1);
    const created = reports.find((r) => r.report.name === 'Lunch peak <b>bold</b>')!;
    assert.ok(created);
    assert.strictEqual(label(a, created), 'Lunch peak <b>bold</b>', 'HTML in names is plain text');
    assert.match(String(a.tree.getTreeItem(created).description), /Last 7 days · 1 hour/);

    ui = scriptUi({ inputs: ['Lunch peak'] });
    try {
      await vscode.commands.executeCommand('hoxton.renameReport', created);
    } finally {
      ui.restore();
    }
    assert.strictEqual(created.report.name, 'Lunch peak');
    assert.strictEqual(created.report.version, 2);

    ui = scriptUi({
      picks: ['Custom dates…', '1 day', 'Same period last year', (items) => items.slice(0, 1)],
      inputs: ['2026-10-01', '2026-10-31'],
    });
    try {
      await vscode.commands.executeCommand('hoxton.editReport', created);
    } finally {
      ui.restore();
    }
    assert.strictEqual(created.report.interval, '1d');
    assert.ok('start' in created.report.range && created.report.range.start.startsWith('2026-10-01'));
    assert.deepStrictEqual(created.report.compare, { kind: 'last_year' });

    // Someone else edits it: our version is stale.
    const client = a.connections.client(monitor.accountId);
    await client.updateReport(created.report.id, created.report.version, { name: 'Changed elsewhere' });
    ui = scriptUi({ inputs: ['My rename'] });
    try {
      await vscode.commands.executeCommand('hoxton.renameReport', created);
      assert.ok(
        ui.messages.some((m) => /changed elsewhere/.test(m)),
        ui.messages.join(' | '),
      );
    } finally {
      ui.restore();
    }
    reports = (await children(a, monitor)).filter((n): n is ReportNode => n.kind === 'report');
    const latest = reports.find((r) => r.report.id === created.report.id)!;
    assert.strictEqual(latest.report.name, 'Changed elsewhere', 'the tree reloaded the latest version');

    ui = scriptUi({ messages: ['Delete'] });
    try {
      await vscode.commands.executeCommand('hoxton.deleteReport', latest);
      assert.ok(ui.messages.some((m) => /Delete the report “\u2068Changed elsewhere\u2069”/.test(m)));
    } finally {
      ui.restore();
    }
    reports = (await children(a, monitor)).filter((n): n is ReportNode => n.kind === 'report');
    assert.strictEqual(reports.length, before);
  });

  it('shows only their sites to a member, and two accounts side by side', async () => {
    await signOutAll();
    await signInWithPassword('demo@hoxton.test', 'demo');
    const [admin] = await children(a);
    const adminSites = (await children(a, admin)).length;
    await signInWithPassword('member@hoxton.test', 'member');
    await signInWithPassword('ops@borough.test', 'borough', 'sandbox-borough-secret', 'sandbox-borough');
    const roots = await children(a);
    assert.strictEqual(roots.length, 3);
    const member = roots.find((r) => r.kind === 'account' && /member/i.test(String(a.tree.getTreeItem(r).description)))!;
    assert.ok(member, roots.map((r) => a.tree.getTreeItem(r).description).join());
    const memberSites = (await children(a, member)).filter((n) => n.kind === 'site');
    assert.ok(memberSites.length > 0 && memberSites.length < adminSites, `${memberSites.length} of ${adminSites}`);
    assert.ok(roots.some((r) => label(a, r) === 'Borough Market'));
  });

  it('shows markup and very long names as plain text', async () => {
    await signInWithPassword('ops@borough.test', 'borough', 'sandbox-borough-secret', 'sandbox-borough');
    const borough = (await children(a)).find((r) => label(a, r) === 'Borough Market')!;
    let hostile: MonitorNode | undefined;
    for (const site of (await children(a, borough)) as SiteNode[]) {
      hostile ??= (await children(a, site)).find((n): n is MonitorNode => n.kind === 'monitor' && n.monitor.name.includes('<img'));
    }
    assert.ok(hostile, 'the sandbox has a monitor with markup in its name');
    const item = a.tree.resolveTreeItem(a.tree.getTreeItem(hostile), hostile);
    assert.strictEqual(item.label, hostile.monitor.name, 'the label is the name, as plain text');
    assert.ok(hostile.monitor.name.length > 150);
    const tooltip = (item.tooltip as vscode.MarkdownString).value;
    // Server strings are code spans, inside which Markdown and HTML are not parsed: markup only appears inside one.
    assert.ok(tooltip.includes('<img'), tooltip.slice(0, 200));
    const outsideCode = tooltip.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, '');
    assert.ok(!/<img/.test(outsideCode), `markup outside a code span: ${outsideCode.slice(0, 200)}`);
    assert.strictEqual((item.tooltip as vscode.MarkdownString).supportHtml, false);
    await signOutAll();
  });

  it('refreshes by itself when auto-refresh is on (every minute at the most often)', async function () {
    this.timeout(150_000);
    await ensureSignedIn(a);
    const [root] = (await children(a)) as AccountNode[];
    await children(a, root);
    const loadedAt = root.sites.loadedAt;
    await resetStats();
    // Less than a minute is raised to one (0 is off): the refresh comes after a minute.
    await setAutoRefresh(0.01);
    try {
      // The timer drops what was loaded; the view (or the next look) asks again and the sites are fetched anew.
      await until('an automatic refresh', () => (root.sites.state === 'idle' ? true : undefined), 100_000);
      // Stop the timer before looking, so that no further tick can race the checks (or outlive the test).
      await setAutoRefresh(undefined);
      await children(a, root);
      assert.ok(root.sites.loadedAt > loadedAt);
      assert.ok(((await stats()).requests['GET /v1/sites'] ?? 0) >= 1, 'the sites were fetched again');
    } finally {
      await setAutoRefresh(undefined);
    }
  });

  it('reveals a loaded item (getParent) and clears when signed out', async () => {
    await ensureSignedIn(a);
    const [root] = await children(a);
    const site = ((await children(a, root)) as SiteNode[])[0];
    const monitor = (await children(a, site)).find((n): n is MonitorNode => n.kind === 'monitor')!;
    assert.strictEqual(a.tree.getParent(monitor), site);
    assert.strictEqual(a.tree.getParent(site), root);
    await vscode.commands.executeCommand('workbench.view.extension.hoxton');
    await a.treeView.reveal(monitor, { select: true, focus: false });
    assert.strictEqual(a.treeView.selection[0], monitor);
    await signOutAll();
    assert.deepStrictEqual(await a.tree.getChildren(), []);
  });
});
