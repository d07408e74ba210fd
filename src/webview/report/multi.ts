// The page of a panel with several monitors (host side src/panels/multiPanel.ts): one series per monitor (its
// directions summed, only "in" (its first direction) or "out" (its second), or each direction), plus an optional
// total of the selected monitors, in one chart; a legend lists every monitor with its total, or with its error and
// a Retry button (`retryMonitor`) while the others are shown. Range (a preset, or Custom… with the date fields of
// customRange.ts) and interval post `change` like the single report page; directions and the total are drawn from
// the data already here and posted as `multiView` (the target keeps them for a restored panel). Colours:
// multiPalette.ts, one per series, for the chart and the legend's swatches alike. Compare (compare.ts's control, as on
// the single report page) posts `change` with the comparison period: each series is then drawn again dashed in its
// colour, and the legend shows each total for both periods and the change. Strings via l10n.t.
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import type { VscodeCheckbox } from '@vscode-elements/elements/dist/vscode-checkbox/vscode-checkbox.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import { change, compareLabel, formatAbsolute, formatRelative, type CompareColumns, type CompareSpec } from '../../shared/compare';
import { buildMultiSeries, type MultiChart, type MultiSeries } from '../../shared/multiSeries';
import type { MultiEntry, MultiHostMessage, MultiWebviewMessage } from '../../shared/multiMessages';
import { INTERVALS, intervalLabel, isInterval, PRESETS, presetLabel, rangeDays, type Interval } from '../../shared/range';
import { DIRECTION_MODES, type DirectionMode } from '../../reports/target';
import type { PageState, ReportColumns, ReportSelection, WebviewMessage } from '../../shared/reportMessages';
import { isolate } from '../../util/inert';
import { iconButton } from './button';
import { invalidateTheme, readTheme, ReportChart } from './chart';
import { CompareControl } from './compare';
import { CUSTOM, CustomRangeFields } from './customRange';
import { seriesPalette } from './multiPalette';
import { h, icon, option, replace } from './dom';
import { fmtInt, rangeLabel, TimeFormatter } from './format';
import { afterNextFrame } from './frame';
import { l10n } from './l10n';
import { CHART_CHROME, chartSection, message, metaItem, skeleton } from './layout';
import type { RenderHooks } from './page';
import type { SavedState } from './state';

/** "Main Entrance", or "Main Entrance · in" for one direction; server names isolated (bidi). */
function seriesLabel(s: MultiSeries): string {
  if (s.monitorId === null) return l10n.t('Total of selected monitors');
  return s.direction === null ? isolate(s.monitor) : `${isolate(s.monitor)} · ${isolate(s.direction)}`;
}

/** The key of a series in the `rendered` figures: "monitorId|direction" ("" for summed directions), "total". */
const seriesKey = (s: MultiSeries): string => (s.monitorId === null ? 'total' : `${s.monitorId}|${s.direction ?? ''}`);

function modeLabel(m: DirectionMode): string {
  switch (m) {
    case 'both':
      return l10n.t('Both directions (summed)');
    case 'in':
      return l10n.t('In (first direction)');
    case 'out':
      return l10n.t('Out (second direction)');
    case 'each':
      return l10n.t('Each direction');
  }
}

export class MultiPage {
  private state: PageState = 'none';
  private shown = -1;
  private entries: MultiEntry[] = [];
  private mode: DirectionMode = 'both';
  private withTotal = true;
  private widthHint = 0;
  private filledFor = '';
  private readonly header: HTMLElement;
  private readonly title: HTMLElement;
  private readonly meta: HTMLElement;
  private readonly status: HTMLElement;
  private readonly content: HTMLElement;
  private readonly legend: HTMLElement;
  private readonly chartHost: HTMLElement;
  private readonly chart: ReportChart;
  private readonly range: VscodeSingleSelect;
  private readonly interval: VscodeSingleSelect;
  private readonly directions: VscodeSingleSelect;
  private readonly total: VscodeCheckbox;
  private readonly compare: CompareControl;
  /** The dates of a custom range (customRange.ts, as on the single report page). */
  private readonly custom: CustomRangeFields;
  /** The comparison chosen in the selection shown (its label names the comparison in the legend). */
  private compareSpec: CompareSpec | null = null;
  private chartBase: ReportColumns | null = null;

