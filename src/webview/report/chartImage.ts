// Save Chart as PNG…: the chart's canvas (already at device pixel ratio) drawn onto a new canvas under the report's
// title, range and legend, on the theme's editor background, encoded as PNG. The bytes go to the host, which asks
// where to save them (the page never writes files).
import { readTheme } from './chart';

const PAD = 12;
const TITLE_PX = 16;
const LINE_PX = 12;

interface LegendEntry {
  label: string;
  color: string;
}

/** Visible series of uPlot's legend in `host` (the x series excluded): their labels and marker colours. */
function legendOf(host: HTMLElement): LegendEntry[] {
  const out: LegendEntry[] = [];
  host.querySelectorAll<HTMLElement>('.u-legend .u-series').forEach((row, i) => {
    if (i === 0 || row.classList.contains('u-off')) return;
    const label = row.querySelector('.u-label')?.textContent ?? '';
    const marker = row.querySelector<HTMLElement>('.u-marker');
    const color = marker ? getComputedStyle(marker).borderTopColor || getComputedStyle(marker).backgroundColor : '';
    out.push({ label, color: color || readTheme().fg });
  });
  return out;
}

/** The PNG of the chart in `host` (its uPlot canvas) with `title` and `range` above it. */
export async function chartPng(host: HTMLElement, canvas: HTMLCanvasElement, title: string, range: string): Promise<ArrayBuffer> {
  const theme = readTheme();
  const dpr = canvas.width / Math.max(1, canvas.clientWidth || canvas.width);
  const cssW = canvas.width / dpr;
  const legend = legendOf(host);
  const body = getComputedStyle(document.body);
  const background = body.getPropertyValue('--vscode-editor-background').trim() || body.backgroundColor || '#ffffff';
  const family = body.getPropertyValue('--vscode-font-family').trim() || 'system-ui, sans-serif';

  // Lay the legend out in rows first (it sets the height).
  const measure = document.createElement('canvas').getContext('2d');
  if (!measure) throw new Error('no 2D canvas');
  measure.font = `${LINE_PX}px ${family}`;
  const rows: { x: number; entry: LegendEntry }[][] = [[]];
  let x = PAD;
  for (const entry of legend) {
    const w = 18 + measure.measureText(entry.label).width + 16;
    if (x + w > cssW - PAD && rows[rows.length - 1].length) {
      rows.push([]);
      x = PAD;
    }
    rows[rows.length - 1].push({ x, entry });
    x += w;
  }
  const headH = PAD + TITLE_PX + 6 + LINE_PX + 8 + rows.length * (LINE_PX + 8) + 4;
  const cssH = Math.ceil(headH + canvas.height / dpr);

  const out = document.createElement('canvas');
  out.width = Math.round(cssW * dpr);
  out.height = Math.round(cssH * dpr);
  const ctx = out.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.scale(dpr, dpr);
  ctx.textBaseline = 'top';
  ctx.fillStyle = theme.fg;
  ctx.font = `600 ${TITLE_PX}px ${family}`;
  ctx.fillText(title, PAD, PAD, cssW - 2 * PAD);
  ctx.fillStyle = theme.muted;
  ctx.font = `${LINE_PX}px ${family}`;
  ctx.fillText(range, PAD, PAD + TITLE_PX + 6, cssW - 2 * PAD);
  let y = PAD + TITLE_PX + 6 + LINE_PX + 8;
  for (const row of rows) {
    for (const { x: lx, entry } of row) {
      ctx.fillStyle = entry.color;
      ctx.fillRect(lx, y + LINE_PX / 2 - 1.5, 12, 3);
      ctx.fillStyle = theme.fg;
      ctx.fillText(entry.label, lx + 18, y);
    }
    y += LINE_PX + 8;
  }
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.drawImage(canvas, 0, Math.round(headH * dpr));
  const blob = await new Promise<Blob | null>((resolve) => out.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the chart could not be encoded');
  return blob.arrayBuffer();
}
