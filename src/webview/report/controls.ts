// Toolbar (refresh, open JSON, exports, save) and the selection controls (range, interval, directions), built from
// @vscode-elements components. The controls are the source of truth for what the user has chosen: they take the
// host's selection once (the first one, or another monitor's), then only the user changes them, and each change
// posts `change`. The host's answers confirm a request; they never write back into the controls.
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-multi-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import type { VscodeButton } from '@vscode-elements/elements/dist/vscode-button/vscode-button.js';
import type { VscodeMultiSelect } from '@vscode-elements/elements/dist/vscode-multi-select/vscode-multi-select.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import { INTERVALS, PRESETS, intervalLabel, isInterval, presetLabel, type Interval, type RangeSpec } from '../../shared/range';
import type { ReportSelection } from '../../shared/reportMessages';
import { iconButton } from './button';
import { CUSTOM, CustomRangeFields } from './customRange';
import { h, option, replace } from './dom';
import type { TimeFormatter } from './format';
import { l10n } from './l10n';

type Action = 'refresh' | 'openJson' | 'exportCsv' | 'exportJson' | 'saveAsReport' | 'watch' | 'savePng' | 'copyTable';

interface ControlHandlers {
  change(range: RangeSpec, interval: Interval, directions: string[] | null): void;
  action(a: Action): void;
  /** The range of the data on screen (prefills the dates when the user picks "Custom…"). */
  shownDates(): { start: string; end: string } | null;
}

const DIRECTIONS_DEBOUNCE_MS = 600;

export class Controls {
  readonly actions: HTMLElement;
  readonly el: HTMLElement;
  private readonly range: VscodeSingleSelect;
  private readonly interval: VscodeSingleSelect;
  private readonly directions: VscodeMultiSelect;
  private readonly custom: CustomRangeFields;
  private readonly summary = h('span', { class: 'field-note' });
  private readonly save: VscodeButton;
  private readonly buttons: VscodeButton[];
  /** The host's last selection (its monitor's directions) and the target the controls were filled for. */
  private selection: ReportSelection | null = null;
  private filledFor = '';
  private directionsTimer = 0;
  /** Watch Occupancy (occupancy monitors only). */
  private readonly watch: VscodeButton;

  constructor(private readonly on: ControlHandlers) {
    const action = (a: Action, label: string, codicon: string, title: string, secondary = true): VscodeButton => {
      const b = iconButton(label, codicon, () => on.action(a), { secondary, title });
      b.dataset.action = a;
      return b;
    };
    this.save = action('saveAsReport', l10n.t('Save as report…'), 'save', l10n.t('Save this selection as a report'), false);
    this.save.hidden = true;
    this.watch = action('watch', l10n.t('Watch'), 'eye', l10n.t('Watch this monitor’s occupancy in the background'));
    this.watch.hidden = true;
    this.buttons = [
      action('refresh', l10n.t('Refresh'), 'refresh', l10n.t('Fetch the data again')),
      action('openJson', l10n.t('Open JSON'), 'json', l10n.t('Open the report data as JSON in an editor')),
      action('exportCsv', l10n.t('Export CSV…'), 'export', l10n.t('Save the buckets as a CSV file')),
      action('exportJson', l10n.t('Export JSON…'), 'export', l10n.t('Save the report data as a JSON file')),
      action('savePng', l10n.t('Save Chart as PNG…'), 'file-media', l10n.t('Save the chart as an image')),
      action('copyTable', l10n.t('Copy Table'), 'copy', l10n.t('Copy the buckets as TSV or Markdown')),
      this.watch,
      this.save,
    ];
    this.actions = h('div', { class: 'actions', role: 'toolbar', 'aria-label': l10n.t('Report actions') }, ...this.buttons);

    this.range = document.createElement('vscode-single-select');
    this.range.label = l10n.t('Range');
    this.range.id = 'range';
    for (const p of PRESETS) this.range.appendChild(option(p, presetLabel(p, l10n)));
    this.range.appendChild(option(CUSTOM, l10n.t('Custom…')));

    this.custom = new CustomRangeFields(() => this.emit());

    this.interval = document.createElement('vscode-single-select');
    this.interval.label = l10n.t('Interval');
    this.interval.id = 'interval';
    for (const iv of INTERVALS) this.interval.appendChild(option(iv, intervalLabel(iv, l10n)));

    this.directions = document.createElement('vscode-multi-select');
    this.directions.label = l10n.t('Directions');
    this.directions.id = 'directions';

    this.el = h(
      'div',
      { class: 'controls', role: 'group', 'aria-label': l10n.t('Report selection') },
      this.field(l10n.t('Range'), this.range, 'range'),
      this.custom.el,
      this.field(l10n.t('Interval'), this.interval, 'interval'),
      h(
        'div',
        { class: 'field' },
        h('label', { class: 'field-label', for: 'directions' }, l10n.t('Directions')),
        this.directions,
        this.summary,
      ),
    );

    this.range.addEventListener('change', () => this.onRange());
    this.interval.addEventListener('change', () => this.emit());
    // Each click in the multi-select fires `change`: wait until the user pauses before asking for data.
    this.directions.addEventListener('change', () => {
      this.summary.textContent = this.directionsSummary();
      clearTimeout(this.directionsTimer);
      this.directionsTimer = window.setTimeout(() => {
        this.directionsTimer = 0;
        this.emit();
      }, DIRECTIONS_DEBOUNCE_MS);
    });
    this.setEnabled(false);
  }

