// The sandbox's API read directly over HTTP, with a token the test gets itself (password grant through the sandbox's
// confidential client): the independent side of the checks on what the extension computes. Used by the extension
// host tests (test/host/direct.ts) and the browser suites alike.
import * as assert from 'assert';

/** The confidential client the password grant needs, as with Auth0. */
export const SANDBOX_SERVICE = { clientId: 'sandbox-acme-service', secret: 'sandbox-acme-service-secret' };

export async function sandboxToken(baseUrl: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      username,
      password,
      client_id: SANDBOX_SERVICE.clientId,
      client_secret: SANDBOX_SERVICE.secret,
    }),
  });
  assert.strictEqual(res.status, 200, `token for ${username}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export interface SandboxApi {
  token: string;
  /** GET a path (with its query): the parsed JSON. */
  get(path: string): Promise<unknown>;
  del(path: string): Promise<unknown>;
  /** Every item of a list, page after page. */
  all<T>(path: string): Promise<T[]>;
}

export async function sandboxApi(baseUrl: string, username: string, password: string): Promise<SandboxApi> {
  const token = await sandboxToken(baseUrl, username, password);
  const call = async (method: string, path: string): Promise<unknown> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
    });
    assert.ok(res.ok, `${method} ${path} → ${res.status}`);
    const text = await res.text();
    return text ? JSON.parse(text) : undefined;
  };
  const all = async <T>(path: string): Promise<T[]> => {
    const out: T[] = [];
    let cursor: string | null = null;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const page = (await call('GET', `${path}${sep}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)) as {
        data: T[];
        next_cursor: string | null;
      };
      out.push(...page.data);
      cursor = page.next_cursor;
    } while (cursor);
    return out;
  };
  return { token, all, get: (path) => call('GET', path), del: (path) => call('DELETE', path) };
}
