// Any standard authorization server: discovery (parsing, checks, cache, fallback to Auth0's paths), the client
// authentication method, RFC 9207's iss check and the ID token check (pure parts), then src/api/oauth.ts over real
// HTTP against the sandbox switched both ways (discovery on/off, client_secret_basic/post) and against a second,
// independent OpenID provider (oidc-provider): browser sign-in with PKCE, refresh with rotation, client credentials
// with client_secret_basic. Expectations are written out here, not derived from the product code.
import * as assert from 'assert';
import { randomBytes } from 'crypto';
import { SignJWT, exportJWK, generateKeyPair, type KeyLike } from 'jose';
import { verifyIdToken } from '../../src/api/idToken';
import {
  OAuthError,
  authorizeUrl,
  createPkce,
  idTokenClaims,
  parseRedirect,
  randomState,
  requestToken,
  revokeToken,
  serverMetadata,
  userInfo,
} from '../../src/api/oauth';
import {
  auth0Metadata,
  basicCredentials,
  cacheSeconds,
  clientAuth,
  issuerProblem,
  parseDiscovery,
  type ServerMetadata,
} from '../../src/api/oidcMetadata';
import type { Sandbox } from '../../sandbox/index';
import { ACME, ACME_APP, AUDIENCE, BOROUGH, DEMO, login, OPS, start } from '../sandbox/helpers';
import { browserLogin, OIDC_MACHINE, OIDC_NATIVE, OIDC_USER, startOidcProvider, type RunningProvider } from '../support/oidcProvider';

const DOC = {
  issuer: 'https://id.example.com/',
  authorization_endpoint: 'https://id.example.com/oauth2/auth?tenant=1',
  token_endpoint: 'https://tokens.example.com/token',
  revocation_endpoint: 'https://id.example.com/oauth2/revoke',
  userinfo_endpoint: 'https://id.example.com/me',
  jwks_uri: 'https://id.example.com/keys',
  token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt'],
  authorization_response_iss_parameter_supported: true,
};

describe('OpenID discovery document', () => {
  it('reads the endpoints, methods and RFC 9207 flag of a valid document', () => {
    const m = parseDiscovery(DOC, 'https://id.example.com') as ServerMetadata;
    assert.strictEqual(typeof m, 'object', String(m));
    assert.strictEqual(m.source, 'discovery');
    assert.strictEqual(m.issuer, 'https://id.example.com/');
    assert.strictEqual(m.authorizationEndpoint, 'https://id.example.com/oauth2/auth?tenant=1');
    assert.strictEqual(m.tokenEndpoint, 'https://tokens.example.com/token');
    assert.strictEqual(m.revocationEndpoint, 'https://id.example.com/oauth2/revoke');
    assert.strictEqual(m.userinfoEndpoint, 'https://id.example.com/me');
    assert.strictEqual(m.jwksUri, 'https://id.example.com/keys');
    assert.deepStrictEqual(m.tokenAuthMethods, ['client_secret_post', 'private_key_jwt']);
    assert.strictEqual(m.issParameterSupported, true);
  });

  it('accepts loopback http and an issuer that differs from the domain only by a trailing slash', () => {
    const d = 'http://127.0.0.1:4000';
    const m = parseDiscovery({ issuer: d, authorization_endpoint: `${d}/a`, token_endpoint: `http://localhost:4000/t` }, `${d}/`);
    assert.strictEqual(typeof m, 'object', String(m));
    assert.strictEqual((m as ServerMetadata).revocationEndpoint, undefined);
    assert.strictEqual((m as ServerMetadata).userinfoEndpoint, undefined);
    assert.strictEqual((m as ServerMetadata).issParameterSupported, false);
  });

  const refused: [string, unknown, RegExp][] = [
    ['another issuer', { ...DOC, issuer: 'https://evil.example.com/' }, /issuer/],
    ['an issuer on a sub-path', { ...DOC, issuer: 'https://id.example.com/tenant' }, /issuer/],
    ['no issuer', { ...DOC, issuer: undefined }, /issuer/],
    ['an http token endpoint off loopback', { ...DOC, token_endpoint: 'http://tokens.example.com/token' }, /token_endpoint/],
    ['an endpoint with credentials', { ...DOC, userinfo_endpoint: 'https://u:p@id.example.com/me' }, /userinfo_endpoint/],
    ['a javascript: endpoint', { ...DOC, authorization_endpoint: 'javascript:alert(1)' }, /authorization_endpoint/],
    ['a missing token endpoint', { ...DOC, token_endpoint: undefined }, /token_endpoint/],
    ['a non-string jwks_uri', { ...DOC, jwks_uri: 42 }, /jwks_uri/],
    ['an array', [DOC], /object/],
  ];
  for (const [what, doc, re] of refused) {
    it(`is not used with ${what}`, () => {
      const m = parseDiscovery(doc, 'https://id.example.com');
      assert.strictEqual(typeof m, 'string');
      assert.match(m as string, re);
    });
  }

  it('keeps Auth0 paths under the domain when there is no document', () => {
    assert.deepStrictEqual(auth0Metadata('https://auth.hoxton.ai/'), {
      source: 'auth0',
      authorizationEndpoint: 'https://auth.hoxton.ai/authorize',
      tokenEndpoint: 'https://auth.hoxton.ai/oauth/token',
      revocationEndpoint: 'https://auth.hoxton.ai/oauth/revoke',
      userinfoEndpoint: 'https://auth.hoxton.ai/userinfo',
      issParameterSupported: false,
    });
  });

  it('is cached as long as Cache-Control says (an hour when silent, a day at most, never with no-store/no-cache)', () => {
    assert.strictEqual(cacheSeconds(null), 3600);
    assert.strictEqual(cacheSeconds('public, max-age=15, stale-while-revalidate=15'), 15);
    assert.strictEqual(cacheSeconds('max-age=604800'), 86_400);
    assert.strictEqual(cacheSeconds('no-cache'), 0);
    assert.strictEqual(cacheSeconds('private, no-store'), 0);
    assert.strictEqual(cacheSeconds('s-maxage=5'), 3600);
  });
});

