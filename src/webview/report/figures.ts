// Headline figure cards: totals per direction, the busiest interval and, for occupancy monitors, the peak and the
// share and length of time above the monitor's alert threshold (and, on a live panel, the occupancy now). Built with
// DOM APIs; names are text.
import type { RenderedFigures, ReportColumns } from '../../shared/reportMessages';
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

/** "3 h 15 min", "45 min", "2 d 4 h". */
function fmtDuration(ms: number): string {
  const min = Math.round(ms / 60_000);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  return h % 24 ? `${Math.floor(h / 24)} d ${h % 24} h` : `${Math.floor(h / 24)} d`;
}

/** `now`: a live occupancy panel's current occupancy (the end of its last bucket). */
export function renderFigures(
  el: HTMLElement,
  c: ReportColumns,
  f: RenderedFigures,
  tf: TimeFormatter,
  palette: string[],
  now?: number,
): void {
  const cards: HTMLElement[] = [];
  if (now !== undefined) {
    const cap = c.capacity;
    const value = cap ? `${fmtInt(now)} of ${fmtInt(cap)} (${Math.round((now / cap) * 100)} %)` : fmtInt(now);
    const warn = cap && f.above ? (now / cap) * 100 >= f.above.percent : false;
    cards.push(card('pulse', 'Now', value, 'people inside', `figure-now${warn ? ' figure-warn' : ''}`));
  }
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
    const a = f.above;
    const when =
      a && a.last !== null && a.first !== null
        ? `${fmtDuration(a.ms)} · ${
            a.first === a.last ? tf.bucket(a.first, c.interval) : `${tf.bucket(a.first, c.interval)} – ${tf.bucket(a.last, c.interval)}`
          }`
        : 'never';
    cards.push(
      card(
        'warning',
        `Above ${a ? a.percent : 80}% of capacity`,
        fmtPercent(f.shareAboveThreshold),
        `of the time · ${when}`,
        f.shareAboveThreshold > 0 ? 'figure-warn' : 'figure-above',
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
