// Toolbar (refresh, open JSON, exports, save) and the selection controls (range, interval, directions), built from
// @vscode-elements components. User changes post `change`; programmatic updates (new selection from the host) do not.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-multi-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { VscodeButton } from '@vscode-elements/elements/dist/vscode-button/vscode-button.js';
import type { VscodeMultiSelect } from '@vscode-elements/elements/dist/vscode-multi-select/vscode-multi-select.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import {
  INTERVALS,
  PRESETS,
  intervalLabel,
  isInterval,
  isLocalDay,
  isRangePreset,
  presetLabel,
  rangeDays,
  rangeFromDays,
  type Interval,
  type RangeSpec,
} from '../../shared/range';
import type { ReportSelection } from '../../shared/reportMessages';
import { h, icon, replace } from './dom';
import type { TimeFormatter } from './format';

export type Action = 'refresh' | 'openJson' | 'exportCsv' | 'exportJson' | 'saveAsReport';

export interface ControlHandlers {
  change(range: RangeSpec, interval: Interval, directions: string[] | null): void;
  action(a: Action): void;
}

const CUSTOM = 'custom';
export const DIRECTIONS_DEBOUNCE_MS = 600;

function button(label: string, codicon: string, secondary: boolean, onClick: () => void, title?: string): VscodeButton {
  const b = document.createElement('vscode-button');
  b.secondary = secondary;
  b.appendChild(icon(codicon, 'btn-icon'));
  b.lastElementChild?.setAttribute('slot', 'content-before');
  b.appendChild(document.createTextNode(label));
  if (title) b.title = title;
  b.addEventListener('click', () => {
    if (!b.disabled) onClick();
  });
  return b;
}

function option(value: string, label: string): HTMLElement {
  const o = document.createElement('vscode-option');
  o.setAttribute('value', value);
  o.textContent = label;
  return o;
}

export class Controls {
  readonly actions: HTMLElement;
  readonly el: HTMLElement;
  private readonly range: VscodeSingleSelect;
  private readonly interval: VscodeSingleSelect;
  private readonly directions: VscodeMultiSelect;
  private readonly from: VscodeTextfield;
  private readonly to: VscodeTextfield;
  private readonly custom: HTMLElement;
  private readonly summary = h('span', { class: 'field-note' });
  private readonly save: VscodeButton;
  private readonly buttons: VscodeButton[];
  private selection: ReportSelection | null = null;
  private tf: TimeFormatter | null = null;
  private fallbackOffset = 0;
  private muted = false;
  private directionsKey = '';
  private pendingDates: { start: string; end: string } | null = null;
  private directionsTimer = 0;

