// What the report page shows for each host message: the selection in the header, then loading, an error, "no data"
// or the figures, chart and table. The controls are the page's own (controls.ts): host messages confirm a request,
// they do not repaint what the user has chosen.
import { computeFigures } from '../../shared/figures';
import { appendColumns } from '../../shared/liveColumns';
import type {
  HostMessage,
  LiveInfo,
  PageState,
  RenderedFigures,
  ReportColumns,
  ReportSelection,
  WebviewMessage,
} from '../../shared/reportMessages';
import { iconButton } from './button';
import { invalidateTheme, ReportChart, readTheme } from './chart';
import { Controls } from './controls';
import { replace } from './dom';
import { renderFigures } from './figures';
import { intervalLabel } from '../../shared/range';
import { l10n } from './l10n';
import { fmtInt, rangeLabel, TimeFormatter } from './format';
import { afterNextFrame } from './frame';
import { buildLayout, CHART_CHROME, message, metaItem, setContentPending, skeleton, type Layout } from './layout';
import type { SavedState } from './state';
import { VirtualTable } from './table';
import { BusiestHours } from './heatmap';
import { expectedColumns } from './expected';
import { chartPng } from './chartImage';
import type { CompareColumns, CompareSpec } from '../../shared/compare';
import { CompareControl, comparisonColumns, renderComparison } from './compare';

/** The controls with the "Compare" control after the range (and its custom dates). */
function withCompareControl(controls: HTMLElement, compare: HTMLElement): HTMLElement {
  controls.insertBefore(compare, controls.querySelector('.custom-range')?.nextSibling ?? null);
  return controls;
}

/** Phases of a data render, in order (performance marks of the benchmarks). */
export type Phase = 'message' | 'computed' | 'figures' | 'chart' | 'table' | 'painted';

/** Test and benchmark hooks (testing.ts); production pages get NO_HOOKS and do no test work. */
export interface RenderHooks {
  mark(phase: Phase, startTime?: number): void;
  /** The frame showing the answer to requestId has been produced. */
  painted(p: {
    requestId: number;
    renderMs: number;
    figures: RenderedFigures;
    points: number;
    drawn: number;
    seriesMax: number[];
    axisMax: Record<string, number>;
    chartBuiltBefore: boolean;
    canvas: HTMLCanvasElement | null;
  }): void;
}

export const NO_HOOKS: RenderHooks = { mark: () => undefined, painted: () => undefined };

export class ReportPage {
  private state: PageState = 'none';
  private shown = -1;
  private columns: ReportColumns | null = null;
  /** The figures of `columns` (the host's, or computed here). */
  private figures: RenderedFigures | null = null;
  private thresholdPercent: number | undefined;
  private live: LiveInfo | undefined;
  private tf: TimeFormatter | null = null;
  private widthHint = 0;
  private readonly layout: Layout;
  private readonly controls: Controls;
  private readonly chart: ReportChart;
  private readonly table: VirtualTable;
  private readonly heatmap = new BusiestHours();
  /** Compare with another period (compare.ts): the control and the aligned comparison shown. */
  private readonly compare: CompareControl;
  private compared: CompareColumns | undefined;

