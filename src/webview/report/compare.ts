// Compare with another period, on the page: the "Compare" control beside the range (none / previous period / same
// period last year / from a custom day), the comparison figures (both values and the change), the chart's dashed
// comparison series and the table's comparison columns. The host fetches and aligns the comparison
// (shared/compare.ts); this file only shows it. Page strings through l10n.t.
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import type uPlot from 'uplot';
import './compare.css';
import {
  change,
  COMPARE_CHOICES,
  compareChoiceLabel,
  compareLabel,
  compareOfChoice,
  formatAbsolute,
  formatRelative,
  type CompareChoice,
  type CompareColumns,
  type CompareSpec,
} from '../../shared/compare';
import type { ReportColumns, ReportSelection } from '../../shared/reportMessages';
import { h, option, replace } from './dom';
import { busiestLabel, fmtInt, type TimeFormatter } from './format';
import { l10n } from './l10n';

/** YYYY-MM-DD minus k days. */
function daysBefore(ymd: string, k: number): string {
  const [y, m, d] = ymd.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d - k)).toISOString().slice(0, 10);
}

/** The "Compare" select and, for "Custom…", the first day of the comparison period. */
export class CompareControl {
  readonly el: HTMLElement;
  private readonly select: VscodeSingleSelect;
  private readonly from: VscodeTextfield;
  private readonly fromField: HTMLElement;
  private filledFor = '';

  constructor(
    private readonly onChange: (spec: CompareSpec | null) => void,
    /** The first local day of the data on screen (the custom day starts a week before it). */
    private readonly shownFirstDay: () => string | null,
  ) {
    this.select = document.createElement('vscode-single-select');
    this.select.id = 'compare';
    this.select.label = l10n.t('Compare');
    this.select.append(...COMPARE_CHOICES.map((c) => option(c, compareChoiceLabel(c, l10n))));
    this.from = document.createElement('vscode-textfield');
    this.from.type = 'date';
    this.from.id = 'compare-from';
    this.from.label = l10n.t('Compare from');
    this.fromField = h(
      'div',
      { class: 'field' },
      h('label', { class: 'field-label', for: 'compare-from' }, l10n.t('Compare from')),
      this.from,
    );
    this.fromField.hidden = true;
    this.el = h(
      'div',
      { class: 'compare-control' },
      h('div', { class: 'field' }, h('label', { class: 'field-label', for: 'compare' }, l10n.t('Compare')), this.select),
      this.fromField,
    );
    this.select.disabled = true;
    this.select.addEventListener('change', () => this.onSelect());
    this.from.addEventListener('change', () => {
      const spec = compareOfChoice('custom', this.from.value);
      this.from.invalid = !spec;
      if (spec) this.onChange(spec);
    });
  }

  /** The comparison chosen now; undefined while "Custom…" waits for a day. */
  value(): CompareSpec | null | undefined {
    const v = this.select.value as CompareChoice;
    return COMPARE_CHOICES.includes(v) ? compareOfChoice(v, this.from.value) : null;
  }

  /** Takes the host's choice once per monitor (like the other controls), then keeps the person's. */
  show(sel: ReportSelection): void {
    const t = sel.target;
    const key = JSON.stringify([t.monitor.id, t.report?.id ?? null]);
    if (this.select.disabled) this.select.disabled = false;
    if (key === this.filledFor) return;
    this.filledFor = key;
    const spec = t.compare ?? null;
    this.select.value = spec ? spec.kind : 'none';
    this.fromField.hidden = spec?.kind !== 'custom';
    if (spec?.kind === 'custom') this.from.value = spec.start;
  }

  private onSelect(): void {
    const v = this.select.value;
    if (v === 'custom') {
      this.fromField.hidden = false;
      const first = this.shownFirstDay();
      if (!this.from.value && first) this.from.value = daysBefore(first, 7);
      const spec = this.value();
      if (spec) this.onChange(spec);
      return;
    }
    this.fromField.hidden = true;
    const spec = this.value();
    if (spec !== undefined) this.onChange(spec);
  }
}

// ---- figures ----

function compareCard(label: string, now: number, before: number, swatch?: string): HTMLElement {
  const c = change(now, before);
  const rel = c.relative === null && c.absolute > 0 ? l10n.t('new') : formatRelative(c);
  const sw = h('span', { class: 'figure-swatch figure-swatch-dashed', 'aria-hidden': 'true' });
  if (swatch) sw.style.borderColor = swatch;
  return h(
    'div',
    {
      class: `figure compare-figure${c.absolute > 0 ? ' compare-up' : c.absolute < 0 ? ' compare-down' : ''}`,
      role: 'group',
      'aria-label': label,
    },
    h('div', { class: 'figure-label' }, swatch ? sw : null, h('span', { class: 'figure-label-text', title: label }, label)),
    h('div', { class: 'figure-value compare-change' }, rel),
    h(
      'div',
      { class: 'figure-sub' },
      h('span', { class: 'compare-now' }, fmtInt(now)),
      ` ${l10n.t('vs')} `,
      h('span', { class: 'compare-before' }, fmtInt(before)),
      ' · ',
      h('span', { class: 'compare-absolute' }, formatAbsolute(c, fmtInt)),
    ),
  );
}

/**
 * The comparison figures in their own section right after the main figures: per direction and for the busiest
 * bucket, both values and the change; a note when DST left buckets without a counterpart. Removed when `cmp` is
 * undefined.
 */
