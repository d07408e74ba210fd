// "Busiest hours of the week" under the chart: a weekday × hour grid (Monday first, ISO 8601) of the average people
// per hour, all directions shown summed, in the report's time zone (shared/heatmap.ts), computed from the columns on
// the page. A CSS grid of cells coloured from the theme (--vscode-charts-blue); each cell says its value on hover
// (title) and keyboard focus (aria-label and the line under the grid; arrow keys move, one tab stop). The busiest
// cells are listed in text. Daily buckets and ranges under a week say why there is no grid.
import { busiestCells, heatmapUnavailable, weekHeatmap, type WeekHeatmap } from '../../shared/heatmap';
import type { ReportColumns } from '../../shared/reportMessages';
import { zoneOffsets } from '../../shared/zoneOffsets';
import { h, replace } from './dom';
import { l10n } from './l10n';
import './heatmap.css';

const BUSIEST = 5;
const nf = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const pad2 = (v: number): string => (v < 10 ? '0' + v : String(v));

let dayNames: { short: string[]; long: string[] } | null = null;
/** Weekday names of the UI locale, Monday first (1 January 2024 was a Monday). */
function weekdays(): { short: string[]; long: string[] } {
  if (!dayNames) {
    const s = new Intl.DateTimeFormat(undefined, { weekday: 'short', timeZone: 'UTC' });
    const l = new Intl.DateTimeFormat(undefined, { weekday: 'long', timeZone: 'UTC' });
    const days = Array.from({ length: 7 }, (_, d) => Date.UTC(2024, 0, 1 + d));
    dayNames = { short: days.map((d) => s.format(d)), long: days.map((d) => l.format(d)) };
  }
  return dayNames;
}

/** "Monday 09:00–10:00: 123.4 people per hour on average". */
function cellText(day: number, hour: number, average: number): string {
  const when = `${weekdays().long[day]} ${pad2(hour)}:00–${pad2((hour + 1) % 24)}:00`;
  return Number.isNaN(average) ? l10n.t('{0}: no data', when) : l10n.t('{0}: {1} people per hour on average', when, nf.format(average));
}

export class BusiestHours {
  readonly el: HTMLElement;
  private readonly body: HTMLElement;
  private readonly note: HTMLElement;
  private cells: HTMLElement[] = [];
  private readout: HTMLElement | null = null;
  private focused = 0;

  constructor() {
    this.note = h('span', { class: 'hint' });
    this.body = h('div', { class: 'heatmap-body' });
    this.el = h(
      'section',
      { class: 'panel-section heatmap-section', 'aria-label': l10n.t('Busiest hours of the week') },
      h('div', { class: 'section-head' }, h('h2', null, l10n.t('Busiest hours of the week')), this.note),
      this.body,
    );
    this.el.hidden = true;
  }

  clear(): void {
    this.el.hidden = true;
    this.cells = [];
    this.readout = null;
    replace(this.body);
  }

  /** Shows the grid for the columns (or why there is none). */
  render(c: ReportColumns): void {
    this.el.hidden = false;
    const why = heatmapUnavailable(c);
    if (why) {
      this.cells = [];
      this.readout = null;
      this.note.textContent = '';
      const text =
        why === 'daily'
          ? l10n.t('Daily buckets have no hours: pick 15 minutes or 1 hour to see the busiest hours of the week.')
          : l10n.t('Pick a range of at least 7 days to see the busiest hours of the week.');
      replace(this.body, h('p', { class: 'heatmap-unavailable' }, text));
      return;
    }
    const grid = weekHeatmap(c.times, zoneOffsets(c.times, c.timezone, c.offsets), c.counts);
    this.note.textContent = l10n.t('Average people per hour, all directions shown, {0}; weeks start on Monday', c.timezone);
    this.draw(grid);
  }

  private draw(grid: WeekHeatmap): void {
    const names = weekdays();
    const table = h('div', { class: 'heatmap', role: 'grid', 'aria-label': l10n.t('Average people per hour by weekday and hour') });
    const head = h('div', { class: 'heatmap-row', role: 'row' }, h('span', { class: 'heatmap-corner', role: 'columnheader' }));
    for (let hr = 0; hr < 24; hr++)
      head.appendChild(h('span', { class: 'heatmap-hour', role: 'columnheader' }, hr % 3 === 0 ? pad2(hr) : ''));
    table.appendChild(head);
    this.cells = [];
    const max = grid.max || 1;
    for (let d = 0; d < 7; d++) {
      const row = h(
        'div',
        { class: 'heatmap-row', role: 'row' },
        h('span', { class: 'heatmap-day', role: 'rowheader', title: names.long[d] }, names.short[d]),
      );
      for (let hr = 0; hr < 24; hr++) {
        const avg = grid.average[d * 24 + hr];
        const text = cellText(d, hr, avg);
        const cell = h('span', {
          class: Number.isNaN(avg) ? 'heatmap-cell empty' : 'heatmap-cell',
          role: 'gridcell',
          tabindex: -1,
          'aria-label': text,
          title: text,
          'data-day': d,
          'data-hour': hr,
          'data-value': Number.isNaN(avg) ? '' : avg,
        });
        cell.style.setProperty('--heat', Number.isNaN(avg) ? '0' : (avg / max).toFixed(3));
        row.appendChild(cell);
        this.cells.push(cell);
      }
      table.appendChild(row);
    }
    const top = busiestCells(grid, BUSIEST);
    this.focused = top.length ? top[0].day * 24 + top[0].hour : 0;
    this.cells[this.focused].tabIndex = 0;
    const readout = h('p', { class: 'heatmap-readout', 'aria-live': 'polite' });
    this.readout = readout;
    table.addEventListener('keydown', (e) => this.onKey(e));
    table.addEventListener('focusin', (e) => this.show(e.target));
    table.addEventListener('mouseover', (e) => this.show(e.target));
    const list = h(
      'ol',
      { class: 'heatmap-busiest', 'aria-label': l10n.t('Busiest hours') },
      ...top.map((t) => h('li', null, cellText(t.day, t.hour, t.average))),
    );
    replace(this.body, table, readout, h('h3', { class: 'heatmap-busiest-title' }, l10n.t('Busiest hours')), list);
  }

  private show(target: EventTarget | null): void {
    if (target instanceof HTMLElement && target.classList.contains('heatmap-cell') && this.readout) {
      this.readout.textContent = target.getAttribute('aria-label') ?? '';
    }
  }

  private onKey(e: KeyboardEvent): void {
    const d = Math.floor(this.focused / 24);
    const hr = this.focused % 24;
    const to: Record<string, number> = {
      ArrowLeft: d * 24 + Math.max(0, hr - 1),
      ArrowRight: d * 24 + Math.min(23, hr + 1),
      ArrowUp: Math.max(0, d - 1) * 24 + hr,
      ArrowDown: Math.min(6, d + 1) * 24 + hr,
      Home: d * 24,
      End: d * 24 + 23,
    };
    const next = to[e.key];
    if (next === undefined || !this.cells[next]) return;
    e.preventDefault();
    this.cells[this.focused].tabIndex = -1;
    this.focused = next;
    this.cells[next].tabIndex = 0;
    this.cells[next].focus();
  }
}
