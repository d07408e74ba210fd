// The several-monitor page (multi.js) in real headless Chromium: a failing monitor's legend entry with its error and
// Retry while the others render, and the series totals (each monitor, the total of the selected monitors, one
// direction) computed here from the raw JSON of each monitor's report, not by the page's code.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import type { ReportData } from '../../src/api/types';
import type { ReportTarget } from '../../src/reports/target';
import { toColumns } from '../../src/shared/columns';
import { alignComparison } from '../../src/shared/compare';
import type { MultiEntry } from '../../src/shared/multiMessages';
import type { ReportSelection } from '../../src/shared/reportMessages';
import { IN_OUT, makeReportData } from './fixtures';
import { changeAbsolute as signed, changePercent as pct, en } from './expectedFigures';
import { launchChromium, openWebviewPage, ROOT, startWebviewServer, type WebviewPage, type WebviewServer } from './webviewPage';

const FSI = '\u2068';
const PDI = '\u2069';
const TZ = 'Europe/London';

/** Monitor `i`'s report: two days of 15 minutes, in and out, its own numbers. */
function report(i: number, name: string): ReportData {
  const d = makeReportData({
    buckets: 192,
    interval: '15m',
    timezone: TZ,
    directions: IN_OUT,
    seed: 100 + i,
    scale: 20 + 15 * i,
    monitorName: name,
  });
  return { ...d, monitor: { ...d.monitor, id: `mon_${i}`, name } };
}

/** Sums over the buckets of the report's JSON as the API sent it: every direction, or one. */
function jsonSum(json: string, direction?: string): number {
  const d = JSON.parse(json) as { buckets: { counts: Record<string, number> }[] };
  let s = 0;
  for (const b of d.buckets) for (const [k, v] of Object.entries(b.counts)) if (direction === undefined || k === direction) s += v;
  return s;
}

/** Monitor `i`'s comparison period: the two days before, its own numbers; all zero when `zero`. */
function previous(i: number, name: string, zero = false): ReportData {
  const d = makeReportData({
    buckets: 192,
    interval: '15m',
    timezone: TZ,
    directions: IN_OUT,
    seed: 300 + i,
    scale: 18 + 14 * i,
    monitorName: name,
    startDate: '2025-11-27',
  });
  if (zero)
    return { ...d, buckets: d.buckets.map((b) => ({ ...b, counts: { dir_in: 0, dir_out: 0 } })), totals: { dir_in: 0, dir_out: 0 } };
  return d;
}

function selection(monitors: { id: string; name: string }[]): ReportSelection {
  const ms: ReportTarget['monitor'][] = monitors.map((m) => ({
    id: m.id,
    name: m.name,
    type: 'people_count',
    capacity: null,
    directions: IN_OUT,
  }));
  const target: ReportTarget = {
    accountId: 'test|org_test|user',
    monitor: ms[0],
    monitors: ms,
    site: { id: 'site_test', name: 'Test site', timezone: TZ },
    orgName: 'Test organisation',
    report: null,
    range: { preset: 'last_7_days' },
    interval: '15m',
    directions: null,
  };
  return { title: 'Last 7 days · Test site · 3 monitors', target };
}

