// Alert thresholds per monitor, kept in globalState per account and monitor (not a secret, not a workspace setting).
// A monitor without its own threshold uses `hoxton.occupancy.alertPercent`.
import * as vscode from 'vscode';
import { percentSetting } from '../util/settingsGuards';
import { readLiveSettings } from './settings';

const KEY = 'hoxton.live.thresholds';

export class ThresholdStore {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {}

  private all(): Record<string, number> {
    const v = this.state.get<unknown>(KEY);
    if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
    const out: Record<string, number> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (percentSetting(x, NaN) === x) out[k] = x as number;
    return out;
  }

  /** The monitor's own threshold, if it has one. */
  own(accountId: string, monitorId: string): number | undefined {
    return this.all()[`${accountId}|${monitorId}`];
  }

  /** The threshold in force: the monitor's own, else the setting. */
  get(accountId: string, monitorId: string): number {
    return this.own(accountId, monitorId) ?? readLiveSettings().alertPercent;
  }

  /** Sets the monitor's own threshold, or (undefined) goes back to the setting. */
  async set(accountId: string, monitorId: string, percent: number | undefined): Promise<void> {
    const all = this.all();
    const key = `${accountId}|${monitorId}`;
    if (percent === undefined) delete all[key];
    else all[key] = percentSetting(percent);
    await this.state.update(KEY, all);
    this.changed.fire();
  }

  /** Re-reads after another window may have changed it (globalState is shared). */
  refresh(): void {
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
