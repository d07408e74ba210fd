// Watch / Stop Watching occupancy and Set Alert Threshold…, from an occupancy monitor in the tree, a Watching row,
// or a panel's target.
import * as vscode from 'vscode';
import { parseTarget, type TargetBase } from '../reports/target';
import type { Node } from '../views/nodes';
import { baseOf } from '../views/targets';
import { promptText } from '../util/inert';
import type { ThresholdStore } from './thresholds';
import type { OccupancyWatcher } from './watcher';
import { readLiveSettings } from './settings';

/** The monitor a command argument names: a monitor node, a Watching row, or a report target. */
function monitorOf(arg: unknown, watched: () => readonly { key: string; base: TargetBase }[]): TargetBase | undefined {
  const node = arg as Node | undefined;
  if (node && typeof node === 'object' && 'kind' in node) {
    if (node.kind === 'monitor') return node.monitor.type === 'occupancy' ? baseOf(node) : undefined;
    if (node.kind === 'extra' && node.id.startsWith('watching/')) return watched().find((w) => `watching/${w.key}` === node.id)?.base;
  }
  const t = parseTarget(arg);
  if (t && t.monitor.type === 'occupancy') {
    const { report: _r, range: _g, interval: _i, directions: _d, ...base } = t;
    return base;
  }
  return undefined;
}

export function registerLiveCommands(watcher: OccupancyWatcher, thresholds: ThresholdStore): vscode.Disposable[] {
  let last: { key: string; base: TargetBase }[] = [];
  const sub = watcher.onDidChange(async () => (last = await watcher.list()));
  void watcher.list().then((l) => (last = l));
  const pick = (arg: unknown) => {
    const m = monitorOf(arg, () => last);
    if (!m) void vscode.window.showInformationMessage(vscode.l10n.t('Choose an occupancy monitor in the Hoxton view first.'));
    return m;
  };
  return [
    sub,
    vscode.commands.registerCommand('hoxton.watchOccupancy', async (arg?: unknown) => {
      const m = pick(arg);
      if (m) await watcher.watch(m);
    }),
    vscode.commands.registerCommand('hoxton.unwatchOccupancy', async (arg?: unknown) => {
      const m = pick(arg);
      if (m) await watcher.unwatch(m.accountId, m.monitor.id);
    }),
    vscode.commands.registerCommand('hoxton.setAlertThreshold', async (arg?: unknown) => {
      const m = pick(arg);
      if (!m) return;
      const dflt = readLiveSettings().alertPercent;
      const own = thresholds.own(m.accountId, m.monitor.id);
      const text = await vscode.window.showInputBox({
        title: vscode.l10n.t('Alert threshold of {0}', promptText(m.monitor.name)),
        prompt: vscode.l10n.t('Percent of capacity (1–100); empty uses the setting ({0} %).', dflt),
        value: own === undefined ? '' : String(own),
        validateInput: (v) => {
          if (!v.trim()) return undefined;
          const n = Number(v.trim());
          return Number.isFinite(n) && n >= 1 && n <= 100 ? undefined : vscode.l10n.t('Enter a number from 1 to 100.');
        },
      });
      if (text === undefined) return;
      await thresholds.set(m.accountId, m.monitor.id, text.trim() ? Number(text.trim()) : undefined);
    }),
  ];
}
