// The date fields of a custom range ("From", "To (inclusive)"), shared by the report page's controls (controls.ts)
// and the several-monitor page (multi.ts): filled from a range (its end exclusive, shown as the last day included),
// checked as the person picks days, and read as midnight to midnight in the report's time zone (shared/range.ts).
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import { isLocalDay, isRangePreset, rangeDays, rangeFromDays, type CustomRange, type RangeSpec } from '../../shared/range';
import { h } from './dom';
import type { TimeFormatter } from './format';
import { l10n } from './l10n';

/** Property writes re-render Lit components: write only what changes. */
function set<T extends object, K extends keyof T>(el: T, key: K, value: T[K]): void {
  if (el[key] !== value) el[key] = value;
}

/** The value of the range select's "Custom…" option, which shows these fields. */
export const CUSTOM = 'custom';

export class CustomRangeFields {
  /** The fields (class `custom-range`), hidden until "Custom…" is chosen. */
  readonly el: HTMLElement;
  private readonly from: VscodeTextfield;
  private readonly to: VscodeTextfield;
  private tf: TimeFormatter | null = null;
  private fallbackOffset = 0;

  /** `onValid`: both fields hold days, the first not after the last (then value() is the range). */
  constructor(onValid: () => void) {
    const field = (label: string, control: HTMLElement, id: string): HTMLElement =>
      h('div', { class: 'field' }, h('label', { class: 'field-label', for: id }, label), control);
    this.from = document.createElement('vscode-textfield');
    this.from.type = 'date';
    this.from.id = 'range-from';
    this.from.label = l10n.t('From');
    this.to = document.createElement('vscode-textfield');
    this.to.type = 'date';
    this.to.id = 'range-to';
    this.to.label = l10n.t('To (inclusive)');
    this.el = h('div', { class: 'custom-range' }, field(l10n.t('From'), this.from, 'range-from'), field(l10n.t('To'), this.to, 'range-to'));
    this.el.hidden = true;
    const changed = (): void => {
      const s = this.from.value;
      const e = this.to.value;
      const days = isLocalDay(s) && isLocalDay(e);
      const ok = days && s <= e;
      this.from.invalid = days && !ok;
      this.to.invalid = this.from.invalid;
      if (ok) onValid();
    };
    this.from.addEventListener('change', changed);
    this.to.addEventListener('change', changed);
  }

  setEnabled(enabled: boolean): void {
    set(this.from, 'disabled', !enabled);
    set(this.to, 'disabled', !enabled);
  }

  /** Time zone used to turn the days into instants (midnight there); fallback offset when unknown. */
  setTimeZone(tf: TimeFormatter | null, fallbackOffset: number): void {
    this.tf = tf;
    this.fallbackOffset = fallbackOffset;
  }

  /**
   * The page's Range select now says `value`: Custom… shows the fields, filled from `shown` (the dates on screen), and
   * answers false (the page asks for data once days are picked); a preset hides them and answers true (ask at once).
   */
  chosen(value: string, shown: CustomRange | null): boolean {
    if (value === CUSTOM) {
      if (shown) this.fill(shown);
      this.el.hidden = false;
      return false;
    }
    this.el.hidden = true;
    return true;
  }

  /** Shows the host's range: its preset in `select`, or Custom… there and its days in the fields. */
  showRange(select: { value: string }, range: RangeSpec): void {
    if ('preset' in range) {
      select.value = range.preset;
      this.el.hidden = true;
    } else {
      select.value = CUSTOM;
      this.el.hidden = false;
      this.fill(range);
    }
  }

  /** Fills the fields from an ISO range (end exclusive → the last day shown inclusive). */
  fill(range: CustomRange): void {
    const days = rangeDays(range);
    if (!days) return;
    set(this.from, 'value', days.first);
    set(this.to, 'value', days.last);
  }

  /** The range the fields show: midnight at the start of the first day to after the last, in the report's zone. */
  value(): CustomRange | undefined {
    const tf = this.tf;
    return rangeFromDays(this.from.value, this.to.value, tf?.known ? tf.timeZone : null, this.fallbackOffset);
  }

  /** The range a page's Range select asks for with `selected`: these fields' for Custom…, else its preset. */
  rangeFor(selected: string): RangeSpec | undefined {
    if (selected === CUSTOM) return this.value();
    return isRangePreset(selected) ? { preset: selected } : undefined;
  }
}
