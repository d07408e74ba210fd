// A second, independently written OpenID provider for the tests: `oidc-provider` (panva, certified OpenID
// provider library; ESM, loaded with require(esm) of Node >= 20.19) on 127.0.0.1 and a random port. It has
//  - a public native client (PKCE required, no secret, loopback redirects on any port, refresh tokens rotated on
//    every use), its ID tokens signed ES256 (the sandbox signs RS256);
//  - a confidential client that may only authenticate with client_secret_basic (client credentials grant);
//  - RFC 9207: `iss` in every authorization response, advertised in its discovery document;
//  - its own login and consent pages (devInteractions), which `browserLogin` drives over HTTP like a browser.
import { generateKeyPairSync, randomBytes } from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';

export const OIDC_NATIVE = 'hoxton-native';
export const OIDC_MACHINE = { clientId: 'hoxton-machine', clientSecret: 'machine secret: with + / % & = characters' };
/** Who signs in (any login is accepted by the development interactions; the account's claims come from here). */
export const OIDC_USER = { login: 'olivia@provider.test', name: 'Olivia Provider', orgId: 'org-oidc', orgName: 'Provider Org' };

export interface OidcProviderOptions {
  /** Redirect URIs of the native client besides loopback http://127.0.0.1/callback (any port). */
  redirectUris?: string[];
  /** Access token lifetime, seconds (default 3600). */
  accessTokenSeconds?: number;
}

export interface RunningProvider {
  /** http://127.0.0.1:PORT: the issuer and the auth domain. */
  issuer: string;
  close(): Promise<void>;
}

interface ProviderLike {
  callback(): (req: http.IncomingMessage, res: http.ServerResponse) => void;
  Client: { prototype: { redirectUriAllowed(this: { redirectUris: string[] }, uri: string): boolean } };
}

/** A redirect URI without code-server's per-request counter (`vscode-reqid`), which changes on every sign-in. */
function withoutRequestId(uri: string): string {
  try {
    const u = new URL(uri);
    u.searchParams.delete('vscode-reqid');
    return u.toString();
  } catch {
    return uri;
  }
}

export async function startOidcProvider(opts: OidcProviderOptions = {}): Promise<RunningProvider> {
  let handler: (req: http.IncomingMessage, res: http.ServerResponse) => void = (_req, res) => res.writeHead(503).end();
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const name = 'oidc-provider';
  const { Provider } = (await import(name)) as { Provider: new (issuer: string, config: Record<string, unknown>) => ProviderLike };
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: `oidc-${randomBytes(4).toString('hex')}`, alg: 'ES256', use: 'sig' };
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: OIDC_NATIVE,
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: ['http://127.0.0.1/callback', ...(opts.redirectUris ?? []).map(withoutRequestId)],
        id_token_signed_response_alg: 'ES256',
      },
      {
        client_id: OIDC_MACHINE.clientId,
        client_secret: OIDC_MACHINE.clientSecret,
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        id_token_signed_response_alg: 'ES256',
      },
    ],
    jwks: { keys: [jwk] },
    clientAuthMethods: ['none', 'client_secret_basic'],
    pkce: { required: () => true },
    features: { clientCredentials: { enabled: true }, revocation: { enabled: true }, devInteractions: { enabled: true } },
    scopes: ['openid', 'offline_access', 'profile', 'email'],
    // The organisation comes with `profile` (the scope the extension asks for), as org_id/org_name.
    claims: { openid: ['sub'], profile: ['name', 'org_id', 'org_name'], email: ['email'] },
    // Name and organisation in the ID token too, so that the extension's ID token check is what decides.
    conformIdTokenClaims: false,
    findAccount: (_ctx: unknown, id: string) => ({
      accountId: id,
      claims: () => ({ sub: id, name: OIDC_USER.name, email: id, org_id: OIDC_USER.orgId, org_name: OIDC_USER.orgName }),
    }),
    rotateRefreshToken: true,
    // oidc-provider drops offline_access from a request without prompt=consent (OpenID Connect Core §11), unless
    // "other conditions permitting offline access are in place": this provider's policy is that its native client
    // always gets a refresh token. (The extension does not send prompt=consent: Auth0 does not need it.)
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(g: string): boolean }) => client.grantTypeAllowed('refresh_token'),
    ttl: { AccessToken: opts.accessTokenSeconds ?? 3600, ClientCredentials: 600, IdToken: 3600, RefreshToken: 86_400, Grant: 86_400 },
    cookies: { keys: [randomBytes(16).toString('hex')] },
  });
  // code-server's URI-handler callback (asExternalUri) carries a counter that changes per sign-in: this provider
  // matches registered URIs ignoring it, as one would register the callback with a wildcard there.
  const allowed = provider.Client.prototype.redirectUriAllowed;
  provider.Client.prototype.redirectUriAllowed = function (uri: string) {
    return allowed.call(this, uri) || this.redirectUris.map(withoutRequestId).includes(withoutRequestId(uri));
  };
  handler = provider.callback();
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Signs in at the provider's pages like a browser: follows the authorization request through its login and consent
 * forms (cookies kept), and returns the address it finally redirects to (the client's redirect URI with code, state
 * and iss). `redirectPrefix` says where the client's redirect URI starts.
 */
export async function browserLogin(authorizeUrl: string, redirectPrefix: string, login = OIDC_USER.login): Promise<URL> {
  const jar = new Map<string, string>();
  let url = authorizeUrl;
  let method = 'GET';
  let body: string | undefined;
  for (let step = 0; step < 20; step++) {
    const res = await fetch(url, {
      method,
      body,
      redirect: 'manual',
      headers: {
        Cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(body ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
      },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      const next = new URL(location, url).toString();
      if (next.startsWith(redirectPrefix)) return new URL(next);
      url = next;
      method = 'GET';
      body = undefined;
      continue;
    }
    const html = await res.text();
    if (res.status !== 200)
      throw new Error(`the provider answered ${res.status} at ${url}: ${html.replace(/<[^>]+>/g, ' ').slice(0, 300)}`);
    const form = /<form[^>]*action="([^"]*)"[^>]*method="post"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
    if (!form) throw new Error(`no form on the provider's page at ${url}`);
    const fields = new URLSearchParams();
    for (const m of form[2].matchAll(/<input[^>]*>/g)) {
      const n = /name="([^"]*)"/.exec(m[0])?.[1];
      if (!n) continue;
      const v = /value="([^"]*)"/.exec(m[0])?.[1] ?? '';
      fields.set(n, n === 'login' ? login : n === 'password' ? 'any password' : v);
    }
    url = new URL(form[1].replace(/&amp;/g, '&'), url).toString();
    method = 'POST';
    body = fields.toString();
  }
  throw new Error('the provider did not redirect back within 20 steps');
}