  constructor(
    private readonly app: HTMLElement,
    private readonly post: (m: WebviewMessage | MultiWebviewMessage) => void,
    private readonly saved: SavedState,
    private readonly hooks: RenderHooks,
  ) {
    this.title = h('h1', { class: 'title' });
    this.meta = h('div', { class: 'meta' });
    const select = (id: string, label: string): VscodeSingleSelect => {
      const s = document.createElement('vscode-single-select');
      s.id = id;
      s.label = label;
      return s;
    };
    this.range = select('range', l10n.t('Range'));
    for (const p of PRESETS) this.range.appendChild(option(p, presetLabel(p, l10n)));
    this.range.appendChild(option(CUSTOM, l10n.t('Custom…')));
    this.custom = new CustomRangeFields(() => this.emit());
    this.interval = select('interval', l10n.t('Interval'));
    for (const iv of INTERVALS) this.interval.appendChild(option(iv, intervalLabel(iv, l10n)));
    this.directions = select('direction-mode', l10n.t('Directions'));
    for (const m of DIRECTION_MODES) this.directions.appendChild(option(m, modeLabel(m), m === this.mode));
    this.total = document.createElement('vscode-checkbox');
    this.total.id = 'total';
    this.total.label = l10n.t('Total of selected monitors');
    this.total.checked = true;
    this.total.title = l10n.t(
      'Adds the sum of the selected monitors. People who walk through internal doors between them are counted more than once.',
    );
    this.compare = new CompareControl(
      (spec) => this.emit(spec),
      () => {
        const b = this.chartBase;
        return b ? (rangeDays({ start: b.start, end: b.end })?.first ?? null) : null;
      },
    );
    const field = (label: string, control: HTMLElement, id: string): HTMLElement =>
      h('div', { class: 'field' }, h('label', { class: 'field-label', for: id }, label), control);
    const refresh = iconButton(l10n.t('Refresh'), 'refresh', () => post({ type: 'refresh' }), {
      secondary: true,
      title: l10n.t('Fetch the data again'),
    });
    const controls = h(
      'div',
      { class: 'controls', role: 'group', 'aria-label': l10n.t('Report selection') },
      field(l10n.t('Range'), this.range, 'range'),
      this.custom.el,
      field(l10n.t('Interval'), this.interval, 'interval'),
      this.compare.el,
      field(l10n.t('Directions'), this.directions, 'direction-mode'),
      h('div', { class: 'field multi-total-field' }, this.total),
    );
    this.header = h(
      'header',
      { class: 'header' },
      h(
        'div',
        { class: 'title-row' },
        h('div', { class: 'title-block' }, this.title, this.meta),
        h('div', { class: 'actions', role: 'toolbar', 'aria-label': l10n.t('Report actions') }, refresh),
      ),
      controls,
    );
    this.status = h('div', { class: 'status', role: 'status', 'aria-live': 'polite' });
    this.legend = h('section', { class: 'figures multi-legend', 'aria-label': l10n.t('Monitors') });
    this.chartHost = h('div', { class: 'chart' });
    const resetZoom = iconButton(l10n.t('Reset zoom'), 'discard', () => this.chart.resetZoom(), { secondary: true });
    this.content = h('div', { class: 'content' }, this.legend, chartSection(this.chartHost, resetZoom));
    this.content.hidden = true;
    replace(app, this.header, this.status, this.content);
    this.chart = new ReportChart(this.chartHost, {
      onZoom: (z) => {
        this.saved.ui.zoom = z;
        this.saved.save();
      },
      palette: seriesPalette,
    });

    this.range.addEventListener('change', () => {
      const b = this.chartBase;
      if (this.custom.chosen(this.range.value, b ? { start: b.start, end: b.end } : null)) this.emit();
    });
    this.interval.addEventListener('change', () => this.emit());
    this.directions.addEventListener('change', () => {
      const m = this.directions.value as DirectionMode;
      if (!DIRECTION_MODES.includes(m) || m === this.mode) return;
      this.mode = m;
      this.viewChanged();
    });
    this.total.addEventListener('change', () => {
      this.withTotal = this.total.checked;
      this.viewChanged();
    });

    const restored = this.saved.ui.selection;
    if (restored) this.showSelection(restored);
    else this.title.textContent = document.title || l10n.t('Report');
    this.showLoading(0, restored?.target.monitors?.length ?? 0);
    this.setState('none');
  }

