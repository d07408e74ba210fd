// The `hoxton` authentication provider: sessions for VS Code's Accounts menu and for any extension that calls
// vscode.authentication.getSession('hoxton', …). Accounts and their current tokens live in SecretStorage
// (store.ts) so that every window uses the token any window last obtained; renewal (renewal.ts) is lazy, shared
// with other windows through a lease, and single-flight per account. Each account keeps the servers it was
// issued for (servers.ts) and never sends its tokens anywhere else.
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import { displayName, notifyText } from '../util/inert';
import { OAuthError, revokeToken } from '../api/oauth';
import { errorText } from '../shared/errorText';
import { readConfig, type SignInMethod } from '../util/config';
import type { Log } from '../util/log';
import { redactor } from '../util/redact';
import { FileRenewalLedger } from './node/ledger';
import { liveFrom, Renewal, SessionEndedError } from './renewal';
import { apiHost, authServer, otherServers, serversOf } from './servers';
import { AccountStore, KEY_PREFIX, type StoredAccount } from './store';
import type { AccountServers, Identity, SignInResult } from './types';

export const PROVIDER_ID = 'hoxton';
export const PROVIDER_LABEL = 'HoxtonAi';
const LEASE_PREFIX = `${KEY_PREFIX}lease/`;

export interface ProviderDeps {
  secrets: vscode.SecretStorage;
  log: Log;
  /** Runs the interactive sign-in (src/auth/signIn.ts). */
  signIn(scopes: readonly string[]): Promise<SignInResult>;
  /** Who a fresh access token belongs to (userinfo, or the API's organisation for client credentials). */
  identify(result: SignInResult): Promise<Identity>;
  /** A folder every window of this machine shares (globalStorageUri), for the renewal ledger. */
  ledgerDir?: string;
}

export interface AccountSummary {
  id: string;
  label: string;
  orgName: string;
  method: SignInMethod;
  servers: AccountServers;
  /** The host of the account's API, e.g. "api.hoxton.cloud". */
  apiHost: string;
  /** The settings now name other servers than the ones this account was issued for (it keeps using its own). */
  otherServers: boolean;
}

