// The Monitor Reports tree: one root per signed-in account, then sites, monitors, and a monitor's saved reports
// and quick ranges. Each level loads page by page, shows a loading row while it does, an error row with Retry
// when it fails (the rest of the tree stays usable), and is cached until Refresh.
import * as vscode from 'vscode';
import type { Page } from '../api/types';
import type { HoxtonAuthProvider } from '../auth/provider';
import type { Connections } from '../reports/connections';
import { PRESETS } from '../shared/range';
import { readConfig } from '../util/config';
import { userMessage } from '../util/errors';
import type { Log } from '../util/log';
import {
  AccountNode,
  Level,
  LoadMoreNode,
  MessageNode,
  MonitorNode,
  RangeNode,
  ReportNode,
  SiteNode,
  tooltip,
  treeItem,
  type Node,
} from './nodes';
import { errorText } from '../shared/errorText';

type Container = AccountNode | SiteNode | MonitorNode;

export interface Filter {
  text: string;
  type?: 'people_count' | 'occupancy';
}

/** Parses "lobby type:occupancy" into a name filter and a server-side type filter. */
export function parseFilter(input: string): Filter | undefined {
  let type: Filter['type'];
  const text = input
    .replace(/\btype:(people_count|occupancy|people|count)\b/i, (_, t: string) => {
      type = t.toLowerCase() === 'occupancy' ? 'occupancy' : 'people_count';
      return '';
    })
    .trim()
    .toLowerCase();
  return text || type ? { text, type } : undefined;
}