  /** Posts the range, interval and comparison the controls show (`compare`: just chosen; else the control's). */
  private emit(compare: CompareSpec | null | undefined = this.compare.value()): void {
    const interval = this.interval.value;
    const range = this.custom.rangeFor(this.range.value);
    if (range && isInterval(interval))
      this.post({ type: 'change', range, interval, directions: null, ...(compare !== undefined ? { compare } : {}) });
  }

  get current(): PageState {
    return this.state;
  }

  measure(): void {
    this.widthHint = this.header.clientWidth - CHART_CHROME;
  }

  show(msg: MultiHostMessage, t0: number): void {
    this.shown = msg.requestId;
    this.showSelection(msg.selection);
    this.saved.setSelection(this.withView(msg.selection));
    if (msg.type === 'multiLoading') {
      this.showLoading(msg.done, msg.total);
      return;
    }
    this.entries = msg.monitors;
    this.render(msg.requestId, t0);
  }

  /** The view chosen here (direction mode, total) in the selection kept for a reload: the page's choice wins. */
  private withView(sel: ReportSelection): ReportSelection {
    return { ...sel, target: { ...sel.target, multiView: { mode: this.mode, total: this.withTotal } } };
  }

  /** Draws the new view, keeps it in the state and tells the host (its target keeps it for a restored panel). */
  private viewChanged(): void {
    this.redraw();
    const sel = this.saved.ui.selection;
    if (sel) this.saved.setSelection(this.withView(sel));
    this.post({ type: 'multiView', view: { mode: this.mode, total: this.withTotal } });
  }

  private showSelection(sel: ReportSelection): void {
    const t = sel.target;
    this.title.textContent = sel.title;
    this.compareSpec = t.compare ?? null;
    this.compare.show(sel);
    const n = t.monitors?.length ?? 1;
    replace(
      this.meta,
      metaItem('location', isolate(t.site.name), l10n.t('Site')),
      metaItem('person', l10n.t('{0} people-count monitors', n), l10n.t('Monitors')),
      metaItem('calendar', rangeLabel(t.range), l10n.t('Range')),
      metaItem('clock', intervalLabel(t.interval, l10n), l10n.t('Interval')),
      metaItem('globe', t.site.timezone, l10n.t('Time zone')),
    );
    // The controls take the host's selection once (then only the person changes them).
    const tf = TimeFormatter.for(t.site.timezone);
    this.custom.setTimeZone(tf, this.chartBase?.offsets[0] ?? 0);
    const key = JSON.stringify([t.accountId, (t.monitors ?? []).map((m) => m.id)]);
    if (this.filledFor !== key) {
      this.filledFor = key;
      this.custom.showRange(this.range, t.range);
      this.interval.value = t.interval satisfies Interval;
      // The direction mode and total as last chosen (kept in the target across a reload).
      const view = t.multiView;
      if (view) {
        this.mode = view.mode;
        this.withTotal = view.total;
        this.directions.value = view.mode;
        this.total.checked = view.total;
      }
    }
  }

  private setState(s: PageState): void {
    this.state = s;
    this.app.setAttribute('aria-busy', String(s === 'loading' || s === 'none'));
    this.app.dataset.state = s;
  }

  private showLoading(done: number, total: number): void {
    this.setState('loading');
    const text = total > 0 ? l10n.t('Loading {0} of {1} monitors…', done, total) : l10n.t('Loading…');
    replace(this.status, ...skeleton(), h('div', { class: 'multi-progress' }, text));
    this.status.hidden = false;
    this.content.hidden = true;
  }

  private redraw(): void {
    if (this.state === 'data' || this.state === 'error') this.render(this.shown, performance.now());
  }

