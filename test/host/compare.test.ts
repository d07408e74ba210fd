// Compare with another period inside the real extension host: a saved report's `compare` round-trips through the
// sandbox into the tree and the panel, and the panel fetches both periods (counted in the sandbox's request log),
// the comparison with the same interval, directions and time zone.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import type { MonitorNode, ReportNode, SiteNode } from '../../src/views/nodes';
import { api, children, requestLog, resetStats, signInWithPassword, signOutAll, until, openAndRender } from './helpers';

async function peopleCountMonitor(a: TestingApi): Promise<MonitorNode> {
  const [root] = await children(a);
  for (const site of (await children(a, root)) as SiteNode[]) {
    if (site.site.timezone !== 'Europe/London') continue;
    const m = (await children(a, site)).find((n): n is MonitorNode => n.kind === 'monitor' && n.monitor.type === 'people_count');
    if (m) return m;
  }
  throw new Error('no people-count monitor in London');
}

/** YYYY-MM-DD of an ISO string's own local date, moved by `days` (calendar arithmetic on the date alone). */
const dayOf = (iso: string, days = 0, years = 0): string => {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return new Date(Date.UTC(y + years, m - 1, d + days)).toISOString().slice(0, 10);
};

describe('compare with another period (host)', function () {
  this.timeout(120_000);
  let a: TestingApi;
  let accountId: string;

  before(async () => {
    a = await api();
    await signOutAll();
    accountId = await signInWithPassword('demo@hoxton.test', 'demo');
  });
  after(async () => {
    a.panels.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await signOutAll();
  });

  it('a saved report with compare round-trips through the sandbox; its panel fetches both periods', async () => {
    const monitor = await peopleCountMonitor(a);
    const created = await a.connections.client(accountId).createReport({
      name: 'Week on week',
      monitor_id: monitor.monitor.id,
      range: { preset: 'last_7_days' },
      interval: '1h',
      compare: { kind: 'previous' },
    });
    assert.deepStrictEqual(created.compare, { kind: 'previous' });
    a.tree.reloadReports(monitor);
    const node = await until('the report in the tree', async () =>
      (await children(a, monitor)).find((n): n is ReportNode => n.kind === 'report' && n.report.id === created.id),
    );
    assert.deepStrictEqual(node.report.compare, { kind: 'previous' });

    await resetStats();
    const { panel, rendered } = await openAndRender(a, node);
    assert.deepStrictEqual(panel.target.compare, { kind: 'previous' });
    assert.ok(rendered.canvas.painted);
    const main = await a.reports.data(panel.target);
    const saved = await requestLog(`GET /v1/reports/${created.id}/data`);
    const monitorData = await requestLog(`GET /v1/monitors/${monitor.monitor.id}/data`);
    assert.strictEqual(saved.length, 1, 'the saved report’s own data, once');
    assert.strictEqual(monitorData.length, 1, 'the comparison period, once');
    const q = monitorData[0].query;
    // The 7 local days right before the report's: it ends where the report starts, at local midnight.
    assert.strictEqual(Date.parse(q.get('end') ?? ''), Date.parse(main.start));
    assert.strictEqual(q.get('start')?.slice(0, 19), `${dayOf(main.start, -7)}T00:00:00`);
    assert.strictEqual(q.get('interval'), '1h');
    assert.strictEqual(q.get('timezone'), 'Europe/London');
    assert.strictEqual(panel.heldBuckets, 2 * main.buckets.length, 'the panel holds both periods (7 days each, hourly)');

    // Same period last year: one more request, for the same local dates a year earlier; none for the main data.
    await resetStats();
    const next = a.diagnostics.of(panel).nextRender();
    await panel.handleMessage({
      type: 'change',
      range: { preset: 'last_7_days' },
      interval: '1h',
      directions: null,
      compare: { kind: 'last_year' },
    });
    await next;
    const all = await requestLog('GET ');
    assert.strictEqual(all.length, 1, all.map((r) => r.path).join(', '));
    assert.strictEqual(all[0].query.get('start')?.slice(0, 19), `${dayOf(main.start, 0, -1)}T00:00:00`);
    assert.strictEqual(all[0].query.get('end')?.slice(0, 19), `${dayOf(main.end, 0, -1)}T00:00:00`);

    // None: no request at all (both are cached), and the target forgets the comparison.
    await resetStats();
    const none = a.diagnostics.of(panel).nextRender();
    await panel.handleMessage({ type: 'change', range: { preset: 'last_7_days' }, interval: '1h', directions: null, compare: null });
    await none;
    assert.strictEqual(panel.target.compare, null);
    assert.deepStrictEqual(await requestLog('GET '), []);

    // Closed: the panel lets go of its data, whatever still holds the panel object (here, this test).
    assert.strictEqual(panel.heldBuckets, main.buckets.length);
    panel.panel.dispose();
    await until('the closed panel to hold no data', () => panel.heldBuckets === 0 || undefined);
  });
});