  constructor(
    private readonly app: HTMLElement,
    private readonly post: (m: WebviewMessage) => void,
    private readonly saved: SavedState,
    private readonly hooks: RenderHooks,
  ) {
    // A range, interval or directions change names the comparison only when there is one (the host keeps it; the
    // Compare control itself posts null for none), so that `change` stays as it was for panels without one.
    const withCompare = (compare: CompareSpec | null | undefined) => (compare ? { compare } : {});
    this.compare = new CompareControl(
      (compare) => {
        const cur = this.controls.current();
        if (cur) post({ type: 'change', ...cur, compare });
      },
      () => (this.columns ? this.columns.start.slice(0, 10) : null),
    );
    this.controls = new Controls({
      change: (range, interval, directions) => post({ type: 'change', range, interval, directions, ...withCompare(this.compare.value()) }),
      action: (a) => {
        if (a === 'refresh') post({ type: 'refresh' });
        else if (a === 'openJson') post({ type: 'openJson' });
        else if (a === 'exportCsv') post({ type: 'export', format: 'csv' });
        else if (a === 'exportJson') post({ type: 'export', format: 'json' });
        else if (a === 'watch') post({ type: 'watch' });
        else if (a === 'savePng') void this.savePng();
        else if (a === 'copyTable') post({ type: 'copyTable' });
        else post({ type: 'saveAsReport' });
      },
      shownDates: () => (this.columns ? { start: this.columns.start, end: this.columns.end } : null),
    });
    this.table = new VirtualTable((top) => {
      this.saved.ui.tableScroll = top;
      this.saved.save(250);
    });
    this.layout = buildLayout(app, {
      actions: this.controls.actions,
      controls: withCompareControl(this.controls.el, this.compare.el),
      table: this.table.el,
      onResetZoom: () => this.chart.resetZoom(),
    });
    this.layout.content.insertBefore(this.heatmap.el, this.layout.content.querySelector('.table-section'));
    // Called after layout, before paint: reading the width there costs nothing.
    new ResizeObserver(() => (this.headerWidth = this.layout.header.clientWidth)).observe(this.layout.header);
    this.chart = new ReportChart(this.layout.chartHost, {
      onZoom: (z) => {
        this.layout.resetZoom.toggleAttribute('disabled', z === null);
        this.saved.ui.zoom = z;
        this.saved.save();
      },
      onPick: (i) => this.table.reveal(i),
    });

    const restored = this.saved.ui.selection;
    if (restored) this.showSelection(restored);
    else this.layout.title.textContent = document.title || l10n.t('Report');
    this.showLoading();
    this.setState('none');
  }

  /** What the page shows now. */
  get current(): PageState {
    return this.state;
  }

  /** The header's width as of the last frame (a ResizeObserver's; 0 before the first layout). */
  private headerWidth = 0;

  /** Called first thing for every message: the chart's width-to-be, from the last frame's layout when there was one
   * (reading it here would force a layout whenever something changed the page since that frame). */
  measure(): void {
    this.widthHint = (this.headerWidth || this.layout.header.clientWidth) - CHART_CHROME;
  }

  /** Shows a host message (already validated and not stale); t0: when it arrived. */
  show(msg: HostMessage, t0: number): void {
    this.shown = msg.requestId;
    this.saved.setSelection(msg.selection);
    if (msg.type === 'data') {
      this.thresholdPercent = msg.thresholdPercent;
      this.live = msg.live;
      this.compared = msg.compare;
      // A live refresh sends only the buckets from the last shown one on: they replace the tail of what is shown (and
      // the figures are computed here, over all of it).
      if (msg.live?.append && this.columns && this.state === 'data')
        msg = { ...msg, data: appendColumns(this.columns, msg.data), figures: undefined };
    } else if (msg.type === 'error') {
      this.live = undefined;
    }
    this.showSelection(msg.selection, msg.type === 'data' ? msg.data : undefined, msg.type === 'data' ? msg.notice : undefined);
    switch (msg.type) {
      case 'loading':
        this.showLoading();
        this.prepareChart(msg.selection, msg.thresholdPercent);
        break;
      case 'error':
        this.showError(msg.message);
        break;
      case 'data':
        this.showData(msg.requestId, msg.data, t0, msg.figures);
        break;
    }
  }

