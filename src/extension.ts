// Wiring only: creates each part once and connects them. The parts live in one folder per concern
// (see docs/ARCHITECTURE.md).
import * as vscode from 'vscode';
import { registerAuthCommands } from './auth/commands';
import { SignInFlows } from './auth/flows';
import { identify } from './auth/identity';
import { HoxtonAuthProvider, PROVIDER_ID, PROVIDER_LABEL } from './auth/provider';
import { AuthUriHandler } from './auth/redirect';
import { registerCopyCommands } from './copy/commands';
import { LazyReportFileSystem, registerReportDocuments } from './documents/lazyFs';
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
  });
  const connections = new Connections(auth, log);
  const reports = new ReportService(connections);
  const tree = new ReportsTree(auth, connections, log);
  const treeView = vscode.window.createTreeView('hoxton.reports', { treeDataProvider: tree, showCollapseAll: true });
  const panels = new LazyReportPanels({ extensionUri: context.extensionUri, reports, connections, log, tree, diagnostics });
  const documents = new LazyReportFileSystem(reports);
  const tools = new HoxtonTools({ auth, connections, reports });
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
    vscode.window.registerUriHandler(uriHandler),
    vscode.authentication.registerAuthenticationProvider(PROVIDER_ID, PROVIDER_LABEL, auth, { supportsMultipleAccounts: true }),
    auth.onDidChangeSessions((e) => e.removed?.forEach((s) => reports.forgetAccount(s.id))),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, panels),
    ...registerAuthCommands(auth, log),
    ...registerTreeCommands(tree, treeView, connections, log),
    ...registerOpenCommands(panels, () => treeView.selection),
    ...registerReportDocuments(documents),
    createStatusBar(auth),
    vscode.commands.registerCommand('hoxton.showLog', () => log.show()),
    publicApi,
    ...registerTools(tools),
    ...registerChatParticipant(context.extensionUri, chatHandler),
    ...registerCopyCommands({ panels, reports, selected: () => treeView.selection }),
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
        lm: { tools, chatHandler },
      }
    : undefined;
  return withTesting(publicApi.exports, testing);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
