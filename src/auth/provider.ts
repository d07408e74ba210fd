// The `hoxton` authentication provider: sessions for VS Code's Accounts menu and for any extension that calls
// vscode.authentication.getSession('hoxton', …). Access tokens live in memory; SecretStorage keeps only what
// renews them (store.ts). Renewal is lazy (on use, 5 minutes before expiry), single-flight per account, and
// shared with other windows through SecretStorage.
import * as vscode from 'vscode';
import { OAuthError, requestToken, revokeToken, type AuthServer, type TokenResponse } from '../api/oauth';
import { readConfig, type SignInMethod } from '../util/config';
import type { Log } from '../util/log';
import { redactor } from '../util/redact';
import { AccountStore, KEY_PREFIX, type StoredAccount } from './store';

export const PROVIDER_ID = 'hoxton';
export const PROVIDER_LABEL = 'HoxtonAi';
const RENEW_BEFORE_MS = 5 * 60 * 1000;

/** What a completed sign-in hands to the provider. */
export interface SignInResult {
  method: SignInMethod;
  clientId: string;
  clientSecret?: string;
  tokens: TokenResponse;
  scopes: string[];
}

export interface Identity {
  sub: string;
  name: string;
  orgId: string;
  orgName: string;
}

export interface ProviderDeps {
  secrets: vscode.SecretStorage;
  log: Log;
  /** Runs the interactive sign-in (src/auth/flows.ts). */
  signIn(scopes: readonly string[]): Promise<SignInResult>;
  /** Who a fresh access token belongs to (userinfo, or the API's organisation for client credentials). */
  identify(result: SignInResult): Promise<Identity>;
}

interface LiveToken {
  accessToken: string;
  expiresAt: number;
}

/** The session has ended for good (refresh token revoked or rejected). */
export class SessionEndedError extends Error {
  override readonly name = 'SessionEndedError';
}

