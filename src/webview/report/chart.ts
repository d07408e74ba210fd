// The report chart: uPlot, fed the typed arrays directly (x in epoch ms with `ms: 1`, so nothing is copied).
// Counts per direction on the left axis; for occupancy monitors the peak occupancy per bucket and the capacity
// (a flat series) on the right axis. Colours come from the VS Code theme's CSS variables. Legend entries toggle
// series, a tooltip shows exact values, dragging zooms, double click or "Reset zoom" resets.
import uPlot from 'uplot';
import { minMaxEnvelope } from '../../shared/decimate';
import type { ReportColumns } from '../../shared/reportMessages';
import { compareLabel, type CompareColumns } from '../../shared/compare';
import { comparisonSeries } from './compare';
import { noBuckets } from './expected';
import { h, replace } from './dom';
import { chartWidthFor } from './layout';
import { fmtInt, LOCALE, perIntervalLabel, TimeFormatter } from './format';
import { l10n } from './l10n';

export interface ZoomRange {
  min: number;
  max: number;
}

interface Theme {
  fg: string;
  muted: string;
  grid: string;
  font: string;
  palette: string[];
  occupancy: string;
  capacity: string;
  threshold: string;
}

const FALLBACK = {
  blue: '#3794ff',
  orange: '#d18616',
  green: '#89d185',
  purple: '#b180d7',
  red: '#f14c4c',
  yellow: '#cca700',
};

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const v = style.getPropertyValue(name).trim();
  return v || fallback;
}

let themeCache: Theme | null = null;

/** Theme colours (cached: getComputedStyle forces a style recalculation; call invalidateTheme() on theme change). */
export function readTheme(): Theme {
  if (!themeCache) themeCache = computeTheme();
  return themeCache;
}

export function invalidateTheme(): void {
  themeCache = null;
}

function computeTheme(): Theme {
  const s = getComputedStyle(document.body);
  const c = (k: keyof typeof FALLBACK): string => cssVar(s, `--vscode-charts-${k}`, FALLBACK[k]);
  const family = cssVar(s, '--vscode-font-family', 'system-ui, sans-serif');
  return {
    fg: cssVar(s, '--vscode-editor-foreground', cssVar(s, '--vscode-foreground', '#cccccc')),
    muted: cssVar(s, '--vscode-descriptionForeground', cssVar(s, '--vscode-foreground', '#9d9d9d')),
    grid: gridColour(cssVar(s, '--vscode-panel-border', cssVar(s, '--vscode-widget-border', 'rgba(128,128,128,0.25)'))),
    font: `11px ${family}`,
    // purple and red are kept for occupancy and capacity while directions use the other four first.
    palette: [c('blue'), c('orange'), c('green'), c('yellow'), c('purple'), c('red')],
    occupancy: c('purple'),
    capacity: c('red'),
    threshold: c('yellow'),
  };
}

/** Grid lines: the panel border colour; softened in high-contrast themes, whose borders are bright. */
function gridColour(border: string): string {
  return document.body.classList.contains('vscode-high-contrast') ? (withAlpha(border, 0.45) ?? border) : border;
}