  private render(requestId: number, t0: number): void {
    this.hooks.mark('message', t0);
    const chart = buildMultiSeries(this.entries, this.mode, this.withTotal);
    this.hooks.mark('computed');
    const failed = this.entries.filter((e) => e.data === null).length;
    const palette = seriesPalette(readTheme().palette, chart?.series.length ?? 0);
    this.chartBase = chart?.base ?? null;
    if (chart) this.custom.setTimeZone(TimeFormatter.for(chart.base.timezone), chart.base.offsets[0] ?? 0);
    this.status.hidden = true;
    replace(this.status);
    this.content.hidden = false;
    this.renderLegend(chart, palette);
    this.hooks.mark('figures');
    let tf: TimeFormatter | null = null;
    if (chart && chart.base.times.length > 0) {
      this.setState('data');
      tf = TimeFormatter.for(chart.base.timezone);
      const cols = this.columns(chart);
      this.chart.render(cols, tf, this.saved.ui.zoom, this.widthHint, undefined, this.chartComparison(chart, cols));
      this.chartHost.hidden = false;
    } else {
      this.setState(failed === this.entries.length ? 'error' : 'empty');
      this.chart.destroy();
      if (failed < this.entries.length)
        this.chartHost.append(message('info', l10n.t('No data for this range.'), l10n.t('Pick another range or interval above.')));
    }
    this.hooks.mark('chart');
    const totals: Record<string, number> = {};
    const compareTotals: Record<string, number> = {};
    for (const s of chart?.series ?? []) {
      totals[seriesKey(s)] = s.total;
      if (s.compare) compareTotals[seriesKey(s)] = s.compare.total;
    }
    afterNextFrame(() => {
      const renderMs = performance.now() - t0;
      this.hooks.mark('painted');
      if (requestId !== this.shown) return;
      const withChart = this.state === 'data';
      this.hooks.painted({
        requestId,
        renderMs,
        figures: {
          totals,
          busiest: null,
          peakOccupancy: null,
          shareAboveThreshold: null,
          ...(chart?.series.some((s) => s.compare) ? { compareTotals } : {}),
        },
        points: withChart ? this.chart.points : 0,
        drawn: withChart ? this.chart.drawnPoints : 0,
        seriesMax: withChart ? this.chart.seriesMax() : [],
        axisMax: withChart ? this.chart.axisMax() : {},
        chartBuiltBefore: withChart && this.chart.builtBefore,
        canvas: withChart ? this.chart.canvas : null,
      });
    });
  }

  /** The series as the columns of one chart (each series a "direction" of it). */
  private columns(chart: MultiChart): ReportColumns {
    const b = chart.base;
    const directions = chart.series.map((s, i) => ({ id: `s${i}`, name: seriesLabel(s) }));
    const totals: Record<string, number> = {};
    chart.series.forEach((s, i) => (totals[`s${i}`] = s.total));
    return {
      timezone: b.timezone,
      interval: b.interval,
      start: b.start,
      end: b.end,
      times: b.times,
      offsets: b.offsets,
      directions,
      counts: chart.series.map((s) => s.values),
      occupancyEnd: null,
      occupancyMax: null,
      capacity: null,
      totals,
    };
  }

  /**
   * The comparison as the chart takes it (compare.ts's dashed series, one per series of `cols`, in its colour); the
   * comparison times are the first monitor's. Undefined when no series has one.
   */
  private chartComparison(chart: MultiChart, cols: ReportColumns): CompareColumns | undefined {
    const spec = this.compareSpec;
    const first = this.entries.find((e) => e.compare)?.compare;
    if (!spec || !first || !chart.series.some((s) => s.compare)) return undefined;
    const n = cols.times.length;
    const baseCmp = this.entries.find((e) => e.data !== null)?.compare;
    const none = new Float64Array(n).fill(NaN);
    const totals: Record<string, number> = {};
    chart.series.forEach((s, i) => (totals[`s${i}`] = s.compare?.total ?? 0));
    return {
      spec,
      start: first.start,
      end: first.end,
      times: baseCmp?.times ?? none,
      offsets: baseCmp?.offsets ?? new Int16Array(n),
      counts: chart.series.map((s) => s.compare?.values ?? none),
      occupancyMax: null,
      totals,
      busiest: null,
      missing: first.missing,
      unmatched: first.unmatched,
    };
  }

  /** "1,234 vs 1,100 · +134 · +12.2 %": a total for both periods and the change (`new` / `–` from a zero base). */
  private compared(now: number, before: number): HTMLElement {
    const c = change(now, before);
    const rel = c.relative === null && c.absolute > 0 ? l10n.t('new') : formatRelative(c);
    return h(
      'span',
      { class: `multi-series-compare${c.absolute > 0 ? ' compare-up' : c.absolute < 0 ? ' compare-down' : ''}` },
      `${l10n.t('vs')} `,
      h('span', { class: 'compare-before' }, fmtInt(before)),
      ' · ',
      h('span', { class: 'compare-absolute' }, formatAbsolute(c, fmtInt)),
      ' · ',
      h('span', { class: 'compare-change' }, rel),
    );
  }

