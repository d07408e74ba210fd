// Where an account's requests go. The settings are read once per sign-in into AccountServers, which the account
// keeps; every later request of that account (refresh, revoke, userinfo, API) uses what it recorded, so a token
// is never sent to a server it was not issued for, whatever the settings say later. Pure: no vscode import.
import type { AuthServer } from '../api/oauth';
import type { AccountServers } from './types';

/** The servers the given settings name (for a new sign-in, and once for accounts stored before servers were recorded). */
export function serversOf(cfg: { authDomain: string; apiUrl: string; audience: string }, clientId: string): AccountServers {
  return { authDomain: cfg.authDomain, apiUrl: cfg.apiUrl, audience: cfg.audience, clientId };
}

/** The one place an oauth client description (api/oauth.ts) is built. */
export function authServer(servers: AccountServers, timeoutMs?: number): AuthServer {
  return { domain: servers.authDomain, audience: servers.audience, timeoutMs };
}

/** Whether `b` names other servers than `a` (the client id aside). */
export function otherServers(a: Omit<AccountServers, 'clientId'>, b: Omit<AccountServers, 'clientId'>): boolean {
  return a.authDomain !== b.authDomain || a.apiUrl !== b.apiUrl || a.audience !== b.audience;
}

/** The host to show for an account's API, e.g. "api.hoxton.cloud". */
export function apiHost(servers: AccountServers): string {
  return hostOf(servers.apiUrl);
}

/** The host of a server address, as shown to a person (the address itself when it cannot be read). */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
