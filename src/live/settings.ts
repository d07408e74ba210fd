// The live settings, with their lower bounds enforced here (the manifest's `minimum` is only a hint to the editor).
import * as vscode from 'vscode';
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

export const MIN_LIVE_SECONDS = 15;

export interface LiveSettings {
  /** `hoxton.reports.liveRefreshSeconds`: 0 = off, else ≥ 15. */
  liveRefreshSeconds: number;
  /** `hoxton.occupancy.alertPercent`. */
  alertPercent: number;
  /** `hoxton.occupancy.watchSeconds`: ≥ 15. */
  watchSeconds: number;
}

export function readLiveSettings(): LiveSettings {
  const c = vscode.workspace.getConfiguration('hoxton');
  return {
    liveRefreshSeconds: secondsSetting(c.get<unknown>('reports.liveRefreshSeconds'), 60, MIN_LIVE_SECONDS, true),
    alertPercent: percentSetting(c.get<unknown>('occupancy.alertPercent')),
    watchSeconds: secondsSetting(c.get<unknown>('occupancy.watchSeconds'), 60, MIN_LIVE_SECONDS, false),
  };
}
