// Compare with another period on the report page, in real headless Chromium: the data of two periods comes from the
// sandbox over HTTP (as the host gets it), the host's alignment builds the `compare` of the `data` message, and the
// figures, table and chart are checked against values worked out here from the sandbox's raw JSON (sums of bucket
// counts, local wall-clock times read from the ISO strings), not with the page's code.
//   npm run test:browser -- --grep "compare"
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import type { ReportData } from '../../src/api/types';
import { toColumns } from '../../src/shared/columns';
import { alignComparison, type CompareSpec } from '../../src/shared/compare';
import type { ReportSelection } from '../../src/shared/reportMessages';
import { startProjectSandbox, resultsDir, type Sandbox } from '../harness/codeServer';
import { seriesPixels } from './chartPixels';
import { makeSelection } from './fixtures';
import { changeAbsolute as signed, changePercent as pct, en } from './expectedFigures';
import { launchChromium, openWebviewPage, ROOT, startWebviewServer, type WebviewPage, type WebviewServer } from './webviewPage';

const SCREENSHOTS = path.join(resultsDir(), 'screenshots');

/** A signed-in reader of the sandbox's API (password grant with its confidential client). */
async function sandboxReader(sb: Sandbox): Promise<(p: string) => Promise<unknown>> {
  const res = await fetch(`${sb.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      username: 'demo@hoxton.test',
      password: 'demo',
      client_id: 'sandbox-acme-service',
      client_secret: 'sandbox-acme-service-secret',
    }),
  });
  assert.strictEqual(res.status, 200);
  const { access_token } = (await res.json()) as { access_token: string };
  return async (p) => {
    const r = await fetch(`${sb.url}${p}`, { headers: { authorization: `Bearer ${access_token}` } });
    assert.strictEqual(r.status, 200, p);
    return r.json();
  };
}

const sumOf = (d: ReportData, id: string): number => d.buckets.reduce((s, b) => s + (b.counts?.[id] ?? 0), 0);
const bucketSum = (b: ReportData['buckets'][number]): number => Object.values(b.counts ?? {}).reduce<number>((s, v) => s + (v ?? 0), 0);

describe('report page: compare with another period (Chromium, sandbox data)', function () {
  this.timeout(120_000);
  let server: WebviewServer;
  let browser: Browser;
  let sb: Sandbox;
  let get: (p: string) => Promise<unknown>;
  let monitorId: string;
  const pages: WebviewPage[] = [];

  before(async () => {
    for (const f of ['report.js', 'report.css']) {
      if (!fs.existsSync(path.join(ROOT, 'dist', 'webview', f))) throw new Error(`dist/webview/${f} is missing: run npm run build`);
    }
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    sb = await startProjectSandbox({ port: 0, quiet: true });
    get = await sandboxReader(sb);
    const sites = (await get('/v1/sites?limit=100')) as { data: { id: string; timezone: string; name: string }[] };
    const london = sites.data.find((s) => s.timezone === 'Europe/London' && s.name !== 'Distribution Centre');
    assert.ok(london, 'a London site');
    const monitors = (await get(`/v1/monitors?site_id=${london.id}&type=people_count&limit=1`)) as { data: { id: string }[] };
    monitorId = monitors.data[0].id;
    server = await startWebviewServer();
    browser = await launchChromium();
  });

  afterEach(async () => {
    for (const wp of pages.splice(0)) {
      assert.deepStrictEqual(await wp.cspViolations(), [], 'CSP violations');
      assert.deepStrictEqual(wp.pageErrors, [], 'page errors');
      assert.deepStrictEqual(wp.consoleErrors, [], 'console errors');
      await wp.close();
    }
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await sb?.close();
  });

  const fetchData = async (start: string, end: string, interval: string): Promise<ReportData> =>
    (await get(`/v1/monitors/${monitorId}/data?${new URLSearchParams({ start, end, interval, timezone: 'Europe/London' })}`)) as ReportData;

  /** Shows main + comparison as the host would send them; returns the page. */
  async function show(main: ReportData, comp: ReportData, spec: CompareSpec): Promise<WebviewPage> {
    const wp = await openWebviewPage(browser, server, { timezoneId: 'Europe/London' });
    pages.push(wp);
    const sel: ReportSelection = makeSelection(main, { range: { start: main.start, end: main.end } });
    sel.target.compare = spec;
    const cols = toColumns(main);
    const compare = alignComparison(cols, toColumns(comp), spec);
    const requestId = 7;
    await wp.postHostMessage({ type: 'loading', requestId, selection: sel });
    await wp.postHostMessage({ type: 'data', requestId, selection: sel, data: cols, compare });
    await wp.waitForPosted('rendered', { where: (m) => m.requestId === requestId, timeout: 30_000 });
    return wp;
  }

  /** The comparison cards: label → [change, now, before, absolute]. */
  const cards = (wp: WebviewPage) =>
    wp.page
      .locator('.compare-figures .figure')
      .evaluateAll((els) =>
        Object.fromEntries(
          els.map((e) => [
            e.getAttribute('aria-label') ?? '',
            ['.compare-change', '.compare-now', '.compare-before', '.compare-absolute'].map((s) => e.querySelector(s)?.textContent ?? ''),
          ]),
        ),
      ) as Promise<Record<string, string[]>>;

  it('a week against the week before: both totals, the change and the busiest hour as the raw JSON says', async () => {
    const main = await fetchData('2025-11-17T00:00:00Z', '2025-11-24T00:00:00Z', '1h');
    const comp = await fetchData('2025-11-10T00:00:00Z', '2025-11-17T00:00:00Z', '1h');
    const wp = await show(main, comp, { kind: 'previous' });
    const shown = await cards(wp);
    assert.ok(main.directions.length >= 2);
    for (const d of main.directions) {
      const now = sumOf(main, d.id);
      const before = sumOf(comp, d.id);
      assert.ok(now > 0 && before > 0 && now !== before, `${d.name}: ${now} vs ${before}`);
      assert.deepStrictEqual(shown[d.name], [pct(now, before), en(now), en(before), signed(now - before)], d.name);
    }
    const busyNow = Math.max(...main.buckets.map(bucketSum));
    const busyBefore = Math.max(...comp.buckets.map(bucketSum));
    assert.deepStrictEqual(shown['Busiest hour'], [pct(busyNow, busyBefore), en(busyNow), en(busyBefore), signed(busyNow - busyBefore)]);
    assert.match(await wp.page.locator('.compare-title').innerText(), /Compared with the previous period/);

    // The chart holds one dashed series per direction, drawn: hide the main ones and their colours are still there.
    const legend = await wp.page.locator('.u-legend .u-series .u-label').allInnerTexts();
    for (const d of main.directions) assert.ok(legend.includes(`${d.name} (previous period)`), legend.join(' | '));
    for (const d of main.directions) await wp.page.locator('.u-legend .u-series', { hasText: new RegExp(`^\\s*${d.name}\\s*$`) }).click();
    const px = await seriesPixels(wp.page.locator('.chart'));
    for (const d of main.directions) {
      const dashed = px.find((p) => p.label === `${d.name} (previous period)`);
      assert.ok(dashed && dashed.pixels > 50, `dashed ${d.name}: ${JSON.stringify(px)}`);
    }
    // The table: comparison columns with the comparison's own first bucket.
    const head = await wp.page.locator('.vt-header .vt-cell').allInnerTexts();
    assert.deepStrictEqual(head.slice(-1 - main.directions.length), [
      'Compared with',
      ...main.directions.map((d) => `${d.name} (previous period)`),
    ]);
    const first = await wp.page.locator('.vt-row[aria-rowindex="2"] .vt-cell').allInnerTexts();
    assert.deepStrictEqual(
      first.slice(-main.directions.length),
      main.directions.map((d) => en(comp.buckets[0].counts?.[d.id] ?? 0)),
    );
    await wp.page.screenshot({ path: path.join(SCREENSHOTS, 'compare-week.png'), fullPage: true });
  });

  it('a 25-hour DST day against the day before: the repeated 01:00 stays empty, the rest meets its local hour', async () => {
    // 26 October 2025, London: 01:00 happens twice (BST, then GMT).
    const main = await fetchData('2025-10-26T00:00:00+01:00', '2025-10-27T00:00:00+00:00', '1h');
    const comp = await fetchData('2025-10-25T00:00:00+01:00', '2025-10-26T00:00:00+01:00', '1h');
    assert.strictEqual(main.buckets.length, 25);
    assert.strictEqual(comp.buckets.length, 24);
    const wp = await show(main, comp, { kind: 'previous' });
    // Expected from the ISO strings: the comparison bucket with the same local time of day, the first time only.
    const hhmm = (iso: string) => iso.slice(11, 16);
    const byTime = new Map(comp.buckets.map((b) => [hhmm(b.start), b]));
    const seen = new Set<string>();
    const d0 = main.directions[0];
    const expected = main.buckets.map((b) => {
      const t = hhmm(b.start);
      if (seen.has(t)) return '–';
      seen.add(t);
      return en(byTime.get(t)?.counts?.[d0.id] ?? NaN);
    });
    assert.deepStrictEqual(expected.filter((v) => v === '–').length, 1);
    // The rows in the virtual table's DOM (the first 20 or so, the repeated hour among them), each against its own.
    const col = main.directions.length + 2; // start, directions, "Compared with", then the comparison's first direction
    const rows = (await wp.page
      .locator('.vt-rows .vt-row')
      .evaluateAll((els, k) => els.map((e) => [Number(e.getAttribute('aria-rowindex')), e.children[k]?.textContent ?? '']), col)) as [
      number,
      string,
    ][];
    assert.ok(rows.length >= 20, `${rows.length} rows in the DOM`);
    assert.ok(
      rows.some(([r]) => r === 4),
      'the repeated 01:00 (row 4) is in the DOM',
    );
    for (const [r, text] of rows) assert.strictEqual(text, expected[r - 2], `row ${r} (${main.buckets[r - 2].start})`);
    const note = await wp.page.locator('.compare-note').allInnerTexts();
    assert.ok(
      note.some((n) => n.startsWith('1 buckets of this period have no counterpart')),
      note.join('\n'),
    );
    // The totals still count every bucket of both days.
    const shown = await cards(wp);
    assert.deepStrictEqual(shown[d0.name].slice(1, 3), [en(sumOf(main, d0.id)), en(sumOf(comp, d0.id))]);
  });

  it('from a base of zero: "new", never a division by zero', async () => {
    const main = await fetchData('2025-11-17T00:00:00Z', '2025-11-18T00:00:00Z', '1d');
    const comp: ReportData = JSON.parse(JSON.stringify(await fetchData('2025-11-10T00:00:00Z', '2025-11-11T00:00:00Z', '1d')));
    for (const b of comp.buckets) for (const k of Object.keys(b.counts ?? {})) (b.counts as Record<string, number>)[k] = 0;
    const wp = await show(main, comp, { kind: 'custom', start: '2025-11-10' });
    const shown = await cards(wp);
    const d0 = main.directions[0];
    assert.deepStrictEqual(shown[d0.name], ['new', en(sumOf(main, d0.id)), '0', signed(sumOf(main, d0.id))]);
    assert.match(await wp.page.locator('.compare-title').innerText(), /period from 2025-11-10/);
  });
});