describe('client authentication method', () => {
  const disc = (list?: string[], revocation?: string[]): ServerMetadata => ({
    ...auth0Metadata('https://x.example'),
    source: 'discovery',
    tokenAuthMethods: list,
    revocationAuthMethods: revocation,
  });
  const table: [string, ServerMetadata, boolean, string][] = [
    ['Auth0 paths (no document): post, as before', auth0Metadata('https://x.example'), true, 'client_secret_post'],
    ['no secret: none', disc(['client_secret_basic']), false, 'none'],
    ['nothing advertised: basic (RFC 8414 default)', disc(undefined), true, 'client_secret_basic'],
    ['both advertised: basic', disc(['client_secret_post', 'client_secret_basic']), true, 'client_secret_basic'],
    ['basic only: basic', disc(['client_secret_basic']), true, 'client_secret_basic'],
    ['post only: post', disc(['client_secret_post', 'none']), true, 'client_secret_post'],
    ['neither (private_key_jwt): basic', disc(['private_key_jwt']), true, 'client_secret_basic'],
  ];
  for (const [what, meta, secret, expected] of table) {
    it(what, () => assert.strictEqual(clientAuth(meta, secret), expected));
  }
  it('revocation follows its own list, else the token endpoint’s', () => {
    assert.strictEqual(clientAuth(disc(['client_secret_basic'], ['client_secret_post']), true, 'revocation'), 'client_secret_post');
    assert.strictEqual(clientAuth(disc(['client_secret_post']), true, 'revocation'), 'client_secret_post');
  });
  it('client_secret_basic form-urlencodes id and secret before base64 (RFC 6749 §2.3.1)', () => {
    const expected = 'Basic ' + Buffer.from('my+client%3A1:p%40ss%2Fw%2Brd%25', 'utf8').toString('base64');
    assert.strictEqual(basicCredentials('my client:1', 'p@ss/w+rd%'), expected);
  });
});

describe('RFC 9207 iss in the authorization response', () => {
  const withIss: ServerMetadata = {
    ...auth0Metadata('https://id.example.com'),
    source: 'discovery',
    issuer: 'https://id.example.com/',
    issParameterSupported: true,
  };
  const without: ServerMetadata = { ...withIss, issParameterSupported: false };
  it('is required and must match when the server says it sends it', () => {
    assert.strictEqual(issuerProblem(withIss, 'https://id.example.com/'), undefined);
    assert.strictEqual(issuerProblem(withIss, undefined), 'missing');
    assert.strictEqual(issuerProblem(withIss, 'https://id.example.com'), 'mismatch');
    assert.strictEqual(issuerProblem(withIss, 'https://evil.example.com/'), 'mismatch');
  });
  it('is not required otherwise, but one that is sent must still match', () => {
    assert.strictEqual(issuerProblem(without, undefined), undefined);
    assert.strictEqual(issuerProblem(without, 'https://evil.example.com/'), 'mismatch');
    assert.strictEqual(issuerProblem(auth0Metadata('https://auth.hoxton.ai'), undefined), undefined);
  });
  it('parseRedirect reads iss', () => {
    assert.strictEqual(
      parseRedirect('http://127.0.0.1:1/callback?code=c&state=s&iss=https%3A%2F%2Fid.example.com%2F').iss,
      'https://id.example.com/',
    );
    assert.strictEqual('iss' in parseRedirect('?code=c&state=s'), false);
  });
});