  constructor(private readonly on: ControlHandlers) {
    const refresh = button('Refresh', 'refresh', true, () => on.action('refresh'), 'Fetch the data again');
    const openJson = button('Open JSON', 'json', true, () => on.action('openJson'), 'Open the report data as JSON in an editor');
    const csv = button('Export CSV…', 'export', true, () => on.action('exportCsv'), 'Save the buckets as a CSV file');
    const json = button('Export JSON…', 'export', true, () => on.action('exportJson'), 'Save the report data as a JSON file');
    this.save = button('Save as report…', 'save', false, () => on.action('saveAsReport'), 'Save this selection as a report');
    this.save.hidden = true;
    this.buttons = [refresh, openJson, csv, json, this.save];
    refresh.dataset.action = 'refresh';
    openJson.dataset.action = 'openJson';
    csv.dataset.action = 'exportCsv';
    json.dataset.action = 'exportJson';
    this.save.dataset.action = 'saveAsReport';
    this.actions = h('div', { class: 'actions', role: 'toolbar', 'aria-label': 'Report actions' }, ...this.buttons);

    this.range = document.createElement('vscode-single-select');
    this.range.label = 'Range';
    this.range.id = 'range';
    for (const p of PRESETS) this.range.appendChild(option(p, presetLabel(p)));
    this.range.appendChild(option(CUSTOM, 'Custom…'));

    this.from = document.createElement('vscode-textfield');
    this.from.type = 'date';
    this.from.id = 'range-from';
    this.from.label = 'From';
    this.to = document.createElement('vscode-textfield');
    this.to.type = 'date';
    this.to.id = 'range-to';
    this.to.label = 'To (inclusive)';
    this.custom = h('div', { class: 'custom-range' }, this.field('From', this.from, 'range-from'), this.field('To', this.to, 'range-to'));
    this.custom.hidden = true;

    this.interval = document.createElement('vscode-single-select');
    this.interval.label = 'Interval';
    this.interval.id = 'interval';
    for (const iv of INTERVALS) this.interval.appendChild(option(iv, intervalLabel(iv)));

    this.directions = document.createElement('vscode-multi-select');
    this.directions.label = 'Directions';
    this.directions.id = 'directions';

    this.el = h(
      'div',
      { class: 'controls', role: 'group', 'aria-label': 'Report selection' },
      this.field('Range', this.range, 'range'),
      this.custom,
      this.field('Interval', this.interval, 'interval'),
      h('div', { class: 'field' }, h('label', { class: 'field-label', for: 'directions' }, 'Directions'), this.directions, this.summary),
    );

    this.range.addEventListener('change', () => this.onRange());
    this.interval.addEventListener('change', () => this.emit());
    // Each click in the multi-select fires `change`: wait until the user pauses before asking for data.
    this.directions.addEventListener('change', () => {
      if (this.muted) return;
      this.summary.textContent = this.localSummary();
      clearTimeout(this.directionsTimer);
      this.directionsTimer = window.setTimeout(() => {
        this.directionsTimer = 0;
        this.emit();
      }, DIRECTIONS_DEBOUNCE_MS);
    });
    this.from.addEventListener('change', () => this.onCustomDates());
    this.to.addEventListener('change', () => this.onCustomDates());
    this.setEnabled(false);
  }

  private field(label: string, control: HTMLElement, id: string): HTMLElement {
    return h('div', { class: 'field' }, h('label', { class: 'field-label', for: id }, label), control);
  }

  /** Property writes re-render Lit components: write only what changes. */
  private static set<T extends object, K extends keyof T>(el: T, key: K, value: T[K]): void {
    if (el[key] !== value) el[key] = value;
  }

  setEnabled(enabled: boolean): void {
    for (const el of [this.range, this.interval, this.directions, this.from, this.to, ...this.buttons]) {
      Controls.set(el as { disabled: boolean }, 'disabled', !enabled);
    }
  }

  /** Data-dependent buttons (open/export) only make sense with data. */
  setDataActions(enabled: boolean): void {
    for (const b of this.buttons) {
      const a = b.dataset.action;
      if (a === 'openJson' || a === 'exportCsv' || a === 'exportJson') Controls.set(b, 'disabled', !enabled);
    }
  }

  /** Time zone used to turn custom dates into instants (midnight there); fallback offset when unknown. */
  setTimeZone(tf: TimeFormatter | null, fallbackOffset: number): void {
    this.tf = tf;
    this.fallbackOffset = fallbackOffset;
  }

