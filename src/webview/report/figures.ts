// Headline figure cards: totals per direction, the busiest interval and, for occupancy monitors, the peak and the
// share of time above 80% of capacity. Built with DOM APIs; names are text.
import type { RenderedFigures, ReportColumns } from '../../shared/reportMessages';
import { OCCUPANCY_THRESHOLD } from '../../shared/figures';
import { h, icon, replace } from './dom';
import { fmtInt, fmtPercent, INTERVAL_NOUNS, TimeFormatter } from './format';

function card(iconName: string, label: string, value: string, sub: string, extraClass = ''): HTMLElement {
  return h(
    'div',
    { class: `figure${extraClass ? ' ' + extraClass : ''}`, role: 'group', 'aria-label': label },
    h('div', { class: 'figure-label' }, icon(iconName), h('span', { class: 'figure-label-text', title: label }, label)),
    h('div', { class: 'figure-value' }, value),
    h('div', { class: 'figure-sub' }, sub),
  );
}

export function renderFigures(el: HTMLElement, c: ReportColumns, f: RenderedFigures, tf: TimeFormatter, palette: string[]): void {
  const cards: HTMLElement[] = [];
  c.directions.forEach((d, k) => {
    const total = f.totals[d.id] ?? 0;
    const el = card('person', d.name, fmtInt(total), 'people in total', 'figure-direction');
    const swatch = h('span', { class: 'figure-swatch', 'aria-hidden': 'true' });
    swatch.style.backgroundColor = palette[k % palette.length];
    el.firstElementChild?.prepend(swatch);
    cards.push(el);
  });
  if (f.busiest) {
    const i = indexOf(c.times, f.busiest.start);
    cards.push(
      card(
        'flame',
        `Busiest ${INTERVAL_NOUNS[c.interval]}`,
        fmtInt(f.busiest.count),
        tf.bucket(f.busiest.start, c.interval, i >= 0 ? c.offsets[i] : 0),
      ),
    );
  }
  if (f.peakOccupancy !== null) {
    cards.push(
      card(
        'organization',
        'Peak occupancy',
        fmtInt(f.peakOccupancy),
        c.capacity !== null ? `of ${fmtInt(c.capacity)} capacity` : 'no capacity set',
      ),
    );
  }
  if (f.shareAboveThreshold !== null) {
    cards.push(
      card(
        'warning',
        `Above ${Math.round(OCCUPANCY_THRESHOLD * 100)}% of capacity`,
        fmtPercent(f.shareAboveThreshold),
        'of the time',
        f.shareAboveThreshold > 0 ? 'figure-warn' : '',
      ),
    );
  }
  replace(el, ...cards);
}

function indexOf(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] === t) return mid;
    if (times[mid] < t) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
