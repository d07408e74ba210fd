// Lower bounds of the live settings, enforced in code (the manifest's `minimum` is only a hint to the editor). Pure.
import { DEFAULT_ALERT_PERCENT } from '../shared/figures';

/** Seconds between refreshes: `dflt` when unset or not a number, 0 (off) when `allowOff` and ≤ 0, else at least `min`. */
export function secondsSetting(value: unknown, dflt: number, min: number, allowOff: boolean): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return dflt;
  if (value <= 0) return allowOff ? 0 : min;
  return Math.max(min, value);
}

/** A threshold in percent of capacity: 1 to 100 (whole or not); anything else is `dflt`. */
export function percentSetting(value: unknown, dflt = DEFAULT_ALERT_PERCENT): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 1 && value <= 100 ? value : dflt;
}