/** `color` with alpha, for hex and rgb() colours; null for other notations. */
function withAlpha(color: string, a: number): string | null {
  let m = /^#([0-9a-f]{3,8})$/i.exec(color.trim());
  if (m) {
    let hex = m[1];
    if (hex.length === 3 || hex.length === 4) hex = [...hex].map((ch) => ch + ch).join('');
    if (hex.length !== 6 && hex.length !== 8) return null;
    const r = parseInt(hex.slice(0, 2), 16);
    const g = parseInt(hex.slice(2, 4), 16);
    const b = parseInt(hex.slice(4, 6), 16);
    return `rgba(${r},${g},${b},${a})`;
  }
  m = /^rgba?\(\s*(\d+)[ ,]+(\d+)[ ,]+(\d+)/i.exec(color.trim());
  return m ? `rgba(${m[1]},${m[2]},${m[3]},${a})` : null;
}

/** uPlot's tzDate: a Date whose local fields read as the wall time in the report's zone at ts (epoch ms). */
function makeTzDate(c: ReportColumns, tf: TimeFormatter): (ts: number) => Date {
  const times = c.times;
  const offsets = c.offsets;
  const n = times.length;
  const shifted = (ts: number, off: number): Date => {
    const d = new Date(ts + off * 60_000);
    return new Date(
      d.getUTCFullYear(),
      d.getUTCMonth(),
      d.getUTCDate(),
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
      d.getUTCMilliseconds(),
    );
  };
  return (ts: number): Date => {
    // Inside the data: the bucket containing ts, when no offset change happens before the next bucket.
    if (n > 0 && ts >= times[0] && ts <= times[n - 1]) {
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (times[mid] <= ts) lo = mid;
        else hi = mid - 1;
      }
      if (times[lo] === ts || lo + 1 >= n || offsets[lo + 1] === offsets[lo]) return shifted(ts, offsets[lo]);
    }
    const off = tf.offsetAt(ts);
    if (!Number.isNaN(off)) return shifted(ts, off);
    return shifted(ts, n > 0 ? offsets[ts < times[0] ? 0 : n - 1] : 0);
  };
}

const DAY = 86_400_000;
const pad2 = (v: number): string => (v < 10 ? '0' + v : String(v));

let names: { months: string[]; dayFirst: boolean } | null = null;
/** Short month names of the UI locale and whether it writes the day before the month ("28 Nov" / "Nov 28"). */
function dateNames(): { months: string[]; dayFirst: boolean } {
  if (!names) {
    const f = new Intl.DateTimeFormat(LOCALE, { month: 'short', timeZone: 'UTC' });
    const months = Array.from({ length: 12 }, (_, m) => f.format(Date.UTC(2001, m, 15)));
    const parts = new Intl.DateTimeFormat(LOCALE, { month: 'short', day: 'numeric', timeZone: 'UTC' }).formatToParts(
      Date.UTC(2001, 10, 28),
    );
    const dayFirst = parts.findIndex((p) => p.type === 'day') < parts.findIndex((p) => p.type === 'month');
    names = { months, dayFirst };
  }
  return names;
}

export interface ChartOptions {
  onZoom(range: ZoomRange | null): void;
  /** A click (not a drag) on a bucket. */
  onPick?(index: number): void;
  /** The count series' colours, by index (default: the theme's chart colours, repeated). */
  palette?(theme: readonly string[], n: number): string[];
}

export class ReportChart {
  private u: uPlot | null = null;
  private data: ReportColumns | null = null;
  private tf: TimeFormatter | null = null;
  private zoomed: ZoomRange | null = null;
  private tooltip: HTMLDivElement | null = null;
  private tipRows: { row: HTMLElement; value: HTMLElement }[] = [];
  private tipTitle: HTMLElement | null = null;
  private readonly ro: ResizeObserver;
  private lastWidth = 0;
  private tzDate: ((ts: number) => Date) | null = null;
  /** Long series (decimate.ts): every bucket (`full`), each series' per-pixel min/max of the whole range (`data`) and
   * the bucket of each of its x values. While the whole range shows uPlot holds `data`; zoomed in, `full` (uPlot thins
   * those per pixel). Null for short series, which uPlot always holds whole. */
  private decimation: { full: uPlot.AlignedData; data: uPlot.AlignedData; buckets: Uint32Array } | null = null;
  /** What the uPlot instance was built for: its kind of columns (kindOf) in this theme. */
  private built: { kind: string; theme: Theme } | null = null;
  /** The last columns went to the instance built before them (builtBefore). */
  private reused = false;
  /** Values of the shown columns that the options read at draw time: the instance outlives the columns it was built
   * with. `beforeDraw`: the comparison's (compare.ts). */
  private view: { capacity: number; level: number; occMax: number; beforeDraw?: (u: uPlot) => void } = { capacity: 0, level: 0, occMax: 0 };

