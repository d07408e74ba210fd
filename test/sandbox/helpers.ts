// Shared helpers for the sandbox tests: real HTTP (Node 20 fetch) against a sandbox started in-process on port 0.
import { createHash, randomBytes } from 'crypto';
import { strict as assert } from 'assert';
import { startSandbox } from '../../sandbox/index';
import type { Sandbox, SandboxOptions } from '../../sandbox/index';

export const AUDIENCE = 'https://api.hoxton.cloud';
// Confidential clients (Auth0 machine-to-machine apps): password, client credentials and refresh, each with the secret.
export const ACME = { clientId: 'sandbox-acme-service', clientSecret: 'sandbox-acme-service-secret' };
export const BOROUGH = { clientId: 'sandbox-borough', clientSecret: 'sandbox-borough-secret' };
// The public native client a person signs in with in the browser: PKCE, no secret.
export const ACME_APP = { clientId: 'sandbox-acme' };
export const DEMO = { username: 'demo@hoxton.test', password: 'demo' };
export const MEMBER = { username: 'member@hoxton.test', password: 'member' };
export const OPS = { username: 'ops@borough.test', password: 'borough' };

export function start(opts: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ quiet: true, ...opts });
}

/** Parsed JSON of a reply; loosely typed on purpose (the schema test checks shapes against openapi.yaml). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Reply<T = Json> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

async function reply(res: Response): Promise<Reply> {
  const text = await res.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, body, text };
}

export async function post(
  url: string,
  body: string | Record<string, string>,
  contentType?: string,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const isForm = typeof body !== 'string';
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': contentType ?? (isForm ? 'application/x-www-form-urlencoded' : 'application/json'), ...headers },
    body: isForm ? new URLSearchParams(body).toString() : body,
    redirect: 'manual',
  });
  return reply(res);
}

export function token(sb: Sandbox, params: Record<string, string>): Promise<Reply> {
  return post(`${sb.url}/oauth/token`, params);
}

export async function passwordToken(
  sb: Sandbox,
  user: { username: string; password: string },
  scope = 'openid profile offline_access',
  client = ACME,
): Promise<Reply> {
  return token(sb, {
    grant_type: 'password',
    ...user,
    audience: AUDIENCE,
    scope,
    client_id: client.clientId,
    client_secret: client.clientSecret,
  });
}

export async function accessToken(sb: Sandbox, user: { username: string; password: string }, client = ACME): Promise<string> {
  const r = await passwordToken(sb, user, 'openid', client);
  assert.equal(r.status, 200, r.text);
  return r.body.access_token as string;
}

export async function clientToken(sb: Sandbox, client = ACME): Promise<string> {
  const r = await token(sb, {
    grant_type: 'client_credentials',
    audience: AUDIENCE,
    client_id: client.clientId,
    client_secret: client.clientSecret,
  });
  assert.equal(r.status, 200, r.text);
  return r.body.access_token as string;
}

export async function api(sb: Sandbox, bearer: string, path: string, init: RequestInit = {}): Promise<Reply> {
  const res = await fetch(`${sb.url}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${bearer}`, ...(init.body ? { 'Content-Type': 'application/json' } : {}), ...(init.headers ?? {}) },
  });
  return reply(res);
}

/** Every page of a list endpoint. */
export async function listAll(sb: Sandbox, bearer: string, path: string, limit = 100): Promise<{ items: Json[]; pages: number }> {
  const items: Json[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const r = await api(sb, bearer, `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(r.status, 200, r.text);
    items.push(...r.body.data);
    cursor = r.body.next_cursor;
    pages++;
    assert.ok(pages < 1000, 'runaway pagination');
  } while (cursor);
  return { items, pages };
}

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function unescapeHtml(s: string): string {
  return s
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The hidden inputs of the login form. */
export function hiddenFields(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) out[unescapeHtml(m[1])] = unescapeHtml(m[2]);
  return out;
}

export interface AuthorizeParams {
  clientId?: string;
  redirectUri?: string;
  scope?: string;
  state?: string;
  challenge: string;
}

export function authorizeUrl(sb: Sandbox, p: AuthorizeParams): string {
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: p.clientId ?? ACME_APP.clientId,
    redirect_uri: p.redirectUri ?? 'http://127.0.0.1:54321/callback',
    audience: AUDIENCE,
    scope: p.scope ?? 'openid profile offline_access',
    state: p.state ?? 'xyz',
    code_challenge: p.challenge,
    code_challenge_method: 'S256',
  });
  return `${sb.url}/authorize?${q.toString()}`;
}

/** Follows the login page over HTTP like a browser: GET /authorize, POST the form, read the 302 Location. */
export async function login(
  sb: Sandbox,
  p: AuthorizeParams,
  user: { username: string; password: string } = DEMO,
): Promise<{ location: URL; code: string; state: string | null }> {
  const page = await fetch(authorizeUrl(sb, p));
  assert.equal(page.status, 200);
  const html = await page.text();
  const fields = hiddenFields(html);
  const r = await post(`${sb.url}/authorize`, { ...fields, username: user.username, password: user.password });
  assert.equal(r.status, 302, r.text);
  const location = new URL(r.headers.get('location') ?? '');
  return { location, code: location.searchParams.get('code') ?? '', state: location.searchParams.get('state') };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
