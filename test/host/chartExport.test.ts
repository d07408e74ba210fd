// Save Chart as PNG… and Copy Table in the real extension host: the panel's messages, a scripted save dialog and
// quick pick (the person), the real clipboard. Expected values come from the sandbox's JSON, formatted here with Intl.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { parse } from 'csv-parse/sync';
import type { TestingApi } from '../../src/extension';
import type { ReportPanel } from '../../src/panels/reportPanel';
import type { MonitorNode, Node, SiteNode } from '../../src/views/nodes';
import { api, children, expectErrorNotification, scriptUi, signInWithPassword, signOutAll, until } from './helpers';
import { wallClockFormat } from '../fixtures/wallClock';

// A 1 × 1 PNG.
const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

async function openLast7(a: TestingApi): Promise<ReportPanel> {
  const [root] = await children(a);
  let monitor: MonitorNode | undefined;
  for (const site of (await children(a, root)) as SiteNode[]) {
    monitor = (await children(a, site)).find((n): n is MonitorNode => n.kind === 'monitor' && n.monitor.type === 'people_count');
    if (monitor) break;
  }
  assert.ok(monitor);
  const node = (await children(a, monitor)).find((n: Node) => n.kind === 'range' && n.preset === 'last_7_days')!;
  const before = new Set(a.panels.panels);
  await vscode.commands.executeCommand('hoxton.openReport', node);
  const panel = await until('the panel', () => a.panels.panels.find((p) => !before.has(p)) ?? a.panels.panels.find((p) => p.panel.active));
  const probe = a.diagnostics.of(panel);
  if (!probe.lastRendered) await probe.nextRender();
  return panel;
}

describe('chart PNG and table copy (host)', function () {
  this.timeout(120_000);
  let a: TestingApi;

  before(async () => {
    a = await api();
    await signOutAll();
    await signInWithPassword('demo@hoxton.test', 'demo');
  });
  after(async () => {
    a.panels.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await signOutAll();
  });

  it('saves the page’s PNG bytes where the save dialog says; refuses bytes that are not a PNG', async () => {
    const panel = await openLast7(a);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoxton-png-'));
    const file = path.join(dir, 'chart.png');
    const w = vscode.window as unknown as Record<string, unknown>;
    const saved = w.showSaveDialog;
    const asked: vscode.SaveDialogOptions[] = [];
    const ui = scriptUi({});
    try {
      w.showSaveDialog = async (o: vscode.SaveDialogOptions) => {
        asked.push(o);
        return vscode.Uri.file(file);
      };
      const bytes = new Uint8Array(PNG_1X1);
      await panel.handleMessage({ type: 'savePng', png: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) });
      await until('the file', () => fs.existsSync(file) || undefined);
      assert.deepStrictEqual(fs.readFileSync(file), PNG_1X1);
      assert.deepStrictEqual(asked[0].filters, { PNG: ['png'] });
      assert.match(asked[0].defaultUri?.path ?? 'x.png', /\.png$/);

      expectErrorNotification(/not a PNG/);
      fs.rmSync(file);
      await panel.handleMessage({ type: 'savePng', png: new TextEncoder().encode('<svg/>').buffer });
      assert.strictEqual(asked.length, 1, 'no dialog for bytes that are not a PNG');
      assert.ok(!fs.existsSync(file));
      assert.ok(ui.messages.some((m) => /not a PNG/.test(m)));
    } finally {
      w.showSaveDialog = saved;
      ui.restore();
    }
  });

  it('Save Chart as PNG… on the real page: its bytes reach the host and are saved as a PNG of the chart', async () => {
    const panel = await openLast7(a);
    const rendered = a.diagnostics.of(panel).lastRendered!;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoxton-png-'));
    const file = path.join(dir, 'page.png');
    const w = vscode.window as unknown as Record<string, unknown>;
    const saved = w.showSaveDialog;
    const ui = scriptUi({});
    try {
      w.showSaveDialog = async () => vscode.Uri.file(file);
      a.diagnostics.of(panel).click('savePng');
      await until('the PNG file', () => (fs.existsSync(file) && fs.statSync(file).size > 0) || undefined, 20_000);
      const png = fs.readFileSync(file);
      assert.deepStrictEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
      assert.strictEqual(png.toString('latin1', 12, 16), 'IHDR');
      assert.strictEqual(png.readUInt32BE(16), rendered.canvas.width, 'as wide as the chart canvas');
      assert.ok(png.readUInt32BE(20) > rendered.canvas.height, 'the chart plus title, range and legend');
      assert.ok(
        ui.messages.some((m) => m.includes('page.png')),
        'says where it was saved',
      );
    } finally {
      w.showSaveDialog = saved;
      ui.restore();
    }
  });

  it('copies the table as TSV (round-trips through a TSV parser) and as Markdown, times in the report zone', async () => {
    const panel = await openLast7(a);
    const data = await a.reports.data(panel.target);
    const wall = wallClockFormat(data.timezone);
    const ui = scriptUi({ picks: ['Copy as TSV', 'Copy as Markdown'] });
    try {
      await vscode.env.clipboard.writeText('');
      a.diagnostics.of(panel).click('copyTable'); // the page's Copy Table button
      await until('the clipboard', async () => (await vscode.env.clipboard.readText()) || undefined, 20_000);
      const rows = parse(await vscode.env.clipboard.readText(), { delimiter: '\t' }) as string[][];
      assert.deepStrictEqual(rows[0], [`Start (${data.timezone})`, ...data.directions.map((d) => d.name)]);
      assert.strictEqual(rows.length, data.buckets.length + 1);
      data.buckets.forEach((b, i) => {
        assert.deepStrictEqual(
          rows[i + 1],
          [wall.format(Date.parse(b.start)), ...data.directions.map((d) => String(b.counts[d.id] ?? 0))],
          `row ${i + 1}`,
        );
      });

      await panel.handleMessage({ type: 'copyTable' });
      const md = (await vscode.env.clipboard.readText()).trimEnd().split('\n');
      assert.strictEqual(md.length, data.buckets.length + 2);
      assert.match(md[1], /^\| --- (\| ---: )+\|$/);
      assert.strictEqual(md[2], `| ${rows[1].join(' | ')} |`);
      assert.deepStrictEqual(ui.pickTitles, ['Copy Table', 'Copy Table']);
    } finally {
      ui.restore();
    }
  });
});