describe('several-monitor page (Chromium)', function () {
  this.timeout(120_000);
  let server: WebviewServer;
  let browser: Browser;
  let wp: WebviewPage | undefined;

  before(async () => {
    for (const f of ['multi.js', 'multi.css']) {
      if (!fs.existsSync(path.join(ROOT, 'dist', 'webview', f)))
        throw new Error(`dist/webview/${f} is missing: run npx webpack --config-name webview`);
    }
    server = await startWebviewServer();
    browser = await launchChromium();
  });
  afterEach(async () => {
    if (!wp) return;
    assert.deepStrictEqual(await wp.cspViolations(), [], 'CSP violations');
    assert.deepStrictEqual(wp.pageErrors, [], 'page errors');
    await wp.close();
    wp = undefined;
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows a failing monitor’s error with Retry in its own legend entry while the others render, and the totals', async () => {
    wp = await openWebviewPage(browser, server, { bundle: 'multi', timezoneId: 'America/Los_Angeles' });
    const names = ['North Door', 'South <b>Door</b>', 'Lift Lobby'];
    const reports = [report(0, names[0]), report(1, names[1]), report(2, names[2])];
    const json = reports.map((r) => JSON.stringify(r));
    const sel = selection(reports.map((r) => r.monitor));
    const error = 'HoxtonAi had a problem (500). Try again shortly. <img src=x onerror=alert(1)>';
    const monitors: MultiEntry[] = [
      { id: 'mon_0', name: names[0], data: toColumns(reports[0]) },
      { id: 'mon_1', name: names[1], data: null, error },
      { id: 'mon_2', name: names[2], data: toColumns(reports[2]) },
    ];
    const requestId = wp.nextRequestId();
    await wp.postHostMessage({ type: 'multiLoading', requestId, selection: sel, done: 1, total: 3 });
    await wp.page.locator('.multi-progress', { hasText: 'Loading 1 of 3 monitors…' }).waitFor();
    await wp.postHostMessage({ type: 'multiData', requestId, selection: sel, monitors });
    const rendered = await wp.waitForPosted('rendered', { where: (m) => m.requestId === requestId, timeout: 30_000 });
    assert.ok(rendered.type === 'rendered' && rendered.canvas.painted, 'the chart of the others is painted');

    // The failing monitor: its own entry, its name isolated and as text, its error as text, a Retry that posts its id.
    const failed = wp.page.locator('.multi-failed[data-monitor-id="mon_1"]');
    assert.strictEqual(await failed.count(), 1);
    assert.strictEqual(await failed.locator('.figure-label-text').textContent(), `${FSI}${names[1]}${PDI}`);
    assert.strictEqual(await failed.locator('.multi-error').textContent(), error);
    assert.strictEqual(await wp.page.locator('.multi-legend img').count(), 0, 'nothing from the server became markup');
    await wp.clearPosted();
    await failed.locator('.multi-retry').click();
    await wp.page.waitForFunction(() =>
      (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'retryMonitor'),
    );
    assert.deepStrictEqual(
      (await wp.posted()).filter((m) => (m as { type: string }).type === 'retryMonitor'),
      [{ type: 'retryMonitor', id: 'mon_1' }],
    );

    // Totals: each working monitor (its directions summed) and the total of the selected monitors, from the JSON.
    const want0 = jsonSum(json[0]);
    const want2 = jsonSum(json[2]);
    assert.ok(rendered.type === 'rendered');
    assert.deepStrictEqual(rendered.figures.totals, { 'mon_0|': want0, 'mon_2|': want2, total: want0 + want2 });
    assert.strictEqual(rendered.points, 3 * 192, 'two monitors and the total, a point per bucket each');
    const total = wp.page.locator('.multi-total');
    assert.strictEqual((await total.locator('.figure-value').textContent())?.replace(/,/g, ''), String(want0 + want2));
    assert.match((await total.getAttribute('title')) ?? '', /sum of the selected monitors.*internal doors.*more than once/i);

    // Only "in": each monitor's first direction, and their sum.
    await wp.clearPosted();
    await wp.page.evaluate(() => {
      const s = document.getElementById('direction-mode') as HTMLElement & { value: string };
      s.value = 'in';
      s.dispatchEvent(new Event('change'));
    });
    const inOnly = await wp.waitForPosted('rendered');
    const in0 = jsonSum(json[0], 'dir_in');
    const in2 = jsonSum(json[2], 'dir_in');
    assert.ok(inOnly.type === 'rendered');
    assert.deepStrictEqual(inOnly.figures.totals, { 'mon_0|In': in0, 'mon_2|In': in2, total: in0 + in2 });

    // The total can be left out.
    await wp.clearPosted();
    await wp.page.evaluate(() => {
      const c = document.getElementById('total') as HTMLElement & { checked: boolean };
      c.checked = false;
      c.dispatchEvent(new Event('change'));
    });
    const noTotal = await wp.waitForPosted('rendered');
    assert.ok(noTotal.type === 'rendered');
    assert.deepStrictEqual(Object.keys(noTotal.figures.totals).sort(), ['mon_0|In', 'mon_2|In']);
    assert.strictEqual(await wp.page.locator('.multi-total').count(), 0);
  });

  it('compares with the previous period: each monitor’s total for both periods and the change, the total’s, dashed series', async () => {
    wp = await openWebviewPage(browser, server, { bundle: 'multi', timezoneId: 'Europe/London' });
    const names = ['North Door', 'South Door', 'Lift Lobby'];
    const reports = names.map((n, i) => report(i, n));
    const prev = names.map((n, i) => previous(i, n, i === 1));
    const json = reports.map((r) => JSON.stringify(r));
    const prevJson = prev.map((r) => JSON.stringify(r));
    const sel = selection(reports.map((r) => r.monitor));
    sel.target.compare = { kind: 'previous' };
    const entries = (withError: boolean): MultiEntry[] =>
      reports.map((r, i) => {
        const data = toColumns(r);
        if (withError && i === 2) return { id: `mon_${i}`, name: names[i], data, compareError: 'HoxtonAi had a problem (500).' };
        return { id: `mon_${i}`, name: names[i], data, compare: alignComparison(data, toColumns(prev[i]), { kind: 'previous' }) };
      });
    const requestId = wp.nextRequestId();
    await wp.postHostMessage({ type: 'multiData', requestId, selection: sel, monitors: entries(false) });
    const rendered = await wp.waitForPosted('rendered', { where: (m) => m.requestId === requestId, timeout: 30_000 });
    assert.ok(rendered.type === 'rendered' && rendered.canvas.painted);

    const now = json.map((j) => jsonSum(j));
    const before = prevJson.map((j) => jsonSum(j));
    assert.strictEqual(before[1], 0, 'a zero base');
    const sum = (a: number[]): number => a.reduce((x, y) => x + y, 0);
    assert.deepStrictEqual(rendered.figures.compareTotals, {
      'mon_0|': before[0],
      'mon_1|': before[1],
      'mon_2|': before[2],
      total: sum(before),
    });
    // The legend: "vs before · absolute · relative" per monitor and for the total, worked out here.
    const shown = await wp.page
      .locator('.multi-series-compare')
      .evaluateAll((els) =>
        els.map((e) => ['.compare-before', '.compare-absolute', '.compare-change'].map((c) => e.querySelector(c)?.textContent ?? '')),
      );
    const want = [0, 1, 2].map((i) => [en(before[i]), signed(now[i] - before[i]), pct(now[i], before[i])]);
    want.push([en(sum(before)), signed(sum(now) - sum(before)), pct(sum(now), sum(before))]);
    assert.deepStrictEqual(shown, want);
    assert.strictEqual(shown[1][2], 'new', 'from a zero base: new, no division by zero');
    assert.match((await wp.page.locator('.multi-compare-title').textContent()) ?? '', /Compared with the previous period/);
    // Each series again, dashed, in uPlot's legend: three monitors and the total, twice.
    const labels = await wp.page.locator('.u-legend .u-series .u-label').allTextContents();
    assert.strictEqual(labels.filter((l) => l.endsWith('(previous period)')).length, 4, labels.join(' | '));
    assert.strictEqual(rendered.points, 4 * 192, 'the main series, a point per bucket each');

    // One monitor's comparison fails: its error in its entry, the others still compared, no total comparison.
    const second = wp.nextRequestId();
    await wp.postHostMessage({ type: 'multiData', requestId: second, selection: sel, monitors: entries(true) });
    const r2 = await wp.waitForPosted('rendered', { where: (m) => m.requestId === second, timeout: 30_000 });
    assert.ok(r2.type === 'rendered');
    assert.deepStrictEqual(r2.figures.compareTotals, { 'mon_0|': before[0], 'mon_1|': before[1] });
    assert.match(
      (await wp.page.locator('[data-monitor-id="mon_2"] .multi-compare-error').textContent()) ?? '',
      /Could not load the previous period: HoxtonAi had a problem \(500\)/,
    );

    // Choosing "Same period last year" posts `change` with it and the range shown.
    await wp.clearPosted();
    await wp.page.evaluate(() => {
      const s = document.getElementById('compare') as HTMLElement & { value: string };
      s.value = 'last_year';
      s.dispatchEvent(new Event('change'));
    });
    await wp.page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'change'));
    assert.deepStrictEqual(
      (await wp.posted()).filter((m) => (m as { type: string }).type === 'change'),
      [{ type: 'change', range: { preset: 'last_7_days' }, interval: '15m', directions: null, compare: { kind: 'last_year' } }],
    );
  });

  it('offers a custom range: the date fields start from the data shown and post midnight to midnight in the site’s zone', async () => {
    // The browser runs in Los Angeles; the site is in London (UTC in November): midnights are London's.
    wp = await openWebviewPage(browser, server, { bundle: 'multi', timezoneId: 'America/Los_Angeles' });
    const reports = [report(0, 'North Door'), report(1, 'South Door')];
    const sel = selection(reports.map((r) => r.monitor));
    const requestId = wp.nextRequestId();
    const monitors: MultiEntry[] = reports.map((r, i) => ({ id: `mon_${i}`, name: r.monitor.name, data: toColumns(r) }));
    await wp.postHostMessage({ type: 'multiData', requestId, selection: sel, monitors });
    await wp.waitForPosted('rendered', { where: (m) => m.requestId === requestId, timeout: 30_000 });
    await wp.clearPosted();
    await wp.page.evaluate(() => {
      const s = document.getElementById('range') as HTMLElement & { value: string };
      s.value = 'custom';
      s.dispatchEvent(new Event('change'));
    });
    const fields = wp.page.locator('.custom-range');
    await fields.waitFor({ state: 'visible' });
    const value = (id: string) => wp!.page.evaluate((i) => (document.getElementById(i) as HTMLElement & { value: string }).value, id);
    // The fixture's two days start on 2025-11-29 (192 quarter hours): both days, the last one included.
    assert.deepStrictEqual([await value('range-from'), await value('range-to')], ['2025-11-29', '2025-11-30']);
    assert.deepStrictEqual(await wp.posted(), [], 'nothing asked before days are picked');
    await wp.page.evaluate(() => {
      const set = (id: string, v: string) => {
        const f = document.getElementById(id) as HTMLElement & { value: string };
        f.value = v;
        f.dispatchEvent(new Event('change'));
      };
      set('range-from', '2025-11-03');
      set('range-to', '2025-11-09');
    });
    // Each valid pair of days asks (From first: 3 to 30 November, then To: 3 to 9 November), as on the report page.
    await wp.page.waitForFunction(
      () => (window as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === 'change').length === 2,
    );
    const changes = (await wp.posted()).filter((m) => (m as { type: string }).type === 'change') as {
      range: { start: string; end: string };
      interval: string;
    }[];
    const last = changes[1];
    assert.strictEqual(Date.parse(last.range.start), Date.UTC(2025, 10, 3), 'midnight at the start of 3 November in London');
    assert.strictEqual(Date.parse(last.range.end), Date.UTC(2025, 10, 10), 'midnight after 9 November in London');
    assert.strictEqual(last.interval, '15m');

    // A custom range from the host shows "Custom…" with its days (a fresh page, as after a reload).
    await wp.close();
    wp = await openWebviewPage(browser, server, { bundle: 'multi', timezoneId: 'America/Los_Angeles' });
    const custom = selection(reports.map((r) => r.monitor));
    custom.target.range = { start: '2025-06-01T00:00:00+01:00', end: '2025-06-08T00:00:00+01:00' };
    await wp.postHostMessage({ type: 'multiLoading', requestId: wp.nextRequestId(), selection: custom, done: 0, total: 2 });
    await wp.page.locator('.custom-range').waitFor({ state: 'visible' });
    assert.strictEqual(await wp.page.evaluate(() => (document.getElementById('range') as HTMLElement & { value: string }).value), 'custom');
    assert.deepStrictEqual([await value('range-from'), await value('range-to')], ['2025-06-01', '2025-06-07']);
  });

  it('keeps the direction mode, the total and the comparison across a reload (webview state and the target)', async () => {
    wp = await openWebviewPage(browser, server, { bundle: 'multi', timezoneId: 'Europe/London' });
    const reports = [report(0, 'North Door'), report(1, 'South Door')];
    const json = reports.map((r) => JSON.stringify(r));
    const sel = selection(reports.map((r) => r.monitor));
    sel.target.compare = { kind: 'last_year' };
    const monitors: MultiEntry[] = reports.map((r, i) => ({ id: `mon_${i}`, name: r.monitor.name, data: toColumns(r) }));
    const first = wp.nextRequestId();
    await wp.postHostMessage({ type: 'multiData', requestId: first, selection: sel, monitors });
    await wp.waitForPosted('rendered', { where: (m) => m.requestId === first, timeout: 30_000 });
    await wp.clearPosted();
    await wp.page.evaluate(() => {
      const s = document.getElementById('direction-mode') as HTMLElement & { value: string };
      s.value = 'each';
      s.dispatchEvent(new Event('change'));
      const c = document.getElementById('total') as HTMLElement & { checked: boolean };
      c.checked = false;
      c.dispatchEvent(new Event('change'));
    });
    await wp.waitForPosted('rendered');
    const views = (await wp.posted()).filter((m) => (m as { type: string }).type === 'multiView');
    assert.deepStrictEqual(views.pop(), { type: 'multiView', view: { mode: 'each', total: false } }, 'the host is told');
    const state = (await wp.state()) as { selection: ReportSelection };
    assert.deepStrictEqual(state.selection.target.multiView, { mode: 'each', total: false });
    assert.deepStrictEqual(state.selection.target.compare, { kind: 'last_year' });

    // Reloaded: the page starts from its state, and the host's answer (an older selection without the view) keeps it.
    await wp.close();
    wp = await openWebviewPage(browser, server, { bundle: 'multi', timezoneId: 'Europe/London', initialState: state });
    const read = (id: string, prop: string) =>
      wp!.page.evaluate(([i, p]) => (document.getElementById(i) as unknown as Record<string, unknown>)[p], [id, prop] as const);
    assert.strictEqual(await read('direction-mode', 'value'), 'each');
    assert.strictEqual(await read('total', 'checked'), false);
    assert.strictEqual(await read('compare', 'value'), 'last_year');
    const again = wp.nextRequestId();
    await wp.postHostMessage({ type: 'multiData', requestId: again, selection: selection(reports.map((r) => r.monitor)), monitors });
    const r = await wp.waitForPosted('rendered', { where: (m) => m.requestId === again, timeout: 30_000 });
    assert.ok(r.type === 'rendered');
    assert.deepStrictEqual(r.figures.totals, {
      'mon_0|In': jsonSum(json[0], 'dir_in'),
      'mon_0|Out': jsonSum(json[0], 'dir_out'),
      'mon_1|In': jsonSum(json[1], 'dir_in'),
      'mon_1|Out': jsonSum(json[1], 'dir_out'),
    });
  });

  for (const count of [20, 50]) {
    it(`gives ${count} monitors and their total ${count + 1} distinct colours, the legend's swatches as drawn`, async () => {
      wp = await openWebviewPage(browser, server, { bundle: 'multi', timezoneId: 'Europe/London' });
      const reports = Array.from({ length: count }, (_, i) => {
        const d = makeReportData({ buckets: 24, interval: '1h', timezone: TZ, directions: IN_OUT, seed: 500 + i, scale: 10 + i });
        return { ...d, monitor: { ...d.monitor, id: `mon_${i}`, name: `Door ${i + 1}` } };
      });
      const sel = selection(reports.map((r) => r.monitor));
      const monitors: MultiEntry[] = reports.map((r) => ({ id: r.monitor.id, name: r.monitor.name, data: toColumns(r) }));
      const requestId = wp.nextRequestId();
      await wp.postHostMessage({ type: 'multiData', requestId, selection: sel, monitors });
      await wp.waitForPosted('rendered', { where: (m) => m.requestId === requestId, timeout: 30_000 });
      // The legend's swatches (each monitor's, then the total's) and uPlot's own legend markers (the drawn strokes).
      const swatches = await wp.page
        .locator('.multi-legend .multi-series .figure-swatch')
        .evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
      // uPlot's markers of the series (the time column's has no border): their colour and line style.
      const drawn = await wp.page
        .locator('.u-legend .u-series .u-marker')
        .evaluateAll((els) =>
          (els as HTMLElement[])
            .filter((m) => m.style.borderTopStyle !== '')
            .map((m) => [getComputedStyle(m).borderTopColor, m.style.borderTopStyle]),
        );
      const strokes = drawn.map(([c]) => c);
      assert.strictEqual(swatches.length, count + 1);
      assert.strictEqual(new Set(swatches).size, count + 1, `distinct colours: ${swatches.join(' ')}`);
      assert.deepStrictEqual(strokes, swatches, 'each swatch is the colour its series is drawn in');
      const styles = drawn.map(([, st]) => st);
      assert.ok(
        styles.every((st) => st === 'solid'),
        'solid lines: dashes are for the comparison',
      );
    });
  }
});
