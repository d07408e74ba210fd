// Several monitors in one panel, from the tree: Open Together (a multi-selection of people-count monitors of one
// site) and a site's Open Site Report (every people-count monitor of the site) / Open Site Report (Choose
// Monitors)… (the ones the person picks). The panel is src/panels/multiPanel.ts.
import * as vscode from 'vscode';
import type { Monitor } from '../api/types';
import type { LazyReportPanels } from '../panels/lazyPanels';
import type { Connections } from '../reports/connections';
import { MAX_MONITORS, multiTarget, type ReportTarget, type TargetBase } from '../reports/target';
import { errorText } from '../shared/errorText';
import { userMessage } from '../util/errors';
import { notifyText, pickText } from '../util/inert';
import type { Log } from '../util/log';
import { MonitorNode, SiteNode, type Node } from './nodes';
import { baseOf } from './targets';

type MonitorOfTarget = ReportTarget['monitor'];

const monitorOf = (m: Monitor): MonitorOfTarget => ({
  id: m.id,
  name: m.name,
  type: m.type,
  capacity: m.capacity,
  directions: m.directions,
});

function siteBase(node: SiteNode): Omit<TargetBase, 'monitor'> {
  const account = node.parent;
  return {
    accountId: node.accountId,
    site: { id: node.site.id, name: node.site.name, timezone: node.site.timezone },
    orgName: account.org?.name ?? account.orgName,
  };
}

export function registerMultiCommands(panels: LazyReportPanels, connections: Connections, log: Log): vscode.Disposable[] {
  const open = async (base: Omit<TargetBase, 'monitor'>, monitors: MonitorOfTarget[]): Promise<void> => {
    if (monitors.length < 2) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Choose at least two people-count monitors to open together.'));
      return;
    }
    await panels.showMulti(multiTarget(base, monitors.slice(0, MAX_MONITORS), 'last_7_days'));
  };

  /** The site's people-count monitors, every page; undefined (and said why) when they could not be listed. */
  const siteMonitors = async (node: SiteNode): Promise<Monitor[] | undefined> => {
    try {
      const client = connections.client(node.accountId);
      return await vscode.window.withProgress({ location: { viewId: 'hoxton.reports' } }, () =>
        client.all<Monitor>((cursor) => client.listMonitors({ cursor, limit: 500, siteId: node.site.id, type: 'people_count' })),
      );
    } catch (e) {
      log.warn(`Listing the monitors of site ${node.site.id} failed: ${errorText(e)}`);
      void vscode.window.showErrorMessage(
        vscode.l10n.t('Could not list the monitors of {0}: {1}', notifyText(node.site.name), userMessage(e)),
      );
      return undefined;
    }
  };

  const choose = async (node: SiteNode, monitors: Monitor[], preselect: boolean): Promise<Monitor[] | undefined> => {
    const picks = await vscode.window.showQuickPick(
      monitors.map((m) => ({
        label: pickText(m.name),
        description: pickText(m.directions.map((d) => d.name).join(' · ')),
        picked: preselect,
        m,
      })),
      {
        title: vscode.l10n.t('Monitors of {0} to show together', pickText(node.site.name)),
        placeHolder: vscode.l10n.t('Pick 2 to {0} people-count monitors', MAX_MONITORS),
        canPickMany: true,
      },
    );
    if (!picks) return undefined;
    if (picks.length > MAX_MONITORS) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Showing the first {0} of the {1} monitors picked.', MAX_MONITORS, picks.length));
    }
    return picks.map((p) => p.m);
  };

  const siteReport = async (node: unknown, pick: boolean): Promise<void> => {
    if (!(node instanceof SiteNode)) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Choose a site in the Hoxton view first.'));
      return;
    }
    const all = await siteMonitors(node);
    if (!all) return;
    if (all.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} has no people-count monitors.', notifyText(node.site.name)));
      return;
    }
    let chosen: Monitor[] | undefined = all;
    if (pick || all.length > MAX_MONITORS) chosen = await choose(node, all, all.length <= MAX_MONITORS);
    if (!chosen) return;
    await open(siteBase(node), chosen.map(monitorOf));
  };

  return [
    vscode.commands.registerCommand('hoxton.openSiteReport', (node?: unknown) => siteReport(node, false)),
    vscode.commands.registerCommand('hoxton.openSiteReportChoose', (node?: unknown) => siteReport(node, true)),
    vscode.commands.registerCommand('hoxton.openTogether', async (node?: unknown, nodes?: readonly Node[]) => {
      const selected = (nodes ?? (node ? [node as Node] : [])).filter(
        (n): n is MonitorNode => n instanceof MonitorNode && n.monitor.type === 'people_count',
      );
      const first = selected[0];
      if (!first) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Choose at least two people-count monitors to open together.'));
        return;
      }
      const sameSite = selected.filter((n) => n.parent === first.parent);
      if (sameSite.length < selected.length) {
        void vscode.window.showInformationMessage(
          vscode.l10n.t('Monitors of one site open together: showing those of {0}.', notifyText(first.parent.site.name)),
        );
      }
      const { monitor: _first, ...base } = baseOf(first);
      await open(
        base,
        sameSite.map((n) => baseOf(n).monitor),
      );
    }),
  ];
}
