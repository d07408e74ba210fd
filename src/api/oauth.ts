// The authorization server's wire formats: its endpoints from `/.well-known/openid-configuration` when it publishes
// one (cached per auth domain), else Auth0's (/authorize, /oauth/token, /oauth/revoke, /userinfo); client
// authentication as it advertises (oidcMetadata.ts); ID tokens checked against its keys (idToken.ts). No vscode
// import: the auth provider (src/auth/) decides when to call what.
import { createHash, randomBytes } from 'crypto';
import type { RequestInit } from 'node-fetch';
import { verifyIdToken } from './idToken';
import {
  auth0Metadata,
  basicCredentials,
  cacheSeconds,
  clientAuth,
  discoveryUrl,
  type ClientAuth,
  parseDiscovery,
  type ServerMetadata,
} from './oidcMetadata';
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

export async function authorizeUrl(
  server: AuthServer,
  p: { clientId: string; redirectUri: string; scope: string; state: string; codeChallenge: string },
): Promise<string> {
  const u = new URL((await serverMetadata(server)).authorizationEndpoint);
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
  for (const [k, v] of q) u.searchParams.set(k, v); // an endpoint may have a query of its own (RFC 6749 §3.1)
  return u.toString();
}

/** What an authorization response carries (RFC 6749 §4.1.2). */
export interface RedirectParams {
  code?: string;
  state?: string;
  error?: string;
  errorDescription?: string;
  /** RFC 9207: the issuer that sent the answer, when it says. */
  iss?: string;
}

/** Reads `code`/`state`/`error`/`iss` from a redirect URL or a bare pasted code. */
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
    ...(p.get('iss') !== null ? { iss: p.get('iss')! } : {}),
  };
}

/** The token endpoint each auth domain's last token request went to (for log lines). */
const tokenEndpoints = new Map<string, string>();

/** Where the last token request for this server went: its discovered token endpoint, or Auth0's path. */
export function tokenEndpointUsed(server: AuthServer): string {
  return tokenEndpoints.get(trim(server.domain)) ?? auth0Metadata(trim(server.domain)).tokenEndpoint;
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
  const meta = await serverMetadata(server);
  tokenEndpoints.set(trim(server.domain), meta.tokenEndpoint);
  const secret = 'clientSecret' in g ? g.clientSecret : undefined;
  const send = (how: ClientAuth) => {
    const f = new URLSearchParams(form);
    const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };
    authenticate(f, headers, g.clientId, secret, how);
    return call(server, meta.tokenEndpoint, 'token endpoint', { method: 'POST', headers, body: f.toString() });
  };
  const how = postOnly.has(clientKey(server, g.clientId)) ? 'client_secret_post' : clientAuth(meta, !!secret);
  let body: unknown;
  try {
    body = await send(how);
  } catch (e) {
    // A server that advertises both methods may still hold each client to one (an Auth0 application set to "Post"):
    // refused with basic, try post once, and keep to it for this client. A refused client authentication consumes
    // no code or refresh token, and the secret goes to the same endpoint.
    if (!(
      how === 'client_secret_basic' &&
      e instanceof OAuthError &&
      e.code === 'invalid_client' &&
      meta.tokenAuthMethods?.includes('client_secret_post')
    )) {
      throw e;
    }
    body = await send('client_secret_post');
    postOnly.add(clientKey(server, g.clientId));
  }
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

/** Revokes a token (RFC 7009); does nothing at a discovered server that names no revocation endpoint. */
export async function revokeToken(server: AuthServer, p: { token: string; clientId: string; clientSecret?: string }): Promise<void> {
  const meta = await serverMetadata(server);
  if (!meta.revocationEndpoint) return;
  const form = new URLSearchParams({ token: p.token, client_id: p.clientId });
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
  const how = postOnly.has(clientKey(server, p.clientId)) ? 'client_secret_post' : clientAuth(meta, !!p.clientSecret, 'revocation');
  authenticate(form, headers, p.clientId, p.clientSecret, how);
  await call(server, meta.revocationEndpoint, 'revocation endpoint', { method: 'POST', headers, body: form.toString() });
}