  /** Shows the host's selection (no change event). */
  setSelection(sel: ReportSelection, dataRange?: { start: string; end: string }): void {
    this.muted = true;
    try {
      this.selection = sel;
      this.setEnabled(true);
      const t = sel.target;
      Controls.set(this.save, 'hidden', t.report !== null);
      const r = t.range;
      if ('preset' in r) {
        Controls.set(this.range, 'value', r.preset);
        Controls.set(this.custom, 'hidden', true);
        // Filled when the user picks "Custom…" (writing the fields now would re-render them for nothing).
        if (dataRange) this.pendingDates = dataRange;
      } else {
        Controls.set(this.range, 'value', CUSTOM);
        Controls.set(this.custom, 'hidden', false);
        this.fillDates(r);
      }
      Controls.set(this.interval, 'value', t.interval);
      const all = t.monitor.directions;
      const key = JSON.stringify(all);
      const ids = t.directions ?? all.map((d) => d.id);
      if (key !== this.directionsKey) {
        this.directionsKey = key;
        replace(this.directions, ...all.map((d) => option(d.id, d.name)));
        void this.directions.updateComplete.then(() => {
          // Options slotted in this turn are picked up by the component later: set the value again.
          this.muted = true;
          this.directions.value = ids;
          this.muted = false;
        });
      }
      // Leave a choice the user is still making alone.
      if (!this.directionsTimer) {
        if (this.directions.value.join('\n') !== ids.join('\n')) this.directions.value = ids;
        this.summary.textContent = this.directionsSummary(sel);
      }
    } finally {
      this.muted = false;
    }
  }

  /** Fills the date fields from an ISO range (end exclusive → the last day shown inclusive). */
  private fillDates(range: { start: string; end: string }): void {
    const days = rangeDays(range);
    if (!days) return;
    Controls.set(this.from, 'value', days.first);
    Controls.set(this.to, 'value', days.last);
  }

  /** Summary of what the multi-select shows now (before the host answers). */
  private localSummary(): string {
    const sel = this.selection;
    if (!sel) return '';
    const chosen = this.directions.value;
    const all = sel.target.monitor.directions;
    if (chosen.length === 0) return 'Pick at least one direction';
    if (chosen.length === all.length) return all.length > 1 ? 'All directions' : '';
    return all
      .filter((d) => chosen.includes(d.id))
      .map((d) => d.name)
      .join(', ');
  }

  private directionsSummary(sel: ReportSelection): string {
    const { directions } = sel.target;
    const all = sel.target.monitor.directions;
    if (directions === null) return all.length > 1 ? 'All directions' : '';
    const names = all.filter((d) => directions.includes(d.id)).map((d) => d.name);
    return names.join(', ');
  }

  private onRange(): void {
    if (this.muted) return;
    if (this.range.value === CUSTOM) {
      if (this.pendingDates) this.fillDates(this.pendingDates);
      this.pendingDates = null;
      this.custom.hidden = false; // asks for data once the user has picked dates
      return;
    }
    this.custom.hidden = true;
    this.emit();
  }

  private onCustomDates(): void {
    if (this.muted) return;
    const s = this.from.value;
    const e = this.to.value;
    const days = isLocalDay(s) && isLocalDay(e);
    const ok = days && s <= e;
    this.from.invalid = days && !ok;
    this.to.invalid = this.from.invalid;
    if (ok) this.emit();
  }

  /** The selection the controls show now. */
  current(): { range: RangeSpec; interval: Interval; directions: string[] | null } | null {
    const sel = this.selection;
    if (!sel) return null;
    let range: RangeSpec;
    if (this.range.value === CUSTOM) {
      // Midnight at the start of the first day and after the last, in the report's time zone.
      const tf = this.tf;
      const custom = rangeFromDays(this.from.value, this.to.value, tf?.known ? tf.timeZone : null, this.fallbackOffset);
      if (!custom) return null;
      range = custom;
    } else if (isRangePreset(this.range.value)) {
      range = { preset: this.range.value };
    } else {
      return null;
    }
    const interval = isInterval(this.interval.value) ? this.interval.value : sel.target.interval;
    const all = sel.target.monitor.directions.map((d) => d.id);
    const chosen = this.directions.value.filter((id) => all.includes(id));
    if (chosen.length === 0 && all.length > 0) return null; // nothing to show: wait for a choice
    const directions = chosen.length === all.length ? null : all.filter((id) => chosen.includes(id));
    return { range, interval, directions };
  }

  private emit(): void {
    if (this.muted) return;
    clearTimeout(this.directionsTimer);
    this.directionsTimer = 0;
    const cur = this.current();
    if (cur) this.on.change(cur.range, cur.interval, cur.directions);
  }
}