  private readonly onResize = (): void => this.fit();

  constructor(
    private readonly host: HTMLElement,
    private readonly opts: ChartOptions,
  ) {
    this.ro = new ResizeObserver((entries) => {
      const w = entries[entries.length - 1]?.contentRect.width ?? 0;
      if (w > 0) this.knownWidth = Math.floor(w);
      this.fit();
    });
    this.ro.observe(host);
    window.addEventListener('resize', this.onResize);
  }

  /** Destroys the chart and stops observing. */
  dispose(): void {
    this.destroy();
    this.ro.disconnect();
    window.removeEventListener('resize', this.onResize);
  }

  get canvas(): HTMLCanvasElement | null {
    return this.u ? this.u.ctx.canvas : null;
  }

  /** Points given to uPlot for the direction and occupancy series, every bucket (before any decimation). */
  get points(): number {
    return this.countPoints(this.decimation?.full ?? this.u?.data);
  }

  /** Points uPlot holds now for those series (fewer than `points` when decimated; read from uPlot). */
  get drawnPoints(): number {
    return this.countPoints(this.u?.data);
  }

  private countPoints(data: uPlot.AlignedData | undefined): number {
    const d = this.data;
    if (!d || !this.u || !data) return 0;
    const dataSeries = d.counts.length + (d.occupancyMax ? 1 : 0);
    let n = 0;
    for (let i = 1; i <= dataSeries && i < data.length; i++) n += data[i].length;
    return n;
  }

  /** The largest value of each direction's series as uPlot holds it (tests: decimation keeps the peaks). */
  seriesMax(): number[] {
    const d = this.data;
    const u = this.u;
    if (!d || !u) return [];
    return d.counts.map((_, k) => {
      const col = u.data[k + 1] as ArrayLike<number>;
      let m = -Infinity;
      for (let i = 0; i < col.length; i++) if (col[i] > m) m = col[i];
      return m;
    });
  }

