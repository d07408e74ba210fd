// The nodes of the Monitor Reports tree and how each looks. Data only: loading and paging live in tree.ts.
// Every server string is shown as a plain label or description (util/inert.ts displayName: one line, bidi isolated,
// "(unnamed)" when empty); in tooltips server strings are Markdown code spans (mdCode), which nothing inside can
// break out of.
import * as vscode from 'vscode';
import type { Monitor, Organisation, Report, Site } from '../api/types';
import { describeRange, intervalLabel, presetLabel, type RangePreset } from '../shared/range';
import { displayName, mdCode } from '../util/inert';

export type Node = AccountNode | SiteNode | MonitorNode | ReportNode | RangeNode | MessageNode | LoadMoreNode | ExtraNode;

/** Rows another part adds above the accounts (the Watching group of src/live/): they make their own items. */
export interface ExtraNode {
  readonly kind: 'extra';
  readonly id: string;
  readonly parent: ExtraNode | undefined;
  item(): vscode.TreeItem;
  children(): ExtraNode[];
}

/** A list loaded page by page under a parent node. Its state changes only through the methods below. */
export class Level<T> {
  items: T[] = [];
  cursor: string | null = null;
  state: 'idle' | 'loading' | 'loaded' | 'error' = 'idle';
  error?: string;
  /** Items the server sent that could not be read (no usable id), over all pages loaded. */
  skipped = 0;
  loadedAt = 0;
  pending?: Promise<void>;

  /** A page is on its way. */
  loading(): void {
    this.state = 'loading';
  }

  /** A page arrived: the first one replaces the items, a further one (`more`) adds to them; `skipped` unreadable items. */
  append(data: T[], nextCursor: string | null, more: boolean, skipped = 0): void {
    this.items = more ? [...this.items, ...data] : data;
    this.skipped = (more ? this.skipped : 0) + skipped;
    this.cursor = nextCursor;
    this.state = 'loaded';
    this.error = undefined;
    this.loadedAt = Date.now();
  }

  /** The page could not be loaded: `message` is shown in its place. */
  fail(message: string): void {
    this.state = 'error';
    this.error = message;
  }

  /** Clears a failure: answers whether items are kept (then the failed next page is to be fetched again). */
  retry(): boolean {
    if (this.items.length === 0) {
      this.reset();
      return false;
    }
    this.state = 'loaded';
    this.error = undefined;
    return true;
  }

  /** Drops one item (deleted on the server). */
  remove(item: T): void {
    this.items = this.items.filter((n) => n !== item);
  }

  reset(): void {
    this.items = [];
    this.cursor = null;
    this.state = 'idle';
    this.error = undefined;
    this.skipped = 0;
    this.loadedAt = 0;
    this.pending = undefined;
  }
}

export class AccountNode {
  readonly kind = 'account';
  readonly sites = new Level<SiteNode>();
  org?: Organisation;
  /** The API host, set when the settings now name other servers than the ones this account was issued for. */
  server?: string;
  constructor(
    readonly accountId: string,
    public label: string,
    public orgName: string,
  ) {}
  get id(): string {
    return this.accountId;
  }
  get parent(): undefined {
    return undefined;
  }
}

export class SiteNode {
  readonly kind = 'site';
  readonly monitors = new Level<MonitorNode>();
  constructor(
    readonly parent: AccountNode,
    public site: Site,
  ) {}
  get id(): string {
    return `${this.parent.id}/site/${this.site.id}`;
  }
  get accountId(): string {
    return this.parent.accountId;
  }
}

export class MonitorNode {
  readonly kind = 'monitor';
  readonly reports = new Level<ReportNode>();
  constructor(
    readonly parent: SiteNode,
    public monitor: Monitor,
  ) {}
  get id(): string {
    return `${this.parent.parent.id}/monitor/${this.monitor.id}`;
  }
  get accountId(): string {
    return this.parent.accountId;
  }
}

export class ReportNode {
  readonly kind = 'report';
  constructor(
    readonly parent: MonitorNode,
    public report: Report,
  ) {}
  get id(): string {
    return `${this.parent.parent.parent.id}/report/${this.report.id}`;
  }
  get accountId(): string {
    return this.parent.accountId;
  }
}

export class RangeNode {
  readonly kind = 'range';
  constructor(
    readonly parent: MonitorNode,
    readonly preset: RangePreset,
  ) {}
  get id(): string {
    return `${this.parent.id}/range/${this.preset}`;
  }
  get accountId(): string {
    return this.parent.accountId;
  }
}