  private showSelection(sel: ReportSelection, data?: ReportColumns, notice?: string): void {
    this.layout.title.textContent = sel.title;
    this.controls.show(sel);
    this.compare.show(sel);
    const t = sel.target;
    const items: HTMLElement[] = [
      metaItem(t.monitor.type === 'occupancy' ? 'organization' : 'person', t.monitor.name, l10n.t('Monitor')),
      metaItem('calendar', this.rangeText(sel, data), l10n.t('Range')),
      metaItem('clock', intervalLabel(data?.interval ?? t.interval, l10n), l10n.t('Interval')),
    ];
    if (notice) items.push(metaItem('warning', notice, l10n.t('Not what was asked for')));
    const tz = data?.timezone ?? this.columns?.timezone;
    if (tz) items.push(metaItem('globe', tz, l10n.t('Time zone')));
    if (t.report === null) items.push(metaItem('circle-outline', l10n.t('Unsaved'), l10n.t('Not saved as a report')));
    if (this.live) {
      const d = new Date(this.live.updatedAt);
      const hhmm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
      const live = metaItem('pulse', l10n.t('Live · updated {0}', hhmm), l10n.t('Refreshes itself while visible'));
      live.classList.add('meta-live');
      items.unshift(live);
    }
    replace(this.layout.meta, ...items);
  }

  private rangeText(sel: ReportSelection, data?: ReportColumns): string {
    const label = rangeLabel(sel.target.range);
    if (!data) return label;
    const start = Date.parse(data.start);
    const end = Date.parse(data.end);
    if (Number.isNaN(start) || Number.isNaN(end) || end <= start) return label;
    const tf = this.tf && this.tf.timeZone === data.timezone ? this.tf : TimeFormatter.for(data.timezone);
    const off = data.offsets.length ? data.offsets[0] : 0;
    const offEnd = data.offsets.length ? data.offsets[data.offsets.length - 1] : off;
    const a = tf.format(start, 'shortDate', off);
    const b = tf.format(end - 1, 'shortDate', offEnd);
    return a === b ? `${label} · ${a}` : `${label} · ${a} – ${b}`;
  }

  private setState(s: PageState): void {
    this.state = s;
    this.app.setAttribute('aria-busy', String(s === 'loading' || s === 'none'));
    this.app.dataset.state = s;
  }

  /** Puts `children` in the status area in place of the content (which stays laid out, pending: layout.ts). */
  private showStatus(...children: Node[]): void {
    replace(this.layout.status, ...children);
    this.layout.status.hidden = false;
    setContentPending(this.layout.content, true);
  }

  private showLoading(): void {
    this.setState('loading');
    this.controls.setDataActions(false);
    this.showStatus(...skeleton());
  }

  /** While the host fetches: the chart the data will most likely need, built now so that the data's render only hands
   * the data over (expected.ts). */
  private prepareChart(sel: ReportSelection, thresholdPercent: number | undefined): void {
    const { columns, compare } = expectedColumns(sel.target);
    this.chart.prepare(columns, TimeFormatter.for(columns.timezone), this.widthHint, thresholdPercent, compare);
  }

  private showError(text: string): void {
    this.setState('error');
    this.columns = null;
    this.figures = null;
    this.chart.destroy();
    this.table.clear();
    this.controls.setDataActions(false);
    const retry = iconButton(l10n.t('Retry'), 'refresh', () => this.post({ type: 'retry' }), { id: 'retry' });
    const log = iconButton(l10n.t('Show Log'), 'output', () => this.post({ type: 'showLog' }), { id: 'show-log', secondary: true });
    retry.dataset.action = 'retry';
    log.dataset.action = 'showLog';
    this.showStatus(message('error', l10n.t('Could not load the report'), text, retry, log));
  }

  private showEmpty(): void {
    this.setState('empty');
    this.chart.destroy();
    this.table.clear();
    this.showStatus(message('info', l10n.t('No data for this range.'), l10n.t('Pick another range, interval or directions above.')));
  }

