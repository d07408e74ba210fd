// The report page inside the report panel. Talks to the host only through the messages in
// src/shared/reportMessages.ts: posts `ready`, then shows whatever `loading` / `data` / `error` arrives last
// (older request ids are ignored), and reports every paint with `rendered`.
import 'uplot/dist/uPlot.min.css';
import './style.css';
import { computeFigures } from '../../shared/figures';
import {
  isHostMessage,
  type HostMessage,
  type RenderedFigures,
  type ReportColumns,
  type ReportSelection,
  type WebviewMessage,
} from '../../shared/reportMessages';
import { invalidateTheme, ReportChart, readTheme, warmUp } from './chart';
import { Controls } from './controls';
import { h, icon, replace } from './dom';
import { renderFigures } from './figures';
import { intervalLabel } from '../../shared/range';
import { fmtInt, fmtPercent, rangeLabel, TimeFormatter } from './format';
import { readState, viewKey, type UiState } from './state';
import { VirtualTable } from './table';

interface VsCodeApi {
  postMessage(msg: WebviewMessage): void;
  getState(): unknown;
  setState(state: UiState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** Horizontal border + padding of .chart (style.css): the chart is that much narrower than the header. */
const CHART_CHROME = 10;

const MARKS = ['message', 'computed', 'figures', 'chart', 'table', 'painted'];

type PageState = 'none' | 'loading' | 'data' | 'error' | 'empty';

const vscode = acquireVsCodeApi();
const post = (m: WebviewMessage): void => vscode.postMessage(m);

class ReportPage {
  private state: PageState = 'none';
  private latest = -1;
  private selection: ReportSelection | null = null;
  private columns: ReportColumns | null = null;
  private tf: TimeFormatter | null = null;
  private ui: UiState;
  private saveTimer = 0;
  private widthHint = 0;
  private readonly header: HTMLElement;

  private readonly app: HTMLElement;
  private readonly title = h('h1', { class: 'title' });
  private readonly meta = h('div', { class: 'meta' });
  private readonly status = h('div', { class: 'status', role: 'status', 'aria-live': 'polite' });
  private readonly content = h('div', { class: 'content' });
  private readonly figures = h('section', { class: 'figures', 'aria-label': 'Figures' });
  private readonly chartHost = h('div', { class: 'chart' });
  private readonly resetZoom: HTMLElement;
  private readonly rowCount = h('span', { class: 'section-count' });
  private readonly controls: Controls;
  private readonly chart: ReportChart;
  private readonly table: VirtualTable;

  constructor(root: HTMLElement) {
    this.app = root;
    this.ui = readState(vscode.getState());
    this.controls = new Controls({
      change: (range, interval, directions) => post({ type: 'change', range, interval, directions }),
      action: (a) => {
        if (a === 'refresh') post({ type: 'refresh' });
        else if (a === 'openJson') post({ type: 'openJson' });
        else if (a === 'exportCsv') post({ type: 'export', format: 'csv' });
        else if (a === 'exportJson') post({ type: 'export', format: 'json' });
        else post({ type: 'saveAsReport' });
      },
    });
    this.chart = new ReportChart(this.chartHost, {
      onZoom: (z) => {
        this.resetZoom.toggleAttribute('disabled', z === null);
        this.ui.zoom = z;
        this.saveState();
      },
      onPick: (i) => this.table.reveal(i),
    });
    this.table = new VirtualTable((top) => {
      this.ui.tableScroll = top;
      this.saveState(250);
    });

    const reset = document.createElement('vscode-button');
    reset.secondary = true;
    reset.appendChild(icon('discard', 'btn-icon'));
    reset.lastElementChild?.setAttribute('slot', 'content-before');
    reset.appendChild(document.createTextNode('Reset zoom'));
    reset.title = 'Show the whole range (or double-click the chart)';
    reset.disabled = true;
    reset.addEventListener('click', () => this.chart.resetZoom());
    this.resetZoom = reset;

    replace(
      this.content,
      this.figures,
      h(
        'section',
        { class: 'panel-section chart-section', 'aria-label': 'Chart' },
        h(
          'div',
          { class: 'section-head' },
          h('h2', null, 'Chart'),
          h('span', { class: 'hint' }, 'Drag across the chart to zoom · click a legend entry to hide a series'),
          h('span', { class: 'spacer' }),
          reset,
        ),
        this.chartHost,
      ),
      h(
        'section',
        { class: 'panel-section table-section', 'aria-label': 'Buckets' },
        h('div', { class: 'section-head' }, h('h2', null, 'Buckets'), this.rowCount),
        this.table.el,
      ),
    );
    this.content.hidden = true;

    this.header = h(
      'header',
      { class: 'header' },
      h('div', { class: 'title-row' }, h('div', { class: 'title-block' }, this.title, this.meta), this.controls.actions),
      this.controls.el,
    );
    replace(this.app, this.header, this.status, this.content);

    if (this.ui.selection) {
      this.showSelection(this.ui.selection);
      this.showLoading();
      this.state = 'none';
    } else {
      this.title.textContent = document.title || 'Report';
      this.showLoading();
      this.state = 'none';
    }

    window.addEventListener('message', (e: MessageEvent) => this.onMessage(e));
    // VS Code swaps the theme by rewriting the variables in <html style> and the body's class / data attributes.
    let themeFrame = 0;
    const themeChanged = (): void => {
      if (themeFrame) return;
      themeFrame = requestAnimationFrame(() => {
        themeFrame = 0;
        this.onThemeChange();
      });
    };
    const mo = new MutationObserver(themeChanged);
    mo.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
    mo.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-id', 'data-vscode-theme-kind'] });
    post({ type: 'ready' });
    // While the host fetches the data: compile the chart code and load the time zone data.
    setTimeout(() => {
      if (this.state === 'data') return;
      const tf = TimeFormatter.for('UTC');
      tf.format(0, 'dateTime');
      tf.offsetAt(0);
      fmtInt(1234);
      fmtPercent(0.5);
      // Same shapes as real data (3 directions + occupancy), so the compiled code fits what comes next.
      const n = 8192;
      const times = new Float64Array(n).map((_, i) => 1.7e12 + i * 900_000);
      const wave = (k: number): Int32Array => new Int32Array(n).map((_, i) => Math.round(50 + 40 * Math.sin(i / (20 + k))));
      const sample: ReportColumns = {
        timezone: 'UTC',
        interval: '15m',
        start: '2023-11-14T22:13:20+00:00',
        end: '2024-02-07T22:13:20+00:00',
        times,
        offsets: new Int16Array(n),
        directions: [0, 1, 2].map((k) => ({ id: `w${k}`, name: '' })),
        counts: [0, 1, 2].map(wave),
        occupancyEnd: wave(3),
        occupancyMax: wave(4),
        capacity: 100,
        totals: {},
      };
      for (let i = 0; i < 3; i++) computeFigures(sample);
      warmUp(sample);
    }, 0);
  }

  private onMessage(e: MessageEvent): void {
    const t0 = performance.now();
    // Read before any DOM change (layout is still clean, so this costs nothing): the chart's width-to-be.
    this.widthHint = this.header.clientWidth - CHART_CHROME;
    const msg: unknown = e.data;
    if (!isHostMessage(msg)) {
      const type = typeof msg === 'object' && msg !== null ? (msg as { type?: unknown }).type : typeof msg;
      console.warn('Hoxton Reports: dropped a message that does not match the protocol:', type);
      return;
    }
    if (msg.type === 'probe') {
      post({ type: 'probeResult', requestId: msg.requestId, state: this.state, text: this.visibleText() });
      return;
    }
    if (msg.requestId < this.latest) return; // an answer to a request that has been superseded
    this.latest = msg.requestId;
    this.handle(msg, t0);
  }

  private handle(msg: Exclude<HostMessage, { type: 'probe' }>, t0: number): void {
    const key = viewKey(msg.selection);
    if (this.ui.viewKey !== key) {
      // Another selection: zoom and scroll start over.
      this.ui.viewKey = key;
      this.ui.zoom = null;
      this.ui.tableScroll = 0;
    }
    this.showSelection(msg.selection, msg.type === 'data' ? msg.data : undefined);
    this.saveState();
    switch (msg.type) {
      case 'loading':
        this.showLoading();
        break;
      case 'error':
        this.showError(msg.message);
        break;
      case 'data':
        this.showData(msg.requestId, msg.data, t0);
        break;
    }
  }

  private showSelection(sel: ReportSelection, data?: ReportColumns): void {
    this.selection = sel;
    this.ui.selection = sel;
    const t = sel.target;
    this.title.textContent = sel.title;
    this.controls.setSelection(sel, data ? { start: data.start, end: data.end } : undefined);
    const items: HTMLElement[] = [
      this.metaItem(t.monitor.type === 'occupancy' ? 'organization' : 'person', t.monitor.name, 'Monitor'),
      this.metaItem('calendar', this.rangeText(sel, data), 'Range'),
      this.metaItem('clock', intervalLabel(t.interval), 'Interval'),
    ];
    const tz = data?.timezone ?? this.columns?.timezone;
    if (tz) items.push(this.metaItem('globe', tz, 'Time zone'));
    if (t.report === null) items.push(this.metaItem('circle-outline', 'Unsaved', 'Not saved as a report'));
    replace(this.meta, ...items);
  }

  private metaItem(codicon: string, text: string, label: string): HTMLElement {
    return h('span', { class: 'meta-item', title: label }, icon(codicon), h('span', { class: 'meta-text' }, text));
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

  private showLoading(): void {
    this.setState('loading');
    this.controls.setDataActions(false);
    const card = (): HTMLElement => h('div', { class: 'sk sk-card' });
    replace(
      this.status,
      h(
        'div',
        { class: 'skeleton', 'aria-label': 'Loading report data' },
        h('div', { class: 'sk-cards' }, card(), card(), card(), card()),
        h('div', { class: 'sk sk-chart' }),
        h('div', { class: 'sk sk-line' }),
        h('div', { class: 'sk sk-line short' }),
      ),
      h('span', { class: 'sr-only' }, 'Loading…'),
    );
    this.status.hidden = false;
    this.content.hidden = true;
  }

  private showError(message: string): void {
    this.setState('error');
    this.columns = null;
    this.chart.destroy();
    this.table.clear();
    this.controls.setDataActions(false);
    const retry = document.createElement('vscode-button');
    retry.appendChild(icon('refresh', 'btn-icon'));
    retry.lastElementChild?.setAttribute('slot', 'content-before');
    retry.appendChild(document.createTextNode('Retry'));
    retry.id = 'retry';
    retry.addEventListener('click', () => post({ type: 'retry' }));
    replace(
      this.status,
      h(
        'div',
        { class: 'message message-error', role: 'alert' },
        icon('error', 'message-icon'),
        h(
          'div',
          { class: 'message-body' },
          h('div', { class: 'message-title' }, 'Could not load the report'),
          h('div', { class: 'message-text' }, message),
          h('div', { class: 'message-actions' }, retry),
        ),
      ),
    );
    this.status.hidden = false;
    this.content.hidden = true;
  }

  private showEmpty(): void {
    this.setState('empty');
    this.chart.destroy();
    this.table.clear();
    replace(
      this.status,
      h(
        'div',
        { class: 'message message-info' },
        icon('info', 'message-icon'),
        h(
          'div',
          { class: 'message-body' },
          h('div', { class: 'message-title' }, 'No data for this range.'),
          h('div', { class: 'message-text' }, 'Pick another range, interval or directions above.'),
        ),
      ),
    );
    this.status.hidden = false;
    this.content.hidden = true;
  }

  private showData(requestId: number, data: ReportColumns, t0: number): void {
    // Marks for benchmarks (performance.getEntriesByName('hoxton:…')): message → computed → figures → chart → table → painted.
    for (const m of MARKS) performance.clearMarks(`hoxton:${m}`);
    performance.mark('hoxton:message', { startTime: t0 });
    this.columns = data;
    this.tf = TimeFormatter.for(data.timezone);
    this.controls.setTimeZone(this.tf, data.offsets.length ? data.offsets[0] : 0);
    const n = data.times.length;
    const figures = computeFigures(data);
    performance.mark('hoxton:computed');
    if (n === 0) {
      this.showEmpty();
      this.afterPaint(requestId, t0, figures);
      return;
    }
    this.setState('data');
    this.status.hidden = true;
    replace(this.status);
    this.content.hidden = false;
    renderFigures(this.figures, data, figures, this.tf, readTheme().palette);
    performance.mark('hoxton:figures');
    this.rowCount.textContent = `${fmtInt(n)} ${n === 1 ? 'row' : 'rows'}`;
    this.chart.render(data, this.tf, this.ui.zoom, this.widthHint);
    performance.mark('hoxton:chart');
    this.resetZoom.toggleAttribute('disabled', this.chart.zoom === null);
    // The table sits below the chart: it is built right after the chart's first frame, not on its path.
    this.table.clear();
    const tf = this.tf;
    this.afterPaint(requestId, t0, figures, () => {
      this.table.setData(data, tf, this.ui.tableScroll);
      performance.mark('hoxton:table');
    });
  }

  /** Posts `rendered` once the frame with the chart has been produced. */
  private afterPaint(requestId: number, t0: number, figures: RenderedFigures, then?: () => void): void {
    const done = (): void => {
      const renderMs = performance.now() - t0;
      performance.mark('hoxton:painted');
      if (requestId !== this.latest) return;
      then?.();
      this.controls.setDataActions(true); // after the data's first frame: buttons re-render in the next one
      const canvas = this.state === 'data' ? this.chart.canvas : null;
      post({
        type: 'rendered',
        requestId,
        points: this.state === 'data' ? this.chart.points : 0,
        renderMs: Math.round(renderMs * 100) / 100,
        canvas: { width: canvas?.width ?? 0, height: canvas?.height ?? 0, painted: canvas ? isPainted(canvas) : false },
        figures,
      });
    };
    const afterFrame = (): void => {
      // A task queued from requestAnimationFrame runs after that frame has been rendered.
      const ch = new MessageChannel();
      ch.port1.onmessage = done;
      ch.port2.postMessage(0);
    };
    if (document.visibilityState === 'hidden') setTimeout(afterFrame, 0);
    else requestAnimationFrame(afterFrame);
  }

  private visibleText(): string {
    const parts = [(this.app.querySelector('.header .title-block') as HTMLElement | null)?.innerText ?? ''];
    if (!this.status.hidden) parts.push(this.status.innerText);
    if (!this.content.hidden) parts.push(this.figures.innerText);
    return parts
      .join('\n')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .join('\n');
  }

  private onThemeChange(): void {
    invalidateTheme();
    if (this.state !== 'data' || !this.columns || !this.tf) return;
    this.chart.render(this.columns, this.tf, this.chart.zoom);
    const f = computeFigures(this.columns);
    renderFigures(this.figures, this.columns, f, this.tf, readTheme().palette);
  }

  private saveState(delay = 0): void {
    const write = (): void => {
      this.saveTimer = 0;
      vscode.setState(this.ui);
    };
    if (delay === 0) {
      if (this.saveTimer) clearTimeout(this.saveTimer);
      write();
    } else if (!this.saveTimer) {
      this.saveTimer = window.setTimeout(write, delay);
    }
  }
}

/** Whether the canvas has any non-transparent pixel (sampled on a grid). */
function isPainted(canvas: HTMLCanvasElement): boolean {
  const ctx = canvas.getContext('2d');
  if (!ctx || canvas.width === 0 || canvas.height === 0) return false;
  const img = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  for (let i = 3; i < img.length; i += 4 * 7) if (img[i] !== 0) return true;
  return false;
}

const root = document.getElementById('app') ?? document.body.appendChild(h('div', { id: 'app', class: 'app' }));
new ReportPage(root);