/** Loading, empty, error and warning (items left out) rows. */
export class MessageNode {
  readonly kind = 'message';
  constructor(
    readonly parent: AccountNode | SiteNode | MonitorNode | undefined,
    readonly tone: 'loading' | 'empty' | 'error' | 'warning',
    readonly text: string,
  ) {}
  get id(): string {
    return `${this.parent?.id ?? 'root'}/${this.tone}`;
  }
}

export class LoadMoreNode {
  readonly kind = 'loadMore';
  constructor(readonly parent: AccountNode | SiteNode | MonitorNode) {}
  get id(): string {
    return `${this.parent.id}/more`;
  }
}

/** Icons are made once: a tree page builds hundreds of items. */
const ICONS = {
  account: new vscode.ThemeIcon('organization'),
  site: new vscode.ThemeIcon('location'),
  occupancy: new vscode.ThemeIcon('organization', new vscode.ThemeColor('charts.purple')),
  peopleCount: new vscode.ThemeIcon('arrow-swap', new vscode.ThemeColor('charts.blue')),
  report: new vscode.ThemeIcon('graph-line'),
  range: new vscode.ThemeIcon('calendar'),
  loading: new vscode.ThemeIcon('loading~spin'),
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
  info: new vscode.ThemeIcon('info'),
  more: new vscode.ThemeIcon('ellipsis'),
};

/** How a node looks. Tooltips are left to `tooltip()`, which VS Code asks for on hover (resolveTreeItem). */
export function treeItem(node: Node, staleAfterMs: number): vscode.TreeItem {
  const C = vscode.TreeItemCollapsibleState;
  switch (node.kind) {
    case 'extra':
      return node.item();
    case 'account': {
      const item = new vscode.TreeItem(displayName(node.org?.name || node.orgName || node.label, { empty: unnamed() }), C.Expanded);
      // The account's label is "Name (Organisation)"; the organisation is the row's own label already.
      const suffix = ` (${node.orgName})`;
      item.description = plainText(node.label.endsWith(suffix) ? node.label.slice(0, -suffix.length) : node.label);
      if (node.server) item.description += ` · ${plainText(node.server)}`;
      item.iconPath = ICONS.account;
      item.contextValue = 'organisation';
      return withId(item, node);
    }
    case 'site': {
      const item = new vscode.TreeItem(displayName(node.site.name, { empty: unnamed() }), C.Collapsed);
      item.description = plainText(node.site.timezone) + stale(node.monitors, staleAfterMs, true);
      item.iconPath = ICONS.site;
      item.contextValue = 'site';
      return withId(item, node);
    }
    case 'monitor': {
      const m = node.monitor;
      const item = new vscode.TreeItem(displayName(m.name, { empty: unnamed() }), C.Collapsed);
      const occupancy = m.type === 'occupancy';
      item.description = occupancy
        ? vscode.l10n.t('Occupancy · capacity {0}', m.capacity ?? '—')
        : m.directions.map((d) => plainText(d.name)).join(' / ');
      item.iconPath = occupancy ? ICONS.occupancy : ICONS.peopleCount;
      item.contextValue = occupancy ? 'monitor.occupancy' : 'monitor.peopleCount';
      return withId(item, node);
    }
    case 'report': {
      const r = node.report;
      const item = new vscode.TreeItem(displayName(r.name, { empty: unnamed() }), C.None);
      item.description = `${describeRange(r.range, vscode.l10n)} · ${intervalLabel(r.interval, vscode.l10n)}`;
      item.iconPath = ICONS.report;
      item.contextValue = 'report';
      item.command = { command: 'hoxton.openReport', title: vscode.l10n.t('Open Report'), arguments: [node] };
      return withId(item, node);
    }
    case 'range': {
      const item = new vscode.TreeItem(presetLabel(node.preset, vscode.l10n), C.None);
      item.iconPath = ICONS.range;
      item.contextValue = 'range';
      item.command = { command: 'hoxton.openReport', title: vscode.l10n.t('Open Report'), arguments: [node] };
      return withId(item, node);
    }
    case 'message': {
      const item = new vscode.TreeItem(node.text, C.None);
      item.iconPath = { loading: ICONS.loading, error: ICONS.error, warning: ICONS.warning, empty: ICONS.info }[node.tone];
      if (node.tone === 'warning') item.tooltip = node.text;
      if (node.tone === 'error') {
        item.contextValue = 'error';
        item.description = vscode.l10n.t('Retry');
        item.tooltip = node.text;
        item.command = { command: 'hoxton.retry', title: vscode.l10n.t('Retry'), arguments: [node] };
      }
      return withId(item, node);
    }
    case 'loadMore': {
      const item = new vscode.TreeItem(vscode.l10n.t('Load more…'), C.None);
      item.iconPath = ICONS.more;
      item.contextValue = 'loadMore';
      item.command = { command: 'hoxton.loadMore', title: vscode.l10n.t('Load More'), arguments: [node] };
      return withId(item, node);
    }
  }
}

