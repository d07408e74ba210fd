// What an authorization server says about itself (OpenID Connect Discovery 1.0, RFC 8414), read from
// `/.well-known/openid-configuration`, and the Auth0 paths used when it says nothing. Pure: api/oauth.ts fetches
// and caches; this module checks the document and answers the questions the requests ask (where to send what,
// how the client authenticates, whether the authorization response must carry `iss`).

/** How a confidential client proves itself at the token (or revocation) endpoint (RFC 6749 §2.3.1). */
export type ClientAuth = 'client_secret_basic' | 'client_secret_post' | 'none';

export interface ServerMetadata {
  /** `discovery`: read from the server's document; `auth0`: no document, Auth0's fixed paths. */
  source: 'discovery' | 'auth0';
  /** The issuer the document named (discovery only); the ID token's and the authorization response's `iss`. */
  issuer?: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  /** Absent when a discovered server has none: then nothing is revoked there. */
  revocationEndpoint?: string;
  /** Absent when a discovered server has none: then only the ID token tells who signed in. */
  userinfoEndpoint?: string;
  /** Where the ID token's signing keys are (discovery only): without it, ID token claims are not used. */
  jwksUri?: string;
  /** `token_endpoint_auth_methods_supported`; undefined when not advertised. */
  tokenAuthMethods?: string[];
  /** `revocation_endpoint_auth_methods_supported`; undefined when not advertised. */
  revocationAuthMethods?: string[];
  /** RFC 9207 `authorization_response_iss_parameter_supported`. */
  issParameterSupported: boolean;
  /** Why the Auth0 paths are used (no document, unreadable, unusable), for the log. */
  note?: string;
}

/** Auth0's paths under the auth domain: what sign-in used before discovery, and still uses without a document. */
export function auth0Metadata(domain: string): ServerMetadata {
  const d = trim(domain);
  return {
    source: 'auth0',
    authorizationEndpoint: `${d}/authorize`,
    tokenEndpoint: `${d}/oauth/token`,
    revocationEndpoint: `${d}/oauth/revoke`,
    userinfoEndpoint: `${d}/userinfo`,
    issParameterSupported: false,
  };
}

/** The discovery document's address for an auth domain (OpenID Connect Discovery 1.0 §4). */
export function discoveryUrl(domain: string): string {
  return `${trim(domain)}/.well-known/openid-configuration`;
}

/**
 * Checks a discovery document fetched from `domain`: its `issuer` must name that domain (a trailing slash aside,
 * as Auth0 writes it), and every endpoint it names must be https, or http on loopback only (the rule of the server
 * settings, src/util/serverUrl.ts), without credentials or fragment. Returns why it is unusable, as a string, or
 * the metadata. An unusable document is not used at all (OpenID Connect Discovery 1.0 §4.3).
 */
export function parseDiscovery(doc: unknown, domain: string): ServerMetadata | string {
  if (!isObj(doc)) return 'the document is not a JSON object';
  const issuer = doc.issuer;
  if (typeof issuer !== 'string' || !issuer) return 'the document has no issuer';
  if (trim(issuer) !== trim(domain)) return `its issuer ${JSON.stringify(issuer)} is not the auth domain ${JSON.stringify(trim(domain))}`;
  const endpoint = (key: string, required: boolean): string | undefined | Error => {
    const v = doc[key];
    if (v === undefined || v === null) return required ? new Error(`the document has no ${key}`) : undefined;
    if (typeof v !== 'string' || !safeEndpoint(v)) return new Error(`its ${key} is not an https address (or http on loopback)`);
    return v;
  };
  const authorization = endpoint('authorization_endpoint', true);
  const token = endpoint('token_endpoint', true);
  const revocation = endpoint('revocation_endpoint', false);
  const userinfo = endpoint('userinfo_endpoint', false);
  const jwks = endpoint('jwks_uri', false);
  for (const e of [authorization, token, revocation, userinfo, jwks]) if (e instanceof Error) return e.message;
  return {
    source: 'discovery',
    issuer,
    authorizationEndpoint: authorization as string,
    tokenEndpoint: token as string,
    revocationEndpoint: revocation as string | undefined,
    userinfoEndpoint: userinfo as string | undefined,
    jwksUri: jwks as string | undefined,
    tokenAuthMethods: strings(doc.token_endpoint_auth_methods_supported),
    revocationAuthMethods: strings(doc.revocation_endpoint_auth_methods_supported),
    issParameterSupported: doc.authorization_response_iss_parameter_supported === true,
  };
}

