// The Auth0-style authorization server: /authorize (login page), /oauth/token, /oauth/revoke, /userinfo,
// discovery and JWKS. Grant logic is @node-oauth/oauth2-server's; this file supplies its model and adapts
// node:http requests to it.
import type { IncomingMessage, ServerResponse } from 'http';
import OAuth2Server from '@node-oauth/oauth2-server';
import type { ClientRec, Principal, World } from './data';
import { clientPrincipal, findPrincipal, userPrincipal } from './data';
import { HttpError, parseParams, readBody, sendEmpty, sendHtml, sendJson } from './http';
import { AUTHORIZE_FIELDS, renderError, renderLogin, WRONG_CREDENTIALS } from './loginPage';
import type { StatsCounter } from './faults';
import { InvalidTokenError, TokenService } from './tokens';

type LibClient = OAuth2Server.Client;
type LibUser = OAuth2Server.User;
/** The "user" the library carries between model calls: the principal plus the token family it belongs to. */
type GrantUser = Principal & { family?: string };

const KNOWN_SCOPES = ['openid', 'profile', 'email', 'offline_access', 'offline', 'read:reports', 'write:reports'];
const USER_ONLY_SCOPES = ['openid', 'profile', 'email', 'offline_access', 'offline'];
export const GRANT_TYPES = ['authorization_code', 'password', 'client_credentials', 'refresh_token'];
const CODE_LIFETIME_SECONDS = 300;
const REFRESH_LIFETIME_SECONDS = 30 * 86_400;
const PKCE_CHALLENGE_RE = /^[A-Za-z0-9._~-]{43,128}$/;

export function hasOffline(scope: string[]): boolean {
  return scope.includes('offline_access') || scope.includes('offline');
}

/**
 * How loopback redirect URIs are checked: `any-port` (RFC 8252 §7.3: a registered loopback callback on any port,
 * the default) or `exact` (only the registered URIs, port included, like an Auth0 application whose Allowed Callback
 * URLs list one port): in `exact` mode a client that falls back to another port when its own is busy fails.
 */
export type RedirectCheck = 'any-port' | 'exact';

/** Registered callbacks, plus (RFC 8252) any loopback http URL on any port, and vscode(-insiders)://hoxton.hoxton-reports/… */
export function isAllowedRedirect(uri: string, client: ClientRec, check: RedirectCheck = 'any-port'): boolean {
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    return false;
  }
  if (u.hash || u.username || u.password) return false;
  if (client.redirectUris.includes(uri)) return true;
  if ((u.protocol === 'vscode:' || u.protocol === 'vscode-insiders:') && u.host === 'hoxton.hoxton-reports') return true;
  if (check === 'exact') return false;
  return u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
}

/**
 * How confidential clients may authenticate at /oauth/token and /oauth/revoke: `both` (the default, advertised as
 * client_secret_post and client_secret_basic), `basic` only (the Authorization header, as many OpenID providers
 * have it) or `post` only (client_secret in the body, like an Auth0 application set to "Post"). A secret sent the
 * other way is refused with invalid_client. `app-post` is Auth0's usual case: the tenant's discovery document
 * advertises both, but the application is set to "Post" and refuses basic. Switchable at run time
 * (POST /__sandbox/oidc).
 */
export type TokenAuth = 'both' | 'basic' | 'post' | 'app-post';
export const TOKEN_AUTHS: readonly TokenAuth[] = ['both', 'basic', 'post', 'app-post'];

/** The OpenID switches (POST /__sandbox/oidc) and how clients authenticated since the last change. */
export interface OidcState {
  /** Whether /.well-known/openid-configuration is served (404 when off, like a server with Auth0's paths only). */
  discovery: boolean;
  tokenAuth: TokenAuth;
  /** Requests whose client secret came by each way, at the token and revocation endpoints. */
  clientAuth: { basic: number; post: number };
}

