// Guards for settings values that the manifest's JSON schema cannot fully express (its `minimum` is only a hint to
// the editor), enforced in code. Pure (no vscode import).
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

/** `hoxton.tree.autoRefreshMinutes`: 0 (or anything not a positive number) is off; otherwise at least 1 minute. */
export function autoRefreshMinutes(value: unknown): number {
  return secondsSetting(value, 0, 1, true);
}

/** `hoxton.controlRoomUrl`: the URL without trailing slashes when it is an `https:` URL, else undefined. */
export function httpsUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim().replace(/\/+$/, '');
  try {
    const url = new URL(text);
    return url.protocol === 'https:' && url.hostname && !url.username && !url.password ? text : undefined;
  } catch {
    return undefined;
  }
}