  /** `given`: the host's figures of `data`, when it sent them. */
  private showData(requestId: number, data: ReportColumns, t0: number, given?: RenderedFigures): void {
    this.hooks.mark('message', t0);
    this.columns = data;
    this.tf = TimeFormatter.for(data.timezone);
    this.controls.setTimeZone(this.tf, data.offsets.length ? data.offsets[0] : 0);
    const n = data.times.length;
    const figures = given ?? computeFigures(data, this.thresholdPercent);
    this.figures = figures;
    this.hooks.mark('computed');
    if (n === 0) {
      this.showEmpty();
      this.afterPaint(requestId, t0, figures);
      return;
    }
    this.setState('data');
    const { status, content } = this.layout;
    status.hidden = true;
    replace(status);
    setContentPending(content, false);
    this.paintFigures(data, figures, this.tf);
    this.hooks.mark('figures');
    this.layout.rowCount.textContent = n === 1 ? l10n.t('{0} row', fmtInt(n)) : l10n.t('{0} rows', fmtInt(n));
    this.chart.render(data, this.tf, this.saved.ui.zoom, this.widthHint, this.thresholdPercent, this.compared);
    this.hooks.mark('chart');
    this.layout.resetZoom.toggleAttribute('disabled', this.chart.zoom === null);
    // The table sits below the chart: it is built right after the chart's first frame, not on its path.
    this.table.clear();
    const tf = this.tf;
    const compared = this.compared;
    this.afterPaint(requestId, t0, figures, () => {
      this.table.setData(data, tf, this.saved.ui.tableScroll, compared ? comparisonColumns(compared, data, tf) : []);
      this.hooks.mark('table');
      this.heatmap.render(data);
    });
  }

  /** Once the frame with the answer has been produced: the rest of the page, then the hooks. */
  private afterPaint(requestId: number, t0: number, figures: RenderedFigures, then?: () => void): void {
    afterNextFrame(() => {
      const renderMs = performance.now() - t0;
      this.hooks.mark('painted');
      if (requestId !== this.shown) return;
      then?.();
      this.controls.setDataActions(true); // after the data's first frame: buttons re-render in the next one
      const withChart = this.state === 'data';
      this.hooks.painted({
        requestId,
        renderMs,
        figures,
        points: withChart ? this.chart.points : 0,
        drawn: withChart ? this.chart.drawnPoints : 0,
        seriesMax: withChart ? this.chart.seriesMax() : [],
        axisMax: withChart ? this.chart.axisMax() : {},
        chartBuiltBefore: withChart && this.chart.builtBefore,
        canvas: withChart ? this.chart.canvas : null,
      });
    });
  }

  /** Save Chart as PNG…: the image goes to the host, which asks where to save it. */
  private async savePng(): Promise<void> {
    const canvas = this.chart.canvas;
    if (this.state !== 'data' || !canvas) return;
    const png = await chartPng(this.layout.chartHost, canvas, this.layout.title.textContent ?? '', this.metaLine());
    this.post({ type: 'savePng', png });
  }

  /** The facts under the title on one line (monitor · range · interval · time zone …). */
  private metaLine(): string {
    return Array.from(this.layout.meta.querySelectorAll('.meta-text'), (t) => t.textContent ?? '').join(' · ');
  }

  /** VS Code swapped the theme: the chart and figures take the new colours. */
  themeChanged(): void {
    invalidateTheme();
    if (this.state !== 'data' || !this.columns || !this.figures || !this.tf) return;
    this.chart.render(this.columns, this.tf, this.chart.zoom, 0, this.thresholdPercent, this.compared);
    this.paintFigures(this.columns, this.figures, this.tf);
  }

  /** The figure cards of `c`, with the comparison's beside them, in the theme's colours. */
  private paintFigures(c: ReportColumns, f: RenderedFigures, tf: TimeFormatter): void {
    const palette = readTheme().palette;
    renderFigures(this.layout.figures, c, f, tf, palette, this.nowValue(c));
    renderComparison(this.layout.figures, c, f.totals, f.busiest, this.compared, tf, palette);
  }

  /** A live occupancy panel's occupancy now: the end of its last bucket. */
  private nowValue(c: ReportColumns): number | undefined {
    const n = c.times.length;
    return this.live && c.occupancyEnd && n > 0 ? c.occupancyEnd[n - 1] : undefined;
  }
}
