// Proof that a report chart draws its series, read from what is on the screen: for each series in uPlot's legend,
// the pixels of the plot area (uPlot's .u-over box, axes and grid excluded) that have that series' colour.
// Used by the page tests and the journeys (a Locator of the page's `.chart`, in a page or a webview frame).
import * as assert from 'assert';
import type { Locator } from 'playwright-core';

export interface SeriesPixels {
  label: string;
  /** The legend marker's colour, rgb(r, g, b). */
  color: string;
  /** Pixels of the plot area within a small distance of that colour. */
  pixels: number;
}

export async function seriesPixels(chart: Locator): Promise<SeriesPixels[]> {
  await chart.locator('canvas').first().waitFor();
  return chart.evaluate(async (el) => {
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const canvas = el.querySelector('canvas');
    const over = el.querySelector('.u-over');
    const ctx = canvas?.getContext('2d');
    if (!canvas || !over || !ctx || !canvas.width) return [];
    const c = canvas.getBoundingClientRect();
    const o = over.getBoundingClientRect();
    const sx = canvas.width / c.width;
    const sy = canvas.height / c.height;
    const x0 = Math.max(0, Math.round((o.left - c.left) * sx));
    const y0 = Math.max(0, Math.round((o.top - c.top) * sy));
    const w = Math.min(canvas.width - x0, Math.round(o.width * sx));
    const h = Math.min(canvas.height - y0, Math.round(o.height * sy));
    if (w <= 0 || h <= 0) return [];
    const px = ctx.getImageData(x0, y0, w, h).data;
    const out: { label: string; color: string; pixels: number }[] = [];
    el.querySelectorAll('.u-legend .u-series').forEach((row) => {
      const marker = row.querySelector('.u-marker');
      if (!marker || (row.textContent ?? '').trim() === 'Time') return; // the x series, when the legend shows it
      const color = getComputedStyle(marker).borderColor;
      const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(color);
      if (!m) return;
      const [r, g, b] = [Number(m[1]), Number(m[2]), Number(m[3])];
      let n = 0;
      for (let p = 0; p < px.length; p += 4) {
        // getImageData is not premultiplied: a half-covered (antialiased) pixel keeps the stroke colour at lower alpha.
        if (px[p + 3] > 40 && Math.abs(px[p] - r) < 28 && Math.abs(px[p + 1] - g) < 28 && Math.abs(px[p + 2] - b) < 28) n++;
      }
      out.push({ label: (row.textContent ?? '').trim(), color, pixels: n });
    });
    return out;
  });
}

/**
 * Asserts that every series named in `labels` (default: every series of the legend) has drawn pixels. A series
 * drawn exactly under another one (two flat lines at zero) has none of its own colour on screen: it is then
 * measured alone, with the others switched off through the legend (and switched back on afterwards).
 */
export async function assertSeriesDrawn(chart: Locator, labels?: string[], min = 20): Promise<SeriesPixels[]> {
  const drawn = await seriesPixels(chart);
  assert.ok(drawn.length > 0, 'the chart has no series in its legend');
  const rows = chart.locator('.u-legend .u-series');
  const rowLabels = (await rows.allInnerTexts()).map((t) => t.trim());
  for (const label of labels ?? drawn.map((d) => d.label)) {
    let s = drawn.find((d) => d.label === label);
    assert.ok(s, `no series "${label}" in ${JSON.stringify(drawn)}`);
    if (s.pixels < min) {
      const others = rowLabels.map((l, i) => ({ l, i })).filter(({ l }) => l !== label && l !== 'Time');
      for (const { i } of others) await rows.nth(i).click();
      try {
        s = (await seriesPixels(chart)).find((d) => d.label === label) ?? s;
      } finally {
        for (const { i } of others) await rows.nth(i).click();
      }
    }
    assert.ok(s.pixels >= min, `series "${label}" (${s.color}) has ${s.pixels} pixels in the plot area: ${JSON.stringify(drawn)}`);
  }
  return drawn;
}

/**
 * What a PNG screenshot shows inside a rectangle (CSS pixels at scale 1): decoded by the browser itself in a blank
 * page (no decoder dependency), as the share of pixels that differ from the rectangle's most common colour and the
 * number of pixels near `color` (rgb(r, g, b)).
 */
export async function screenshotContent(
  browser: import('playwright-core').Browser,
  png: Buffer,
  rect: { x: number; y: number; width: number; height: number },
  color: string,
): Promise<{ inkShare: number; colorPixels: number }> {
  const page = await browser.newPage();
  try {
    return await page.evaluate(
      async ({ b64, rect, color }) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const c = document.createElement('canvas');
        c.width = Math.round(rect.width);
        c.height = Math.round(rect.height);
        const ctx = c.getContext('2d')!;
        ctx.drawImage(img, -Math.round(rect.x), -Math.round(rect.y));
        const px = ctx.getImageData(0, 0, c.width, c.height).data;
        const freq = new Map<number, number>();
        for (let p = 0; p < px.length; p += 4) {
          const key = (px[p] << 16) | (px[p + 1] << 8) | px[p + 2];
          freq.set(key, (freq.get(key) ?? 0) + 1);
        }
        const background = Math.max(...freq.values());
        const total = px.length / 4;
        const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(color);
        let colorPixels = 0;
        if (m) {
          const [r, g, b] = [Number(m[1]), Number(m[2]), Number(m[3])];
          for (let p = 0; p < px.length; p += 4) {
            if (Math.abs(px[p] - r) < 28 && Math.abs(px[p + 1] - g) < 28 && Math.abs(px[p + 2] - b) < 28) colorPixels++;
          }
        }
        return { inkShare: (total - background) / total, colorPixels };
      },
      { b64: png.toString('base64'), rect, color },
    );
  } finally {
    await page.close();
  }
}
