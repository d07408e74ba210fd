// The sandbox's API read directly over HTTP, with a token this test gets itself (password grant): the independent
// side of the checks on what the extension computes.
import * as assert from 'assert';
import { sandboxUrl } from './helpers';

export interface Bucket {
  start: string;
  counts: Record<string, number>;
  occupancy: { min: number; max: number; end: number } | null;
}

export interface Data {
  start: string;
  end: string;
  timezone: string;
  interval: string;
  directions: { id: string; name: string }[];
  totals: Record<string, number>;
  buckets: Bucket[];
}

export async function sandboxToken(username: string, password: string): Promise<string> {
  const res = await fetch(`${sandboxUrl()}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      username,
      password,
      client_id: 'sandbox-acme-service',
      client_secret: 'sandbox-acme-service-secret',
    }),
  });
  assert.strictEqual(res.status, 200, `token for ${username}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export async function directApi(username: string, password: string) {
  const token = await sandboxToken(username, password);
  const call = async (method: string, path: string): Promise<unknown> => {
    const res = await fetch(`${sandboxUrl()}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
    });
    assert.ok(res.ok, `${method} ${path} → ${res.status}`);
    const text = await res.text();
    return text ? JSON.parse(text) : undefined;
  };
  /** Every item of a list, page after page. */
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
  return { token, all, get: (path: string) => call('GET', path), del: (path: string) => call('DELETE', path) };
}
