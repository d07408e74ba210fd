// Exports and copies in the report's time zone, in the real extension host: Copy Report Data as JSON through the real
// clipboard, and the CSV / JSON export of a compared report through the scripted save dialog, for a London report
// spanning the 25 October 2026 change, with the sandbox writing its times in UTC (body fault `utcTimes`) as an API
// that does not write the zone's offsets would. Expected times are hand-written or formatted here with
// Intl.DateTimeFormat; counts and sums come from the sandbox's JSON fetched directly (direct.ts).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { parse } from 'csv-parse/sync';
import type { TestingApi } from '../../src/extension';
import type { ReportTarget } from '../../src/reports/target';
import type { MonitorNode, SiteNode } from '../../src/views/nodes';
import { directApi, type Data } from './direct';
import { api, children, clearFaults, exportToFile, openAndRender, setFault, signInWithPassword, signOutAll, until } from './helpers';

const TZ = 'Europe/London';

/** ISO with the zone's offset, from Intl alone: the wall-clock parts in the zone and their distance from UTC. */
function londonIso(ms: number): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: TZ,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  const wall = `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
  const off = (Date.parse(`${wall}Z`) - ms) / 60_000;
  const abs = Math.abs(off);
  return `${wall}${off < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

describe('exports in the report time zone (host)', function () {
  this.timeout(120_000);
  let a: TestingApi;
  let direct: Awaited<ReturnType<typeof directApi>>;
  let base: Omit<ReportTarget, 'range' | 'interval' | 'directions' | 'report'>;
  let monitor: MonitorNode;

  /** The sandbox's own JSON for a custom range of the monitor (its times with the zone's offsets). */
  const sandboxData = (start: string, end: string): Promise<Data> =>
    direct.get(
      `/v1/monitors/${monitor.monitor.id}/data?start=${encodeURIComponent(start)}&end=${encodeURIComponent(end)}&interval=1h&timezone=${encodeURIComponent(TZ)}`,
    ) as Promise<Data>;

  before(async () => {
    a = await api();
    await signOutAll();
    await signInWithPassword('demo@hoxton.test', 'demo');
    direct = await directApi('demo@hoxton.test', 'demo');
    const [root] = await children(a);
    for (const site of (await children(a, root)) as SiteNode[]) {
      if (site.site.timezone !== TZ) continue;
      const m = (await children(a, site)).find((n): n is MonitorNode => n.kind === 'monitor' && n.monitor.type === 'people_count');
      if (m) {
        monitor = m;
        break;
      }
    }
    assert.ok(monitor, 'a people-count monitor in London');
    const accountId = (await a.auth.listAccounts())[0].id;
    base = {
      accountId,
      orgName: ((await direct.get('/v1/organisation')) as { name: string }).name,
      monitor: {
        id: monitor.monitor.id,
        name: monitor.monitor.name,
        type: monitor.monitor.type,
        capacity: monitor.monitor.capacity,
        directions: monitor.monitor.directions.map((d) => ({ id: d.id, name: d.name })),
      },
      site: { id: monitor.parent.site.id, name: monitor.parent.site.name, timezone: TZ },
    };
  });
  afterEach(() => clearFaults());
  after(async () => {
    a.panels.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await signOutAll();
  });

  it('Copy Report Data as JSON: London times across the October change, though the API sent UTC', async () => {
    // 24–26 October 2026, local: 24 + 25 + 24 hours. A range no other test asks for (nothing cached).
    const range = { start: '2026-10-24T00:00:00+01:00', end: '2026-10-27T00:00:00+00:00' };
    const target: ReportTarget = { ...base, report: null, range, interval: '1h', directions: null };
    const expected = await sandboxData(range.start, range.end); // before the fault: as the sandbox writes it
    await setFault({ route: 'GET /v1/monitors/', body: 'utcTimes' });
    await vscode.env.clipboard.writeText('');
    const returned = (await vscode.commands.executeCommand('hoxton.copyReportDataJson', target)) as string;
    const text = await until('the clipboard', async () => (await vscode.env.clipboard.readText()) || undefined);
    assert.strictEqual(text, returned);
    // The API really sent UTC (what the extension holds).
    const held = await a.reports.data(target);
    assert.match(held.buckets[0].start, /Z$/);

    const copied = JSON.parse(text) as Data;
    assert.strictEqual(copied.timezone, TZ);
    assert.strictEqual(copied.start, '2026-10-24T00:00:00+01:00');
    assert.strictEqual(copied.end, '2026-10-27T00:00:00+00:00');
    assert.strictEqual(copied.buckets.length, 73);
    // Hand-written: the repeated 01:00, once in BST and once in GMT, and the next midnight in GMT.
    assert.strictEqual(copied.buckets[24].start, '2026-10-25T00:00:00+01:00');
    assert.strictEqual(copied.buckets[25].start, '2026-10-25T01:00:00+01:00');
    assert.strictEqual(copied.buckets[26].start, '2026-10-25T01:00:00+00:00');
    assert.strictEqual(copied.buckets[49].start, '2026-10-26T00:00:00+00:00');
    // Every bucket: its instant in London time by Intl, and the sandbox's own (zoned) text; counts untouched.
    copied.buckets.forEach((b, i) => {
      assert.strictEqual(b.start, londonIso(Date.parse(held.buckets[i].start)), `bucket ${i}`);
      assert.strictEqual(b.start, expected.buckets[i].start, `bucket ${i} as the sandbox writes it`);
      assert.deepStrictEqual(b.counts, expected.buckets[i].counts, `bucket ${i} counts`);
    });
    assert.deepStrictEqual(copied.totals, expected.totals);
  });

  it('Copy Report Data as JSON of a compared range: the comparison beside it, in London time too', async () => {
    // The 25-hour day against the day before.
    const target: ReportTarget = {
      ...base,
      report: null,
      range: { start: '2026-10-25T00:00:00+01:00', end: '2026-10-26T00:00:00+00:00' },
      interval: '1h',
      directions: null,
      compare: { kind: 'previous' },
    };
    const day = await sandboxData('2026-10-25T00:00:00+01:00', '2026-10-26T00:00:00+00:00');
    const before = await sandboxData('2026-10-24T00:00:00+01:00', '2026-10-25T00:00:00+01:00');
    await setFault({ route: 'GET /v1/monitors/', body: 'utcTimes' });
    await vscode.env.clipboard.writeText('');
    await vscode.commands.executeCommand('hoxton.copyReportDataJson', target);
    const text = await until('the clipboard', async () => (await vscode.env.clipboard.readText()) || undefined);
    const copied = JSON.parse(text) as Data & { compare: { kind: string; data: Data } };
    assert.deepStrictEqual(
      copied.buckets.map((b) => b.start),
      day.buckets.map((b) => b.start),
    );
    assert.strictEqual(copied.buckets.length, 25);
    assert.strictEqual(copied.compare.kind, 'previous');
    assert.strictEqual(copied.compare.data.start, '2026-10-24T00:00:00+01:00');
    assert.strictEqual(copied.compare.data.end, '2026-10-25T00:00:00+01:00');
    assert.deepStrictEqual(
      copied.compare.data.buckets.map((b) => b.start),
      Array.from({ length: 24 }, (_, h) => `2026-10-24T${String(h).padStart(2, '0')}:00:00+01:00`),
    );
    assert.deepStrictEqual(copied.compare.data.totals, before.totals);
  });

  it('exports a compared report as CSV and JSON through the save dialog: sums and times checked against the sandbox', async () => {
    // A saved report over the 25-hour day, compared with the day before; opened in a panel as a person would.
    const created = await a.connections.client(base.accountId).createReport({
      name: 'Clocks back',
      monitor_id: monitor.monitor.id,
      range: { start: '2026-10-25T00:00:00+01:00', end: '2026-10-26T00:00:00+00:00' },
      interval: '1h',
      compare: { kind: 'previous' },
    });
    const day = (await direct.get(`/v1/reports/${created.id}/data`)) as Data;
    const before = await sandboxData('2026-10-24T00:00:00+01:00', '2026-10-25T00:00:00+01:00');
    // From here the API writes every report's times in UTC (lists are left as they are).
    await setFault({ route: 'GET /v1/', body: 'utcTimes' });
    a.tree.reloadReports(monitor);
    const node = await until('the report in the tree', async () =>
      (await children(a, monitor)).find((n) => n.kind === 'report' && n.report.id === created.id),
    );
    const { panel } = await openAndRender(a, node);
    assert.deepStrictEqual(panel.target.compare, { kind: 'previous' });
    assert.match((await a.reports.data(panel.target)).buckets[0].start, /Z$/, 'the API sent UTC');
    for (const format of ['csv', 'json'] as const) {
      const text = await exportToFile(panel, format);
      if (format === 'csv') {
        const rows = parse(text) as string[][];
        const names = day.directions.map((d) => d.name);
        assert.deepStrictEqual(rows[0], [`start (${TZ})`, ...names, 'compare_start', ...names.map((n) => `${n} (compared)`)]);
        const body = rows.slice(1);
        assert.strictEqual(body.length, 25);
        const nd = names.length;
        day.directions.forEach((d, k) => {
          assert.strictEqual(
            body.reduce((s, r) => s + Number(r[1 + k]), 0),
            day.totals[d.id],
            `${d.name}: the report's column adds up to its total`,
          );
          // 24 comparison hours meet 24 of the 25 local hours: every one of them, once.
          assert.strictEqual(
            body.reduce((s, r) => s + Number(r[2 + nd + k] || 0), 0),
            before.totals[d.id],
            `${d.name} (compared): adds up to the day before's total`,
          );
        });
        body.forEach((r, i) => assert.strictEqual(r[0], day.buckets[i].start, `row ${i + 1}`));
        // The repeated 01:00 (GMT) has no counterpart; its BST twin meets the day before's 01:00.
        assert.strictEqual(body[1][0], '2026-10-25T01:00:00+01:00');
        assert.strictEqual(body[1][1 + nd], '2026-10-24T01:00:00+01:00');
        assert.strictEqual(body[2][0], '2026-10-25T01:00:00+00:00');
        assert.deepStrictEqual(body[2].slice(1 + nd), ['', ...names.map(() => '')]);
        assert.strictEqual(body[24][1 + nd], '2026-10-24T23:00:00+01:00');
      } else {
        const json = JSON.parse(text) as Data & { compare: { kind: string; data: Data } };
        assert.strictEqual(json.timezone, TZ);
        assert.deepStrictEqual(json.totals, day.totals);
        assert.deepStrictEqual(
          json.buckets.map((b) => b.start),
          day.buckets.map((b) => b.start),
        );
        assert.strictEqual(json.compare.kind, 'previous');
        assert.deepStrictEqual(json.compare.data.totals, before.totals);
        assert.deepStrictEqual(
          json.compare.data.buckets.map((b) => b.start),
          before.buckets.map((b) => b.start),
        );
      }
    }
  });
});