describe('ID token check', () => {
  const ISS = 'https://id.example.com/';
  const CLIENT = 'client-1';
  let key: KeyLike;
  let jwks: { keys: unknown[] };
  const now = Math.floor(Date.now() / 1000);
  before(async () => {
    const pair = await generateKeyPair('ES256');
    key = pair.privateKey;
    jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' }] };
  });
  const sign = (claims: Record<string, unknown>, k: typeof key = key, kid = 'k1', alg = 'ES256') =>
    new SignJWT({ name: 'Ann', ...claims }).setProtectedHeader({ alg, kid }).sign(k);
  const good = { iss: ISS, aud: CLIENT, sub: 'u1', exp: now + 600, iat: now };

  it('accepts a token signed by a published key with iss, aud and exp right', async () => {
    const r = await verifyIdToken(await sign(good), { issuer: ISS, clientId: CLIENT, jwks });
    assert.ok(r.ok, JSON.stringify(r));
    assert.strictEqual(r.claims.name, 'Ann');
  });
  const bad: [string, () => Promise<string>, RegExp][] = [
    ['another issuer', () => sign({ ...good, iss: 'https://evil.example.com/' }), /iss/],
    ['another audience', () => sign({ ...good, aud: 'someone-else' }), /aud/],
    ['several audiences and another azp', () => sign({ ...good, aud: [CLIENT, 'x'], azp: 'x' }), /azp/],
    ['an expired exp', () => sign({ ...good, exp: now - 3600 }), /expired/],
    ['no exp', () => sign({ iss: ISS, aud: CLIENT, sub: 'u1' }), /exp/],
    ['an unpublished key', async () => sign(good, (await generateKeyPair('ES256')).privateKey), /signature/],
    ['an unknown kid', () => sign(good, key, 'k2'), /no published key/],
    ['HS256 (a shared secret)', () => sign(good, new Uint8Array(32) as unknown as KeyLike, 'k1', 'HS256'), /asymmetric|key/],
    [
      'an unsigned token',
      async () => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(good)).toString('base64url')}.`,
      /./,
    ],
  ];
  for (const [what, token, re] of bad) {
    it(`refuses a token with ${what}`, async () => {
      const r = await verifyIdToken(await token(), { issuer: ISS, clientId: CLIENT, jwks });
      assert.strictEqual(r.ok, false);
      assert.match((r as { reason: string }).reason, re);
    });
  }
});

describe('OAuth against the sandbox, switched both ways', function () {
  this.timeout(30_000);
  let sb: Sandbox;
  before(async () => (sb = await start()));
  after(() => sb.close());
  const server = () => ({ domain: sb.url, audience: AUDIENCE, timeoutMs: 5000 });
  const passwordGrant = () =>
    requestToken(server(), {
      grant: 'password',
      ...DEMO,
      clientId: ACME.clientId,
      clientSecret: ACME.clientSecret,
      scope: 'openid profile offline_access',
    });

  it('discovery on, both advertised: client_secret_basic; the ID token is verified and used', async () => {
    sb.setOidc({ discovery: true, tokenAuth: 'both' });
    assert.strictEqual((await serverMetadata(server())).source, 'discovery');
    const t = await passwordGrant();
    assert.deepStrictEqual(sb.oidc().clientAuth, { basic: 1, post: 0 });
    const id = await idTokenClaims(server(), t.idToken, ACME.clientId);
    assert.strictEqual(id.claims?.name, 'Dana Demo', id.reason);
    assert.strictEqual(id.claims?.iss, `${sb.url}/`);
    const other = await idTokenClaims(server(), t.idToken, 'another-client');
    assert.strictEqual(other.claims, undefined);
    assert.match(other.reason ?? '', /aud/);
    await revokeToken(server(), { token: t.refreshToken!, clientId: ACME.clientId, clientSecret: ACME.clientSecret });
    assert.deepStrictEqual(sb.oidc().clientAuth, { basic: 2, post: 0 }, 'revocation authenticates the same way');
  });

  it('discovery on, basic only: basic; a secret in the body is refused by this server', async () => {
    sb.setOidc({ discovery: true, tokenAuth: 'basic' });
    await passwordGrant();
    assert.deepStrictEqual(sb.oidc().clientAuth, { basic: 1, post: 0 });
    const r = await fetch(`${sb.url}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: ACME.clientId,
        client_secret: ACME.clientSecret,
        audience: AUDIENCE,
      }),
    });
    assert.strictEqual(r.status, 401);
    assert.strictEqual(((await r.json()) as { error: string }).error, 'invalid_client');
  });

  it('discovery on, post only: client_secret_post', async () => {
    sb.setOidc({ discovery: true, tokenAuth: 'post' });
    await requestToken(server(), { grant: 'client_credentials', clientId: ACME.clientId, clientSecret: ACME.clientSecret });
    assert.deepStrictEqual(sb.oidc().clientAuth, { basic: 0, post: 1 });
  });

  it('both advertised but the client held to post (an Auth0 application set to "Post"): basic refused, post once, then post', async () => {
    sb.setOidc({ discovery: true, tokenAuth: 'app-post' });
    const t = await requestToken(server(), {
      grant: 'password',
      ...OPS,
      clientId: BOROUGH.clientId,
      clientSecret: BOROUGH.clientSecret,
      scope: 'openid profile offline_access',
    });
    assert.deepStrictEqual(sb.oidc().clientAuth, { basic: 1, post: 1 }, 'basic first, refused; then post');
    await requestToken(server(), {
      grant: 'refresh_token',
      refreshToken: t.refreshToken!,
      clientId: BOROUGH.clientId,
      clientSecret: BOROUGH.clientSecret,
    });
    await revokeToken(server(), { token: t.refreshToken!, clientId: BOROUGH.clientId, clientSecret: BOROUGH.clientSecret });
    assert.deepStrictEqual(sb.oidc().clientAuth, { basic: 1, post: 3 }, 'renewal and revocation go straight to post');
  });

  it('discovery off (404): Auth0 paths and client_secret_post, as before; ID token claims are not trusted, /userinfo is', async () => {
    sb.setOidc({ discovery: false, tokenAuth: 'post' });
    const meta = await serverMetadata(server());
    assert.strictEqual(meta.source, 'auth0');
    assert.match(meta.note ?? '', /404/);
    const t = await passwordGrant();
    assert.deepStrictEqual(sb.oidc().clientAuth, { basic: 0, post: 1 });
    const id = await idTokenClaims(server(), t.idToken, ACME.clientId);
    assert.strictEqual(id.claims, undefined);
    assert.match(id.reason ?? '', /discovery/);
    assert.strictEqual((await userInfo(server(), t.accessToken)).name, 'Dana Demo');
  });

  it('discovery off and a server that wants basic: the Auth0 default (post) is refused with invalid_client', async () => {
    sb.setOidc({ discovery: false, tokenAuth: 'basic' });
    await assert.rejects(passwordGrant(), (e: unknown) => e instanceof OAuthError && e.code === 'invalid_client');
  });

  it('browser sign-in with the public client through the discovered endpoints', async () => {
    sb.setOidc({ discovery: true, tokenAuth: 'both' });
    const p = createPkce();
    const state = randomState();
    const redirectUri = 'http://127.0.0.1:33418/callback';
    const url = await authorizeUrl(server(), {
      clientId: ACME_APP.clientId,
      redirectUri,
      scope: 'openid profile offline_access',
      state,
      codeChallenge: p.challenge,
    });
    assert.ok(url.startsWith(`${sb.url}/authorize?`), url);
    assert.strictEqual(new URL(url).searchParams.get('audience'), AUDIENCE, 'audience kept (Auth0)');
    const { code } = await login(sb, { clientId: ACME_APP.clientId, redirectUri, challenge: p.challenge, state });
    const t = await requestToken(server(), {
      grant: 'authorization_code',
      code,
      redirectUri,
      codeVerifier: p.verifier,
      clientId: ACME_APP.clientId,
    });
    assert.ok(t.refreshToken);
    assert.deepStrictEqual(sb.oidc().clientAuth, { basic: 0, post: 0 }, 'a public client sends no secret');
  });

  it('a discovery document naming another issuer is not used', async () => {
    // A server whose document names another issuer (a proxy, a misconfiguration): Auth0 paths, with the reason.
    const http = await import('http');
    const fake = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ ...DOC, issuer: 'https://elsewhere.example/' }));
    });
    await new Promise<void>((r) => fake.listen(0, '127.0.0.1', () => r()));
    try {
      const domain = `http://127.0.0.1:${(fake.address() as import('net').AddressInfo).port}`;
      const meta = await serverMetadata({ domain, audience: AUDIENCE, timeoutMs: 5000 });
      assert.strictEqual(meta.source, 'auth0');
      assert.strictEqual(meta.tokenEndpoint, `${domain}/oauth/token`);
      assert.match(meta.note ?? '', /issuer/);
    } finally {
      fake.close();
    }
  });
});

