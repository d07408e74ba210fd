// Access tokens of the signed-in accounts: lazy renewal, single-flight per account in a window, and shared with
// the other windows through SecretStorage (no vscode import: unit-tested with an in-memory SecretStorage).
//
// When a token is due (renewAt), a window:
//  1. re-reads the account: another window may have stored a fresh access token (or a rotated refresh token);
//     a fresh one is used as it is;
//  2. otherwise takes the file lock of the renewal ledger (below), reads the account again, then takes the
//     account's lease in SecretStorage (lease/<id>: owner, until), waits a moment and reads it back; if another
//     window holds it, waits for that window's secrets.onDidChange (or the lease's end) and starts again at 1;
//  3. with the lease, reads the account once more, then renews, stores the access token and the rotated refresh
//     token together in one write, and drops the lease and the lock.
// A renewal that fails for good (invalid_grant …) ends the account only when the refresh token that failed is
// still the one stored: if another window stored a newer one, that one is used instead.
//
// Browser-hosted VS Code (code-server) gives other windows no onDidChange and keeps a copy per window: windows
// there cannot see each other's lease or tokens. What they do share live is the extension host's file system:
// the renewal ledger (node/ledger.ts, no secrets) serialises renewals with a lock file and records the refresh
// tokens already spent. A window whose copy holds a spent refresh token does not present it (that would trip the
// server's reuse detection and end the session in every window): it keeps the account and asks for a window
// reload, which reads the secrets again. See docs/ARCHITECTURE.md.
import type { Logger } from '../api/client';
import { OAuthError, requestToken, tokenEndpointUsed, type TokenResponse } from '../api/oauth';
import { errorText } from '../shared/errorText';
import { redactor } from '../util/redact';
import type { RenewalLedger } from './node/ledger';
import { authServer } from './servers';
import { accountKey, leaseKey, type AccountStore, type StoredAccount } from './store';

const RENEW_BEFORE_SECONDS = 5 * 60;
/** Percentage of the lifetime after which a token is renewed when that comes before 5 minutes before its expiry. */
const RENEW_AFTER_PERCENT = 80;
/** A moment for a competing lease write to land before ours is read back. */
const SETTLE_MS = 150;
const MAX_WAITS = 20;

export interface LiveToken {
  accessToken: string;
  /** Whole epoch seconds. */
  issuedAt: number;
  expiresAt: number;
}

/**
 * When a token is renewed: 5 minutes before its expiry, or once 80 % of its lifetime has passed when the lifetime
 * is shorter than 25 minutes (a 20-second token is used for 16 seconds). Whole seconds.
 */
export function renewAt(t: Pick<LiveToken, 'issuedAt' | 'expiresAt'>): number {
  const lifetime = Math.max(0, t.expiresAt - t.issuedAt);
  return t.expiresAt - Math.min(RENEW_BEFORE_SECONDS, Math.ceil((lifetime * (100 - RENEW_AFTER_PERCENT)) / 100));
}

export function isDue(t: LiveToken, nowMs: number): boolean {
  return Math.floor(nowMs / 1000) >= renewAt(t);
}

export function liveFrom(tokens: TokenResponse, nowMs: number): LiveToken {
  const issuedAt = Math.floor(nowMs / 1000);
  return { accessToken: tokens.accessToken, issuedAt, expiresAt: issuedAt + Math.max(1, Math.floor(tokens.expiresIn)) };
}

/** The access token another window (or this one) stored with the account, if any. */
function sharedToken(a: StoredAccount): LiveToken | undefined {
  return a.accessToken && a.issuedAt !== undefined && a.expiresAt !== undefined
    ? { accessToken: a.accessToken, issuedAt: a.issuedAt, expiresAt: a.expiresAt }
    : undefined;
}

/** The session has ended for good (refresh token revoked or rejected, or signed out elsewhere). */
export class SessionEndedError extends Error {
  override readonly name = 'SessionEndedError';
}

/** This window's copy of the account holds a refresh token another window already spent; the account is kept. */
export class StaleCopyError extends Error {
  override readonly name = 'StaleCopyError';
}

interface SecretEvents {
  onDidChange(listener: (e: { key: string }) => unknown): { dispose(): unknown };
}

