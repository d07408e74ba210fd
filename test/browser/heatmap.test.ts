// Busiest hours, chart image and decimation on the report page in real Chromium (webviewPage.ts). Expectations are
// computed here from the raw API-shaped buckets (Intl for weekdays and hours), not with the page's code.
import * as assert from 'assert';
import { wallClockTime } from '../fixtures/wallClock';
import sharp from 'sharp';
import type { Browser } from 'playwright-core';
import { toColumns } from '../../src/shared/columns';
import type { ReportData } from '../../src/api/types';
import { IN_OUT, makeReportData, makeSelection } from './fixtures';
import { launchChromium, openWebviewPage, startWebviewServer, type OpenOptions, type WebviewPage, type WebviewServer } from './webviewPage';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Average people per hour per (weekday 0 = Monday, hour) in the report's zone, from the buckets' instants. */
function expectedGrid(data: ReportData): { avg: number[]; hours: number[] } {
  const f = new Intl.DateTimeFormat('en-GB', { timeZone: data.timezone, weekday: 'short', hour: '2-digit', hourCycle: 'h23' });
  const sums = new Array<number>(168).fill(0);
  const slots = Array.from({ length: 168 }, () => new Set<number>());
  for (const b of data.buckets) {
    const ms = Date.parse(b.start);
    const parts = f.formatToParts(ms);
    const day = WEEKDAYS.indexOf(parts.find((p) => p.type === 'weekday')!.value);
    const hour = Number(parts.find((p) => p.type === 'hour')!.value);
    const cell = day * 24 + hour;
    sums[cell] += Object.values(b.counts).reduce((a, v) => a + (v ?? 0), 0);
    slots[cell].add(Math.floor(ms / 3_600_000));
  }
  return { avg: sums.map((s, c) => (slots[c].size ? s / slots[c].size : NaN)), hours: slots.map((s) => s.size) };
}

