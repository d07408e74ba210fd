// Wiring only: creates each part once and connects them. The parts live in one folder per concern
// (see docs/ARCHITECTURE.md).
import * as vscode from 'vscode';
import { offerSignInInAccountsMenu } from './auth/accountsMenu';
import { registerAuthCommands } from './auth/commands';
import { identify } from './auth/identity';
import { HoxtonAuthProvider, PROVIDER_ID, PROVIDER_LABEL } from './auth/provider';
import { AuthUriHandler } from './auth/redirect';
import { SignInFlows } from './auth/signIn';
import { registerCopyCommands } from './copy/commands';
import { LazyReportFileSystem, registerReportDocuments } from './documents/lazyFs';
import { registerLiveCommands } from './live/commands';
import { Coordinator } from './live/coordinator';
import { ThresholdStore } from './live/thresholds';
import { OccupancyWatcher } from './live/watcher';
import { WatchView } from './live/watchView';
import { createChatHandler, registerChatParticipant } from './lm/participant';
import { HoxtonTools, registerTools } from './lm/tools';
import { registerOpenCommands } from './panels/commands';
import { LazyReportPanels, VIEW_TYPE } from './panels/lazyPanels';
import { PanelDiagnostics } from './panels/testing';
import { ReportService } from './reports/service';
import { Connections } from './reports/connections';
import { createPublicApi, withTesting, type HoxtonReportsExports } from './publicApi';
import { Log } from './util/log';
import { createStatusBar } from './views/statusBar';
import { ReportsTree } from './views/tree';
import { registerTreeCommands } from './views/treeCommands';
import { registerMultiCommands } from './views/multiCommands';

export interface TestingApi {
  auth: HoxtonAuthProvider;
  tree: ReportsTree;
  treeView: vscode.TreeView<import('./views/nodes').Node>;
  panels: LazyReportPanels;
  diagnostics: PanelDiagnostics;
  reports: ReportService;
  documents: LazyReportFileSystem;
  connections: Connections;
  secrets: vscode.SecretStorage;
  globalState: vscode.Memento;
  logUri: vscode.Uri;
  uriHandler: AuthUriHandler;
  statusBar: vscode.StatusBarItem;
  live: { watcher: OccupancyWatcher; view: WatchView; thresholds: ThresholdStore };
  lm: { tools: HoxtonTools; chatHandler: vscode.ChatRequestHandler };
}

export function activate(context: vscode.ExtensionContext): HoxtonReportsExports {
  const log = new Log();
  // The one diagnostics switch: test and benchmark hooks exist only in test mode.
  const diagnostics = context.extensionMode === vscode.ExtensionMode.Test ? new PanelDiagnostics() : undefined;
  const uriHandler = new AuthUriHandler();
  const flows = new SignInFlows(uriHandler, context.globalState, log);
  const auth = new HoxtonAuthProvider({
    secrets: context.secrets,
    log,
    signIn: (scopes) => flows.signIn(scopes),
    identify: (result) => identify(result, log),
    ledgerDir: vscode.Uri.joinPath(context.globalStorageUri, 'renewal').fsPath,
  });
  const connections = new Connections(auth, log);
  const reports = new ReportService(connections);
  const tree = new ReportsTree(auth, connections, log);
  const treeView = vscode.window.createTreeView('hoxton.reports', { treeDataProvider: tree, showCollapseAll: true, canSelectMany: true });
  const thresholds = new ThresholdStore(context.globalState);
  const panels = new LazyReportPanels({ extensionUri: context.extensionUri, reports, connections, log, tree, diagnostics, thresholds });
  const coordinator = new Coordinator(context.globalStorageUri);
  const watcher = new OccupancyWatcher({ auth, connections, thresholds, state: context.globalState, coordinator, log });
  const watchView = new WatchView(watcher, treeView, (rows, changed) => tree.setTop(rows, changed));
  const documents = new LazyReportFileSystem(reports);
  const statusBar = createStatusBar(auth);
  const tools = new HoxtonTools({ auth, connections, reports, thresholds });
  const publicApi = createPublicApi(auth, connections);
  const chatHandler = createChatHandler();

  context.subscriptions.push(
    log,
    auth,
    connections,
    reports,
    tree,
    treeView,
    panels,
    documents,
    thresholds,
    watcher,
    watchView,
    ...registerLiveCommands(watcher, thresholds),
    vscode.window.registerUriHandler(uriHandler),
    vscode.authentication.registerAuthenticationProvider(PROVIDER_ID, PROVIDER_LABEL, auth, { supportsMultipleAccounts: true }),
    auth.onDidChangeSessions((e) => e.removed?.forEach((s) => reports.forgetAccount(s.id))),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, panels),
    // VS Code refuses modal dialogs in extension tests (its DialogService throws), so there Sign In skips getSession.
    ...registerAuthCommands(auth, log, { askVsCode: context.extensionMode !== vscode.ExtensionMode.Test }),
    offerSignInInAccountsMenu(auth, log),
    ...registerTreeCommands(tree, treeView, connections, log),
    ...registerOpenCommands(panels, () => treeView.selection),
    ...registerMultiCommands(panels, connections, log),
    ...registerReportDocuments(documents),
    statusBar,
    vscode.commands.registerCommand('hoxton.showLog', () => log.show()),
    publicApi,
    ...registerTools(tools),
    ...registerChatParticipant(context.extensionUri, chatHandler),
    ...registerCopyCommands({
      panels,
      reports,
      selected: () => treeView.selection,
      apiUrlOf: async (id) => (await auth.servers(id))?.apiUrl,
    }),
  );
  log.info(`Hoxton Reports ${context.extension.packageJSON.version} activated`);

  // Internals are handed out to the test runner only (under a symbol beside the public API), never to other extensions.
  const testing: TestingApi | undefined = diagnostics
    ? {
        auth,
        tree,
        treeView,
        panels,
        diagnostics,
        reports,
        documents,
        connections,
        secrets: context.secrets,
        globalState: context.globalState,
        logUri: context.logUri,
        uriHandler,
        statusBar: statusBar.item,
        live: { watcher, view: watchView, thresholds },
        lm: { tools, chatHandler },
      }
    : undefined;
  return withTesting(publicApi.exports, testing);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
