// The page's layout: header (title, facts, toolbar, selection controls), a status area (skeleton, error, no data)
// and the content (figures, chart, buckets table). Builds elements only; ReportPage fills them.
import { iconButton } from './button';
import { h, icon, replace } from './dom';
import { l10n } from './l10n';

export interface Layout {
  header: HTMLElement;
  title: HTMLElement;
  meta: HTMLElement;
  status: HTMLElement;
  content: HTMLElement;
  figures: HTMLElement;
  chartHost: HTMLElement;
  resetZoom: HTMLElement;
  rowCount: HTMLElement;
}

/** style.css: the horizontal border + padding of .chart (the chart is that much narrower than the header), and
 * .app's max-width and horizontal padding. */
export const CHART_CHROME = 10;
const APP_MAX_WIDTH = 1600;
const APP_PAD_X = 20;

/** The width a page's chart takes in a window this wide (before the page is laid out: the warm-up's charts). */
export function chartWidthFor(windowWidth: number): number {
  return Math.min(APP_MAX_WIDTH, windowWidth) - 2 * APP_PAD_X - CHART_CHROME;
}

/** Lays the page out in `app`, with the toolbar and controls given. */
/** The chart's section: its heading, the hint, the Reset zoom button and the chart's host element. */
export function chartSection(chartHost: HTMLElement, resetZoom: HTMLElement): HTMLElement {
  return h(
    'section',
    { class: 'panel-section chart-section', 'aria-label': l10n.t('Chart') },
    h(
      'div',
      { class: 'section-head' },
      h('h2', null, l10n.t('Chart')),
      h('span', { class: 'hint' }, l10n.t('Drag across the chart to zoom · click a legend entry to hide a series')),
      h('span', { class: 'spacer' }),
      resetZoom,
    ),
    chartHost,
  );
}

export function buildLayout(
  app: HTMLElement,
  parts: { actions: HTMLElement; controls: HTMLElement; table: HTMLElement; onResetZoom(): void },
): Layout {
  const title = h('h1', { class: 'title' });
  const meta = h('div', { class: 'meta' });
  const status = h('div', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const figures = h('section', { class: 'figures', 'aria-label': l10n.t('Figures') });
  const chartHost = h('div', { class: 'chart' });
  const rowCount = h('span', { class: 'section-count' });
  const resetZoom = iconButton(l10n.t('Reset zoom'), 'discard', parts.onResetZoom, {
    secondary: true,
    title: l10n.t('Show the whole range (or double-click the chart)'),
  });
  resetZoom.disabled = true;
  const content = h(
    'div',
    { class: 'content' },
    figures,
    chartSection(chartHost, resetZoom),
    h(
      'section',
      { class: 'panel-section table-section', 'aria-label': l10n.t('Buckets') },
      h('div', { class: 'section-head' }, h('h2', null, l10n.t('Buckets')), rowCount),
      parts.table,
    ),
  );
  setContentPending(content, true);
  const header = h(
    'header',
    { class: 'header' },
    h('div', { class: 'title-row' }, h('div', { class: 'title-block' }, title, meta), parts.actions),
    parts.controls,
  );
  replace(app, header, status, content);
  return { header, title, meta, status, content, figures, chartHost, resetZoom, rowCount };
}

/**
 * While the status area shows (loading, an error, no data) the content is pending: kept laid out, but off screen
 * (style.css), hidden from assistive technology and out of keyboard reach. Showing data then lays out only what
 * changed, not the whole content again (the chart is built while the data loads: chart.ts `prepare`).
 */
export function setContentPending(content: HTMLElement, pending: boolean): void {
  content.toggleAttribute('data-pending', pending);
  content.toggleAttribute('aria-hidden', pending);
  content.inert = pending;
}

/** Whether the content shows (not pending). */
export function contentShown(content: HTMLElement): boolean {
  return !content.hidden && !content.hasAttribute('data-pending');
}

/** One fact under the title (monitor, range, interval, time zone, unsaved). */
export function metaItem(codicon: string, text: string, label: string): HTMLElement {
  return h('span', { class: 'meta-item', title: label }, icon(codicon), h('span', { class: 'meta-text' }, text));
}

/** Placeholder while the data loads. */
export function skeleton(): Node[] {
  const card = (): HTMLElement => h('div', { class: 'sk sk-card' });
  return [
    h(
      'div',
      { class: 'skeleton', 'aria-label': l10n.t('Loading report data') },
      h('div', { class: 'sk-cards' }, card(), card(), card(), card()),
      h('div', { class: 'sk sk-chart' }),
      h('div', { class: 'sk sk-line' }),
      h('div', { class: 'sk sk-line short' }),
    ),
    h('span', { class: 'sr-only' }, l10n.t('Loading…')),
  ];
}

/** An error or information message with an optional action. */
export function message(kind: 'error' | 'info', title: string, text: string, ...actions: HTMLElement[]): HTMLElement {
  return h(
    'div',
    kind === 'error' ? { class: 'message message-error', role: 'alert' } : { class: 'message message-info' },
    icon(kind, 'message-icon'),
    h(
      'div',
      { class: 'message-body' },
      h('div', { class: 'message-title' }, title),
      h('div', { class: 'message-text' }, text),
      actions.length ? h('div', { class: 'message-actions' }, ...actions) : null,
    ),
  );
}
