// Headline figure cards: totals per direction, the busiest interval and, for occupancy monitors, the peak and the
// share and length of time above the monitor's alert threshold (and, on a live panel, the occupancy now). Built with
// DOM APIs; names are text.
import type { RenderedFigures, ReportColumns } from '../../shared/reportMessages';
import { h, icon, replace } from './dom';
import { busiestLabel, fmtInt, fmtPercent, TimeFormatter } from './format';
import { l10n } from './l10n';

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
  if (min < 60) return l10n.t('{0} min', min);
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 ? l10n.t('{0} h {1} min', h, min % 60) : l10n.t('{0} h', h);
  return h % 24 ? l10n.t('{0} d {1} h', Math.floor(h / 24), h % 24) : l10n.t('{0} d', Math.floor(h / 24));
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
    const value = cap ? l10n.t('{0} of {1} ({2} %)', fmtInt(now), fmtInt(cap), Math.round((now / cap) * 100)) : fmtInt(now);
    const warn = cap && f.above ? (now / cap) * 100 >= f.above.percent : false;
    cards.push(card('pulse', l10n.t('Now'), value, l10n.t('people inside'), `figure-now${warn ? ' figure-warn' : ''}`));
  }
  c.directions.forEach((d, k) => {
    const total = f.totals[d.id] ?? 0;
    const el = card('person', d.name, fmtInt(total), l10n.t('people in total'), 'figure-direction');
    const swatch = h('span', { class: 'figure-swatch', 'aria-hidden': 'true' });
    swatch.style.backgroundColor = palette[k % palette.length];
    el.firstElementChild?.prepend(swatch);
    cards.push(el);
  });
  if (f.busiest) {
    const i = indexOf(c.times, f.busiest.start);
    cards.push(
      card('flame', busiestLabel(c.interval), fmtInt(f.busiest.count), tf.bucket(f.busiest.start, c.interval, i >= 0 ? c.offsets[i] : 0)),
    );
  }
  if (f.peakOccupancy !== null) {
    cards.push(
      card(
        'organization',
        l10n.t('Peak occupancy'),
        fmtInt(f.peakOccupancy),
        c.capacity !== null ? l10n.t('of {0} capacity', fmtInt(c.capacity)) : l10n.t('no capacity set'),
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
        : l10n.t('never');
    cards.push(
      card(
        'warning',
        l10n.t('Above {0}% of capacity', a ? a.percent : 80),
        fmtPercent(f.shareAboveThreshold),
        l10n.t('of the time · {0}', when),
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