  private field(label: string, control: HTMLElement, id: string): HTMLElement {
    return h('div', { class: 'field' }, h('label', { class: 'field-label', for: id }, label), control);
  }

  /** Property writes re-render Lit components: write only what changes. */
  private static set<T extends object, K extends keyof T>(el: T, key: K, value: T[K]): void {
    if (el[key] !== value) el[key] = value;
  }

  private setEnabled(enabled: boolean): void {
    for (const el of [this.range, this.interval, this.directions, ...this.buttons]) {
      Controls.set(el as { disabled: boolean }, 'disabled', !enabled);
    }
    this.custom.setEnabled(enabled);
  }

  /** Data-dependent buttons (open/export) only make sense with data. */
  setDataActions(enabled: boolean): void {
    for (const b of this.buttons) {
      const a = b.dataset.action;
      if (a === 'openJson' || a === 'exportCsv' || a === 'exportJson' || a === 'savePng' || a === 'copyTable')
        Controls.set(b, 'disabled', !enabled);
    }
  }

  /** Time zone used to turn custom dates into instants (midnight there); fallback offset when unknown. */
  setTimeZone(tf: TimeFormatter | null, fallbackOffset: number): void {
    this.custom.setTimeZone(tf, fallbackOffset);
  }

  /**
   * A selection from the host. Whether it is saved always follows the host; range, interval and directions are
   * taken only when the controls show nothing yet or another monitor. After that the controls keep what the user
   * chose, whatever the host's answers echo (they may answer an older request while the user is typing).
   */
  show(sel: ReportSelection): void {
    this.selection = sel;
    const t = sel.target;
    Controls.set(this.save, 'hidden', t.report !== null);
    Controls.set(this.watch, 'hidden', t.monitor.type !== 'occupancy');
    const target = JSON.stringify([t.monitor.id, t.monitor.directions]);
    if (target === this.filledFor) return;
    this.filledFor = target;
    this.setEnabled(true);
    this.custom.showRange(this.range, t.range);
    this.interval.value = t.interval;
    const all = t.monitor.directions;
    const ids = t.directions ?? all.map((d) => d.id);
    replace(this.directions, ...all.map((d) => option(d.id, d.name, ids.includes(d.id))));
    this.summary.textContent = this.directionsSummary(ids);
  }

  /** Summary of the chosen directions (`chosen`: what the multi-select shows now). */
  private directionsSummary(chosen: readonly string[] = this.directions.value): string {
    const all = this.selection?.target.monitor.directions ?? [];
    if (chosen.length === 0) return l10n.t('Pick at least one direction');
    if (all.every((d) => chosen.includes(d.id))) return all.length > 1 ? l10n.t('All directions') : '';
    return all
      .filter((d) => chosen.includes(d.id))
      .map((d) => d.name)
      .join(', ');
  }

  private onRange(): void {
    if (this.custom.chosen(this.range.value, this.on.shownDates())) this.emit();
  }

  /** The selection the controls show now. */
  current(): { range: RangeSpec; interval: Interval; directions: string[] | null } | null {
    const sel = this.selection;
    if (!sel) return null;
    // A preset, or midnight at the start of the first day and after the last in the report's time zone.
    const range = this.custom.rangeFor(this.range.value);
    if (!range) return null;
    const interval = isInterval(this.interval.value) ? this.interval.value : sel.target.interval;
    const all = sel.target.monitor.directions.map((d) => d.id);
    const chosen = this.directions.value.filter((id) => all.includes(id));
    if (chosen.length === 0 && all.length > 0) return null; // nothing to show: wait for a choice
    const directions = chosen.length === all.length ? null : all.filter((id) => chosen.includes(id));
    return { range, interval, directions };
  }

  private emit(): void {
    clearTimeout(this.directionsTimer);
    this.directionsTimer = 0;
    const cur = this.current();
    if (cur) this.on.change(cur.range, cur.interval, cur.directions);
  }
}