  /** The comparison's name and period above the legend entries; null without a comparison. */
  private compareHeading(): HTMLElement | null {
    const spec = this.compareSpec;
    const first = this.entries.find((e) => e.compare)?.compare;
    if (!spec || !first) return null;
    const tf = TimeFormatter.for(this.chartBase?.timezone ?? 'UTC');
    const s = Date.parse(first.start);
    const e = Date.parse(first.end);
    const period = Number.isNaN(s) || Number.isNaN(e) ? '' : ` · ${tf.format(s, 'shortDate')} – ${tf.format(e - 1, 'shortDate')}`;
    return h('h2', { class: 'compare-title multi-compare-title' }, l10n.t('Compared with the {0}', compareLabel(spec, l10n)), period);
  }

  /** One entry per monitor (its series with their totals, or its error and Retry), then the total. */
  private renderLegend(chart: MultiChart | null, palette: string[]): void {
    const series = chart?.series ?? [];
    const swatch = (i: number): HTMLElement => {
      const s = h('span', { class: 'figure-swatch', 'aria-hidden': 'true' });
      s.style.backgroundColor = palette[i % palette.length];
      return s;
    };
    const items: HTMLElement[] = [];
    for (const e of this.entries) {
      if (e.data === null) {
        const retry = iconButton(l10n.t('Retry'), 'refresh', () => this.post({ type: 'retryMonitor', id: e.id }), { secondary: true });
        retry.classList.add('multi-retry');
        items.push(
          h(
            'div',
            { class: 'figure multi-entry multi-failed', role: 'group', 'data-monitor-id': e.id, 'aria-label': isolate(e.name) },
            h('div', { class: 'figure-label' }, icon('error'), h('span', { class: 'figure-label-text' }, isolate(e.name))),
            h('div', { class: 'figure-sub multi-error', role: 'alert' }, e.error ?? l10n.t('Could not load this monitor.')),
            h('div', { class: 'message-actions' }, retry),
          ),
        );
        continue;
      }
      const rows = series
        .map((s, i) => ({ s, i }))
        .filter(({ s }) => s.monitorId === e.id)
        .map(({ s, i }) =>
          h(
            'div',
            { class: 'multi-series', 'data-series': seriesKey(s) },
            swatch(i),
            h('span', { class: 'multi-series-label' }, s.direction === null ? l10n.t('Total') : isolate(s.direction)),
            h('span', { class: 'multi-series-value' }, fmtInt(s.total)),
            s.compare ? this.compared(s.total, s.compare.total) : null,
          ),
        );
      const compareError =
        e.compareError !== undefined && this.compareSpec
          ? h(
              'div',
              { class: 'figure-sub multi-compare-error' },
              l10n.t('Could not load the {0}: {1}', compareLabel(this.compareSpec, l10n), e.compareError),
            )
          : null;
      items.push(
        h(
          'div',
          { class: 'figure multi-entry', role: 'group', 'data-monitor-id': e.id, 'aria-label': isolate(e.name) },
          h(
            'div',
            { class: 'figure-label' },
            icon('person'),
            h('span', { class: 'figure-label-text', title: isolate(e.name) }, isolate(e.name)),
          ),
          ...rows,
          compareError,
        ),
      );
    }
    const totalIndex = series.findIndex((s) => s.monitorId === null);
    if (totalIndex >= 0) {
      const t = series[totalIndex];
      const tip = l10n.t(
        'The sum of the selected monitors, not a count of the site: people who walk through internal doors between them are counted more than once.',
      );
      items.push(
        h(
          'div',
          { class: 'figure multi-entry multi-total', role: 'group', title: tip, 'aria-label': l10n.t('Total of selected monitors') },
          h(
            'div',
            { class: 'figure-label' },
            icon('symbol-operator'),
            h('span', { class: 'figure-label-text' }, l10n.t('Total of selected monitors')),
          ),
          h(
            'div',
            { class: 'multi-series', 'data-series': 'total' },
            swatch(totalIndex),
            h('span', { class: 'figure-value' }, fmtInt(t.total)),
            t.compare ? this.compared(t.total, t.compare.total) : null,
          ),
          h('div', { class: 'figure-sub' }, l10n.t('Sum of the selected monitors; internal doors double count.')),
        ),
      );
    }
    const heading = this.compareHeading();
    replace(this.legend, ...(heading ? [heading] : []), ...items);
  }

  themeChanged(): void {
    invalidateTheme();
    this.redraw();
  }
}
