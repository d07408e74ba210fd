// Commands on the tree: refresh, filter, paging, retry, copy, Control Room, and report management (new, rename,
// edit, delete with If-Match; a 409 tells the person and reloads the list).
import * as vscode from 'vscode';
import { HoxtonApiError } from '../api/errors';
import type { ReportPatch } from '../api/types';
import type { Connections } from '../reports/connections';
import { readConfig } from '../util/config';
import { userMessage } from '../util/errors';
import { notifyText, promptText } from '../util/inert';
import { showError } from '../util/notify';
import type { Log } from '../util/log';
import { httpsUrl } from '../util/settingsGuards';
import { LoadMoreNode, MessageNode, MonitorNode, ReportNode, type Node } from './nodes';
import { parseFilter, type ReportsTree } from './tree';
import { errorText } from '../shared/errorText';

/** The New/Edit report wizard: its own webpack chunk, loaded on first use. */
const wizard = () => import(/* webpackChunkName: "wizard" */ './reportWizard');

export function registerTreeCommands(
  tree: ReportsTree,
  view: vscode.TreeView<Node>,
  connections: Connections,
  log: Log,
): vscode.Disposable[] {
  const setFilterUi = async () => {
    view.message = tree.filter
      ? vscode.l10n.t('Filtered by “{0}” (loaded items). Clear the filter to see everything.', describeFilter(tree))
      : undefined;
    await vscode.commands.executeCommand('setContext', 'hoxton.filtered', !!tree.filter);
  };

  const manage = async <T>(title: string, work: () => Promise<T>, onConflict?: () => void): Promise<T | undefined> => {
    try {
      return await vscode.window.withProgress({ location: { viewId: 'hoxton.reports' }, title }, work);
    } catch (e) {
      log.warn(`${title} failed: ${errorText(e)}`);
      if (e instanceof HoxtonApiError && e.status === 409) {
        onConflict?.();
        void vscode.window.showWarningMessage(
          vscode.l10n.t('This report was changed elsewhere. The tree now shows its latest version; try again.'),
        );
      } else {
        const retry = vscode.l10n.t('Try Again');
        const choice = await showError(`${title}: ${userMessage(e)}`, { cause: e, actions: [retry] });
        if (choice === retry) return manage(title, work, onConflict);
      }
      return undefined;
    }
  };

  const renameOrEdit = async (node: ReportNode, patch: ReportPatch) => {
    const client = connections.client(node.accountId);
    const updated = await manage(
      vscode.l10n.t('Saving {0}…', notifyText(node.report.name)),
      () => client.updateReport(node.report.id, node.report.version, patch),
      () => tree.reloadReports(node.parent),
    );
    if (updated) {
      node.report = updated;
      tree.updated(node);
    }
  };

  return [
    vscode.commands.registerCommand('hoxton.refreshTree', () => tree.refresh()),
    vscode.commands.registerCommand('hoxton.filterTree', async () => {
      const text = await vscode.window.showInputBox({
        title: vscode.l10n.t('Filter sites and monitors'),
        prompt: vscode.l10n.t('Part of a site or monitor name. Add type:occupancy or type:people_count to ask the server for one type.'),
        value: tree.filter ? describeFilter(tree) : '',
      });
      if (text === undefined) return;
      tree.setFilter(parseFilter(text));
      await setFilterUi();
    }),
    vscode.commands.registerCommand('hoxton.clearFilter', async () => {
      tree.setFilter(undefined);
      await setFilterUi();
    }),
    vscode.commands.registerCommand('hoxton.retry', (node?: MessageNode) => node instanceof MessageNode && tree.retry(node)),
    vscode.commands.registerCommand('hoxton.loadMore', (node?: LoadMoreNode) => node instanceof LoadMoreNode && tree.loadMore(node)),
    vscode.commands.registerCommand('hoxton.copyId', async (node?: Node) => {
      const id = idOf(node);
      if (id) await vscode.env.clipboard.writeText(id);
    }),
    vscode.commands.registerCommand('hoxton.copyJson', async (node?: Node) => {
      const json = jsonOf(node);
      if (json !== undefined) await vscode.env.clipboard.writeText(JSON.stringify(json, null, 2));
    }),
    vscode.commands.registerCommand('hoxton.revealInControlRoom', async (node?: Node) => {
      let base: string | undefined;
      let refused: unknown;
      try {
        base = httpsUrl(readConfig().controlRoomUrl);
      } catch (e) {
        refused = e; // refused by the server-address rule: the message below names the setting
      }
      if (!base) {
        void showError(vscode.l10n.t('The setting hoxton.controlRoomUrl must be an https: address; nothing was opened.'), {
          cause: refused,
          setting: 'hoxton.controlRoomUrl',
        });
        return false;
      }
      const path =
        node?.kind === 'site'
          ? `/sites/${encodeURIComponent(node.site.id)}`
          : node?.kind === 'monitor'
            ? `/monitors/${encodeURIComponent(node.monitor.id)}`
            : node?.kind === 'report'
              ? `/monitors/${encodeURIComponent(node.parent.monitor.id)}`
              : '';
      return vscode.env.openExternal(vscode.Uri.parse(`${base}${path}`));
    }),
    vscode.commands.registerCommand('hoxton.newReport', async (node?: MonitorNode) => {
      if (!(node instanceof MonitorNode)) return;
      const input = await (await wizard()).askReport(node.monitor, node.parent.site.timezone);
      if (!input) return;
      const client = connections.client(node.accountId);
      const created = await manage(vscode.l10n.t('Creating {0}…', notifyText(input.name)), () =>
        client.createReport({ ...input, monitor_id: node.monitor.id }),
      );
      if (created) {
        tree.reloadReports(node);
        void view.reveal(node, { expand: true });
      }
      return created?.id;
    }),
    vscode.commands.registerCommand('hoxton.renameReport', async (node?: ReportNode) => {
      if (!(node instanceof ReportNode)) return;
      const name = await (await wizard()).askName(vscode.l10n.t('Rename {0}', promptText(node.report.name)), node.report.name);
      if (name && name !== node.report.name) await renameOrEdit(node, { name });
    }),
    vscode.commands.registerCommand('hoxton.editReport', async (node?: ReportNode) => {
      if (!(node instanceof ReportNode)) return;
      const r = node.report;
      const input = await (await wizard()).askReport(node.parent.monitor, node.parent.parent.site.timezone, r, { name: false });
      if (input)
        await renameOrEdit(node, { range: input.range, interval: input.interval, directions: input.directions, compare: input.compare });
    }),
    vscode.commands.registerCommand('hoxton.deleteReport', async (node?: ReportNode) => {
      if (!(node instanceof ReportNode)) return;
      const del = vscode.l10n.t('Delete');
      const ok = await vscode.window.showWarningMessage(
        vscode.l10n.t('Delete the report “{0}”?', notifyText(node.report.name)),
        { modal: true, detail: vscode.l10n.t('It is deleted for everyone in your organisation.') },
        del,
      );
      if (ok !== del) return;
      const client = connections.client(node.accountId);
      const done = await manage(
        vscode.l10n.t('Deleting {0}…', notifyText(node.report.name)),
        async () => {
          await client.deleteReport(node.report.id, node.report.version);
          return true;
        },
        () => tree.reloadReports(node.parent),
      );
      if (done) {
        node.parent.reports.remove(node);
        tree.updated(node.parent);
      }
    }),
  ];
}

function describeFilter(tree: ReportsTree): string {
  const f = tree.filter;
  if (!f) return '';
  return [f.text, f.type ? `type:${f.type}` : ''].filter(Boolean).join(' ');
}

function idOf(node?: Node): string | undefined {
  switch (node?.kind) {
    case 'account':
      return node.org?.id ?? node.accountId;
    case 'site':
      return node.site.id;
    case 'monitor':
      return node.monitor.id;
    case 'report':
      return node.report.id;
    default:
      return undefined;
  }
}

function jsonOf(node?: Node): unknown {
  switch (node?.kind) {
    case 'account':
      return node.org ?? { name: node.orgName };
    case 'site':
      return node.site;
    case 'monitor':
      return node.monitor;
    case 'report':
      return node.report;
    default:
      return undefined;
  }
}