/** The hover text of a node: Markdown with every server string escaped. */
export function tooltip(node: Node, staleAfterMs: number): vscode.MarkdownString | string | undefined {
  switch (node.kind) {
    case 'extra':
      return undefined;
    case 'account':
      return md([
        name(node.org?.name || node.orgName),
        vscode.l10n.t('Signed in as {0}', code(node.label)),
        node.server ? vscode.l10n.t('Uses {0}, where it was signed in, not the server in Settings', code(node.server)) : '',
        node.org ? vscode.l10n.t('Time zone: {0}', code(node.org.timezone)) : '',
        stale(node.sites, staleAfterMs),
      ]);
    case 'site':
      return md([
        name(node.site.name),
        code(node.site.address),
        vscode.l10n.t('Time zone: {0}', code(node.site.timezone)),
        `ID: ${code(node.site.id)}`,
      ]);
    case 'monitor': {
      const m = node.monitor;
      const occupancy = m.type === 'occupancy';
      return md([
        name(m.name),
        `ID: ${code(m.id)}`,
        vscode.l10n.t('Type: {0}', occupancy ? vscode.l10n.t('Occupancy') : vscode.l10n.t('People Count')),
        vscode.l10n.t('Directions: {0}', m.directions.map((d) => code(d.name)).join(', ')),
        occupancy ? vscode.l10n.t('Capacity: {0}', m.capacity ?? '—') : '',
        m.created_at ? vscode.l10n.t('Created: {0}', code(m.created_at.slice(0, 10))) : '',
      ]);
    }
    case 'report': {
      const r = node.report;
      return md([
        name(r.name),
        `ID: ${code(r.id)}`,
        vscode.l10n.t('Range: {0}', code(describeRange(r.range, vscode.l10n))),
        vscode.l10n.t('Interval: {0}', intervalLabel(r.interval, vscode.l10n)),
        r.updated_at ? vscode.l10n.t('Updated: {0}', code(r.updated_at.slice(0, 16).replace('T', ' '))) : '',
      ]);
    }
    case 'range':
      return vscode.l10n.t(
        'Open {0} for {1}',
        presetLabel(node.preset, vscode.l10n),
        displayName(node.parent.monitor.name, { empty: unnamed() }),
      );
    default:
      return undefined;
  }
}

function withId(item: vscode.TreeItem, node: Node): vscode.TreeItem {
  item.id = node.id;
  return item;
}

function stale(level: Level<unknown>, afterMs: number, asSuffix = false): string {
  if (!afterMs || level.state !== 'loaded') return '';
  const minutes = Math.floor((Date.now() - level.loadedAt) / 60_000);
  if (Date.now() - level.loadedAt < afterMs) return '';
  const text = vscode.l10n.t('loaded {0} min ago', minutes);
  return asSuffix ? ` · ${text}` : text;
}

function md(lines: string[]): vscode.MarkdownString {
  const m = new vscode.MarkdownString(lines.filter(Boolean).join('\n\n'));
  m.isTrusted = false;
  m.supportHtml = false;
  return m;
}

function unnamed(): string {
  return vscode.l10n.t('(unnamed)');
}

/** A server name as the tooltip's bold first line: a code span, or "(unnamed)" in italics. */
function name(value: string): string {
  const span = mdCode(value, { empty: '', max: 500 });
  return span ? `**${span}**` : `*${unnamed()}*`;
}

/** A server string as a tooltip's code span; empty stays empty (the line is left out). */
function code(value: unknown): string {
  return mdCode(value, { empty: '' });
}

/** A server string for a description: one line, isolated when right-to-left, empty stays empty. */
function plainText(value: unknown): string {
  return displayName(value, { empty: '' });
}