/**
 * How a client authenticates at the token endpoint (`which: 'token'`) or the revocation endpoint.
 * - No secret: `none` (a public client sends its client_id in the body).
 * - Without a discovery document (Auth0's paths): `client_secret_post`, as sign-in always did with Auth0.
 * - With one: `client_secret_basic` when it is advertised or nothing is advertised (the default of RFC 8414 §2 and
 *   OpenID Connect Discovery, and the method every server must support, RFC 6749 §2.3.1, which calls the body
 *   NOT RECOMMENDED); `client_secret_post` only when it is advertised and basic is not. A list with neither (only
 *   `private_key_jwt`, say) gets basic, the method RFC 6749 obliges a server to accept.
 * The revocation endpoint follows its own list when there is one, else the token endpoint's (RFC 8414 §2).
 */
export function clientAuth(meta: ServerMetadata, hasSecret: boolean, which: 'token' | 'revocation' = 'token'): ClientAuth {
  if (!hasSecret) return 'none';
  if (meta.source === 'auth0') return 'client_secret_post';
  const list = (which === 'revocation' ? meta.revocationAuthMethods : undefined) ?? meta.tokenAuthMethods;
  if (!list || list.includes('client_secret_basic')) return 'client_secret_basic';
  return list.includes('client_secret_post') ? 'client_secret_post' : 'client_secret_basic';
}

/**
 * The `Authorization` header value of client_secret_basic: id and secret each form-urlencoded, then joined by a
 * colon and base64-encoded (RFC 6749 §2.3.1).
 */
export function basicCredentials(clientId: string, clientSecret: string): string {
  const enc = (s: string) => new URLSearchParams({ v: s }).toString().slice(2);
  return `Basic ${Buffer.from(`${enc(clientId)}:${enc(clientSecret)}`, 'utf8').toString('base64')}`;
}

/**
 * RFC 9207: when the server says it sends `iss` in authorization responses, the response must carry exactly its
 * issuer (a mix-up defence); returns what is wrong, or undefined when the answer may be used. A server that does not
 * say so is not asked for it (an `iss` it sends anyway must still match, §2.4).
 */
export function issuerProblem(meta: ServerMetadata, iss: string | undefined): 'missing' | 'mismatch' | undefined {
  if (iss === undefined) return meta.issParameterSupported ? 'missing' : undefined;
  if (meta.issuer === undefined) return undefined; // Auth0's paths: no issuer known to compare with
  return iss === meta.issuer ? undefined : 'mismatch';
}

/** Seconds a discovery answer may be reused, from its Cache-Control (clamped to a day); one hour when it says nothing. */
export function cacheSeconds(cacheControl: string | null | undefined): number {
  const cc = (cacheControl ?? '').toLowerCase();
  if (/(^|[,\s])(no-store|no-cache)($|[,\s=])/.test(cc)) return 0;
  const m = /(^|[,\s])max-age\s*=\s*"?(\d+)"?/.exec(cc);
  if (m) return Math.min(Number(m[2]), 86_400);
  return 3600;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function safeEndpoint(v: string): boolean {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    return false;
  }
  if (u.username || u.password || u.hash) return false;
  return u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK.has(u.hostname));
}

function strings(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
}
function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function trim(s: string): string {
  return s.replace(/\/+$/, '');
}