type AuthorizeCheck =
  | { kind: 'fatal'; message: string }
  | { kind: 'redirect'; redirectUri: string; error: string; description: string }
  | { kind: 'ok'; client: ClientRec };

function errorRedirect(redirectUri: string, error: string, description: string, state?: string): string {
  const u = new URL(redirectUri);
  u.searchParams.set('error', error);
  u.searchParams.set('error_description', description);
  if (state) u.searchParams.set('state', state);
  return u.toString();
}

export class AuthServer {
  private readonly oauth: OAuth2Server;
  /** See RedirectCheck; switchable at run time (Sandbox.setRedirectCheck). */
  redirectCheck: RedirectCheck = 'any-port';
  /** See OidcState. */
  discovery = true;
  tokenAuth: TokenAuth = 'both';
  private readonly clientAuthSeen = { basic: 0, post: 0 };

  oidcState(): OidcState {
    return { discovery: this.discovery, tokenAuth: this.tokenAuth, clientAuth: { ...this.clientAuthSeen } };
  }

  setOidc(o: { discovery?: boolean; tokenAuth?: TokenAuth }): void {
    if (o.discovery !== undefined) this.discovery = o.discovery;
    if (o.tokenAuth !== undefined) this.tokenAuth = o.tokenAuth;
    this.clientAuthSeen.basic = 0;
    this.clientAuthSeen.post = 0;
  }

