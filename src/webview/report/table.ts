// Table of buckets, virtualised: a spacer as tall as all rows keeps the scrollbar honest while only the rows in view
// (plus a few either side) exist in the DOM, recycled on scroll. Cells are filled with textContent.
import type { ReportColumns } from '../../shared/reportMessages';
import { h, replace } from './dom';
import { fmtInt, TimeFormatter } from './format';
import { l10n } from './l10n';

const ROW_HEIGHT = 24;
const OVERSCAN = 8;

interface PooledRow {
  el: HTMLElement;
  cells: HTMLElement[];
  index: number;
}

export class VirtualTable {
  readonly el: HTMLElement;
  private readonly viewport: HTMLElement;
  private readonly head: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly rows: HTMLElement;
  private pool: PooledRow[] = [];
  private cols: ArrayLike<number>[] = [];
  /** Columns after the numbers (the comparison's, compare.ts): a name and the text of row i. */
  private extra: { name: string; numeric: boolean; text: (i: number) => string }[] = [];
  private data: ReportColumns | null = null;
  private tf: TimeFormatter | null = null;
  private frame = 0;
  private selected = -1;
  /** Scroll position and viewport height as last seen: render() reads no layout (it runs on the data's paint path). */
  private top = 0;
  private viewH = 0;

  constructor(private readonly onScroll: (scrollTop: number) => void) {
    this.head = h('div', { class: 'vt-row vt-header', role: 'row', 'aria-rowindex': 1 });
    this.rows = h('div', { class: 'vt-rows', role: 'rowgroup' });
    this.spacer = h('div', { class: 'vt-spacer' }, this.rows);
    this.viewport = h(
      'div',
      { class: 'vt-viewport', tabindex: 0 },
      h('div', { class: 'vt-head', role: 'rowgroup' }, this.head),
      this.spacer,
    );
    this.el = h('div', { class: 'vtable', role: 'table', 'aria-label': l10n.t('Buckets') }, this.viewport);
    this.el.style.setProperty('--vt-row-h', `${ROW_HEIGHT}px`);
    this.viewport.addEventListener('scroll', () => {
      this.top = this.viewport.scrollTop;
      this.schedule();
      this.onScroll(this.top);
    });
    new ResizeObserver((entries) => {
      const hgt = entries[entries.length - 1]?.contentRect.height ?? 0;
      if (hgt > 0) this.viewH = hgt;
      this.schedule();
    }).observe(this.viewport);
  }

  get rowCountInDom(): number {
    return this.rows.childElementCount;
  }

  get scrollTop(): number {
    return this.top;
  }

  setData(c: ReportColumns, tf: TimeFormatter, scrollTop = 0, extra: VirtualTable['extra'] = []): void {
    this.extra = extra;
    this.data = c;
    this.tf = tf;
    this.selected = -1;
    const names = [l10n.t('Start'), ...c.directions.map((d) => d.name)];
    this.cols = [...c.counts];
    if (c.occupancyEnd) {
      names.push(l10n.t('Occupancy (end)'));
      this.cols.push(c.occupancyEnd);
    }
    if (c.occupancyMax) {
      names.push(l10n.t('Occupancy (peak)'));
      this.cols.push(c.occupancyMax);
    }
    names.push(...extra.map((x) => x.name));
    // One track per column; a time column among the comparison's (extra) is as wide as the first.
    const wide = names.map((_, i) => i === 0 || extra[i - 1 - this.cols.length]?.numeric === false);
    replace(
      this.head,
      ...names.map((name, i) =>
        h('div', { class: wide[i] ? 'vt-cell vt-time' : 'vt-cell vt-num', role: 'columnheader', title: name }, name),
      ),
    );
    this.el.style.setProperty('--vt-cols', wide.map((w) => (w ? 'minmax(13.5em, 1.4fr)' : 'minmax(7em, 1fr)')).join(' '));
    this.el.style.setProperty('--vt-min', `${wide.reduce((sum, w) => sum + (w ? 13.5 : 7), 0)}em`);
    this.el.setAttribute('aria-rowcount', String(c.times.length + 1));
    this.spacer.style.height = `${c.times.length * ROW_HEIGHT}px`;
    // Rebuild the pool: the column count may have changed.
    this.pool = [];
    replace(this.rows);
    this.top = scrollTop;
    this.render();
    // Writing scrollTop forces a layout: do it in the next frame (restoring a saved position), not on the paint path.
    requestAnimationFrame(() => {
      if (this.viewport.scrollTop !== this.top) this.viewport.scrollTop = this.top;
    });
  }

  clear(): void {
    this.data = null;
    this.pool = [];
    replace(this.rows);
    replace(this.head);
    this.spacer.style.height = '0px';
  }

  /** Scrolls so that bucket i is in view and marks it. */
  reveal(i: number): void {
    if (!this.data) return;
    this.selected = i;
    const top = i * ROW_HEIGHT;
    const vh = this.viewport.clientHeight - this.head.offsetHeight;
    if (top < this.viewport.scrollTop || top + ROW_HEIGHT > this.viewport.scrollTop + vh) {
      this.viewport.scrollTop = Math.max(0, top - vh / 2);
      this.top = this.viewport.scrollTop;
    }
    this.render();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private makeRow(): PooledRow {
    const cells: HTMLElement[] = [];
    const el = h('div', { class: 'vt-row', role: 'row' });
    for (let k = 0; k <= this.cols.length + this.extra.length; k++) {
      const time = k === 0 || this.extra[k - 1 - this.cols.length]?.numeric === false;
      const cell = h('div', { class: time ? 'vt-cell vt-time' : 'vt-cell vt-num', role: 'cell' });
      cells.push(cell);
      el.appendChild(cell);
    }
    return { el, cells, index: -1 };
  }

  render(): void {
    const c = this.data;
    const tf = this.tf;
    if (!c || !tf) return;
    const n = c.times.length;
    // Before the first observation: the CSS height clamp(220px, 45vh, 520px).
    const full = this.viewH || Math.min(520, Math.max(220, window.innerHeight * 0.45));
    const viewH = Math.max(ROW_HEIGHT, full - ROW_HEIGHT);
    const top = Math.max(0, this.top);
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(n, Math.ceil((top + viewH) / ROW_HEIGHT) + OVERSCAN);
    const count = Math.max(0, last - first);
    while (this.pool.length < count) {
      const r = this.makeRow();
      this.pool.push(r);
      this.rows.appendChild(r.el);
    }
    while (this.pool.length > count) {
      const r = this.pool.pop();
      r?.el.remove();
    }
    this.rows.style.transform = `translateY(${first * ROW_HEIGHT}px)`;
    for (let j = 0; j < count; j++) {
      const i = first + j;
      const r = this.pool[j];
      const odd = i % 2 === 1;
      r.el.classList.toggle('odd', odd);
      r.el.classList.toggle('selected', i === this.selected);
      if (r.index === i) continue;
      r.index = i;
      r.el.setAttribute('aria-rowindex', String(i + 2));
      r.cells[0].textContent = tf.bucket(c.times[i], c.interval, c.offsets[i]);
      for (let k = 0; k < this.cols.length; k++) r.cells[k + 1].textContent = fmtInt(this.cols[k][i]);
      for (let k = 0; k < this.extra.length; k++) r.cells[k + 1 + this.cols.length].textContent = this.extra[k].text(i);
    }
  }
}
