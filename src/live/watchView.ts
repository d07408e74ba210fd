// What watching looks like: the "Watching" group at the top of the tree (current occupancy and percentage), the
// view's badge (monitors above their threshold) and a status bar item naming the worst one while any is above.
import * as vscode from 'vscode';
import type { ExtraNode, Node } from '../views/nodes';
import { statusText } from '../util/inert';
import { OccupancyWatcher, type WatchStatus } from './watcher';

const C = vscode.TreeItemCollapsibleState;

function row(s: WatchStatus, group: ExtraNode): ExtraNode {
  return {
    kind: 'extra',
    id: `watching/${s.key}`,
    parent: group,
    children: () => [],
    item: () => {
      const item = new vscode.TreeItem(s.base.monitor.name, C.None);
      item.id = `watching/${s.key}`;
      const r = s.reading;
      item.description =
        r && r.value !== null && s.percent !== null
          ? vscode.l10n.t('{0} of {1} ({2} %)', r.value, r.capacity ?? 0, Math.round(s.percent))
          : vscode.l10n.t('waiting for the first reading');
      item.iconPath = s.alerting
        ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
        : new vscode.ThemeIcon('eye', new vscode.ThemeColor('charts.purple'));
      item.tooltip = vscode.l10n.t('{0} · {1} · alert at {2} %', s.base.monitor.name, s.base.site.name, s.threshold);
      item.contextValue = 'watch';
      item.command = { command: 'hoxton.openReport', title: vscode.l10n.t('Open Report'), arguments: [OccupancyWatcher.target(s.base)] };
      return item;
    },
  };
}

export class WatchView implements vscode.Disposable {
  private statuses: WatchStatus[] = [];
  /** Fires the Watching group when only it changed, undefined when it appears or goes (the root list changes). */
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  /** The one Watching group, kept while shown, so that a round refreshes only it and not the whole tree. */
  private group?: ExtraNode;
  private readonly status = vscode.window.createStatusBarItem('hoxton.watching', vscode.StatusBarAlignment.Left, 9);
  private readonly subs: vscode.Disposable[];

  constructor(
    private readonly watcher: OccupancyWatcher,
    private readonly treeView: vscode.TreeView<Node>,
    setTop: (rows: () => Node[], changed: vscode.Event<Node | undefined>) => vscode.Disposable,
  ) {
    this.status.name = vscode.l10n.t('HoxtonAi Occupancy');
    this.subs = [this.changed, this.status, setTop(() => this.rows(), this.changed.event), watcher.onDidChange(() => void this.update())];
    void this.update();
  }

  /** Monitors above their threshold (the badge's number). */
  get alerting(): number {
    return this.statuses.filter((s) => s.alerting).length;
  }

  private rows(): Node[] {
    return this.group ? [this.group] : [];
  }

  private makeGroup(): ExtraNode {
    const group: ExtraNode = {
      kind: 'extra',
      id: 'watching',
      parent: undefined,
      children: () => this.statuses.map((s) => row(s, group)),
      item: () => {
        const problem = this.watcher.problem;
        const item = new vscode.TreeItem(vscode.l10n.t('Watching'), C.Expanded);
        item.id = 'watching';
        item.iconPath = new vscode.ThemeIcon('eye');
        item.description = problem ? vscode.l10n.t('paused: {0}', problem) : undefined;
        item.contextValue = 'watching';
        return item;
      },
    };
    return group;
  }

  private async update(): Promise<void> {
    this.statuses = await this.watcher.list();
    const above = this.statuses.filter((s) => s.alerting);
    this.treeView.badge = above.length
      ? { value: above.length, tooltip: vscode.l10n.t('{0} watched monitor(s) above their alert threshold', above.length) }
      : undefined;
    const worst = [...above].sort((a, b) => (b.percent ?? 0) - (a.percent ?? 0))[0];
    if (worst) {
      this.status.text = `$(warning) ${statusText(worst.base.monitor.name)} ${Math.round(worst.percent ?? 0)} %`;
      this.status.tooltip = vscode.l10n.t('Above its alert threshold of {0} %', worst.threshold);
      this.status.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      this.status.command = {
        command: 'hoxton.openReport',
        title: vscode.l10n.t('Open Report'),
        arguments: [OccupancyWatcher.target(worst.base)],
      };
      this.status.show();
    } else {
      this.status.hide();
    }
    // A round changes the group's rows only: refresh just the group (a whole-tree refresh every round would also
    // renew every row's command while a person may be clicking one). Appearing or going changes the root list.
    const had = this.group;
    this.group = this.statuses.length ? (had ?? this.makeGroup()) : undefined;
    this.changed.fire(had && this.group ? this.group : undefined);
  }

  /** The status bar text while a monitor is above its threshold (tests). */
  get statusBarText(): string | undefined {
    return this.alerting ? this.status.text : undefined;
  }

  dispose(): void {
    this.subs.forEach((d) => d.dispose());
  }
}