export interface RenewalOptions {
  store: AccountStore;
  secrets: SecretEvents;
  log: Logger;
  timeoutMs(): number;
  /** A renewal failed for good with the account's refresh token still the one stored: remove it and say so. */
  ended(account: StoredAccount, why: OAuthError): Promise<void>;
  /** This window's copy holds a spent refresh token (see StaleCopyError): tell the person once. */
  stale?(account: StoredAccount): void;
  /** Shared with the other windows of this machine through the file system (node/ledger.ts). */
  ledger?: RenewalLedger;
  /** Messages of the errors thrown (localised by the provider). */
  messages: { ended: string; notSignedIn: string; stale: string };
  /** This window's lease owner id. */
  owner: string;
  now?: () => number;
}

export class Renewal {
  private readonly live = new Map<string, LiveToken>();
  private readonly inflight = new Map<string, Promise<LiveToken>>();

  constructor(private readonly o: RenewalOptions) {}

  private now(): number {
    return (this.o.now ?? Date.now)();
  }

  current(id: string): LiveToken | undefined {
    return this.live.get(id);
  }

  remember(id: string, t: LiveToken): void {
    redactor.add(t.accessToken);
    this.live.set(id, t);
  }

  forget(id: string): void {
    this.live.delete(id);
  }

  /** A valid access token: the one in memory unless due (or `force`, after the API refused it), else renewed. */
  token(id: string, force: boolean): Promise<LiveToken> {
    const current = this.live.get(id);
    if (!force && current && !isDue(current, this.now())) return Promise.resolve(current);
    let flight = this.inflight.get(id);
    if (!flight) {
      flight = this.renew(id, force ? current?.accessToken : undefined).finally(() => this.inflight.delete(id));
      this.inflight.set(id, flight);
    }
    return flight;
  }

  private async renew(id: string, rejected: string | undefined): Promise<LiveToken> {
    for (let waits = 0; ; waits++) {
      const change = this.changeOf(id);
      let holder: { until: number } | undefined;
      try {
        const account = await this.o.store.get(id);
        if (!account) throw new SessionEndedError(this.o.messages.notSignedIn);
        const fresh = this.usable(account, rejected);
        if (fresh) return fresh;
        await this.refuseSpent(account);
        // The file lock first: in code-server any SecretStorage write puts this window's whole copy back, so this
        // window writes only once it has checked, under the lock, that its copy of the account is current.
        const release = await this.o.ledger?.lock(id, this.o.timeoutMs() + 5_000);
        try {
          const current = await this.o.store.get(id);
          if (!current) throw new SessionEndedError(this.o.messages.notSignedIn);
          const stored = this.usable(current, rejected);
          if (stored) return stored;
          await this.refuseSpent(current);
          holder = await this.takeLease(id);
          if (holder === undefined) {
            try {
              return await this.renewHoldingLease(current, rejected);
            } finally {
              await this.releaseLease(id);
            }
          }
        } finally {
          await release?.();
        }
        if (waits >= MAX_WAITS) throw new Error(`Another window has been renewing the session of ${account.label} for too long`);
        this.o.log.debug(`Waiting for another window to renew the session of ${account.label}`);
        await change.until(holder.until);
      } finally {
        change.dispose();
      }
    }
  }

  /** The stored access token, when it is another than the one refused and not due. */
  private usable(account: StoredAccount, rejected: string | undefined): LiveToken | undefined {
    const shared = sharedToken(account);
    if (!shared || shared.accessToken === rejected || isDue(shared, this.now())) return undefined;
    this.remember(account.id, shared);
    return shared;
  }

