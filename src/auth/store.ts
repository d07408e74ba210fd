// Accounts in SecretStorage (no vscode import; the provider passes its SecretStorage in). Layout, all under
// `hoxton.auth.`:
//   index              JSON list of the account ids, in sign-in order
//   account/<id>       StoredAccount: who it is, the servers it was issued for, what renews it (refresh token, or
//                      the client secret for client credentials), and the current access token with its issue and
//                      expiry times, so that every window uses the token any window last obtained
//   lease/<id>         {owner, until}: the window renewing this account now (renewal.ts); short-lived
// The access token and a rotated refresh token are written together, in one secret. Corrupt entries are discarded
// with a warning. Accounts stored before servers were recorded are migrated once (see `get`).
import type { SignInMethod } from '../util/config';
import type { AccountServers } from './types';

export interface StoredAccount {
  /** Stable id: the authorization server, the organisation and the subject. */
  id: string;
  /** What VS Code shows, e.g. "Dana Demo (Acme Retail)". */
  label: string;
  orgId: string;
  orgName: string;
  method: SignInMethod;
  /** The servers and client this account was issued for; every request of the account goes there. */
  servers: AccountServers;
  scopes: string[];
  refreshToken?: string;
  clientSecret?: string;
  /** The access token last obtained by any window, with its issue and expiry times in whole epoch seconds. */
  accessToken?: string;
  issuedAt?: number;
  expiresAt?: number;
}

export interface Lease {
  owner: string;
  /** Epoch ms after which the lease is void (its owner may have gone away). */
  until: number;
}

export interface SecretBackend {
  get(key: string): Thenable<string | undefined>;
  store(key: string, value: string): Thenable<void>;
  delete(key: string): Thenable<void>;
}

export const KEY_PREFIX = 'hoxton.auth.';
const INDEX_KEY = `${KEY_PREFIX}index`;
export const accountKey = (id: string) => `${KEY_PREFIX}account/${id}`;
export const leaseKey = (id: string) => `${KEY_PREFIX}lease/${id}`;

export class AccountStore {
  constructor(
    private readonly secrets: SecretBackend,
    private readonly warn: (message: string) => void,
    /** The servers to record for an account stored before servers were recorded (its auth domain and client id kept). */
    private readonly legacyServers: (authDomain: string, clientId: string) => AccountServers,
  ) {}

  async ids(): Promise<string[]> {
    const raw = await this.secrets.get(INDEX_KEY);
    if (!raw) return [];
    try {
      const ids = JSON.parse(raw) as unknown;
      if (Array.isArray(ids) && ids.every((i) => typeof i === 'string')) return ids;
    } catch {
      // fall through
    }
    this.warn('The stored list of HoxtonAi accounts was unreadable and has been reset.');
    await this.secrets.delete(INDEX_KEY);
    return [];
  }

  async get(id: string): Promise<StoredAccount | undefined> {
    const raw = await this.secrets.get(accountKey(id));
    if (!raw) return undefined;
    try {
      const a = JSON.parse(raw) as unknown;
      if (isStoredAccount(a) && a.id === id) return a;
      const migrated = migrate(a, this.legacyServers);
      if (migrated && migrated.id === id) {
        // Once: the servers the settings name now are recorded, and from then on kept.
        await this.secrets.store(accountKey(id), JSON.stringify(migrated));
        return migrated;
      }
    } catch {
      // fall through
    }
    this.warn('A stored HoxtonAi account was unreadable and has been removed. Sign in again to use it.');
    await this.remove(id);
    return undefined;
  }

  async all(): Promise<StoredAccount[]> {
    const out: StoredAccount[] = [];
    for (const id of await this.ids()) {
      const a = await this.get(id);
      if (a) out.push(a);
    }
    return out;
  }

  async put(account: StoredAccount): Promise<void> {
    await this.secrets.store(accountKey(account.id), JSON.stringify(account));
    const ids = await this.ids();
    if (!ids.includes(account.id)) await this.secrets.store(INDEX_KEY, JSON.stringify([...ids, account.id]));
  }

  async remove(id: string): Promise<void> {
    await this.secrets.delete(accountKey(id));
    await this.secrets.delete(leaseKey(id));
    const ids = await this.ids();
    if (ids.includes(id)) await this.secrets.store(INDEX_KEY, JSON.stringify(ids.filter((i) => i !== id)));
  }

  async lease(id: string): Promise<Lease | undefined> {
    const raw = await this.secrets.get(leaseKey(id));
    if (!raw) return undefined;
    try {
      const l = JSON.parse(raw) as Partial<Lease>;
      if (typeof l.owner === 'string' && typeof l.until === 'number') return { owner: l.owner, until: l.until };
    } catch {
      // an unreadable lease is no lease
    }
    return undefined;
  }

  async putLease(id: string, lease: Lease): Promise<void> {
    await this.secrets.store(leaseKey(id), JSON.stringify(lease));
  }

  async dropLease(id: string): Promise<void> {
    await this.secrets.delete(leaseKey(id));
  }
}

const str = (v: unknown) => typeof v === 'string' && v.length > 0;

function isServers(v: unknown): v is AccountServers {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  return str(s.authDomain) && str(s.apiUrl) && str(s.audience) && str(s.clientId);
}

function isStoredAccount(v: unknown): v is StoredAccount {
  if (typeof v !== 'object' || v === null) return false;
  const a = v as Record<string, unknown>;
  const optional = (k: string, type: 'string' | 'number') => a[k] === undefined || typeof a[k] === type;
  return (
    str(a.id) &&
    str(a.label) &&
    str(a.orgId) &&
    typeof a.orgName === 'string' &&
    (a.method === 'browser' || a.method === 'password' || a.method === 'clientCredentials') &&
    isServers(a.servers) &&
    Array.isArray(a.scopes) &&
    optional('refreshToken', 'string') &&
    optional('clientSecret', 'string') &&
    (typeof a.refreshToken === 'string' || typeof a.clientSecret === 'string') &&
    optional('accessToken', 'string') &&
    optional('issuedAt', 'number') &&
    optional('expiresAt', 'number')
  );
}

/** An account as stored before servers were recorded: `domain` and `clientId` at the top. */
function migrate(v: unknown, servers: (authDomain: string, clientId: string) => AccountServers): StoredAccount | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const { domain, clientId, ...rest } = v as Record<string, unknown>;
  if (!str(domain) || !str(clientId) || 'servers' in rest) return undefined;
  const next = { ...rest, servers: servers(domain as string, clientId as string) };
  return isStoredAccount(next) ? next : undefined;
}