describe('report page: busiest hours, chart PNG, decimation (Chromium)', function () {
  this.timeout(120_000);
  let server: WebviewServer;
  let browser: Browser;
  const pages: WebviewPage[] = [];

  async function open(opts: OpenOptions = {}): Promise<WebviewPage> {
    const wp = await openWebviewPage(browser, server, { timezoneId: 'Asia/Tokyo', locale: 'en-US', ...opts });
    pages.push(wp);
    return wp;
  }

  before(async () => {
    server = await startWebviewServer();
    browser = await launchChromium();
  });
  afterEach(async () => {
    for (const wp of pages.splice(0)) {
      assert.deepStrictEqual(await wp.cspViolations(), [], 'CSP violations');
      assert.deepStrictEqual(wp.pageErrors, [], 'page errors');
      await wp.close();
    }
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('heatmap: a known fortnight in London (with the clocks going back) averaged per weekday and hour', async () => {
    const wp = await open();
    // Monday 19 October 2026 00:00 in London, 14 days at 15 minutes; Sunday 25 October has 25 hours.
    const data = makeReportData({ buckets: 14 * 96 + 4, startDate: '2026-10-19', timezone: 'Europe/London', directions: IN_OUT });
    await wp.showData(makeSelection(data), toColumns(data));
    const e = expectedGrid(data);
    const cells = await wp.page.locator('.heatmap-cell').evaluateAll((els) =>
      els.map((el) => ({
        day: Number(el.getAttribute('data-day')),
        hour: Number(el.getAttribute('data-hour')),
        value: el.getAttribute('data-value'),
        label: el.getAttribute('aria-label'),
        title: el.getAttribute('title'),
        role: el.getAttribute('role'),
        tabindex: el.getAttribute('tabindex'),
      })),
    );
    assert.strictEqual(cells.length, 168);
    const longDays = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
    for (const c of cells) {
      const i = c.day * 24 + c.hour;
      const want = e.avg[i];
      assert.ok(Math.abs(Number(c.value) - want) < 1e-6, `${WEEKDAYS[c.day]} ${c.hour}: ${c.value} vs ${want}`);
      const hh = String(c.hour).padStart(2, '0');
      const next = String((c.hour + 1) % 24).padStart(2, '0');
      const shown = want.toLocaleString('en-US', { maximumFractionDigits: 1 });
      assert.strictEqual(c.label, `${longDays[c.day]} ${hh}:00–${next}:00: ${shown} people per hour on average`);
      assert.strictEqual(c.title, c.label, 'hover text');
      assert.strictEqual(c.role, 'gridcell');
    }
    assert.strictEqual(e.hours[6 * 24 + 1], 3, 'Sunday 01:00: twice on 25 October, once on 1 November');
    assert.strictEqual(cells.filter((c) => c.tabindex === '0').length, 1, 'one tab stop');

    // The busiest list: the five highest averages, highest first.
    const order = e.avg.map((v, i) => [v, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    const list = await wp.page.locator('.heatmap-busiest li').allTextContents();
    assert.strictEqual(list.length, 5);
    list.forEach((text, k) => {
      const cell = cells.find((c) => c.day * 24 + c.hour === order[k][1])!;
      assert.strictEqual(text, cell.label, `busiest ${k + 1}`);
    });

    // Keyboard: the tab stop is the busiest cell; arrows move it and the readout says the focused cell.
    const first = wp.page.locator('.heatmap-cell[tabindex="0"]');
    await first.focus();
    assert.strictEqual(await wp.page.locator('.heatmap-readout').textContent(), list[0]);
    await wp.page.keyboard.press('ArrowRight');
    const focused = await wp.page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    const b = order[0][1];
    const right = cells.find((c) => c.day * 24 + c.hour === (b % 24 === 23 ? b : b + 1))!;
    assert.strictEqual(focused, right.label);
    assert.strictEqual(await wp.page.locator('.heatmap-readout').textContent(), right.label);
  });

  it('heatmap: daily buckets say why there is none; under a week too', async () => {
    const wp = await open();
    const daily = makeReportData({ buckets: 30, interval: '1d' });
    await wp.showData(makeSelection(daily), toColumns(daily));
    assert.strictEqual(await wp.page.locator('.heatmap-cell').count(), 0);
    assert.match((await wp.page.locator('.heatmap-unavailable').textContent()) ?? '', /^Daily buckets have no hours/);
    const short = makeReportData({ buckets: 3 * 24, interval: '1h' });
    await wp.showData(makeSelection(short), toColumns(short));
    assert.match((await wp.page.locator('.heatmap-unavailable').textContent()) ?? '', /at least 7 days/);
  });

  it('Save Chart as PNG…: a valid PNG of the chart canvas at the device pixel ratio, with drawn pixels', async () => {
    const wp = await open({ deviceScaleFactor: 2, theme: 'dark' });
    const data = makeReportData({ buckets: 7 * 96 });
    await wp.showData(makeSelection(data), toColumns(data));
    const css = await wp.page
      .locator('.chart canvas')
      .first()
      .evaluate((c: HTMLCanvasElement) => ({ w: c.clientWidth, h: c.clientHeight }));
    await wp.page.locator('vscode-button[data-action="savePng"]').click();
    await wp.waitForPosted('savePng');
    const b64 = await wp.page.evaluate(() => {
      const bytes = new Uint8Array((window as unknown as { __png: ArrayBuffer }).__png);
      let s = '';
      for (const b of bytes) s += String.fromCharCode(b);
      return btoa(s);
    });
    const png = Buffer.from(b64, 'base64');
    assert.deepStrictEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
    assert.strictEqual(png.toString('latin1', 12, 16), 'IHDR');
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    assert.strictEqual(width, css.w * 2, 'the canvas width × dpr');
    assert.strictEqual(height % 2, 0, 'whole CSS pixels × dpr');
    assert.ok(height > css.h * 2, `the chart (${css.h * 2}) plus title, range and legend: ${height}`);
    // Decoded: the editor background (#1f1f1f) and the series' colours (In: charts-blue #3794ff).
    const { data: px, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    assert.strictEqual(info.width, width);
    let background = 0;
    let blue = 0;
    for (let i = 0; i < px.length; i += info.channels) {
      const [r, g, b] = [px[i], px[i + 1], px[i + 2]];
      if (r === 0x1f && g === 0x1f && b === 0x1f) background++;
      else if (Math.abs(r - 0x37) < 30 && Math.abs(g - 0x94) < 30 && Math.abs(b - 0xff) < 30) blue++;
    }
    const total = px.length / info.channels;
    assert.ok(background > total / 3, `mostly the theme background: ${background} of ${total}`);
    assert.ok(blue > 200, `the In series drawn: ${blue} blue pixels`);
  });

  it('Copy Table posts copyTable (the host builds the text)', async () => {
    const wp = await open();
    const data = makeReportData({ buckets: 48 });
    await wp.showData(makeSelection(data), toColumns(data));
    await wp.page.locator('vscode-button[data-action="copyTable"]').click();
    assert.deepStrictEqual(await wp.waitForPosted('copyTable'), { type: 'copyTable' });
  });

  it('decimation: a year at 15 minutes draws far fewer points and keeps each series’ true maximum', async () => {
    const wp = await open({ width: 1000 });
    const data = makeReportData({ buckets: 35_040, startDate: '2025-12-01' });
    // One spike in the middle of the year, far above the rest.
    data.buckets[20_001].counts.dir_in = 5000;
    const r = await wp.showData(makeSelection(data), toColumns(data));
    const max = IN_OUT.map((d) => Math.max(...data.buckets.map((b) => b.counts[d.id] ?? 0)));
    assert.strictEqual(max[0], 5000);
    assert.strictEqual(r.points, 35_040 * 2, 'every bucket given');
    assert.ok(r.drawn !== undefined && r.drawn < r.points / 4, `decimated: ${r.drawn}`);
    assert.deepStrictEqual(r.seriesMax, max, 'the maximum uPlot holds is the true one');
    // The table still has every bucket.
    assert.match((await wp.page.locator('.section-count').first().textContent()) ?? '', /35,040 rows/);
  });

  it('decimation: the tooltip over the whole year reads every series at one real bucket, not a column’s min or max', async () => {
    const wp = await open({ width: 1000 });
    const data = makeReportData({ buckets: 35_040, startDate: '2025-12-01' });
    // Counts that name their bucket: In and Out together identify exactly one (997 × 991 > 35,040).
    data.buckets.forEach((b, i) => {
      b.counts.dir_in = i % 997;
      b.counts.dir_out = (3 * i) % 991;
    });
    const r = await wp.showData(makeSelection(data), toColumns(data));
    assert.ok(r.drawn !== undefined && r.drawn < r.points / 4, `decimated: ${r.drawn}`);
    const box = await wp.page.locator('.chart .u-over').boundingBox();
    assert.ok(box);
    const tip = wp.page.locator('.chart-tooltip');
    const hhmm = wallClockTime(data.timezone);
    const seen = new Set<number>();
    for (const f of [0.13, 0.37, 0.5, 0.71, 0.94]) {
      await wp.page.mouse.move(box.x + box.width * f, box.y + box.height / 2);
      await tip.waitFor({ state: 'visible' });
      const text = await tip.innerText();
      const a = Number(/In\s+([\d,]+)/.exec(text)?.[1].replace(/,/g, ''));
      const b = Number(/Out\s+([\d,]+)/.exec(text)?.[1].replace(/,/g, ''));
      const i = data.buckets.findIndex((_, k) => k % 997 === a && (3 * k) % 991 === b);
      assert.ok(i >= 0, `In ${a} and Out ${b} are one bucket's (tooltip: ${JSON.stringify(text)})`);
      assert.ok(text.includes(hhmm.format(Date.parse(data.buckets[i].start))), `${JSON.stringify(text)}: bucket ${i}'s time`);
      // Near the pointer: within a few pixel columns of the year.
      assert.ok(Math.abs(i / 35_040 - f) < 0.02, `bucket ${i} at ${f} of the width`);
      seen.add(i);
    }
    assert.strictEqual(seen.size, 5);
  });
});