export class HoxtonAuthProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.emitter.event;
  private readonly store: AccountStore;
  private readonly renewal: Renewal;
  private accounts = new Map<string, StoredAccount>();
  private loaded: Promise<void>;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly toldStale = new Set<string>();
  /** What the last createSession threw, for withOwnErrors. */
  private createFailure: { error: unknown } | undefined;

  constructor(private readonly deps: ProviderDeps) {
    this.store = new AccountStore(
      deps.secrets,
      (m) => {
        deps.log.warn(m);
        void vscode.window.showWarningMessage(m);
      },
      (authDomain, clientId) => ({ ...serversOf(readConfig(), clientId), authDomain }),
    );
    this.renewal = new Renewal({
      store: this.store,
      secrets: deps.secrets,
      log: deps.log,
      timeoutMs: () => readConfig().timeoutMs,
      ended: (account, why) => this.end(account, why),
      stale: (account) => this.stale(account),
      ledger: deps.ledgerDir ? new FileRenewalLedger(deps.ledgerDir) : undefined,
      messages: {
        ended: vscode.l10n.t('Your HoxtonAi session has ended. Sign in again.'),
        notSignedIn: vscode.l10n.t('Not signed in.'),
        stale: vscode.l10n.t('Another window renewed this HoxtonAi session. Reload this window to use it.'),
      },
      owner: randomBytes(9).toString('base64url'),
    });
    this.loaded = this.reload(false);
    this.disposables.push(
      this.emitter,
      deps.secrets.onDidChange((e) => {
        if (e.key.startsWith(KEY_PREFIX) && !e.key.startsWith(LEASE_PREFIX)) this.loaded = this.loaded.then(() => this.reload(true));
      }),
    );
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }

  /** Accounts signed in, in sign-in order. */
  async listAccounts(): Promise<AccountSummary[]> {
    await this.loaded;
    const now = currentServers();
    return [...this.accounts.values()].map((a) => ({
      id: a.id,
      label: a.label,
      orgName: a.orgName,
      method: a.method,
      servers: a.servers,
      apiHost: apiHost(a.servers),
      otherServers: !now || otherServers(a.servers, now),
    }));
  }

  /** The servers an account was issued for: every request of the account goes there. */
  async servers(accountId: string): Promise<AccountServers | undefined> {
    await this.loaded;
    return this.accounts.get(accountId)?.servers;
  }

  // ---- vscode.AuthenticationProvider ----

  async getSessions(
    scopes?: readonly string[],
    options?: vscode.AuthenticationProviderSessionOptions,
  ): Promise<vscode.AuthenticationSession[]> {
    await this.loaded;
    const wanted = [...this.accounts.values()].filter(
      (a) => (!options?.account || options.account.id === a.id) && (scopes ?? []).every((s) => a.scopes.includes(s)),
    );
    const sessions: vscode.AuthenticationSession[] = [];
    for (const account of wanted) {
      try {
        const token = await this.renewal.token(account.id, false);
        sessions.push(toSession(account, token.accessToken));
      } catch (e) {
        if (e instanceof SessionEndedError) continue;
        // A passing failure keeps the session; its next use tries again.
        const stale = this.renewal.current(account.id);
        this.deps.log.warn(`Could not renew the session of ${account.label}: ${describe(e)}`);
        if (stale) sessions.push(toSession(account, stale.accessToken));
      }
    }
    return sessions;
  }

  async createSession(scopes: readonly string[]): Promise<vscode.AuthenticationSession> {
    try {
      return await this.create(scopes);
    } catch (e) {
      this.createFailure = { error: e };
      throw e;
    }
  }

  /**
   * Runs a `vscode.authentication` request that may end in createSession (getSession with createIfNone or
   * forceNewSession) and, when it fails because createSession failed, rethrows that error as thrown: VS Code hands
   * it back through its main thread as a plain Error, without its class (a cancelled sign-in, an OAuth error code).
   */
  async withOwnErrors<T>(request: () => Thenable<T>): Promise<T> {
    this.createFailure = undefined;
    try {
      return await request();
    } catch (e) {
      const own = this.createFailure as { error: unknown } | undefined; // set meanwhile by createSession
      throw own ? own.error : e;
    } finally {
      this.createFailure = undefined;
    }
  }

  private async create(scopes: readonly string[]): Promise<vscode.AuthenticationSession> {
    await this.loaded;
    const result = await this.deps.signIn(scopes);
    redactor.add(result.tokens.accessToken);
    redactor.add(result.tokens.refreshToken);
    redactor.add(result.clientSecret);
    const who = await this.deps.identify(result);
    const id = `${result.servers.authDomain}|${who.orgId}|${who.sub}`;
    const live = liveFrom(result.tokens, Date.now());
    const account: StoredAccount = {
      id,
      label: who.orgName ? `${displayName(who.name)} (${displayName(who.orgName)})` : displayName(who.name),
      orgId: who.orgId,
      orgName: who.orgName,
      method: result.method,
      servers: result.servers,
      scopes: result.scopes,
      refreshToken: result.tokens.refreshToken,
      clientSecret: result.method === 'clientCredentials' || result.tokens.refreshToken ? result.clientSecret : undefined,
      ...live,
    };
    if (!account.refreshToken && !account.clientSecret) {
      throw new Error(vscode.l10n.t('HoxtonAi did not grant offline access, so the session could not be kept.'));
    }
    // Stored on the reload queue, memory first: the store's own change events (account, then index) queue reloads
    // that run after both writes and find nothing new, instead of announcing the account again half-written (whose
    // tree would then renew the token it was just given).
    let previous: StoredAccount | undefined;
    const stored = this.loaded.then(async () => {
      previous = (await this.store.get(id)) ?? this.accounts.get(id);
      this.accounts.set(id, account);
      this.renewal.remember(id, live);
      try {
        await this.store.put(account);
      } catch (e) {
        if (previous) this.accounts.set(id, previous);
        else this.accounts.delete(id);
        this.renewal.forget(id);
        throw e;
      }
    });
    this.loaded = stored.catch(() => undefined);
    await stored;
    const session = toSession(account, result.tokens.accessToken);
    this.deps.log.info(`Signed in ${account.label} with ${account.method}`);
    this.emitter.fire(previous ? { added: [], removed: [], changed: [session] } : { added: [session], removed: [], changed: [] });
    // Signing the same account in again: the refresh token it replaces is of no more use to anyone.
    if (previous?.refreshToken && previous.refreshToken !== account.refreshToken) {
      void this.revoke(previous).then(
        (e) => e && this.deps.log.warn(`Could not revoke the replaced refresh token of ${account.label}: ${e}`),
      );
    }
    return session;
  }

  async removeSession(sessionId: string): Promise<void> {
    await this.loaded;
    const account = (await this.store.get(sessionId)) ?? this.accounts.get(sessionId);
    if (!account) return;
    const live = this.renewal.current(account.id);
    await this.forget(account);
    this.deps.log.info(`Signed out ${account.label}`);
    this.emitter.fire({ added: [], removed: [toSession(account, live?.accessToken ?? '')], changed: [] });
    const failed = await this.revoke(account);
    if (failed) {
      this.deps.log.warn(`Could not revoke the refresh token of ${account.label}: ${failed}`);
      void vscode.window.showWarningMessage(
        vscode.l10n.t(
          'Signed out of {0} here, but HoxtonAi could not be told to end the session (see the log). It ends by itself when it expires; to end it now, sign out in the Control Room.',
          notifyText(account.label),
        ),
      );
    }
  }

  /** Revokes the account's refresh token at its own auth server; the failure's text, or undefined. */
  private async revoke(account: StoredAccount): Promise<string | undefined> {
    if (!account.refreshToken) return undefined;
    try {
      await revokeToken(authServer(account.servers, readConfig().timeoutMs), {
        token: account.refreshToken,
        clientId: account.servers.clientId,
        clientSecret: account.clientSecret,
      });
      return undefined;
    } catch (e) {
      return describe(e);
    }
  }

  // ---- tokens for the API client ----

  /** A valid access token for the account, renewed first when due (renewal.ts). */
  async accessToken(accountId: string, forceRefresh = false): Promise<string> {
    await this.loaded;
    if (!this.accounts.has(accountId)) throw new SessionEndedError(vscode.l10n.t('Not signed in.'));
    return (await this.renewal.token(accountId, forceRefresh)).accessToken;
  }

  /** A renewal failed for good: remove the session and tell the person. */
  private async end(account: StoredAccount, why: OAuthError): Promise<void> {
    this.deps.log.warn(`The session of ${account.label} has ended: ${why.code}`);
    const live = this.renewal.current(account.id);
    await this.forget(account);
    this.emitter.fire({ added: [], removed: [toSession(account, live?.accessToken ?? '')], changed: [] });
    const signIn = vscode.l10n.t('Sign In');
    void vscode.window
      .showWarningMessage(vscode.l10n.t('Your HoxtonAi session has ended. Sign in again.'), signIn)
      .then((choice) => (choice === signIn ? vscode.commands.executeCommand('hoxton.signIn') : undefined));
  }

  /** This window's copy of the account is out of date (browser-hosted VS Code): ask for a reload, once. */
  private stale(account: StoredAccount): void {
    if (this.toldStale.has(account.id)) return;
    this.toldStale.add(account.id);
    const reload = vscode.l10n.t('Reload Window');
    void vscode.window
      .showWarningMessage(vscode.l10n.t('Another window renewed this HoxtonAi session. Reload this window to use it.'), reload)
      .then((choice) => (choice === reload ? vscode.commands.executeCommand('workbench.action.reloadWindow') : undefined));
  }

  private async forget(account: StoredAccount): Promise<void> {
    this.accounts.delete(account.id);
    this.renewal.forget(account.id);
    await this.store.remove(account.id);
  }

  /** Loads the accounts from SecretStorage; with `notify`, fires the difference (another window signed in/out). */
  private async reload(notify: boolean): Promise<void> {
    const stored = await this.store.all();
    const next = new Map(stored.map((a) => [a.id, a]));
    const added = stored.filter((a) => !this.accounts.has(a.id));
    const removed = [...this.accounts.values()].filter((a) => !next.has(a.id));
    const changed = stored.filter((a) => {
      const before = this.accounts.get(a.id);
      return before !== undefined && (before.label !== a.label || before.scopes.join(' ') !== a.scopes.join(' '));
    });
    for (const a of stored) {
      redactor.add(a.refreshToken);
      redactor.add(a.clientSecret);
      redactor.add(a.accessToken);
    }
    for (const a of removed) this.renewal.forget(a.id);
    this.accounts = next;
    if (notify && (added.length || removed.length || changed.length)) {
      const s = (a: StoredAccount) => toSession(a, this.renewal.current(a.id)?.accessToken ?? '');
      this.emitter.fire({ added: added.map(s), removed: removed.map(s), changed: changed.map(s) });
    }
  }
}

function toSession(a: StoredAccount, accessToken: string): vscode.AuthenticationSession {
  return { id: a.id, accessToken, account: { id: a.id, label: a.label }, scopes: a.scopes };
}

function describe(e: unknown): string {
  if (e instanceof OAuthError) return `${e.code} (${e.kind})`;
  return errorText(e);
}

/** The servers the settings name now, or undefined when a server setting is refused (then every account differs). */
function currentServers(): AccountServers | undefined {
  try {
    return serversOf(readConfig(), '');
  } catch {
    return undefined;
  }
}
