// One API client per signed-in account, its access token from the auth provider (renewed there, single-flight).
import * as vscode from 'vscode';
import { HoxtonClient } from '../api/client';
import type { HoxtonAuthProvider } from '../auth/provider';
import { readConfig } from '../util/config';
import type { Log } from '../util/log';

export class Connections implements vscode.Disposable {
  private readonly clients = new Map<string, HoxtonClient>();
  private readonly pollClients = new Map<string, HoxtonClient>();
  private readonly sub: vscode.Disposable;

  constructor(
    private readonly auth: HoxtonAuthProvider,
    private readonly log: Log,
  ) {
    this.sub = auth.onDidChangeSessions((e) =>
      e.removed?.forEach((s) => {
        this.clients.delete(s.id);
        this.pollClients.delete(s.id);
      }),
    );
  }

  /** For background polling (src/live/): one attempt per request; the poller backs off itself. */
  pollClient(accountId: string): HoxtonClient {
    return this.client(accountId, true);
  }

  client(accountId: string, poll = false): HoxtonClient {
    const clients = poll ? this.pollClients : this.clients;
    let c = clients.get(accountId);
    if (!c) {
      c = new HoxtonClient({
        retry: poll ? { attempts: 1 } : undefined,
        // The API this account was issued for, whatever the settings name now (a removed account has none).
        baseUrl: async () => (await this.auth.servers(accountId))?.apiUrl,
        timeoutMs: () => readConfig().timeoutMs,
        token: ({ forceRefresh }) => this.auth.accessToken(accountId, forceRefresh),
        log: this.log,
        userAgent: `hoxton-reports/${vscode.extensions.getExtension('hoxton.hoxton-reports')?.packageJSON.version ?? 'dev'}`,
      });
      clients.set(accountId, c);
    }
    return c;
  }

  /** Whether an account is signed in here. */
  async signedIn(accountId: string): Promise<boolean> {
    return (await this.auth.listAccounts()).some((a) => a.id === accountId);
  }

  dispose(): void {
    this.sub.dispose();
    this.clients.clear();
    this.pollClients.clear();
  }
}