  private async renewHoldingLease(first: StoredAccount, rejected: string | undefined): Promise<LiveToken> {
    // The window that held the lease before may have just stored a fresh token.
    let account = (await this.o.store.get(first.id)) ?? first;
    const id = account.id;
    const fresh = this.usable(account, rejected);
    if (fresh) return fresh;
    for (let attempt = 0; ; attempt++) {
      const used = account.refreshToken;
      let tokens: TokenResponse;
      try {
        tokens = await this.grant(account);
      } catch (e) {
        if (!(e instanceof OAuthError) || !e.definitive) throw e;
        // Re-read before ending anything: another window may have rotated the refresh token a moment ago.
        const latest = await this.o.store.get(id);
        if (!latest) throw new SessionEndedError(this.o.messages.notSignedIn);
        if (attempt === 0 && latest.refreshToken !== used) {
          account = latest;
          continue;
        }
        const stored = this.usable(latest, rejected);
        if (stored && latest.refreshToken !== used) return stored;
        await this.o.ended(latest, e);
        throw new SessionEndedError(this.o.messages.ended);
      }
      if (used && tokens.refreshToken && tokens.refreshToken !== used) await this.o.ledger?.markSpent(id, used);
      const live = liveFrom(tokens, this.now());
      redactor.add(tokens.refreshToken);
      redactor.add(tokens.accessToken);
      // One write: the rotated refresh token and the access token it bought, before anyone uses the latter.
      const next: StoredAccount = { ...account, refreshToken: tokens.refreshToken ?? account.refreshToken, ...live };
      await this.o.store.put(next);
      this.live.set(id, live);
      this.o.log.info(`Renewed the access token of ${account.label} (${account.method})`);
      return live;
    }
  }

  /** Refuses to present a refresh token that another window has already exchanged (see StaleCopyError). */
  private async refuseSpent(account: StoredAccount): Promise<void> {
    if (!account.refreshToken || !this.o.ledger || !(await this.o.ledger.isSpent(account.id, account.refreshToken))) return;
    this.o.log.warn(`This window's copy of ${account.label} holds a refresh token another window already used; not sending it`);
    this.o.stale?.(account);
    throw new StaleCopyError(this.o.messages.stale);
  }

  private async grant(account: StoredAccount): Promise<TokenResponse> {
    const server = authServer(account.servers, this.o.timeoutMs());
    const grant = account.method === 'clientCredentials' ? 'client_credentials' : 'refresh_token';
    const clientId = account.servers.clientId;
    const started = Date.now();
    try {
      const tokens =
        grant === 'client_credentials'
          ? await requestToken(server, { grant, clientId, clientSecret: account.clientSecret ?? '' })
          : await requestToken(server, { grant, refreshToken: account.refreshToken ?? '', clientId, clientSecret: account.clientSecret });
      this.o.log.info(`POST ${tokenEndpointUsed(server)} (${grant}) → 200 in ${Date.now() - started} ms`);
      return tokens;
    } catch (e) {
      this.o.log.warn(`POST ${tokenEndpointUsed(server)} (${grant}) → ${describe(e)} in ${Date.now() - started} ms`);
      throw e;
    }
  }

  // ---- the lease ----

  /** Takes the lease, or returns the other window's lease that holds it. */
  private async takeLease(id: string): Promise<{ owner: string; until: number } | undefined> {
    const held = await this.o.store.lease(id);
    if (held && held.owner !== this.o.owner && held.until > this.now()) return held;
    const mine = { owner: this.o.owner, until: this.now() + this.o.timeoutMs() + 5_000 };
    await this.o.store.putLease(id, mine);
    await sleep(SETTLE_MS);
    const after = await this.o.store.lease(id);
    if (after && after.owner !== this.o.owner && after.until > this.now()) return after;
    return undefined;
  }

  private async releaseLease(id: string): Promise<void> {
    try {
      const held = await this.o.store.lease(id);
      if (held?.owner === this.o.owner) await this.o.store.dropLease(id);
    } catch (e) {
      this.o.log.warn(`Could not release the renewal lease: ${errorText(e)}`);
    }
  }

  /** Resolves `until(ms)` on the next change of the account or its lease, or at `ms` at the latest. */
  private changeOf(id: string): { until(ms: number): Promise<void>; dispose(): void } {
    const keys = [accountKey(id), leaseKey(id)];
    let changed = false;
    let wake: (() => void) | undefined;
    const sub = this.o.secrets.onDidChange((e) => {
      if (!keys.includes(e.key)) return;
      changed = true;
      wake?.();
    });
    return {
      until: (ms) =>
        changed
          ? Promise.resolve()
          : new Promise<void>((resolve) => {
              const timer = setTimeout(done, Math.max(0, ms - this.now()) + 50);
              function done() {
                clearTimeout(timer);
                resolve();
              }
              wake = done;
            }),
      dispose: () => sub.dispose(),
    };
  }
}

function describe(e: unknown): string {
  if (e instanceof OAuthError) return `${e.code} (${e.kind})`;
  return errorText(e);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