export class HoxtonAuthProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.emitter.event;
  private readonly store: AccountStore;
  private accounts = new Map<string, StoredAccount>();
  private readonly live = new Map<string, LiveToken>();
  private readonly inflight = new Map<string, Promise<LiveToken>>();
  private loaded: Promise<void>;
  private readonly disposables: vscode.Disposable[] = [];
  /** Number of token requests made (renewals and sign-ins); diagnostics and benchmarks. */
  tokenRequests = 0;

  constructor(private readonly deps: ProviderDeps) {
    this.store = new AccountStore(deps.secrets, (m) => {
      deps.log.warn(m);
      void vscode.window.showWarningMessage(m);
    });
    this.loaded = this.reload(false);
    this.disposables.push(
      this.emitter,
      deps.secrets.onDidChange((e) => {
        if (e.key.startsWith(KEY_PREFIX)) this.loaded = this.loaded.then(() => this.reload(true));
      }),
    );
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }

  /** Accounts signed in, in sign-in order. */
  async listAccounts(): Promise<{ id: string; label: string; orgName: string; method: SignInMethod }[]> {
    await this.loaded;
    return [...this.accounts.values()].map((a) => ({ id: a.id, label: a.label, orgName: a.orgName, method: a.method }));
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
        const token = await this.token(account.id, false);
        sessions.push(toSession(account, token.accessToken));
      } catch (e) {
        if (e instanceof SessionEndedError) continue;
        // A passing failure keeps the session; its next use tries again.
        const stale = this.live.get(account.id);
        this.deps.log.warn(`Could not renew the session of ${account.label}: ${describe(e)}`);
        if (stale) sessions.push(toSession(account, stale.accessToken));
      }
    }
    return sessions;
  }

  async createSession(scopes: readonly string[]): Promise<vscode.AuthenticationSession> {
    await this.loaded;
    const result = await this.deps.signIn(scopes);
    this.tokenRequests++;
    redactor.add(result.tokens.accessToken);
    redactor.add(result.tokens.refreshToken);
    redactor.add(result.clientSecret);
    const who = await this.deps.identify(result);
    const domain = readConfig().authDomain;
    const id = `${domain}|${who.orgId}|${who.sub}`;
    const account: StoredAccount = {
      id,
      label: who.orgName ? `${who.name} (${who.orgName})` : who.name,
      orgId: who.orgId,
      orgName: who.orgName,
      method: result.method,
      domain,
      clientId: result.clientId,
      scopes: result.scopes,
      refreshToken: result.tokens.refreshToken,
      clientSecret: result.method === 'clientCredentials' || result.tokens.refreshToken ? result.clientSecret : undefined,
    };
    if (!account.refreshToken && !account.clientSecret) {
      throw new Error(vscode.l10n.t('HoxtonAi did not grant offline access, so the session could not be kept.'));
    }
    // Stored on the reload queue, memory first: the store's own change events (account, then index) queue reloads
    // that run after both writes and find nothing new, instead of announcing the account again half-written (whose
    // tree would then renew the token it was just given).
    let previous: StoredAccount | undefined;
    const stored = this.loaded.then(async () => {
      previous = this.accounts.get(id);
      this.accounts.set(id, account);
      this.live.set(id, { accessToken: result.tokens.accessToken, expiresAt: Date.now() + result.tokens.expiresIn * 1000 });
      try {
        await this.store.put(account);
      } catch (e) {
        if (previous) this.accounts.set(id, previous);
        else this.accounts.delete(id);
        this.live.delete(id);
        throw e;
      }
    });
    this.loaded = stored.catch(() => undefined);
    await stored;
    const session = toSession(account, result.tokens.accessToken);
    this.deps.log.info(`Signed in ${account.label} with ${account.method}`);
    this.emitter.fire(previous ? { added: [], removed: [], changed: [session] } : { added: [session], removed: [], changed: [] });
    return session;
  }

  async removeSession(sessionId: string): Promise<void> {
    await this.loaded;
    const account = this.accounts.get(sessionId) ?? (await this.store.get(sessionId));
    if (!account) return;
    const live = this.live.get(account.id);
    await this.forget(account);
    this.deps.log.info(`Signed out ${account.label}`);
    this.emitter.fire({ added: [], removed: [toSession(account, live?.accessToken ?? '')], changed: [] });
    if (account.refreshToken) {
      try {
        await revokeToken(this.server(account), {
          token: account.refreshToken,
          clientId: account.clientId,
          clientSecret: account.clientSecret,
        });
      } catch (e) {
        this.deps.log.warn(`Could not revoke the refresh token of ${account.label}: ${describe(e)}`);
      }
    }
  }

  // ---- tokens for the API client ----

  /** A valid access token for the account, renewed first when it is within 5 minutes of expiry. */
  async accessToken(accountId: string, forceRefresh = false): Promise<string> {
    await this.loaded;
    return (await this.token(accountId, forceRefresh)).accessToken;
  }

  private async token(accountId: string, force: boolean): Promise<LiveToken> {
    const current = this.live.get(accountId);
    if (!force && current && current.expiresAt - Date.now() > RENEW_BEFORE_MS) return current;
    let flight = this.inflight.get(accountId);
    if (!flight) {
      flight = this.renew(accountId, current?.accessToken).finally(() => this.inflight.delete(accountId));
      this.inflight.set(accountId, flight);
    }
    return flight;
  }

  private async renew(accountId: string, usedAccessToken: string | undefined): Promise<LiveToken> {
    // Re-read: another window may have rotated the refresh token since we last looked.
    let account = (await this.store.get(accountId)) ?? this.accounts.get(accountId);
    if (!account || !this.accounts.has(accountId)) throw new SessionEndedError(vscode.l10n.t('Not signed in.'));
    const fresh = this.live.get(accountId);
    if (fresh && fresh.accessToken !== usedAccessToken && fresh.expiresAt - Date.now() > RENEW_BEFORE_MS) return fresh;
    for (let attempt = 0; ; attempt++) {
      const used = account.refreshToken;
      try {
        const tokens = await this.grant(account);
        if (tokens.refreshToken && tokens.refreshToken !== account.refreshToken) {
          redactor.add(tokens.refreshToken);
          account = { ...account, refreshToken: tokens.refreshToken };
          // Store the rotated refresh token before anyone gets the new access token.
          await this.store.put(account);
          this.accounts.set(accountId, account);
        }
        redactor.add(tokens.accessToken);
        const live = { accessToken: tokens.accessToken, expiresAt: Date.now() + tokens.expiresIn * 1000 };
        this.live.set(accountId, live);
        this.deps.log.info(`Renewed the access token of ${account.label} (${account.method})`);
        return live;
      } catch (e) {
        if (!(e instanceof OAuthError) || !e.definitive) throw e;
        // Another window may have rotated the token a moment ago: look once more before giving up.
        const latest = attempt === 0 ? await this.store.get(accountId) : undefined;
        if (latest && latest.refreshToken && latest.refreshToken !== used) {
          account = latest;
          continue;
        }
        await this.end(account, e);
        throw new SessionEndedError(vscode.l10n.t('Your HoxtonAi session has ended. Sign in again.'));
      }
    }
  }

  private async grant(account: StoredAccount): Promise<TokenResponse> {
    this.tokenRequests++;
    const server = this.server(account);
    const grant = account.method === 'clientCredentials' ? 'client_credentials' : 'refresh_token';
    const started = Date.now();
    try {
      const tokens =
        grant === 'client_credentials'
          ? await requestToken(server, { grant, clientId: account.clientId, clientSecret: account.clientSecret ?? '' })
          : await requestToken(server, {
              grant,
              refreshToken: account.refreshToken ?? '',
              clientId: account.clientId,
              clientSecret: account.clientSecret,
            });
      this.deps.log.info(`POST ${server.domain}/oauth/token (${grant}) → 200 in ${Date.now() - started} ms`);
      return tokens;
    } catch (e) {
      this.deps.log.warn(`POST ${server.domain}/oauth/token (${grant}) → ${describe(e)} in ${Date.now() - started} ms`);
      throw e;
    }
  }

  /** A renewal failed for good: remove the session and tell the person. */
  private async end(account: StoredAccount, why: OAuthError): Promise<void> {
    this.deps.log.warn(`The session of ${account.label} has ended: ${why.code}`);
    const live = this.live.get(account.id);
    await this.forget(account);
    this.emitter.fire({ added: [], removed: [toSession(account, live?.accessToken ?? '')], changed: [] });
    const signIn = vscode.l10n.t('Sign In');
    void vscode.window
      .showWarningMessage(vscode.l10n.t('Your HoxtonAi session has ended. Sign in again.'), signIn)
      .then((choice) => (choice === signIn ? vscode.commands.executeCommand('hoxton.signIn') : undefined));
  }

  private async forget(account: StoredAccount): Promise<void> {
    this.accounts.delete(account.id);
    this.live.delete(account.id);
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
    }
    for (const a of removed) this.live.delete(a.id);
    this.accounts = next;
    if (notify && (added.length || removed.length || changed.length)) {
      const s = (a: StoredAccount) => toSession(a, this.live.get(a.id)?.accessToken ?? '');
      this.emitter.fire({ added: added.map(s), removed: removed.map(s), changed: changed.map(s) });
    }
  }

  private server(account: StoredAccount): AuthServer {
    const cfg = readConfig();
    return { domain: account.domain, audience: cfg.audience, timeoutMs: cfg.timeoutMs };
  }
}

function toSession(a: StoredAccount, accessToken: string): vscode.AuthenticationSession {
  return { id: a.id, accessToken, account: { id: a.id, label: a.label }, scopes: a.scopes };
}

function describe(e: unknown): string {
  if (e instanceof OAuthError) return `${e.code} (${e.kind})`;
  return e instanceof Error ? e.message : String(e);
}
