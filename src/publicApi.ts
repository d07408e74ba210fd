// The API other extensions get from `vscode.extensions.getExtension('hoxton.hoxton-reports').exports`: versioned
// (`getApi(1)`), read-only, and backed by the person's HoxtonAi sign-in in VS Code, so another extension can list
// sites, monitors and reports and read report data without a sign-in of its own. It hands out data, never a token.
// Documented in README ("Use from code"). Test hooks are not part of it.
import * as vscode from 'vscode';
import type { HoxtonClient, MonitorDataParams } from './api/client';
import type { Monitor, MonitorType, Report, ReportData, Site } from './api/types';
import type { HoxtonAuthProvider } from './auth/provider';
import { PROVIDER_ID } from './auth/provider';
import type { Connections } from './reports/connections';

/**
 * A signed-in HoxtonAi account (no credentials).
 * @public
 */
export interface HoxtonAccount {
  id: string;
  label: string;
  organisation: string;
}

/**
 * Read access to one account's organisation. Every call goes to the HoxtonAi API (lists are read to the end).
 * @public
 */
export interface HoxtonReportsClient {
  readonly account: HoxtonAccount;
  listSites(): Promise<Site[]>;
  listMonitors(filter?: { siteId?: string; type?: MonitorType }): Promise<Monitor[]>;
  listReports(filter?: { monitorId?: string; siteId?: string }): Promise<Report[]>;
  /** A monitor's data: `start`/`end` ISO instants (end exclusive), `interval` 15m, 1h or 1d, `timezone` the site's when absent. */
  getMonitorData(monitorId: string, params: MonitorDataParams): Promise<ReportData>;
  /** A saved report's data, its range resolved now in `timezone` (the site's when absent). */
  getReportData(reportId: string, options?: { timezone?: string }): Promise<ReportData>;
}

/**
 * Version 1 of the API.
 * @public
 */
export interface HoxtonReportsApiV1 {
  readonly version: 1;
  /** Fires when an account signs in or out. */
  readonly onDidChangeAccounts: vscode.Event<void>;
  getAccounts(): Promise<HoxtonAccount[]>;
  /**
   * A client for the current account: the one VS Code's `authentication.getSession('hoxton')` answers (the person's
   * choice when several are signed in), or `accountId`'s. Undefined when nobody is signed in, unless `createIfNone`
   * asks the person to sign in.
   */
  getClient(options?: { accountId?: string; createIfNone?: boolean }): Promise<HoxtonReportsClient | undefined>;
}

/** What `activate()` returns. */
export interface HoxtonReportsExports {
  /** The API of this version; throws for a version this extension does not have. */
  getApi(version: 1): HoxtonReportsApiV1;
}

export function createPublicApi(auth: HoxtonAuthProvider, connections: Connections): { exports: HoxtonReportsExports; dispose(): void } {
  const changed = new vscode.EventEmitter<void>();
  const sub = auth.onDidChangeSessions(() => changed.fire());

  const accounts = async (): Promise<HoxtonAccount[]> =>
    (await auth.listAccounts()).map((a) => Object.freeze({ id: a.id, label: a.label, organisation: a.orgName }));

  const clientFor = (account: HoxtonAccount): HoxtonReportsClient => {
    const c: HoxtonClient = connections.client(account.id);
    return Object.freeze({
      account,
      listSites: () => c.all<Site>((cursor) => c.listSites({ cursor, limit: 500 })),
      listMonitors: (f: { siteId?: string; type?: MonitorType } = {}) =>
        c.all<Monitor>((cursor) => c.listMonitors({ cursor, limit: 500, siteId: f.siteId, type: f.type })),
      listReports: (f: { monitorId?: string; siteId?: string } = {}) =>
        c.all<Report>((cursor) => c.listReports({ cursor, limit: 500, monitorId: f.monitorId, siteId: f.siteId })),
      getMonitorData: (id: string, p: MonitorDataParams) => c.getMonitorData(id, p),
      getReportData: (id: string, o: { timezone?: string } = {}) => c.getReportData(id, o),
    });
  };

  const v1: HoxtonReportsApiV1 = Object.freeze({
    version: 1 as const,
    onDidChangeAccounts: changed.event,
    getAccounts: accounts,
    async getClient(options: { accountId?: string; createIfNone?: boolean } = {}): Promise<HoxtonReportsClient | undefined> {
      const all = await accounts();
      let id = options.accountId;
      if (!id) {
        const session = options.createIfNone
          ? await vscode.authentication.getSession(PROVIDER_ID, [], { createIfNone: true })
          : await vscode.authentication.getSession(PROVIDER_ID, [], { silent: true });
        id = session?.id ?? all[0]?.id;
      }
      const account = (await accounts()).find((a) => a.id === id);
      return account ? clientFor(account) : undefined;
    },
  });

  const exports: HoxtonReportsExports = Object.freeze({
    getApi(version: 1): HoxtonReportsApiV1 {
      if (version !== 1) throw new Error(`Hoxton Reports has API version 1, not ${String(version)}`);
      return v1;
    },
  });
  return {
    exports,
    dispose: () => {
      sub.dispose();
      changed.dispose();
    },
  };
}

/** In test mode only: the test runner's internals under a symbol beside the API (not part of it). */
export function withTesting(exports: HoxtonReportsExports, testing: object | undefined): HoxtonReportsExports {
  return testing === undefined ? exports : Object.freeze({ ...exports, [Symbol.for('hoxton-reports.testing')]: testing });
}
