// The live settings, with their lower bounds enforced here (the manifest's `minimum` is only a hint to the editor).
import * as vscode from 'vscode';
import { percentSetting, secondsSetting } from '../util/settingsGuards';

const MIN_LIVE_SECONDS = 15;

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