  /** The top of each value axis ('count', and 'occ' for occupancy) as uPlot holds it (tests: the axes follow the data
   * a chart is given). */
  axisMax(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const key of ['count', 'occ']) {
      const max = this.u?.scales[key]?.max;
      if (typeof max === 'number') out[key] = max;
    }
    return out;
  }

  /** The decimation, while uPlot holds its decimated data (the whole range of a long series). */
  private get decimatedNow(): ReportChart['decimation'] {
    const d = this.decimation;
    return d && this.u?.data === d.data ? d : null;
  }

  /** The bucket index of a point uPlot holds. */
  private bucketOf(i: number): number {
    return this.decimatedNow?.buckets[i] ?? i;
  }

  get zoom(): ZoomRange | null {
    return this.zoomed;
  }

  /** Content-box width of the host, as last observed (reading it would force a layout on the render path). */
  private knownWidth = 0;

  private size(): { width: number; height: number } {
    const width = Math.max(200, this.knownWidth || 600);
    const height = Math.round(Math.max(200, Math.min(420, window.innerHeight * 0.42)));
    return { width, height };
  }

  private fit(): void {
    if (!this.u) return;
    const s = this.size();
    if (s.width === this.lastWidth && s.height === this.u.height) return;
    this.lastWidth = s.width;
    this.u.setSize(s);
  }

  destroy(): void {
    if (this.u) this.u.destroy();
    this.u = null;
    this.built = null;
    this.data = null;
    this.decimation = null;
    this.tooltip = null;
    replace(this.host);
  }

  /**
   * Draws the columns; `zoom` restores a saved x range. `widthHint`: the width the chart will have, when the host has
   * not been laid out yet (it was hidden); a ResizeObserver corrects it later. A chart of the same kind (kindOf) takes
   * the new columns without being built again; another kind replaces it.
   */
  render(
    c: ReportColumns,
    tf: TimeFormatter,
    zoom: ZoomRange | null = null,
    widthHint = 0,
    thresholdPercent?: number,
    compare?: CompareColumns,
  ): void {
    const theme = readTheme();
    const kind = kindOf(c, thresholdPercent, compare);
    if (widthHint > 0 && !this.knownWidth) this.knownWidth = Math.floor(widthHint);
    this.reused = this.u !== null && this.isBuiltFor(kind, theme);
    if (this.u && this.reused) this.update(this.u, c, tf, zoom, thresholdPercent, compare);
    else this.build(c, tf, zoom, thresholdPercent, compare, theme, kind);
  }

  /** Whether the last columns went to a chart built before they came (while they loaded, or for an earlier answer of
   * their kind); tests read it through the rendered diagnostics. */
  get builtBefore(): boolean {
    return this.reused;
  }

  private isBuiltFor(kind: string, theme: Theme): boolean {
    return this.built?.kind === kind && this.built.theme === theme;
  }

  /**
   * Builds the chart for columns of this kind ahead of them (they may be empty: the page calls this while the host
   * fetches), unless it is built already. Its uPlot instance, canvas and legend are then ready when the data comes.
   */
  prepare(c: ReportColumns, tf: TimeFormatter, widthHint = 0, thresholdPercent?: number, compare?: CompareColumns): void {
    if (this.u && this.isBuiltFor(kindOf(c, thresholdPercent, compare), readTheme())) return;
    this.render(c, tf, null, widthHint, thresholdPercent, compare);
  }

  private build(
    c: ReportColumns,
    tf: TimeFormatter,
    zoom: ZoomRange | null,
    thresholdPercent: number | undefined,
    compare: CompareColumns | undefined,
    theme: Theme,
    kind: string,
  ): void {
    this.destroy();
    this.data = c;
    this.tf = tf;
    this.zoomed = null;
    this.tzDate = makeTzDate(c, tf);
    const occ = c.occupancyMax;
    const palette = this.palette(theme, c);
    const { data, compareSeries } = this.viewOf(c, thresholdPercent, compare, palette);
    const series: uPlot.Series[] = [{ label: l10n.t('Time') }];
    c.directions.forEach((d, k) => {
      series.push({
        label: d.name,
        scale: 'count',
        stroke: palette[k % palette.length],
        width: 1,
        points: { show: false },
      });
    });
    // A flat line at the view's `level` on the occupancy axis: two points instead of uPlot walking every bucket.
    const flat =
      (level: 'capacity' | 'level') =>
      (u: uPlot): uPlot.Series.Paths => {
        const y = Math.round(u.valToPos(this.view[level], 'occ', true)) + 0.5;
        const p = new Path2D();
        p.moveTo(u.bbox.left, y);
        p.lineTo(u.bbox.left + u.bbox.width, y);
        return { stroke: p, fill: null, clip: null, flags: 0 };
      };
    if (occ) {
      series.push({
        label: l10n.t('Occupancy (peak)'),
        scale: 'occ',
        stroke: theme.occupancy,
        fill: withAlpha(theme.occupancy, 0.1) ?? undefined,
        width: 1,
        points: { show: false },
      });
      if (c.capacity !== null) {
        series.push({
          label: l10n.t('Capacity'),
          scale: 'occ',
          stroke: theme.capacity,
          dash: [6, 4],
          width: 1,
          points: { show: false },
          paths: flat('capacity'),
        });
        if (hasThreshold(thresholdPercent)) {
          series.push({
            label: l10n.t('Alert threshold ({0}%)', thresholdPercent),
            scale: 'occ',
            stroke: theme.threshold,
            dash: [2, 3],
            width: 1,
            points: { show: false },
            paths: flat('level'),
          });
        }
      }
    }
    // The comparison period: dashed, in its direction's colour, on the main period's times (compare.ts).
    series.push(...compareSeries);

    const axis = (extra: uPlot.Axis): uPlot.Axis => ({
      stroke: theme.muted,
      font: theme.font,
      labelFont: theme.font,
      grid: { stroke: theme.grid, width: 1 },
      ticks: { stroke: theme.grid, width: 1, size: 4 },
      ...extra,
    });
    const axes: uPlot.Axis[] = [
      axis({ space: 70, values: (_u, splits, _i, _space, incr) => this.xLabels(splits, incr), size: 44 }),
      axis({
        scale: 'count',
        label: perIntervalLabel(c.interval),
        labelSize: 18,
        values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? fmtInt(v) : '')),
        size: axisSize,
      }),
    ];
    if (occ) {
      axes.push(
        axis({
          scale: 'occ',
          side: 1,
          label: l10n.t('Occupancy'),
          labelSize: 18,
          grid: { show: false },
          values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? fmtInt(v) : '')),
          size: axisSize,
        }),
      );
    }

    const positiveRange = (_u: uPlot, _min: number, max: number): uPlot.Range.MinMax => [0, niceMax(max)];
    const size = this.size();
    const opts: uPlot.Options = {
      ...size,
      ms: 1,
      // The columns' zone, whichever columns the chart holds now.
      tzDate: (ts) => (this.tzDate ?? ((t: number) => new Date(t)))(ts),
      series,
      axes,
      scales: {
        x: { time: true },
        count: { range: positiveRange },
        occ: { auto: false, range: () => this.occRange() },
      },
      legend: { live: false },
      cursor: {
        y: false,
        drag: { x: true, y: false, setScale: true },
        points: { size: 6, width: 1.5 },
        focus: { prox: 16 },
      },
      focus: { alpha: 0.35 },
      padding: [12, occ ? 8 : 16, 0, 4],
      hooks: {
        setCursor: [(u) => this.updateTooltip(u)],
        setScale: [(u, key) => key === 'x' && this.onScale(u)],
        drawClear: [(u) => this.view.beforeDraw?.(u)],
      },
    };
    this.decimate(data, size.width);
    this.u = new uPlot(opts, this.decimation?.data ?? data, this.host);
    this.built = { kind, theme };
    this.lastWidth = size.width;
    this.restoreZoom(zoom);
    const over = this.u.over;
    let down: { x: number; y: number } | null = null;
    over.addEventListener('mousedown', (e) => (down = { x: e.clientX, y: e.clientY }));
    over.addEventListener('mouseup', (e) => {
      if (down && Math.abs(e.clientX - down.x) < 3 && Math.abs(e.clientY - down.y) < 3) {
        const idx = this.u?.cursor.idx;
        if (idx !== null && idx !== undefined) this.opts.onPick?.(this.bucketOf(idx));
      }
      down = null;
    });
  }

  /** New columns for the chart built for their kind: the series, legend and canvas stay, the data and scales change. */
  private update(
    u: uPlot,
    c: ReportColumns,
    tf: TimeFormatter,
    zoom: ZoomRange | null,
    thresholdPercent: number | undefined,
    compare: CompareColumns | undefined,
  ): void {
    this.data = c;
    this.tf = tf;
    this.zoomed = null;
    this.tzDate = makeTzDate(c, tf);
    if (this.tooltip) this.tooltip.hidden = true;
    const { data } = this.viewOf(c, thresholdPercent, compare, this.palette(readTheme(), c));
    const size = this.size();
    if (size.width !== u.width || size.height !== u.height) u.setSize(size);
    this.lastWidth = size.width;
    this.decimate(data, size.width);
    u.setData(this.decimation?.data ?? data);
    // The occupancy axis is not automatic (its range is the view's): a chart given new columns sets it again.
    if (c.occupancyMax) {
      const [min, max] = this.occRange();
      u.setScale('occ', { min, max });
    }
    this.restoreZoom(zoom);
  }

  /** The occupancy axis: from 0 to a round number above the peak occupancy and the capacity. */
  private occRange(): [number, number] {
    return [0, niceMax(this.view.occMax)];
  }

  /** The count series' colours. */
  private palette(theme: Theme, c: ReportColumns): string[] {
    return this.opts.palette?.(theme.palette, c.directions.length) ?? theme.palette;
  }

  /**
   * uPlot's data for the columns (times, directions, occupancy, capacity, threshold, comparison), and the values the
   * options read at draw time (`view`). The comparison's series come with it (a chart being built takes them).
   */
  private viewOf(
    c: ReportColumns,
    thresholdPercent: number | undefined,
    compare: CompareColumns | undefined,
    palette: string[],
  ): { data: uPlot.AlignedData; compareSeries: uPlot.Series[] } {
    const n = c.times.length;
    const data: uPlot.AlignedData = [c.times, ...c.counts];
    const occ = c.occupancyMax;
    let occMax = 0;
    let level = 0;
    if (occ) {
      data.push(occ);
      for (let i = 0; i < n; i++) if (occ[i] > occMax) occMax = occ[i];
      if (c.capacity !== null) {
        if (c.capacity > occMax) occMax = c.capacity;
        data.push(new Int32Array(n).fill(c.capacity));
        if (hasThreshold(thresholdPercent)) {
          level = (c.capacity * thresholdPercent) / 100;
          data.push(new Float64Array(n).fill(level));
        }
      }
    }
    const extra = compare ? comparisonSeries(compare, c, palette) : null;
    // Arrays with nulls (gaps); uPlot takes them as y values, its push typing only names typed arrays.
    for (const col of extra?.data ?? []) data.push(col as unknown as Float64Array);
    this.view = { capacity: c.capacity ?? 0, level, occMax, beforeDraw: extra?.beforeDraw };
    return { data, compareSeries: extra?.series ?? [] };
  }

  /** Long series: each series' min and max per pixel column (the peaks stay exact, the canvas strokes two points a
   * column), kept with every bucket for zooming in. */
  private decimate(data: uPlot.AlignedData, columns: number): void {
    const times = data[0] as Float64Array;
    const n = times.length;
    const envelope = n > columns * 4 ? minMaxEnvelope(times, data.slice(1) as ArrayLike<number | null>[], 0, n - 1, columns) : null;
    this.decimation = envelope && { full: data, data: [envelope.x, ...envelope.ys] as uPlot.AlignedData, buckets: envelope.buckets };
  }

  /** Shows the saved x range again when it overlaps the data. */
  private restoreZoom(zoom: ZoomRange | null): void {
    const times = this.data?.times;
    const n = times?.length ?? 0;
    if (this.u && times && zoom && n > 1 && zoom.max > times[0] && zoom.min < times[n - 1] && zoom.max > zoom.min) {
      this.u.setScale('x', { min: Math.max(zoom.min, times[0]), max: Math.min(zoom.max, times[n - 1]) });
    }
  }

  resetZoom(): void {
    const u = this.u;
    const d = this.data;
    if (!u || !d || d.times.length === 0) return;
    u.setScale('x', { min: d.times[0], max: d.times[d.times.length - 1] });
  }

  private onScale(u: uPlot): void {
    const d = this.data;
    if (!d || d.times.length === 0) return;
    const min = u.scales.x.min ?? d.times[0];
    const max = u.scales.x.max ?? d.times[d.times.length - 1];
    const zoomed = min > d.times[0] + 1 || max < d.times[d.times.length - 1] - 1;
    const next = zoomed ? { min, max } : null;
    const changed =
      (next === null) !== (this.zoomed === null) || (next && this.zoomed && (next.min !== this.zoomed.min || next.max !== this.zoomed.max));
    this.zoomed = next;
    if (changed) this.opts.onZoom(next);
    // Zoomed in: every bucket; the whole range: the decimated series. Swapped after this commit (uPlot is drawing).
    const want = next ? this.decimation?.full : this.decimation?.data;
    if (want && u.data !== want) {
      queueMicrotask(() => {
        if (this.u !== u) return;
        u.setData(want, false);
        u.setScale('x', { min, max });
      });
    }
  }

  /** Tick labels for the time axis, in the report's zone: times, with the date where the day changes. */
  private xLabels(splits: number[], incr: number): string[] {
    const tz = this.tzDate;
    if (!tz) return splits.map(() => '');
    const names = dateNames();
    const dayMonth = (d: Date): string =>
      names.dayFirst ? `${d.getDate()} ${names.months[d.getMonth()]}` : `${names.months[d.getMonth()]} ${d.getDate()}`;
    let prev = '';
    return splits.map((v, i) => {
      const d = tz(v);
      if (incr < DAY) {
        const day = dayMonth(d);
        const t = `${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
        const label = i === 0 || day !== prev ? `${t}\n${day}` : t;
        prev = day;
        return label;
      }
      const year = String(d.getFullYear());
      if (incr < 28 * DAY) {
        const label = i === 0 || year !== prev ? `${dayMonth(d)}\n${year}` : dayMonth(d);
        prev = year;
        return label;
      }
      return `${names.months[d.getMonth()]} ${year}`;
    });
  }

  private attachTooltip(u: uPlot): void {
    const title = h('div', { class: 'tip-title' });
    const rows = h('div', { class: 'tip-rows' });
    const tip = h('div', { class: 'chart-tooltip', role: 'tooltip' }, title, rows);
    tip.hidden = true;
    this.tipRows = [];
    u.series.forEach((s, i) => {
      if (i === 0) return;
      const swatch = h('span', { class: 'tip-swatch' });
      const stroke = typeof s.stroke === 'function' ? s.stroke(u, i) : s.stroke;
      swatch.style.backgroundColor = String(stroke ?? 'currentColor');
      const value = h('span', { class: 'tip-value' });
      const row = h('div', { class: 'tip-row' }, swatch, h('span', { class: 'tip-label' }, String(s.label ?? '')), value);
      rows.appendChild(row);
      this.tipRows.push({ row, value });
    });
    u.over.appendChild(tip);
    this.tooltip = tip;
    this.tipTitle = title;
  }

  private updateTooltip(u: uPlot): void {
    const d = this.data;
    const tf = this.tf;
    const idx = u.cursor.idx;
    const left = u.cursor.left ?? -1;
    const top = u.cursor.top ?? -1;
    if (idx === null || idx === undefined || left < 0 || !d || !tf) {
      if (this.tooltip) this.tooltip.hidden = true;
      return;
    }
    if (!this.tooltip) this.attachTooltip(u); // built on first hover, not on the render path
    const tip = this.tooltip;
    if (!tip || !this.tipTitle) return;
    const b = this.bucketOf(idx);
    this.tipTitle.textContent = tf.bucket(d.times[b], d.interval, d.offsets[b]);
    // Decimated, a point is a column's min or max: the tooltip reads every series at the point's bucket instead.
    const decimated = this.decimatedNow;
    const [cols, at] = decimated ? [decimated.full, b] : [u.data, idx];
    u.series.forEach((s, i) => {
      if (i === 0) return;
      const r = this.tipRows[i - 1];
      r.row.hidden = s.show === false;
      const col = cols[i] as ArrayLike<number | null>;
      const v = col[at];
      r.value.textContent = v === null || v !== v ? '–' : fmtInt(v);
    });
    tip.hidden = false;
    const w = tip.offsetWidth;
    const ht = tip.offsetHeight;
    const pw = u.over.clientWidth;
    const ph = u.over.clientHeight;
    let x = left + 14;
    if (x + w > pw) x = left - w - 14;
    let y = top + 14;
    if (y + ht > ph) y = Math.max(0, ph - ht);
    tip.style.transform = `translate(${Math.max(0, x)}px, ${y}px)`;
  }
}

const hasThreshold = (percent: number | undefined): percent is number => percent !== undefined && percent > 0;

/**
 * What a chart's uPlot instance is built for: everything of the columns that its series, legend, axes and hooks are
 * made of (names, which series exist, the interval's axis label, the comparison's name), none of their values.
 */
function kindOf(c: ReportColumns, thresholdPercent: number | undefined, compare: CompareColumns | undefined): string {
  const occupancy = c.occupancyMax !== null;
  const capacity = occupancy && c.capacity !== null;
  return JSON.stringify([
    c.interval,
    c.directions.map((d) => d.name),
    occupancy,
    capacity,
    capacity && hasThreshold(thresholdPercent) ? thresholdPercent : 0,
    compare ? compareLabel(compare.spec, l10n) : null,
  ]);
}

/** A round number ≥ v for the top of a value axis. */
function niceMax(v: number): number {
  if (!(v > 0)) return 10;
  const padded = v * 1.08;
  const mag = Math.pow(10, Math.floor(Math.log10(padded)));
  for (const step of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (step * mag >= padded) return step * mag;
  return 10 * mag;
}

function axisSize(u: uPlot, values: string[], axisIdx: number, cycleNum: number): number {
  const a = u.axes[axisIdx] as uPlot.Axis & { _size?: number };
  if (cycleNum > 1 && a._size) return a._size;
  const tickSize = (a.ticks as { size?: number } | undefined)?.size ?? 4;
  let size = tickSize + (a.gap ?? 5) + 6;
  let longest = '';
  for (const v of values ?? []) if (v && v.length > longest.length) longest = v;
  if (longest) {
    const font = Array.isArray(a.font) ? a.font[0] : a.font;
    size += textWidth(String(font ?? '11px sans-serif'), longest) / (window.devicePixelRatio || 1);
  }
  return Math.ceil(size);
}

let measuring: { ctx: CanvasRenderingContext2D; font: string; widths: Map<string, number> } | null = null;
/**
 * Width of `text` in `font` (a canvas font), measured on one canvas kept for the page and remembered: a new chart's
 * own canvas would resolve the font again on its first measure (several ms on the first frame).
 */
function textWidth(font: string, text: string): number {
  if (!measuring) {
    const ctx = document.createElement('canvas').getContext('2d');
    if (!ctx) return text.length * 7;
    measuring = { ctx, font: '', widths: new Map() };
  }
  if (measuring.font !== font) {
    measuring.ctx.font = font;
    measuring.font = font;
    measuring.widths.clear();
  }
  let w = measuring.widths.get(text);
  if (w === undefined) {
    if (measuring.widths.size >= 1000) measuring.widths.clear(); // labels of a long-lived (live) panel keep changing
    w = measuring.ctx.measureText(text).width;
    measuring.widths.set(text, w);
  }
  return w;
}

/**
 * Draws a throwaway chart off screen so that the chart code (uPlot's path builders, our axis and time-zone
 * functions) is compiled before the first real data arrives: the page loads while the host fetches the report.
 * Built as the page builds its charts: ahead of the data, from columns without buckets, then given the data. As
 * wide as the page's chart will be: a chart of half the width runs uPlot's per-point code half as often, and V8
 * then optimises some of it only during the first real render (on the other core, which the render needs).
 */
export function warmUp(sample: ReportColumns, compare?: CompareColumns): void {
  dateNames();
  const width = Math.max(600, chartWidthFor(document.documentElement.clientWidth));
  const host = h('div', { class: 'chart chart-warmup', 'aria-hidden': 'true' });
  host.style.width = `${width + 10}px`;
  document.body.appendChild(host);
  const chart = new ReportChart(host, { onZoom: () => undefined });
  const tf = TimeFormatter.for(sample.timezone);
  const shape = { ...sample, occupancy: sample.occupancyMax !== null };
  const empty = noBuckets(shape, compare?.spec);
  chart.prepare(empty.columns, tf, width, undefined, empty.compare);
  chart.render(sample, tf, null, width, undefined, compare);
  requestAnimationFrame(() => {
    chart.dispose();
    host.remove();
  });
}
