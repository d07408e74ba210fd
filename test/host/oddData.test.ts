// Odd data degrades one item, not the view (issue #11): the tree and the report panel inside the real extension
// host against the sandbox's body faults, and server names that try to become links or reorder text.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { Report } from '../../src/api/types';
import type { TestingApi } from '../../src/extension';
import type { MessageNode, MonitorNode, Node, ReportNode, SiteNode } from '../../src/views/nodes';
import { api, children, clearFaults, setFault, signInWithPassword, signOutAll, until } from './helpers';

const label = (a: TestingApi, n: Node) => String(a.tree.getTreeItem(n).label);
const tooltipOf = (a: TestingApi, n: Node) => {
  const t = a.tree.resolveTreeItem(a.tree.getTreeItem(n), n).tooltip;
  assert.ok(t instanceof vscode.MarkdownString, 'a Markdown tooltip');
  return t;
};
/** The tooltip's Markdown with every code span taken out: what Markdown would still parse. */
const outsideCodeSpans = (md: string) => md.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, '');

describe('odd data from the server', function () {
  this.timeout(120_000);
  let a: TestingApi;
  let accountId: string;
  let root: Node;

  const reloadSites = async (): Promise<Node[]> => {
    a.tree.refresh();
    [root] = await children(a);
    return children(a, root);
  };

  before(async () => {
    a = await api();
    await signOutAll();
    await clearFaults();
    accountId = await signInWithPassword('demo@hoxton.test', 'demo');
  });
  afterEach(() => clearFaults());
  after(async () => {
    a.panels.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await signOutAll();
  });

  it('a site list with nulls, wrong types and unusable ids shows every usable site and one warning row', async () => {
    const clean = (await reloadSites()).filter((n): n is SiteNode => n.kind === 'site');
    assert.ok(clean.length >= 5, 'the fault needs five sites');
    await setFault({ route: 'GET /v1/sites', body: 'oddItems' });
    const odd = await reloadSites();
    const sites = odd.filter((n): n is SiteNode => n.kind === 'site');
    const messages = odd.filter((n): n is MessageNode => n.kind === 'message');
    assert.strictEqual(sites.length, clean.length - 2, 'only the two items without a usable id are left out');
    assert.deepStrictEqual(
      messages.map((m) => [m.tone, m.text]),
      [['warning', '2 items could not be read and are not shown']],
    );
    const nullNamed = sites.find((s) => s.site.id === clean[0].site.id);
    assert.ok(nullNamed);
    assert.strictEqual(label(a, nullNamed), '(unnamed)');
    assert.strictEqual(nullNamed.site.address, '');
    assert.match(tooltipOf(a, nullNamed).value, /\*\(unnamed\)\*/);
    assert.strictEqual(
      label(
        a,
        sites.find((s) => s.site.id === clean[1].site.id)!,
      ),
      '(unnamed)',
      'a number as a name',
    );
    assert.strictEqual(
      label(
        a,
        sites.find((s) => s.site.id === clean[2].site.id)!,
      ),
      clean[2].site.name,
      'unknown fields change nothing',
    );
    // The level still works: monitors of a repaired site load.
    const monitors = (await children(a, nullNamed)).filter((n) => n.kind === 'monitor');
    assert.ok(monitors.length > 0);
  });

  it('only a broken envelope fails the level', async () => {
    await setFault({ route: 'GET /v1/sites', body: 'badEnvelope' });
    const rows = await reloadSites();
    assert.strictEqual(rows.length, 1);
    assert.strictEqual(rows[0].kind, 'message');
    assert.strictEqual((rows[0] as MessageNode).tone, 'error');
    await clearFaults();
    assert.ok((await reloadSites()).some((n) => n.kind === 'site'));
  });

  it('hostile report names: no link, no stray backslash, bidi isolated', async () => {
    const sites = (await reloadSites()).filter((n): n is SiteNode => n.kind === 'site');
    const monitor = (await children(a, sites[0])).find((n): n is MonitorNode => n.kind === 'monitor')!;
    const client = a.connections.client(accountId);
    const names = [
      'See http://evil.example/a_b-c.d for more',
      '[Retry](command:hoxton.signOut) `tick` ``double``',
      'abc\u202Eevil\u202C tail',
      'line one\n\nline two <img src=x onerror=alert(1)>',
    ];
    const created: Report[] = [];
    for (const name of names) {
      created.push(await client.createReport({ name, monitor_id: monitor.monitor.id, range: { preset: 'today' }, interval: '1h' }));
    }
    try {
      a.tree.reloadReports(monitor);
      const reports = (await children(a, monitor)).filter((n): n is ReportNode => n.kind === 'report');
      for (const [i, name] of names.entries()) {
        const node = reports.find((r) => r.report.id === created[i].id);
        assert.ok(node, name);
        const shown = label(a, node);
        assert.ok(!/[\n\r\u202A-\u202E]/.test(shown), `label keeps no line break or override: ${JSON.stringify(shown)}`);
        const md = tooltipOf(a, node);
        assert.strictEqual(md.isTrusted, false);
        const rest = outsideCodeSpans(md.value);
        assert.ok(!/http|\]\(|<img|command:/.test(rest), `outside code spans: ${JSON.stringify(rest)}`);
        assert.ok(!md.value.includes('\\'), `no backslash escapes: ${JSON.stringify(md.value)}`);
      }
      const bidi = reports.find((r) => r.report.id === created[2].id)!;
      assert.strictEqual(label(a, bidi), '\u2068abcevil tail\u2069', 'overrides stripped and the name isolated');
    } finally {
      for (const r of created) await client.deleteReport(r.id);
    }
  });

  it('a report list with a null name shows "(unnamed)"', async () => {
    const sites = (await reloadSites()).filter((n): n is SiteNode => n.kind === 'site');
    const monitor = (await children(a, sites[0])).find((n): n is MonitorNode => n.kind === 'monitor')!;
    const client = a.connections.client(accountId);
    const r = await client.createReport({
      name: 'Will be null',
      monitor_id: monitor.monitor.id,
      range: { preset: 'today' },
      interval: '1h',
    });
    try {
      await setFault({ route: 'GET /v1/reports', body: 'oddItems' });
      a.tree.reloadReports(monitor);
      const reports = (await children(a, monitor)).filter((n): n is ReportNode => n.kind === 'report');
      assert.ok(reports.length > 0);
      assert.strictEqual(label(a, reports[0]), '(unnamed)');
    } finally {
      await clearFaults();
      await client.deleteReport(r.id);
    }
  });

  it('report data for another range than asked: the panel shows it and says that it differs', async () => {
    const sites = (await reloadSites()).filter((n): n is SiteNode => n.kind === 'site');
    const monitor = (await children(a, sites[0])).find((n): n is MonitorNode => n.kind === 'monitor')!;
    const node = (await children(a, monitor)).find((n) => n.kind === 'range' && n.preset === 'last_7_days')!;
    const before = new Set(a.panels.panels);
    await vscode.commands.executeCommand('hoxton.openReport', node);
    const panel = await until('the panel', () => a.panels.panels.find((p) => !before.has(p)));
    const probe = a.diagnostics.of(panel);
    if (!probe.lastRendered) await probe.nextRender();
    const plain = await probe.probe();
    assert.strictEqual(plain.state, 'data');
    assert.ok(!plain.text.includes('asked for'), plain.text);
    await setFault({ route: 'GET /v1/monitors/', body: 'otherRange' });
    const rendered = probe.nextRender();
    await panel.load(true);
    await rendered;
    const odd = await probe.probe();
    assert.strictEqual(odd.state, 'data', 'the data is shown');
    assert.match(odd.text, /HoxtonAi sent .* at \w+, not the .* at \w+ asked for\./);
  });
});