export async function userInfo(server: AuthServer, accessToken: string): Promise<UserInfo> {
  const meta = await serverMetadata(server);
  if (!meta.userinfoEndpoint) throw new OAuthError('oauth', 'unsupported', 'The sign-in server has no userinfo endpoint');
  const body = await call(server, meta.userinfoEndpoint, 'userinfo endpoint', {
    headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
  });
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

/**
 * The claims of an ID token, only when it checks out (idToken.ts) against the keys of the issuer the server's
 * discovery document names. Without a document (Auth0's paths) no issuer and keys are known: no claims, and the
 * caller asks /userinfo. `reason` (English, no token text) says why there are none.
 */
export async function idTokenClaims(
  server: AuthServer,
  idToken: string | undefined,
  clientId: string,
): Promise<{ claims?: Record<string, unknown>; reason?: string }> {
  if (!idToken) return { reason: 'the server sent no ID token' };
  const meta = await serverMetadata(server);
  if (!meta.issuer || !meta.jwksUri) return { reason: 'the server publishes no discovery document naming its issuer and keys' };
  const check = async (fresh: boolean) =>
    verifyIdToken(idToken, { issuer: meta.issuer!, clientId, jwks: await jwks(server, meta.jwksUri!, fresh) });
  try {
    let r = await check(false);
    if (!r.ok && r.noMatchingKey) r = await check(true); // the keys may have rotated since they were fetched
    return r.ok ? { claims: r.claims } : { reason: `the ID token was not used: ${r.reason}` };
  } catch (e) {
    return { reason: `the issuer's keys could not be read (${e instanceof Error ? e.message : 'error'})` };
  }
}

// ---- discovery ----

interface Cached<T> {
  until: number;
  value: Promise<T>;
}
const metadataCache = new Map<string, Cached<ServerMetadata>>();
const jwksCache = new Map<string, Cached<unknown>>();
const JWKS_SECONDS = 600;
/** Clients (auth domain + client id) that a server refused with client_secret_basic and accepted with post. */
const postOnly = new Set<string>();
const clientKey = (server: AuthServer, clientId: string) => `${trim(server.domain)} ${clientId}`;

/**
 * Where the server at `server.domain` wants what: its discovery document when it publishes a usable one, else
 * Auth0's paths. Cached per auth domain for as long as the answer's Cache-Control allows (an hour when it says
 * nothing, a day at most); callers at the same time share one request. A 404 (or another 4xx) is an answer too and
 * cached the same way; a failure to reach the server (network, timeout, 5xx) falls back for this call only.
 */
export function serverMetadata(server: AuthServer): Promise<ServerMetadata> {
  const key = trim(server.domain);
  const hit = metadataCache.get(key);
  if (hit && hit.until > Date.now()) return hit.value;
  const entry: Cached<ServerMetadata> = { until: Number.POSITIVE_INFINITY, value: Promise.resolve(auth0Metadata(key)) };
  entry.value = discover(server).then(({ meta, seconds }) => {
    entry.until = Date.now() + seconds * 1000;
    return meta;
  });
  metadataCache.set(key, entry);
  return entry.value;
}

async function discover(server: AuthServer): Promise<{ meta: ServerMetadata; seconds: number }> {
  const fallback = (note: string, seconds: number) => ({ meta: { ...auth0Metadata(server.domain), note }, seconds });
  let r: Fetched;
  try {
    r = await fetchText(server, discoveryUrl(server.domain), 'discovery document', { headers: { Accept: 'application/json' } });
  } catch (e) {
    return fallback(`its discovery document could not be read (${e instanceof Error ? e.message : 'error'})`, 0);
  }
  if (r.status >= 500 || r.status === 429) return fallback(`its discovery document answered HTTP ${r.status}`, 0);
  const seconds = cacheSeconds(r.cacheControl);
  if (r.status !== 200) return fallback(`it publishes no discovery document (HTTP ${r.status})`, seconds);
  let doc: unknown;
  try {
    doc = JSON.parse(r.text);
  } catch {
    return fallback('its discovery document is not JSON', seconds);
  }
  const meta = parseDiscovery(doc, server.domain);
  return typeof meta === 'string' ? fallback(`its discovery document is not used: ${meta}`, seconds) : { meta, seconds };
}

function jwks(server: AuthServer, uri: string, fresh: boolean): Promise<unknown> {
  const hit = jwksCache.get(uri);
  if (hit && !fresh && hit.until > Date.now()) return hit.value;
  const value = call(server, uri, 'key set (jwks_uri)', { headers: { Accept: 'application/json' } });
  jwksCache.set(uri, { until: Date.now() + JWKS_SECONDS * 1000, value });
  value.catch(() => jwksCache.delete(uri));
  return value;
}

/** Client authentication on a token or revocation request (oidcMetadata.ts's `clientAuth` chooses). */
function authenticate(
  form: URLSearchParams,
  headers: Record<string, string>,
  clientId: string,
  clientSecret: string | undefined,
  how: ClientAuth,
): void {
  if (how === 'client_secret_basic' && clientSecret) {
    headers.Authorization = basicCredentials(clientId, clientSecret);
    form.delete('client_id'); // one way of authenticating per request (RFC 6749 §2.3)
  } else if (how === 'client_secret_post' && clientSecret) {
    form.set('client_secret', clientSecret);
  }
}

interface Fetched {
  status: number;
  text: string;
  cacheControl: string | null;
}

async function fetchText(server: AuthServer, url: string, what: string, init: RequestInit): Promise<Fetched> {
  const controller = new AbortController();
  const timeoutMs = server.timeoutMs ?? 30_000;
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const res = await fetchSameOrigin(url, { ...init, signal: controller.signal as RequestInit['signal'] });
    return { status: res.status, text: await res.text(), cacheControl: res.headers.get('cache-control') };
  } catch (e) {
    if (controller.signal.aborted) throw new OAuthError('timeout', 'timeout', `The sign-in server did not answer in ${timeoutMs} ms`);
    if (e instanceof CrossOriginRedirectError) {
      throw new OAuthError('network', 'cross_origin_redirect', `The sign-in server's ${what} ${e.message}`, e.status);
    }
    const code = isObj(e) && typeof e.code === 'string' ? e.code : 'network';
    throw new OAuthError('network', code, `Could not reach the sign-in server (${code})`);
  } finally {
    clearTimeout(timer);
  }
}

async function call(server: AuthServer, url: string, what: string, init: RequestInit): Promise<unknown> {
  const { status, text } = await fetchText(server, url, what, init);
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      if (status < 400)
        throw new OAuthError('malformed', 'malformed_response', `The sign-in server answered its ${what} with malformed JSON`, status);
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