export class ReportsTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: AccountNode[] = [];
  private rootsLoaded?: Promise<void>;
  filter?: Filter;
  private timer?: ReturnType<typeof setInterval>;
  /**
   * Items loaded longer ago than this say so (0: never): hoxton.tree.autoRefreshMinutes, read once per settings change
   * and not per item, when first needed (not during activation: a settings read costs the extension host about 0.5 ms,
   * the first one several milliseconds).
   */
  private staleMs?: number;
  private get staleAfterMs(): number {
    return (this.staleMs ??= readConfig().autoRefreshMinutes * 60_000);
  }
  /** The auto-refresh timer starts with the first rows asked for (the view shown), not at activation. */
  private started = false;
  private readonly disposables: vscode.Disposable[] = [];
  /** Rows above the accounts (the Watching group, src/live/watchView.ts). */
  private top: () => Node[] = () => [];

  /** Shows `rows()` above the accounts, refreshed when `changed` fires. */
  setTop(rows: () => Node[], changed: vscode.Event<Node | undefined>): vscode.Disposable {
    this.top = rows;
    return changed((node) => this.changed.fire(node));
  }

  constructor(
    private readonly auth: HoxtonAuthProvider,
    private readonly connections: Connections,
    private readonly log: Log,
  ) {
    this.disposables.push(
      this.changed,
      auth.onDidChangeSessions(() => {
        this.rootsLoaded = undefined;
        this.changed.fire(undefined);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('hoxton.tree.autoRefreshMinutes')) {
          this.staleMs = undefined;
          if (this.started) this.schedule();
        }
        if (e.affectsConfiguration('hoxton.apiUrl') || e.affectsConfiguration('hoxton.tree.pageSize')) this.refresh();
      }),
    );
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.disposables.forEach((d) => d.dispose());
  }

  // ---- TreeDataProvider ----

  getTreeItem(node: Node): vscode.TreeItem {
    return treeItem(node, this.staleAfterMs);
  }

  resolveTreeItem(item: vscode.TreeItem, node: Node): vscode.TreeItem {
    item.tooltip ??= tooltip(node, this.staleAfterMs);
    return item;
  }

  getParent(node: Node): Node | undefined {
    return node.parent;
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!this.started) {
      this.started = true;
      this.schedule();
    }
    if (!node) {
      await (this.rootsLoaded ??= this.loadRoots());
      return [...this.top(), ...this.roots];
    }
    switch (node.kind) {
      case 'extra':
        return node.children();
      case 'account':
        return this.levelChildren(node, node.sites, (n) => this.visibleSite(n as SiteNode), vscode.l10n.t('No sites in this organisation'));
      case 'site':
        return this.levelChildren(
          node,
          node.monitors,
          (n) => this.visibleMonitor(n as MonitorNode),
          vscode.l10n.t('No monitors on this site'),
        );
      case 'monitor': {
        const reports = await this.levelChildren(node, node.reports, () => true, '');
        return [...reports, ...PRESETS.map((p) => new RangeNode(node, p))];
      }
      default:
        return [];
    }
  }

  // ---- actions ----

  /** Re-fetches everything loaded; expanded items stay expanded (their ids are stable). */
  refresh(): void {
    for (const root of this.roots) {
      root.org = undefined;
      for (const site of root.sites.items) {
        for (const monitor of site.monitors.items) monitor.reports.reset();
        site.monitors.reset();
      }
      root.sites.reset();
    }
    this.rootsLoaded = undefined;
    this.changed.fire(undefined);
  }

  /** Loads the next page of a level and appends it. */
  async loadMore(node: LoadMoreNode): Promise<void> {
    await this.fetchPage(node.parent, levelOf(node.parent), true);
  }

  /** Loads a failed level again. */
  retry(node: MessageNode): void {
    const parent = node.parent;
    if (!parent) {
      this.refresh();
      return;
    }
    const level = levelOf(parent);
    if (level.retry()) void this.fetchPage(parent, level, true);
    this.changed.fire(parent);
  }

  setFilter(filter: Filter | undefined): void {
    const serverSideChanged = filter?.type !== this.filter?.type;
    this.filter = filter;
    if (serverSideChanged) {
      for (const root of this.roots) for (const site of root.sites.items) site.monitors.reset();
    }
    this.changed.fire(undefined);
  }

  /** A report was created, renamed, edited or deleted: update only that monitor's list. */
  reloadReports(monitor: MonitorNode): void {
    monitor.reports.reset();
    this.changed.fire(monitor);
  }

  /** Reloads the saved reports of a monitor wherever it is loaded (after a report was saved from a panel). */
  refreshMonitor(accountId: string, monitorId: string): void {
    for (const n of this.loaded())
      if (n.kind === 'monitor' && n.accountId === accountId && n.monitor.id === monitorId) this.reloadReports(n);
  }

  updated(node: Node): void {
    this.changed.fire(node);
  }

  /** Every node loaded so far (for tests and for reveal by id). */
  *loaded(): Generator<Node> {
    for (const a of this.roots) {
      yield a;
      for (const s of a.sites.items) {
        yield s;
        for (const m of s.monitors.items) {
          yield m;
          yield* m.reports.items;
        }
      }
    }
  }

  // ---- loading ----

  private async loadRoots(): Promise<void> {
    const accounts = await this.auth.listAccounts();
    const previous = new Map(this.roots.map((r) => [r.accountId, r]));
    this.roots = accounts.map((a) => {
      const keep = previous.get(a.id);
      const node = keep ?? new AccountNode(a.id, a.label, a.orgName);
      node.label = a.label;
      node.orgName = a.orgName;
      node.server = a.otherServers ? a.apiHost : undefined;
      return node;
    });
  }

  private levelChildren(parent: Container, level: Level<Node>, visible: (n: Node) => boolean, emptyText: string): Node[] {
    if (level.state === 'idle') {
      void this.fetchPage(parent, level, false);
      return [new MessageNode(parent, 'loading', vscode.l10n.t('Loading…'))];
    }
    if (level.state === 'loading' && level.items.length === 0) return [new MessageNode(parent, 'loading', vscode.l10n.t('Loading…'))];
    if (level.state === 'error' && level.items.length === 0)
      return [new MessageNode(parent, 'error', level.error ?? vscode.l10n.t('Could not load.'))];
    const items = level.items.filter(visible);
    const out: Node[] = items;
    if (level.skipped > 0) out.push(new MessageNode(parent, 'warning', skippedText(level.skipped)));
    if (level.state === 'error') out.push(new MessageNode(parent, 'error', level.error ?? vscode.l10n.t('Could not load.')));
    else if (level.state === 'loading') out.push(new MessageNode(parent, 'loading', vscode.l10n.t('Loading…')));
    else if (level.cursor) out.push(new LoadMoreNode(parent));
    if (out.length === 0 && emptyText) {
      return [
        new MessageNode(parent, 'empty', level.items.length && this.filter ? vscode.l10n.t('Nothing matches the filter') : emptyText),
      ];
    }
    return out;
  }

  private fetchPage(parent: Container, level: Level<Node>, more: boolean): Promise<void> {
    if (level.pending) return level.pending;
    if (more && !level.cursor && level.state === 'loaded') return Promise.resolve();
    level.loading();
    const client = this.connections.client(parent.accountId);
    const limit = readConfig().pageSize;
    const cursor = more ? level.cursor : null;
    const work = (async () => {
      try {
        let page: Page<Node>;
        if (parent.kind === 'account') {
          if (!parent.org) parent.org = await client.getOrganisation();
          const p = await client.listSites({ limit, cursor });
          page = { data: p.data.map((s) => new SiteNode(parent, s)), next_cursor: p.next_cursor, skipped: p.skipped };
        } else if (parent.kind === 'site') {
          const p = await client.listMonitors({ limit, cursor, siteId: parent.site.id, type: this.filter?.type });
          page = { data: p.data.map((m) => new MonitorNode(parent, m)), next_cursor: p.next_cursor, skipped: p.skipped };
        } else {
          const p = await client.listReports({ limit, cursor, monitorId: parent.monitor.id });
          page = { data: p.data.map((r) => new ReportNode(parent, r)), next_cursor: p.next_cursor, skipped: p.skipped };
        }
        level.append(page.data, page.next_cursor, more, page.skipped ?? 0);
      } catch (e) {
        this.log.warn(`Loading ${parent.kind} ${parent.id} failed: ${errorText(e)}`);
        level.fail(userMessage(e));
      } finally {
        level.pending = undefined;
        this.changed.fire(parent);
      }
    })();
    level.pending = work;
    return work;
  }

  private matches(name: string): boolean {
    return !this.filter?.text || name.toLowerCase().includes(this.filter.text);
  }

  private visibleSite(site: SiteNode): boolean {
    if (!this.filter?.text) return true;
    return this.matches(site.site.name) || site.monitors.items.some((m) => this.matches((m as MonitorNode).monitor.name));
  }

  private visibleMonitor(m: MonitorNode): boolean {
    return !this.filter?.text || this.matches(m.parent.site.name) || this.matches(m.monitor.name);
  }

  private schedule(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const ms = this.staleAfterMs;
    if (ms > 0) this.timer = setInterval(() => this.refresh(), ms);
  }
}

/** The one warning row of a level whose server sent items that could not be read. */
function skippedText(n: number): string {
  return n === 1
    ? vscode.l10n.t('1 item could not be read and is not shown')
    : vscode.l10n.t('{0} items could not be read and are not shown', n);
}

function levelOf(node: Container): Level<Node> {
  return (node.kind === 'account' ? node.sites : node.kind === 'site' ? node.monitors : node.reports) as Level<Node>;
}
