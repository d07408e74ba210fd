// The HoxtonAi authorization server's wire formats (Auth0-style): /authorize, /oauth/token, /oauth/revoke,
// /userinfo. No vscode import: the auth provider (src/auth/) decides when to call what.
import { createHash, randomBytes } from 'crypto';
import type { RequestInit } from 'node-fetch';
import { CrossOriginRedirectError, fetchSameOrigin } from './redirects';

export interface AuthServer {
  /** e.g. https://auth.hoxton.ai */
  domain: string;
  audience: string;
  timeoutMs?: number;
}

export interface TokenResponse {
  accessToken: string;
  /** Seconds. */
  expiresIn: number;
  refreshToken?: string;
  idToken?: string;
  scope?: string;
}

export interface UserInfo {
  sub: string;
  name?: string;
  email?: string;
  orgId?: string;
  orgName?: string;
}

export type OAuthErrorKind = 'oauth' | 'network' | 'timeout' | 'malformed';

/** An error from the authorization server. `definitive` errors (invalid_grant …) end a session; others do not. */
export class OAuthError extends Error {
  override readonly name = 'OAuthError';
  constructor(
    readonly kind: OAuthErrorKind,
    readonly code: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
  get definitive(): boolean {
    return this.kind === 'oauth' && ['invalid_grant', 'invalid_client', 'unauthorized_client', 'access_denied'].includes(this.code);
  }
}

export type TokenGrant =
  | { grant: 'authorization_code'; code: string; redirectUri: string; codeVerifier: string; clientId: string; clientSecret?: string }
  | { grant: 'password'; username: string; password: string; clientId: string; clientSecret?: string; scope: string }
  | { grant: 'client_credentials'; clientId: string; clientSecret: string; scope?: string }
  | { grant: 'refresh_token'; refreshToken: string; clientId: string; clientSecret?: string };

export interface Pkce {
  verifier: string;
  challenge: string;
}

export function createPkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

export function randomState(): string {
  return randomBytes(24).toString('base64url');
}

export function authorizeUrl(
  server: AuthServer,
  p: { clientId: string; redirectUri: string; scope: string; state: string; codeChallenge: string },
): string {
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: p.clientId,
    redirect_uri: p.redirectUri,
    audience: server.audience,
    scope: p.scope,
    state: p.state,
    code_challenge: p.codeChallenge,
    code_challenge_method: 'S256',
  });
  return `${trim(server.domain)}/authorize?${q.toString()}`;
}

/** What an authorization response carries (RFC 6749 §4.1.2). */
export interface RedirectParams {
  code?: string;
  state?: string;
  error?: string;
  errorDescription?: string;
}

/** Reads `code`/`state`/`error` from a redirect URL or a bare pasted code. */
export function parseRedirect(input: string): RedirectParams {
  const text = input.trim();
  const q = text.includes('?') ? text.slice(text.indexOf('?') + 1).split('#')[0] : text.includes('=') ? text : '';
  if (!q) return { code: text || undefined };
  const p = new URLSearchParams(q);
  return {
    code: p.get('code') ?? undefined,
    state: p.get('state') ?? undefined,
    error: p.get('error') ?? undefined,
    errorDescription: p.get('error_description') ?? undefined,
  };
}

export async function requestToken(server: AuthServer, g: TokenGrant): Promise<TokenResponse> {
  const form = new URLSearchParams({ grant_type: g.grant, client_id: g.clientId });
  switch (g.grant) {
    case 'authorization_code':
      form.set('code', g.code);
      form.set('redirect_uri', g.redirectUri);
      form.set('code_verifier', g.codeVerifier);
      break;
    case 'password':
      form.set('username', g.username);
      form.set('password', g.password);
      form.set('scope', g.scope);
      form.set('audience', server.audience);
      break;
    case 'client_credentials':
      form.set('audience', server.audience);
      if (g.scope) form.set('scope', g.scope);
      break;
    case 'refresh_token':
      form.set('refresh_token', g.refreshToken);
      break;
  }
  if ('clientSecret' in g && g.clientSecret) form.set('client_secret', g.clientSecret);
  const body = await call(server, '/oauth/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: form.toString(),
  });
  if (!isObj(body) || typeof body.access_token !== 'string' || !body.access_token) {
    throw new OAuthError('malformed', 'malformed_response', 'The sign-in server sent a token response without an access token');
  }
  const expiresIn = Number(body.expires_in);
  return {
    accessToken: body.access_token,
    expiresIn: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 86_400,
    refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : undefined,
    idToken: typeof body.id_token === 'string' ? body.id_token : undefined,
    scope: typeof body.scope === 'string' ? body.scope : undefined,
  };
}

export async function revokeToken(server: AuthServer, p: { token: string; clientId: string; clientSecret?: string }): Promise<void> {
  const form = new URLSearchParams({ token: p.token, client_id: p.clientId });
  if (p.clientSecret) form.set('client_secret', p.clientSecret);
  await call(server, '/oauth/revoke', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
}

export async function userInfo(server: AuthServer, accessToken: string): Promise<UserInfo> {
  const body = await call(server, '/userinfo', { headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' } });
  if (!isObj(body) || typeof body.sub !== 'string') {
    throw new OAuthError('malformed', 'malformed_response', 'The sign-in server sent unreadable user information');
  }
  return {
    sub: body.sub,
    name: str(body.name),
    email: str(body.email),
    orgId: str(body.org_id),
    orgName: str(body.org_name),
  };
}

/** Claims of a JWT, read without verifying it (the server that sent it over TLS verifies it on use). */
export function jwtClaims(jwt: string | undefined): Record<string, unknown> {
  if (!jwt) return {};
  const part = jwt.split('.')[1];
  if (!part) return {};
  try {
    const claims = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    return isObj(claims) ? claims : {};
  } catch {
    return {};
  }
}

async function call(server: AuthServer, path: string, init: RequestInit): Promise<unknown> {
  const controller = new AbortController();
  const timeoutMs = server.timeoutMs ?? 30_000;
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let status: number;
  let text: string;
  try {
    const res = await fetchSameOrigin(`${trim(server.domain)}${path}`, { ...init, signal: controller.signal as RequestInit['signal'] });
    status = res.status;
    text = await res.text();
  } catch (e) {
    if (controller.signal.aborted) throw new OAuthError('timeout', 'timeout', `The sign-in server did not answer in ${timeoutMs} ms`);
    if (e instanceof CrossOriginRedirectError) {
      throw new OAuthError('network', 'cross_origin_redirect', `The sign-in server's ${path} ${e.message}`, e.status);
    }
    const code = isObj(e) && typeof e.code === 'string' ? e.code : 'network';
    throw new OAuthError('network', code, `Could not reach the sign-in server (${code})`);
  } finally {
    clearTimeout(timer);
  }
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      if (status < 400)
        throw new OAuthError('malformed', 'malformed_response', `The sign-in server answered ${path} with malformed JSON`, status);
    }
  }
  if (status >= 400) {
    const code = isObj(body) && typeof body.error === 'string' ? body.error : `http_${status}`;
    const description = isObj(body) && typeof body.error_description === 'string' ? body.error_description : `HTTP ${status}`;
    // 5xx and 429 are passing troubles, not a verdict on the grant.
    const kind: OAuthErrorKind = status >= 500 || status === 429 ? 'network' : 'oauth';
    throw new OAuthError(kind, code, description, status);
  }
  return body;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}
function trim(s: string): string {
  return s.replace(/\/+$/, '');
}