  /**
   * The client id and secret of a request, from `Authorization: Basic` (RFC 6749 §2.3.1: form-urlencoded id and
   * secret) or the body, and whether this server's TokenAuth refuses the way the secret came.
   */
  private clientCredentials(req: IncomingMessage, params: Record<string, string>): { id?: string; secret?: string; refused?: string } {
    const basic = /^Basic\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (basic) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) {
        const dec = (v: string) => decodeURIComponent(v.replace(/\+/g, ' '));
        let id: string;
        let secret: string;
        try {
          id = dec(decoded.slice(0, colon));
          secret = dec(decoded.slice(colon + 1));
        } catch {
          return { refused: 'Malformed client credentials in the Authorization header' };
        }
        if (params.client_id !== undefined && params.client_id !== id)
          return { refused: 'client_id in the body and the Authorization header differ' };
        if (params.client_secret !== undefined) return { refused: 'The client authenticated in two ways (RFC 6749 §2.3)' };
        this.clientAuthSeen.basic++;
        if (this.tokenAuth === 'post' || this.tokenAuth === 'app-post')
          return { id, secret, refused: 'client_secret_basic is not allowed for this server: send client_secret in the body' };
        return { id, secret };
      }
    }
    if (params.client_secret !== undefined) {
      this.clientAuthSeen.post++;
      if (this.tokenAuth === 'basic') {
        return {
          id: params.client_id,
          secret: params.client_secret,
          refused: 'client_secret_post is not allowed for this server: use HTTP Basic',
        };
      }
    }
    return { id: params.client_id, secret: params.client_secret };
  }

  constructor(
    private readonly world: World,
    readonly tokens: TokenService,
    private readonly stats: StatsCounter,
  ) {
    this.oauth = new OAuth2Server({ model: this.model(), accessTokenLifetime: 86_400, refreshTokenLifetime: REFRESH_LIFETIME_SECONDS });
  }

  private get origin(): string {
    return this.tokens.issuer.replace(/\/$/, '');
  }

  private client(id: string): ClientRec | undefined {
    return this.world.clients.find((c) => c.id === id);
  }

  private libClient(c: ClientRec): LibClient {
    return { id: c.id, grants: c.grants, redirectUris: c.redirectUris };
  }

  // ---- the library's model ----

  private model(): OAuth2Server.AuthorizationCodeModel &
    OAuth2Server.PasswordModel &
    OAuth2Server.RefreshTokenModel &
    OAuth2Server.ClientCredentialsModel {
    const tokens = this.tokens;
    return {
      getClient: async (clientId: string, clientSecret: string | null | undefined) => {
        const c = this.client(clientId);
        if (!c) return false;
        // handleToken has checked the client's authentication (clientAuthError); a secret, when sent, must be right.
        if (clientSecret !== null && clientSecret !== undefined && clientSecret !== c.secret) return false;
        return this.libClient(c);
      },
      validateRedirectUri: async (uri: string, client: LibClient) => {
        const c = this.client(client.id);
        return !!c && isAllowedRedirect(uri, c, this.redirectCheck);
      },
      validateScope: async (user: LibUser, _client: LibClient, scope?: string[]) => {
        const p = user as GrantUser;
        const wanted = [...new Set(scope ?? [])].filter((s) => KNOWN_SCOPES.includes(s));
        return p.kind === 'client' ? wanted.filter((s) => !USER_ONLY_SCOPES.includes(s)) : wanted;
      },
      getUser: async (username: string, password: string) => {
        const u = this.world.users.find((x) => x.username.toLowerCase() === username.trim().toLowerCase());
        return u && u.password === password ? userPrincipal(u) : false;
      },
      getUserFromClient: async (client: LibClient) => {
        const c = this.client(client.id);
        return c ? clientPrincipal(c) : false;
      },
      generateAccessToken: async (client: LibClient, user: LibUser, scope: string[]) =>
        tokens.signAccessToken(user as GrantUser, client.id, scope ?? []),
      getAccessToken: async () => false, // bearer tokens are JWTs, verified in authenticate()
      saveAuthorizationCode: async (code, client, user) => {
        const p = user as GrantUser;
        tokens.codes.set(code.authorizationCode, {
          code: code.authorizationCode,
          clientId: client.id,
          principal: stripFamily(p),
          redirectUri: code.redirectUri,
          scope: code.scope ?? [],
          expiresAt: code.expiresAt,
          codeChallenge: code.codeChallenge,
          codeChallengeMethod: code.codeChallengeMethod,
          family: tokens.newFamily(),
          used: false,
        });
        return { ...code, client, user };
      },
      getAuthorizationCode: async (code: string) => {
        const r = tokens.codes.get(code);
        if (!r) return false;
        if (r.used) {
          // A code presented twice: also revoke what the first exchange issued (RFC 6749 §4.1.2).
          tokens.revokeFamily(r.family);
          return false;
        }
        const c = this.client(r.clientId);
        if (!c) return false;
        return {
          authorizationCode: r.code,
          expiresAt: r.expiresAt,
          redirectUri: r.redirectUri,
          scope: r.scope,
          client: this.libClient(c),
          user: { ...r.principal, family: r.family },
          ...(r.codeChallenge ? { codeChallenge: r.codeChallenge, codeChallengeMethod: r.codeChallengeMethod } : {}),
        };
      },
      revokeAuthorizationCode: async (code) => {
        const r = tokens.codes.get(code.authorizationCode);
        if (!r || r.used) return false;
        r.used = true;
        return true;
      },
      saveToken: async (token, client, user) => {
        const p = user as GrantUser;
        const scope = token.scope ?? [];
        const saved: OAuth2Server.Token = {
          accessToken: token.accessToken,
          accessTokenExpiresAt: token.accessTokenExpiresAt,
          scope,
          client,
          user: stripFamily(p),
        };
        if (token.refreshToken && p.kind === 'user' && hasOffline(scope)) {
          tokens.saveRefreshToken({
            token: token.refreshToken,
            clientId: client.id,
            principal: stripFamily(p),
            scope,
            family: p.family ?? tokens.newFamily(),
            expiresAt: token.refreshTokenExpiresAt ?? new Date(Date.now() + REFRESH_LIFETIME_SECONDS * 1000),
            used: false,
            revoked: false,
          });
          saved.refreshToken = token.refreshToken;
          saved.refreshTokenExpiresAt = token.refreshTokenExpiresAt;
        }
        if (p.kind === 'user' && (scope.includes('openid') || scope.includes('profile'))) {
          saved.id_token = await tokens.signIdToken(p, client.id);
        }
        return saved;
      },
      getRefreshToken: async (refreshToken: string) => {
        const r = tokens.refreshTokens.get(refreshToken);
        if (!r || r.revoked) return false;
        if (r.used) {
          tokens.revokeFamily(r.family); // reuse of a rotated token: the family is compromised
          return false;
        }
        const c = this.client(r.clientId);
        if (!c) return false;
        return {
          refreshToken: r.token,
          refreshTokenExpiresAt: r.expiresAt,
          scope: r.scope,
          client: this.libClient(c),
          user: { ...r.principal, family: r.family },
        };
      },
      revokeToken: async (token) => {
        const r = tokens.refreshTokens.get(token.refreshToken);
        if (!r || r.revoked) return false;
        if (r.used) {
          tokens.revokeFamily(r.family);
          return false;
        }
        r.used = true;
        return true;
      },
    };
  }

  // ---- HTTP handlers ----

  private checkAuthorize(p: Record<string, string>): AuthorizeCheck {
    const client = p.client_id ? this.client(p.client_id) : undefined;
    if (!client) return { kind: 'fatal', message: p.client_id ? `Unknown client_id "${p.client_id}".` : 'Missing client_id.' };
    if (!p.redirect_uri) return { kind: 'fatal', message: 'Missing redirect_uri.' };
    if (!isAllowedRedirect(p.redirect_uri, client, this.redirectCheck)) {
      return { kind: 'fatal', message: `The redirect_uri "${p.redirect_uri}" is not an allowed callback URL of client "${client.id}".` };
    }
    const fail = (error: string, description: string): AuthorizeCheck => ({
      kind: 'redirect',
      redirectUri: p.redirect_uri,
      error,
      description,
    });
    if (!client.grants.includes('authorization_code')) {
      return { kind: 'fatal', message: `Client "${client.id}" is not allowed to sign people in with the browser (authorization_code).` };
    }
    if (p.response_type !== 'code') return fail('unsupported_response_type', 'Only response_type=code is supported');
    if (p.audience && p.audience !== this.tokens.audience) return fail('access_denied', `Service not found: ${p.audience}`);
    if (p.code_challenge_method && p.code_challenge_method !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256');
    if (p.code_challenge_method && !p.code_challenge) return fail('invalid_request', 'Missing code_challenge');
    if (p.code_challenge && !PKCE_CHALLENGE_RE.test(p.code_challenge)) return fail('invalid_request', 'Invalid code_challenge');
    if (client.type === 'public' && !p.code_challenge)
      return fail('invalid_request', 'A public client must use PKCE: code_challenge required');
    return { kind: 'ok', client };
  }

  /** GET /authorize shows the login page; POST /authorize checks the credentials and redirects with a code. */
  async handleAuthorize(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    let params: Record<string, string>;
    if (req.method === 'POST') {
      params = parseParams(req, await readBody(req));
    } else {
      params = Object.fromEntries(url.searchParams);
    }
    const check = this.checkAuthorize(params);
    if (check.kind === 'fatal') {
      sendHtml(res, 400, renderError('Sign-in error', check.message));
      return;
    }
    if (check.kind === 'redirect') {
      sendEmpty(res, 302, {
        Location: errorRedirect(check.redirectUri, check.error, check.description, params.state),
        'Cache-Control': 'no-store',
      });
      return;
    }
    const carried: Record<string, string> = {};
    for (const k of AUTHORIZE_FIELDS) if (params[k] !== undefined) carried[k] = params[k];
    if (req.method !== 'POST') {
      sendHtml(res, 200, renderLogin(carried, { clientName: check.client.name }));
      return;
    }
    const username = (params.username ?? '').trim();
    const user = this.world.users.find((u) => u.username.toLowerCase() === username.toLowerCase());
    if (!user || user.password !== params.password) {
      sendHtml(res, 401, renderLogin(carried, { clientName: check.client.name, error: WRONG_CREDENTIALS, username }));
      return;
    }
    const principal = userPrincipal(user);
    const libReq = new OAuth2Server.Request({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      query: {},
      body: carried,
    });
    const libRes = new OAuth2Server.Response();
    try {
      await this.oauth.authorize(libReq, libRes, {
        authenticateHandler: { handle: () => principal },
        allowEmptyState: true,
        authorizationCodeLifetime: CODE_LIFETIME_SECONDS,
      });
    } catch (e) {
      if (libRes.status !== 302) {
        sendHtml(res, 400, renderError('Sign-in error', e instanceof Error ? e.message : 'Authorization failed'));
        return;
      }
    }
    sendEmpty(res, 302, { Location: String(libRes.headers?.location ?? ''), 'Cache-Control': 'no-store' });
  }

  /** POST /oauth/token: form or JSON (trailing commas tolerated). */
  async handleToken(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const noStore = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };
    let params: Record<string, string>;
    try {
      params = parseParams(req, await readBody(req));
    } catch (e) {
      this.stats.tokenRequest('invalid');
      const msg = e instanceof HttpError ? e.message : 'Malformed request';
      sendJson(res, 400, { error: 'invalid_request', error_description: msg }, noStore);
      return;
    }
    const grant = params.grant_type ?? '';
    this.stats.tokenRequest(GRANT_TYPES.includes(grant) ? grant : grant ? 'unsupported' : 'missing');
    if (params.audience && params.audience !== this.tokens.audience) {
      sendJson(res, 403, { error: 'access_denied', error_description: `Service not found: ${params.audience}` }, noStore);
      return;
    }
    const refused = this.clientAuthError(req, params, grant);
    if (refused) {
      sendJson(res, 401, { error: 'invalid_client', error_description: refused }, noStore);
      return;
    }
    const body = new URLSearchParams(params).toString();
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(body.length) };
    if (req.headers.authorization) headers.authorization = req.headers.authorization;
    const libReq = new OAuth2Server.Request({ method: 'POST', headers, query: {}, body: params });
    const libRes = new OAuth2Server.Response();
    const lifetime = this.tokens.lifetimeSeconds;
    try {
      await this.oauth.token(libReq, libRes, {
        accessTokenLifetime: lifetime,
        refreshTokenLifetime: REFRESH_LIFETIME_SECONDS,
        allowExtendedTokenAttributes: true,
        // Who needs a secret is decided per client type in clientAuthError, not per grant.
        requireClientAuthentication: { password: false, refresh_token: false, authorization_code: false, client_credentials: false },
      });
    } catch (e) {
      const b = (libRes.body ?? {}) as { error?: string; error_description?: string };
      const error = b.error || 'server_error';
      let status = libRes.status ?? 500;
      let description = b.error_description || (e instanceof Error ? e.message : 'Token request failed');
      if (error === 'invalid_client') status = 401;
      if (error === 'unauthorized_client') status = 403;
      if (error === 'invalid_grant' && grant === 'password') {
        status = 403;
        description = WRONG_CREDENTIALS;
      }
      sendJson(res, status, { error, error_description: description }, noStore);
      return;
    }
    const out: Record<string, unknown> = { ...(libRes.body as Record<string, unknown>), expires_in: lifetime };
    if (typeof out.scope !== 'string') out.scope = '';
    sendJson(res, 200, out, noStore);
  }

  /**
   * Client authentication at the token endpoint, as Auth0 has it per application type: a confidential client's
   * secret is required (and must be right) for every grant; a public client has none, so one sent is refused.
   * Unknown clients and grants a client may not use are left to the library (invalid_client, unauthorized_client).
   */
  private clientAuthError(req: IncomingMessage, params: Record<string, string>, grant: string): string | undefined {
    const { id, secret, refused } = this.clientCredentials(req, params);
    if (refused) return refused;
    const client = id ? this.client(id) : undefined;
    if (!client || !client.grants.includes(grant)) return undefined;
    if (client.type === 'public') {
      return secret ? `Client "${client.id}" is a public client: it has no client_secret` : undefined;
    }
    if (!secret) return `Client "${client.id}" is confidential: client_secret required for ${grant}`;
    if (secret !== client.secret) return 'Invalid client credentials';
    return undefined;
  }

  /** POST /oauth/revoke (RFC 7009): revokes a refresh token and its family; 200 whether or not it existed. */
  async handleRevoke(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let params: Record<string, string>;
    try {
      params = parseParams(req, await readBody(req));
    } catch (e) {
      sendJson(res, 400, { error: 'invalid_request', error_description: e instanceof Error ? e.message : 'Malformed request' });
      return;
    }
    if (!params.token) {
      sendJson(res, 400, { error: 'invalid_request', error_description: 'Missing parameter: `token`' });
      return;
    }
    const { id, secret, refused } = this.clientCredentials(req, params);
    if (refused) {
      sendJson(res, 401, { error: 'invalid_client', error_description: refused });
      return;
    }
    const client = id ? this.client(id) : undefined;
    if (id && secret && (!client || client.secret !== secret)) {
      sendJson(res, 401, { error: 'invalid_client', error_description: 'Invalid client credentials' });
      return;
    }
    const r = this.tokens.refreshTokens.get(params.token);
    if (r && (!id || id === r.clientId)) this.tokens.revokeFamily(r.family);
    sendJson(res, 200, {});
  }

  /** Validates `Authorization: Bearer …`; throws a 401 HttpError with WWW-Authenticate. */
  async authenticate(req: IncomingMessage): Promise<Principal> {
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) {
      throw new HttpError(401, 'unauthorized', 'Missing bearer token', { 'WWW-Authenticate': 'Bearer realm="HoxtonAi"' });
    }
    try {
      const claims = await this.tokens.verifyAccessToken(m[1]);
      const p = findPrincipal(this.world, claims.sub);
      if (!p || p.orgId !== claims.orgId) throw new InvalidTokenError('The access token is invalid');
      return p;
    } catch (e) {
      const message = e instanceof InvalidTokenError ? e.message : 'The access token is invalid';
      throw new HttpError(401, 'unauthorized', message, {
        'WWW-Authenticate': `Bearer realm="HoxtonAi", error="invalid_token", error_description="${message}"`,
      });
    }
  }

  async handleUserinfo(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const p = await this.authenticate(req);
    const org = this.world.orgById.get(p.orgId);
    sendJson(res, 200, { sub: p.sub, name: p.name, email: p.email, org_id: p.orgId, org_name: org?.name ?? null });
  }

  private authMethods(): string[] {
    const both = ['client_secret_post', 'client_secret_basic'];
    const secret = { both, 'app-post': both, basic: ['client_secret_basic'], post: ['client_secret_post'] };
    return [...secret[this.tokenAuth], 'none'];
  }

  openidConfiguration(): Record<string, unknown> {
    const o = this.origin;
    return {
      issuer: `${o}/`,
      authorization_endpoint: `${o}/authorize`,
      token_endpoint: `${o}/oauth/token`,
      revocation_endpoint: `${o}/oauth/revoke`,
      userinfo_endpoint: `${o}/userinfo`,
      jwks_uri: `${o}/.well-known/jwks.json`,
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: GRANT_TYPES,
      code_challenge_methods_supported: ['S256'],
      scopes_supported: KNOWN_SCOPES,
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: this.authMethods(),
      revocation_endpoint_auth_methods_supported: this.authMethods(),
      claims_supported: ['sub', 'name', 'email', 'email_verified', 'https://hoxton.ai/org'],
    };
  }
}

function stripFamily(p: GrantUser): Principal {
  const { family: _family, ...rest } = p;
  void _family;
  return rest;
}