describe('OAuth against an independent OpenID provider (oidc-provider)', function () {
  this.timeout(30_000);
  let op: RunningProvider;
  before(async () => (op = await startOidcProvider()));
  after(() => op.close());
  const server = () => ({ domain: op.issuer, audience: AUDIENCE, timeoutMs: 5000 });

  async function browserSignIn(): Promise<Awaited<ReturnType<typeof requestToken>>> {
    const p = createPkce();
    const state = randomState();
    const redirectUri = 'http://127.0.0.1:45123/callback';
    const url = await authorizeUrl(server(), {
      clientId: OIDC_NATIVE,
      redirectUri,
      scope: 'openid profile email offline_access',
      state,
      codeChallenge: p.challenge,
    });
    assert.ok(url.startsWith(`${op.issuer}/auth?`), `the discovered authorization endpoint: ${url}`);
    const answer = parseRedirect((await browserLogin(url, redirectUri)).toString());
    assert.strictEqual(answer.state, state);
    const meta = await serverMetadata(server());
    assert.strictEqual(meta.issParameterSupported, true);
    assert.strictEqual(issuerProblem(meta, answer.iss), undefined, `iss ${answer.iss}`);
    return requestToken(server(), {
      grant: 'authorization_code',
      code: answer.code!,
      redirectUri,
      codeVerifier: p.verifier,
      clientId: OIDC_NATIVE,
    });
  }

  it('browser sign-in: PKCE, iss in the answer, a verified ES256 ID token and /userinfo', async () => {
    const t = await browserSignIn();
    assert.ok(t.refreshToken, 'offline_access gave a refresh token');
    const id = await idTokenClaims(server(), t.idToken, OIDC_NATIVE);
    assert.strictEqual(id.claims?.name, OIDC_USER.name, id.reason);
    assert.strictEqual(id.claims?.org_id, OIDC_USER.orgId);
    const info = await userInfo(server(), t.accessToken);
    assert.deepStrictEqual([info.sub, info.orgId, info.orgName], [OIDC_USER.login, OIDC_USER.orgId, OIDC_USER.orgName]);
  });

  it('refresh with rotation: a new refresh token each time, the spent one refused', async () => {
    const t = await browserSignIn();
    const r1 = await requestToken(server(), { grant: 'refresh_token', refreshToken: t.refreshToken!, clientId: OIDC_NATIVE });
    assert.ok(r1.refreshToken && r1.refreshToken !== t.refreshToken, 'rotated');
    assert.notStrictEqual(r1.accessToken, t.accessToken);
    await assert.rejects(
      requestToken(server(), { grant: 'refresh_token', refreshToken: t.refreshToken!, clientId: OIDC_NATIVE }),
      (e: unknown) => e instanceof OAuthError && e.code === 'invalid_grant' && e.definitive,
    );
  });

  it('client credentials with client_secret_basic (the only method this client may use)', async () => {
    const meta = await serverMetadata(server());
    assert.ok(meta.tokenAuthMethods?.includes('client_secret_basic'));
    assert.ok(!meta.tokenAuthMethods?.includes('client_secret_post'), 'the provider advertises basic, not post');
    const t = await requestToken(server(), { grant: 'client_credentials', ...OIDC_MACHINE });
    assert.ok(t.accessToken);
    await revokeToken(server(), { token: t.accessToken, ...OIDC_MACHINE });
    // The same secret in the body is refused by this provider: the method matters.
    const r = await fetch(meta.tokenEndpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: OIDC_MACHINE.clientId,
        client_secret: OIDC_MACHINE.clientSecret,
      }),
    });
    assert.strictEqual(r.status, 401);
  });

  it('a wrong client secret is invalid_client', async () => {
    await assert.rejects(
      requestToken(server(), {
        grant: 'client_credentials',
        clientId: OIDC_MACHINE.clientId,
        clientSecret: randomBytes(8).toString('hex'),
      }),
      (e: unknown) => e instanceof OAuthError && e.code === 'invalid_client',
    );
  });
});
