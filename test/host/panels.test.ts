// Report panels and JSON documents inside the real extension host, with the real page rendering in the webview.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import { ReportPanels } from '../../src/panels/reportPanel';
import type { MonitorNode, ReportNode, SiteNode } from '../../src/views/nodes';
import type { Log } from '../../src/util/log';
import {
  EXTENSION_ID,
  api,
  children,
  exportToFile,
  resetStats,
  signInWithPassword,
  signOutAll,
  stats,
  until,
  openAndRender,
} from './helpers';

async function monitorsOfType(a: TestingApi, type: 'people_count' | 'occupancy'): Promise<MonitorNode> {
  const [root] = await children(a);
  for (const site of (await children(a, root)) as SiteNode[]) {
    const m = (await children(a, site)).find((n): n is MonitorNode => n.kind === 'monitor' && n.monitor.type === type);
    if (m) return m;
  }
  throw new Error(`no ${type} monitor`);
}

const sum = (o: Record<string, number>) => Object.values(o).reduce((s, n) => s + n, 0);

describe('report panels and JSON documents', function () {
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

  it('opens a quick range of a people-count monitor with a painted chart and the API totals', async () => {
    const monitor = await monitorsOfType(a, 'people_count');
    const last7 = (await children(a, monitor)).find((n) => n.kind === 'range' && n.preset === 'last_7_days')!;
    const { panel, rendered } = await openAndRender(a, last7);
    assert.match(panel.panel.title, new RegExp(`Last 7 days · ${monitor.monitor.name}`));
    assert.ok(rendered.canvas.painted, 'chart painted');
    assert.ok(rendered.canvas.width > 0 && rendered.canvas.height > 0);
    const data = await a.reports.data(panel.target);
    // One point per hour and direction; the hours come from the range (a DST change makes a week 167 or 169 hours).
    const hours = (Date.parse(data.end) - Date.parse(data.start)) / 3_600_000;
    assert.ok(hours >= 7 * 24 - 1 && hours <= 7 * 24 + 1, `${hours} hours in the last 7 days`);
    assert.strictEqual(data.buckets.length, hours);
    assert.strictEqual(rendered.points, hours * monitor.monitor.directions.length, 'one point per hour and direction');
    assert.deepStrictEqual(rendered.figures.totals, data.totals);
    assert.strictEqual(rendered.figures.peakOccupancy, null);
    assert.strictEqual(rendered.chartBuiltBefore, true, 'the page built the chart from the loading message, and the data fit it');
  });

  it('opens a saved report of an occupancy monitor with occupancy figures', async () => {
    const monitor = await monitorsOfType(a, 'occupancy');
    let report = (await children(a, monitor)).find((n): n is ReportNode => n.kind === 'report');
    if (!report) {
      await a.connections.client(accountId).createReport({
        name: 'Occupancy week',
        monitor_id: monitor.monitor.id,
        range: { preset: 'last_7_days' },
        interval: '1h',
      });
      a.tree.reloadReports(monitor);
      report = (await children(a, monitor)).find((n): n is ReportNode => n.kind === 'report')!;
    }
    await resetStats();
    const { panel, rendered } = await openAndRender(a, report);
    assert.ok(panel.panel.title.startsWith(report.report.name));
    assert.ok(rendered.canvas.painted);
    assert.ok(rendered.figures.peakOccupancy !== null && rendered.figures.peakOccupancy >= 0);
    assert.ok(rendered.figures.shareAboveThreshold !== null);
    assert.strictEqual(rendered.chartBuiltBefore, true, 'the loading message named the alert threshold the data came with');
    const s = await stats();
    assert.strictEqual(s.requests['GET /v1/reports/{id}/data'] ?? Object.entries(s.requests).find(([k]) => k.includes('/data'))?.[1], 1);
  });

  it('reveals the open panel instead of opening a second one', async () => {
    const monitor = await monitorsOfType(a, 'people_count');
    const today = (await children(a, monitor)).find((n) => n.kind === 'range' && n.preset === 'today')!;
    await openAndRender(a, today);
    const count = a.panels.panels.length;
    await vscode.commands.executeCommand('hoxton.openReport', today);
    assert.strictEqual(a.panels.panels.length, count);
  });

  it('refetches when the range, interval or directions change', async () => {
    // A panel of its own (an earlier test left this target's panel hidden behind others, its page unloaded).
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const monitor = await monitorsOfType(a, 'people_count');
    const node = (await children(a, monitor)).find((n) => n.kind === 'range' && n.preset === 'last_7_days')!;
    const { panel } = await openAndRender(a, node);
    await resetStats();
    const next = a.diagnostics.of(panel).nextRender();
    await panel.handleMessage({
      type: 'change',
      range: { preset: 'last_7_days' },
      interval: '1d',
      directions: [monitor.monitor.directions[0].id],
    });
    const rendered = await next;
    assert.strictEqual(rendered.points, 7);
    assert.deepStrictEqual(Object.keys(rendered.figures.totals), [monitor.monitor.directions[0].id]);
    const s = await stats();
    assert.strictEqual(
      Object.entries(s.requests)
        .filter(([k]) => k.includes('/data'))
        .reduce((n, [, v]) => n + v, 0),
      1,
    );
  });

  it('exports CSV and JSON through the save dialog', async () => {
    const monitor = await monitorsOfType(a, 'people_count');
    const node = (await children(a, monitor)).find((n) => n.kind === 'range' && n.preset === 'yesterday')!;
    const { panel } = await openAndRender(a, node);
    const data = await a.reports.data(panel.target);
    for (const format of ['csv', 'json'] as const) {
      const text = await exportToFile(panel, format);
      if (format === 'json') {
        assert.deepStrictEqual(JSON.parse(text), data);
      } else {
        const lines = text.trimEnd().split(/\r?\n/);
        assert.strictEqual(lines[0], [`start (${data.timezone})`, ...data.directions.map((d) => d.name)].join(','));
        assert.strictEqual(lines.length, data.buckets.length + 1);
        // Every row starts with the API's bucket start in full, offset included.
        lines.slice(1).forEach((l, i) => assert.strictEqual(l.split(',')[0], data.buckets[i].start, `row ${i + 1}`));
        const col = lines.slice(1).reduce((s, l) => s + Number(l.split(',')[1]), 0);
        assert.strictEqual(col, data.totals[data.directions[0].id]);
      }
    }
  });

  it('opens the report JSON from the cache: same content as the API, no extra request', async () => {
    const monitor = await monitorsOfType(a, 'people_count');
    const node = (await children(a, monitor)).find((n) => n.kind === 'range' && n.preset === 'last_30_days')!;
    const { panel } = await openAndRender(a, node);
    await resetStats();
    const uri = (await vscode.commands.executeCommand('hoxton.openReportJson', node)) as string;
    const doc = await until('the JSON editor', () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri));
    assert.strictEqual(doc.languageId, 'json');
    assert.ok(doc.uri.path.endsWith('/Last 30 days.json'), doc.uri.path);
    const s = await stats();
    assert.strictEqual(Object.entries(s.requests).filter(([k]) => k.includes('/data')).length, 0, JSON.stringify(s.requests));
    const fresh = await a.connections.client(accountId).getMonitorData(monitor.monitor.id, {
      start: (await a.reports.data(panel.target)).start,
      end: (await a.reports.data(panel.target)).end,
      interval: panel.target.interval,
      timezone: panel.target.site.timezone,
    });
    assert.deepStrictEqual(JSON.parse(doc.getText()), fresh);
    assert.strictEqual(sum(JSON.parse(doc.getText()).totals), sum(fresh.totals));
    // Read-only: an edit is refused.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(0, 0), 'x');
    const applied = await vscode.workspace.applyEdit(edit);
    if (applied) assert.ok(!(await doc.save()), 'a read-only document cannot be saved');
    // Refresh re-fetches.
    await resetStats();
    await vscode.commands.executeCommand('hoxton.refreshReportJson', doc.uri);
    assert.ok(Object.entries((await stats()).requests).some(([k]) => k.includes('/data')));
  });

  it('keeps the report data cache bounded (least recently used go first)', async function () {
    this.timeout(120_000);
    const monitor = await monitorsOfType(a, 'people_count');
    const node = (await children(a, monitor)).find((n) => n.kind === 'range' && n.preset === 'today')!;
    const { panel } = await openAndRender(a, node);
    const years = [2021, 2022, 2023, 2024];
    const targets = years.map((y) => ({
      ...panel.target,
      range: { start: `${y}-01-01T00:00:00+00:00`, end: `${y}-12-31T00:00:00+00:00` },
      interval: '15m' as const,
    }));
    for (const t of targets) assert.ok((await a.reports.data(t)).buckets.length > 34_000);
    const { buckets } = a.reports.size;
    assert.ok(buckets <= 100_000, `${buckets} buckets cached`);
    assert.ok(a.reports.cached(targets[3]), 'the most recent report stays cached');
    assert.strictEqual(a.reports.cached(targets[0]), undefined, 'the oldest was dropped');
  });

  it('restores a panel through the serializer from the ids in its state', async () => {
    const monitor = await monitorsOfType(a, 'people_count');
    const node = (await children(a, monitor)).find((n) => n.kind === 'range' && n.preset === 'this_month')!;
    const { panel } = await openAndRender(a, node);
    const state = { v: 1, selection: panel.selection() };
    const count = a.panels.panels.length;
    panel.panel.dispose();
    assert.strictEqual(a.panels.panels.length, count - 1);
    const fresh = vscode.window.createWebviewPanel('hoxton.report', 'restoring', vscode.ViewColumn.Active, {
      enableScripts: true,
    });
    await a.panels.deserializeWebviewPanel(fresh, JSON.parse(JSON.stringify(state)));
    const restored = a.panels.panels.find((p) => p.panel === fresh)!;
    assert.ok(restored, 'adopted');
    const probe = a.diagnostics.of(restored);
    const rendered = probe.lastRendered ?? (await probe.nextRender());
    assert.ok(rendered.canvas.painted);
    assert.match(fresh.title, /This month/);
  });

  it('without the diagnostics switch (not test mode): the page gets no test hooks and the panel drops diagnostics messages', async () => {
    const monitor = await monitorsOfType(a, 'people_count');
    const node = (await children(a, monitor)).find((n) => n.kind === 'range' && n.preset === 'yesterday')!;
    const { panel: tested } = await openAndRender(a, node);
    // Test mode on, and the size of the first data the page may warm up for (webview/report/warmup.ts).
    assert.match(tested.panel.webview.html, /<html lang="en" data-diagnostics="on" data-expected-buckets="\d+">/);

    const warnings: string[] = [];
    const log = { trace() {}, debug() {}, info() {}, warn: (m: string) => warnings.push(m), error() {} } as unknown as Log;
    const extensionUri = vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri;
    const production = new ReportPanels({ extensionUri, reports: a.reports, connections: a.connections, log });
    try {
      const panel = production.show(tested.target);
      assert.ok(!panel.panel.webview.html.includes('data-diagnostics'), 'the page is not told to wire its test hooks');
      const rendered = {
        type: 'rendered',
        requestId: 1,
        points: 1,
        renderMs: 1,
        canvas: { width: 1, height: 1, painted: true },
        figures: { totals: {}, busiest: null, peakOccupancy: null, shareAboveThreshold: null },
      };
      await panel.handleMessage(rendered);
      await panel.handleMessage({ type: 'probeResult', requestId: 1, state: 'data', text: '' });
      assert.strictEqual(a.diagnostics.of(panel).lastRendered, undefined);
      assert.strictEqual(warnings.filter((w) => w.includes('not understood')).length, 2, warnings.join('\n'));
      // The same message reaches the diagnostics of a test-mode panel.
      await tested.handleMessage({ ...rendered, requestId: 99 });
      assert.strictEqual(a.diagnostics.of(tested).lastRendered?.requestId, 99);
    } finally {
      production.dispose();
    }
  });
});