export function renderComparison(
  figures: HTMLElement,
  c: ReportColumns,
  totals: Record<string, number>,
  busiest: { count: number } | null,
  cmp: CompareColumns | undefined,
  tf: TimeFormatter,
  palette: string[],
): void {
  let section = figures.nextElementSibling?.classList.contains('compare-section') ? (figures.nextElementSibling as HTMLElement) : null;
  if (!cmp) {
    section?.remove();
    return;
  }
  if (!section) {
    section = h('section', { class: 'compare-section', 'aria-label': l10n.t('Comparison') });
    figures.after(section);
  }
  const name = compareLabel(cmp.spec, l10n);
  const s = Date.parse(cmp.start);
  const e = Date.parse(cmp.end);
  const period = Number.isNaN(s) || Number.isNaN(e) ? '' : `${tf.format(s, 'shortDate')} – ${tf.format(e - 1, 'shortDate')}`;
  const cards = c.directions.map((d, k) => compareCard(d.name, totals[d.id] ?? 0, cmp.totals[d.id] ?? 0, palette[k % palette.length]));
  if (busiest && cmp.busiest) cards.push(compareCard(busiestLabel(c.interval), busiest.count, cmp.busiest.count));
  const notes: HTMLElement[] = [];
  if (cmp.missing > 0) {
    notes.push(
      h(
        'p',
        { class: 'compare-note' },
        l10n.t(
          '{0} buckets of this period have no counterpart in the {1} (a daylight-saving change or a shorter period): they are left empty, not shifted.',
          cmp.missing,
          name,
        ),
      ),
    );
  }
  if (cmp.unmatched > 0) {
    notes.push(
      h(
        'p',
        { class: 'compare-note' },
        l10n.t(
          '{0} buckets of the {1} have no counterpart in this period and are not drawn (they count in its totals).',
          cmp.unmatched,
          name,
        ),
      ),
    );
  }
  replace(
    section,
    h(
      'h2',
      { class: 'compare-title' },
      l10n.t('Compared with the {0}', name),
      period ? h('span', { class: 'compare-period' }, ` · ${period}`) : null,
    ),
    h('div', { class: 'compare-figures' }, ...cards),
    ...notes,
  );
}

// ---- chart ----

const DASH = [5, 4];

/**
 * The comparison's series for the chart: one dashed line per direction in its colour; gaps where none. A dash
 * pattern costs canvas a lot on long paths and shows nothing when several buckets share a pixel, so `beforeDraw`
 * (uPlot's drawClear hook) draws them solid and lighter while the buckets in view outnumber the plot's pixels, and
 * dashed once zoomed in that far. Columns without gaps go to uPlot as typed arrays (Int32Array when their values
 * are whole numbers, as the main period's counts are: the chart's loops then see one kind of array).
 */
export function comparisonSeries(
  cmp: CompareColumns,
  c: ReportColumns,
  palette: string[],
): { series: uPlot.Series[]; data: (Int32Array | Float64Array | (number | null)[])[]; beforeDraw: (u: uPlot) => void } {
  const name = compareLabel(cmp.spec, l10n);
  const n = c.times.length;
  const series: uPlot.Series[] = [];
  const data: (Int32Array | Float64Array | (number | null)[])[] = [];
  c.directions.forEach((d, k) => {
    series.push({
      label: `${d.name} (${name})`,
      scale: 'count',
      stroke: palette[k % palette.length],
      dash: DASH,
      width: 1,
      points: { show: false },
    });
    const src = cmp.counts[k];
    const kind = valueKind(src);
    if (kind !== 'gaps') {
      data.push(kind === 'int' ? Int32Array.from(src) : src);
      return;
    }
    const col: (number | null)[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const v = src[i];
      col[i] = v === v ? v : null; // NaN: no counterpart, a gap
    }
    data.push(col);
  });
  const count = series.length;
  const beforeDraw = (u: uPlot): void => {
    // The comparison series are the chart's last ones (chart.ts adds them after all others).
    const { min, max } = u.scales.x;
    const inView = min === undefined || max === undefined ? n : u.valToIdx(max) - u.valToIdx(min);
    const dense = inView > u.bbox.width / (window.devicePixelRatio || 1);
    for (let i = u.series.length - count; i < u.series.length; i++) {
      const s = u.series[i];
      s.dash = dense ? undefined : DASH;
      s.alpha = dense ? 0.6 : 1;
    }
  };
  return { series, data, beforeDraw };
}

/** Whether a comparison column has gaps (NaN), else whether all its values fit an Int32Array. */
function valueKind(col: Float64Array): 'gaps' | 'int' | 'float' {
  let int = true;
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    if (v !== v) return 'gaps';
    if (int && (v | 0) !== v) int = false;
  }
  return int ? 'int' : 'float';
}

// ---- table ----

/** The table's comparison columns: when the comparison bucket started, then its count per direction. */
export function comparisonColumns(
  cmp: CompareColumns,
  c: ReportColumns,
  tf: TimeFormatter,
): { name: string; numeric: boolean; text: (i: number) => string }[] {
  const name = compareLabel(cmp.spec, l10n);
  const cols = [
    {
      name: l10n.t('Compared with'),
      numeric: false,
      text: (i: number) => {
        const t = cmp.times[i];
        return t === t ? tf.bucket(t, c.interval, cmp.offsets[i]) : '–';
      },
    },
  ];
  c.directions.forEach((d, k) => {
    const col = cmp.counts[k];
    cols.push({
      name: `${d.name} (${name})`,
      numeric: true,
      text: (i: number) => (col[i] === col[i] ? fmtInt(col[i]) : '–'),
    });
  });
  return cols;
}
