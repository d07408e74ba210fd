// Accounts in SecretStorage: one secret per account with only what is needed to get a new access token (the
// refresh token, or the client secret for client credentials) and who the account is, plus an index secret
// listing the account ids. Access tokens never leave memory. Corrupt entries are discarded with a warning.
import type { SignInMethod } from '../util/config';

export interface StoredAccount {
  /** Stable id: the authorization server, the organisation and the subject. */
  id: string;
  /** What VS Code shows, e.g. "Dana Demo (Acme Retail)". */
  label: string;
  orgId: string;
  orgName: string;
  method: SignInMethod;
  /** The authorization server and client this account belongs to. */
  domain: string;
  clientId: string;
  scopes: string[];
  refreshToken?: string;
  clientSecret?: string;
}

export interface SecretBackend {
  get(key: string): Thenable<string | undefined>;
  store(key: string, value: string): Thenable<void>;
  delete(key: string): Thenable<void>;
}

export const KEY_PREFIX = 'hoxton.auth.';
const INDEX_KEY = `${KEY_PREFIX}index`;
const accountKey = (id: string) => `${KEY_PREFIX}account/${id}`;

export class AccountStore {
  constructor(
    private readonly secrets: SecretBackend,
    private readonly warn: (message: string) => void,
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
    const ids = await this.ids();
    if (ids.includes(id)) await this.secrets.store(INDEX_KEY, JSON.stringify(ids.filter((i) => i !== id)));
  }
}

function isStoredAccount(v: unknown): v is StoredAccount {
  if (typeof v !== 'object' || v === null) return false;
  const a = v as Record<string, unknown>;
  const s = (k: string) => typeof a[k] === 'string' && (a[k] as string).length > 0;
  return (
    s('id') &&
    s('label') &&
    s('orgId') &&
    typeof a.orgName === 'string' &&
    (a.method === 'browser' || a.method === 'password' || a.method === 'clientCredentials') &&
    s('domain') &&
    s('clientId') &&
    Array.isArray(a.scopes) &&
    (a.refreshToken === undefined || typeof a.refreshToken === 'string') &&
    (a.clientSecret === undefined || typeof a.clientSecret === 'string') &&
    (typeof a.refreshToken === 'string' || typeof a.clientSecret === 'string')
  );
}
