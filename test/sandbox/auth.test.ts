import { strict as assert } from 'assert';
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import type { Sandbox } from '../../sandbox/index';
import {
  ACME,
  ACME_APP,
  api,
  AUDIENCE,
  authorizeUrl,
  BOROUGH,
  DEMO,
  hiddenFields,
  login,
  passwordToken,
  pkce,
  post,
  sleep,
  start,
  token,
} from './helpers';

describe('sandbox: auth server', () => {
  let sb: Sandbox;
  before(async () => {
    sb = await start({ bigSiteMonitors: 0 });
  });
  after(() => sb.close());

  describe('discovery', () => {
    it('publishes openid-configuration and a JWKS', async () => {
      const conf = (await (await fetch(`${sb.url}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
      assert.equal(conf.issuer, `${sb.url}/`);
      assert.equal(conf.authorization_endpoint, `${sb.url}/authorize`);
      assert.equal(conf.token_endpoint, `${sb.url}/oauth/token`);
      assert.equal(conf.revocation_endpoint, `${sb.url}/oauth/revoke`);
      assert.equal(conf.userinfo_endpoint, `${sb.url}/userinfo`);
      assert.equal(conf.jwks_uri, `${sb.url}/.well-known/jwks.json`);
      assert.deepEqual(conf.code_challenge_methods_supported, ['S256']);
      for (const g of ['authorization_code', 'password', 'client_credentials', 'refresh_token']) {
        assert.ok((conf.grant_types_supported as string[]).includes(g));
      }
      const jwks = (await (await fetch(`${sb.url}/.well-known/jwks.json`)).json()) as { keys: Record<string, string>[] };
      assert.equal(jwks.keys.length, 1);
      assert.equal(jwks.keys[0].kty, 'RSA');
      assert.ok(jwks.keys[0].kid);
      assert.equal(jwks.keys[0].d, undefined, 'no private key material');
    });
  });

  describe('published curl examples (JSON with a trailing comma)', () => {
    it('client_credentials returns a token that reads /v1/sites', async () => {
      const body = `{"grant_type":"client_credentials","client_id":"${ACME.clientId}","client_secret":"${ACME.clientSecret}","audience":"${AUDIENCE}",}`;
      const r = await post(`${sb.url}/oauth/token`, body);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.token_type, 'Bearer');
      assert.equal(r.body.expires_in, 86400);
      assert.equal(typeof r.body.scope, 'string');
      assert.equal(r.body.refresh_token, undefined);
      assert.equal(r.body.id_token, undefined);
      assert.equal(decodeJwt(r.body.access_token).sub, 'sandbox-acme-service@clients');
      const asForm = await post(`${sb.url}/oauth/token`, body, 'application/x-www-form-urlencoded'); // curl -d without -H
      assert.equal(asForm.status, 200, asForm.text);
      const sites = await api(sb, r.body.access_token, '/v1/sites');
      assert.equal(sites.status, 200);
      assert.ok(sites.body.data.length > 0);
    });

    it('password returns access, refresh and ID tokens that read /v1/sites', async () => {
      const body = `{"grant_type":"password","username":"demo@hoxton.test","password":"demo","audience":"${AUDIENCE}","scope":"offline_access profile","client_id":"${ACME.clientId}","client_secret":"${ACME.clientSecret}",}`;
      const r = await post(`${sb.url}/oauth/token`, body);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.token_type, 'Bearer');
      assert.ok(r.body.refresh_token);
      assert.ok(r.body.id_token);
      assert.equal(r.body.scope, 'offline_access profile');
      assert.equal((await api(sb, r.body.access_token, '/v1/sites')).status, 200);
    });

    it('rejects other malformed JSON with 400 invalid_request', async () => {
      for (const body of ['{"grant_type":"password",,}', '{"grant_type":', '["password"]', '{"grant_type": {"x": 1}}']) {
        const r = await post(`${sb.url}/oauth/token`, body);
        assert.equal(r.status, 400, body);
        assert.equal(r.body.error, 'invalid_request', body);
        assert.ok(r.body.error_description);
      }
    });
  });

  describe('token endpoint errors (Auth0 shape)', () => {
    it('wrong password → 403 invalid_grant', async () => {
      const r = await passwordToken(sb, { username: DEMO.username, password: 'nope' });
      assert.equal(r.status, 403);
      assert.deepEqual(Object.keys(r.body).sort(), ['error', 'error_description']);
      assert.equal(r.body.error, 'invalid_grant');
      assert.equal(r.body.error_description, 'Wrong email or password.');
    });

    it('wrong client secret → 401 invalid_client; unknown grant → unsupported_grant_type; wrong audience → 403', async () => {
      const bad = await token(sb, { grant_type: 'client_credentials', client_id: ACME.clientId, client_secret: 'wrong' });
      assert.equal(bad.status, 401);
      assert.equal(bad.body.error, 'invalid_client');
      const grant = await token(sb, { grant_type: 'device_code', client_id: ACME.clientId, client_secret: ACME.clientSecret });
      assert.equal(grant.status, 400);
      assert.equal(grant.body.error, 'unsupported_grant_type');
      const aud = await token(sb, { grant_type: 'client_credentials', ...cc(ACME), audience: 'https://evil.example' });
      assert.equal(aud.status, 403);
      assert.equal(aud.body.error, 'access_denied');
      const missing = await token(sb, { grant_type: 'client_credentials', client_id: ACME.clientId });
      assert.equal(missing.status, 401);
      assert.equal(missing.body.error, 'invalid_client');
    });
  });

  describe('JWTs', () => {
    it('access token verifies against the JWKS and carries the claims', async () => {
      const r = await passwordToken(sb, DEMO, 'openid profile offline_access');
      const jwks = createLocalJWKSet((await (await fetch(`${sb.url}/.well-known/jwks.json`)).json()) as { keys: [] });
      const { payload, protectedHeader } = await jwtVerify(r.body.access_token, jwks, { issuer: `${sb.url}/`, audience: AUDIENCE });
      assert.equal(protectedHeader.alg, 'RS256');
      assert.ok(protectedHeader.kid);
      assert.equal(payload.azp, ACME.clientId);
      assert.equal(payload.scope, 'openid profile offline_access');
      assert.equal(payload['https://hoxton.ai/org'], 'org_acme_retail');
      assert.ok(typeof payload.sub === 'string' && payload.sub.length > 0);
      assert.equal((payload.exp as number) - (payload.iat as number), 86400);
      const id = await jwtVerify(r.body.id_token, jwks, { issuer: `${sb.url}/`, audience: ACME.clientId });
      assert.equal(id.payload.name, 'Dana Demo');
      assert.equal(id.payload.email, 'demo@hoxton.test');
      assert.equal(id.payload.sub, payload.sub);
    });
  });

  describe('authorization_code + PKCE through the login page', () => {
    it('serves an escaped login page', async () => {
      const { challenge } = pkce();
      const res = await fetch(authorizeUrl(sb, { challenge, state: '"><script>alert(1)</script>' }));
      assert.equal(res.status, 200);
      const html = await res.text();
      assert.match(html, /<title>Sign in to HoxtonAi \(sandbox\)<\/title>/);
      assert.match(html, /name="username"/);
      assert.match(html, /name="password"/);
      assert.match(html, /<button type="submit">Continue<\/button>/);
      assert.ok(!html.includes('<script>alert(1)</script>'), 'state must be escaped');
      assert.equal(hiddenFields(html).state, '"><script>alert(1)</script>');
      assert.equal(hiddenFields(html).code_challenge, challenge);
    });

    it('wrong password shows the login page again', async () => {
      const { challenge } = pkce();
      const fields = hiddenFields(await (await fetch(authorizeUrl(sb, { challenge }))).text());
      const r = await post(`${sb.url}/authorize`, { ...fields, username: DEMO.username, password: 'wrong' });
      assert.ok(r.status === 200 || r.status === 401);
      assert.ok(r.text.includes('Wrong email or password.'));
      assert.equal(r.headers.get('location'), null);
    });

    it('logs in, redirects with code and state, and exchanges the code with the verifier', async () => {
      const { verifier, challenge } = pkce();
      const redirectUri = 'http://127.0.0.1:61234/callback';
      const { location, code, state } = await login(sb, { challenge, redirectUri, state: 's-1' });
      assert.equal(`${location.origin}${location.pathname}`, redirectUri);
      assert.equal(state, 's-1');
      assert.ok(code);
      const r = await token(sb, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        client_id: ACME_APP.clientId,
        code_verifier: verifier,
      });
      assert.equal(r.status, 200, r.text);
      assert.ok(r.body.access_token && r.body.refresh_token && r.body.id_token);
      assert.equal((await api(sb, r.body.access_token, '/v1/organisation')).body.name, 'Acme Retail');
    });

    it('accepts loopback on any port, vscode:// and vscode.dev callbacks; refuses others without redirecting', async () => {
      const { challenge } = pkce();
      for (const redirectUri of [
        'http://localhost:40001/callback',
        'http://127.0.0.1:9/stable-abc123/callback',
        'vscode://hoxton.hoxton-reports/auth-complete',
        'https://vscode.dev/redirect',
      ]) {
        const res = await fetch(authorizeUrl(sb, { challenge, redirectUri }));
        assert.equal(res.status, 200, redirectUri);
      }
      for (const redirectUri of ['https://evil.example/callback', 'vscode://other.extension/auth', 'https://vscode.dev/other']) {
        const res = await fetch(authorizeUrl(sb, { challenge, redirectUri }), { redirect: 'manual' });
        assert.equal(res.status, 400, redirectUri);
        assert.equal(res.headers.get('location'), null);
        assert.match(await res.text(), /not an allowed callback/);
      }
      const unknown = await fetch(authorizeUrl(sb, { challenge, clientId: 'nobody' }), { redirect: 'manual' });
      assert.equal(unknown.status, 400);
      assert.equal(unknown.headers.get('location'), null);
    });

    it('rejects a wrong verifier, and the code is then used up', async () => {
      const { verifier, challenge } = pkce();
      const redirectUri = 'http://127.0.0.1:61234/callback';
      const { code } = await login(sb, { challenge, redirectUri });
      const bad = await token(sb, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        client_id: ACME_APP.clientId,
        code_verifier: pkce().verifier,
      });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error, 'invalid_grant');
      const again = await token(sb, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        client_id: ACME_APP.clientId,
        code_verifier: verifier,
      });
      assert.equal(again.body.error, 'invalid_grant');
    });

    it('rejects code reuse (and revokes what the first exchange issued)', async () => {
      const { verifier, challenge } = pkce();
      const redirectUri = 'http://127.0.0.1:61234/callback';
      const { code } = await login(sb, { challenge, redirectUri });
      const params = {
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        client_id: ACME_APP.clientId,
        code_verifier: verifier,
      };
      const first = await token(sb, params);
      assert.equal(first.status, 200);
      const second = await token(sb, params);
      assert.equal(second.status, 400);
      assert.equal(second.body.error, 'invalid_grant');
      const refresh = await token(sb, {
        grant_type: 'refresh_token',
        refresh_token: first.body.refresh_token,
        client_id: ACME_APP.clientId,
      });
      assert.equal(refresh.body.error, 'invalid_grant');
    });

    it('binds the code to the client and the redirect_uri', async () => {
      const { verifier, challenge } = pkce();
      const redirectUri = 'http://127.0.0.1:61234/callback';
      const a = await login(sb, { challenge, redirectUri });
      const other = await token(sb, {
        grant_type: 'authorization_code',
        code: a.code,
        redirect_uri: redirectUri,
        client_id: 'sandbox-borough',
        client_secret: BOROUGH.clientSecret,
        code_verifier: verifier,
      });
      assert.equal(other.body.error, 'unauthorized_client', 'a confidential service client has no authorization_code grant');
      const b = await login(sb, { challenge, redirectUri });
      const wrongUri = await token(sb, {
        grant_type: 'authorization_code',
        code: b.code,
        redirect_uri: 'http://127.0.0.1:1/elsewhere',
        client_id: ACME_APP.clientId,
        code_verifier: verifier,
      });
      assert.equal(wrongUri.status, 400);
    });
  });

  describe('redirect URI checks', () => {
    afterEach(() => sb.setRedirectCheck('any-port'));

    it('accept a registered loopback callback on any port by default (RFC 8252), and only the registered one when exact', async () => {
      const { challenge } = pkce();
      const status = async (redirectUri: string) => (await fetch(authorizeUrl(sb, { challenge, redirectUri }))).status;
      assert.equal(await status('http://127.0.0.1:47999/callback'), 200, 'any port');
      assert.equal(await status('http://127.0.0.1:47321/callback'), 200);
      sb.setRedirectCheck('exact');
      assert.equal(await status('http://127.0.0.1:47321/callback'), 200, 'the registered port');
      assert.equal(await status('http://127.0.0.1:47999/callback'), 400, 'another port is refused');
      assert.equal(await status('vscode://hoxton.hoxton-reports/auth-complete'), 200, 'the URI handler callback');
      assert.equal(await status('http://evil.example/callback'), 400);
    });

    it('switch over HTTP: POST /__sandbox/redirect-check {"check":"exact"|"any-port"}; anything else is 400', async () => {
      const { challenge } = pkce();
      const status = async (redirectUri: string) => (await fetch(authorizeUrl(sb, { challenge, redirectUri }))).status;
      const check = async () => ((await (await fetch(`${sb.url}/__sandbox/redirect-check`)).json()) as { check: string }).check;
      assert.equal(await check(), 'any-port');
      const set = await post(`${sb.url}/__sandbox/redirect-check`, JSON.stringify({ check: 'exact' }));
      assert.equal(set.status, 200, set.text);
      assert.deepEqual(set.body, { check: 'exact' });
      assert.equal(await check(), 'exact');
      assert.equal(await status('http://127.0.0.1:47999/callback'), 400, 'another port is refused once exact');
      assert.equal(await status('http://127.0.0.1:47321/callback'), 200);
      const bad = await post(`${sb.url}/__sandbox/redirect-check`, JSON.stringify({ check: 'loose' }));
      assert.equal(bad.status, 400, bad.text);
      assert.equal(await check(), 'exact', 'a refused value changes nothing');
      assert.equal((await post(`${sb.url}/__sandbox/redirect-check`, JSON.stringify({ check: 'any-port' }))).status, 200);
      assert.equal(await status('http://127.0.0.1:47999/callback'), 200, 'any port again');
    });

    it('refuse a code exchange whose redirect_uri left the registered port in exact mode', async () => {
      const { verifier, challenge } = pkce();
      const a = await login(sb, { challenge, redirectUri: 'http://127.0.0.1:47321/callback' });
      sb.setRedirectCheck('exact');
      const wrong = await token(sb, {
        grant_type: 'authorization_code',
        code: a.code,
        redirect_uri: 'http://127.0.0.1:47999/callback',
        client_id: ACME_APP.clientId,
        code_verifier: verifier,
      });
      assert.equal(wrong.status, 400, wrong.text);
    });
  });

  describe('OAuth clients modelled like Auth0 applications', () => {
    /** A code for the public client, signed in as Dana; its PKCE verifier. */
    async function publicCode(): Promise<{ code: string; verifier: string; redirectUri: string }> {
      const { verifier, challenge } = pkce();
      const redirectUri = 'http://127.0.0.1:61234/callback';
      const { code } = await login(sb, { challenge, redirectUri });
      return { code, verifier, redirectUri };
    }
    const exchange = (c: { code: string; verifier?: string; redirectUri: string }, extra: Record<string, string> = {}) =>
      token(sb, {
        grant_type: 'authorization_code',
        code: c.code,
        redirect_uri: c.redirectUri,
        client_id: ACME_APP.clientId,
        ...(c.verifier ? { code_verifier: c.verifier } : {}),
        ...extra,
      });

    it('public native client: /authorize without PKCE is refused (error redirect), and a code needs its verifier', async () => {
      const q = new URL(authorizeUrl(sb, { challenge: pkce().challenge, state: 'no-pkce' }));
      q.searchParams.delete('code_challenge');
      q.searchParams.delete('code_challenge_method');
      const res = await fetch(q, { redirect: 'manual' });
      assert.equal(res.status, 302);
      const back = new URL(res.headers.get('location') ?? '');
      assert.equal(back.searchParams.get('error'), 'invalid_request');
      assert.match(back.searchParams.get('error_description') ?? '', /PKCE/);
      assert.equal(back.searchParams.get('state'), 'no-pkce');
      const c = await publicCode();
      const noVerifier = await exchange({ code: c.code, redirectUri: c.redirectUri });
      assert.equal(noVerifier.status, 400, noVerifier.text);
      assert.equal(noVerifier.body.error, 'invalid_grant');
    });

    it('public native client: no secret needed for the code or refresh, and a secret sent is refused', async () => {
      const c = await publicCode();
      const withSecret = await exchange(c, { client_secret: 'anything' });
      assert.equal(withSecret.status, 401, withSecret.text);
      assert.equal(withSecret.body.error, 'invalid_client');
      const first = await exchange(c);
      assert.equal(first.status, 200, first.text);
      const refreshed = await token(sb, {
        grant_type: 'refresh_token',
        refresh_token: first.body.refresh_token,
        client_id: ACME_APP.clientId,
      });
      assert.equal(refreshed.status, 200, refreshed.text);
      const secretOnRefresh = await token(sb, {
        grant_type: 'refresh_token',
        refresh_token: refreshed.body.refresh_token,
        client_id: ACME_APP.clientId,
        client_secret: ACME.clientSecret,
      });
      assert.equal(secretOnRefresh.status, 401, secretOnRefresh.text);
      assert.equal(secretOnRefresh.body.error, 'invalid_client');
    });

    it('public native client: client_credentials and password are refused (403 unauthorized_client)', async () => {
      const ccGrant = await token(sb, { grant_type: 'client_credentials', client_id: ACME_APP.clientId, audience: AUDIENCE });
      assert.equal(ccGrant.status, 403, ccGrant.text);
      assert.equal(ccGrant.body.error, 'unauthorized_client');
      const pw = await token(sb, { grant_type: 'password', ...DEMO, client_id: ACME_APP.clientId, scope: 'openid offline_access' });
      assert.equal(pw.status, 403, pw.text);
      assert.equal(pw.body.error, 'unauthorized_client');
    });

    it('confidential client: a missing or wrong secret is 401 invalid_client for password and refresh_token', async () => {
      for (const secret of [undefined, 'wrong']) {
        const pw = await token(sb, {
          grant_type: 'password',
          ...DEMO,
          scope: 'offline_access',
          client_id: ACME.clientId,
          ...(secret ? { client_secret: secret } : {}),
        });
        assert.equal(pw.status, 401, `password, secret ${secret}: ${pw.text}`);
        assert.equal(pw.body.error, 'invalid_client');
      }
      const ok = await passwordToken(sb, DEMO, 'offline_access');
      assert.equal(ok.status, 200, ok.text);
      for (const secret of [undefined, 'wrong']) {
        const r = await token(sb, {
          grant_type: 'refresh_token',
          refresh_token: ok.body.refresh_token,
          client_id: ACME.clientId,
          ...(secret ? { client_secret: secret } : {}),
        });
        assert.equal(r.status, 401, `refresh, secret ${secret}: ${r.text}`);
        assert.equal(r.body.error, 'invalid_client');
      }
      // The refused attempts did not spend the refresh token: with the secret (HTTP Basic this time) it renews.
      const basic = Buffer.from(`${ACME.clientId}:${ACME.clientSecret}`).toString('base64');
      const renewed = await post(
        `${sb.url}/oauth/token`,
        { grant_type: 'refresh_token', refresh_token: ok.body.refresh_token },
        undefined,
        {
          Authorization: `Basic ${basic}`,
        },
      );
      assert.equal(renewed.status, 200, renewed.text);
    });

    it('confidential client: cannot sign people in through /authorize (no authorization_code grant)', async () => {
      const res = await fetch(authorizeUrl(sb, { challenge: pkce().challenge, clientId: ACME.clientId }), { redirect: 'manual' });
      assert.equal(res.status, 400);
      assert.equal(res.headers.get('location'), null);
      assert.match(await res.text(), /not allowed to sign people in/);
    });

    it('GET /__sandbox/info lists each client with its type, grants and (confidential only) secret', async () => {
      const info = (await (await fetch(`${sb.url}/__sandbox/info`)).json()) as {
        clients: { id: string; type: string; secret?: string; grants: string[] }[];
      };
      const byId = new Map(info.clients.map((c) => [c.id, c]));
      const app = byId.get(ACME_APP.clientId);
      assert.deepEqual(app && [app.type, app.secret, app.grants], ['public', undefined, ['authorization_code', 'refresh_token']]);
      for (const c of [ACME, BOROUGH]) {
        assert.equal(byId.get(c.clientId)?.type, 'confidential');
        assert.equal(byId.get(c.clientId)?.secret, c.clientSecret);
        assert.deepEqual(byId.get(c.clientId)?.grants, ['password', 'client_credentials', 'refresh_token']);
      }
    });
  });

  describe('refresh tokens', () => {
    it('are only issued with offline_access (or offline)', async () => {
      assert.equal((await passwordToken(sb, DEMO, 'openid profile')).body.refresh_token, undefined);
      assert.ok((await passwordToken(sb, DEMO, 'offline_access')).body.refresh_token);
      assert.ok((await passwordToken(sb, DEMO, 'offline')).body.refresh_token);
    });

    it('rotate, and reuse of a rotated one revokes the whole family', async () => {
      const first = await passwordToken(sb, DEMO, 'offline_access');
      const rt1 = first.body.refresh_token as string;
      const r2 = await token(sb, { grant_type: 'refresh_token', refresh_token: rt1, ...cc(ACME) });
      assert.equal(r2.status, 200, r2.text);
      const rt2 = r2.body.refresh_token as string;
      assert.ok(rt2 && rt2 !== rt1);
      assert.equal((await api(sb, r2.body.access_token, '/v1/sites')).status, 200);
      const r3 = await token(sb, { grant_type: 'refresh_token', refresh_token: rt2, ...cc(ACME) });
      assert.equal(r3.status, 200, r3.text);
      const rt3 = r3.body.refresh_token as string;
      // Replay rt1 (already rotated): invalid_grant, and rt3 (the live one) dies too.
      const replay = await token(sb, { grant_type: 'refresh_token', refresh_token: rt1, ...cc(ACME) });
      assert.equal(replay.status, 400);
      assert.equal(replay.body.error, 'invalid_grant');
      const live = await token(sb, { grant_type: 'refresh_token', refresh_token: rt3, ...cc(ACME) });
      assert.equal(live.body.error, 'invalid_grant');
      // Another family is unaffected.
      const other = await passwordToken(sb, DEMO, 'offline_access');
      assert.equal((await token(sb, { grant_type: 'refresh_token', refresh_token: other.body.refresh_token, ...cc(ACME) })).status, 200);
    });

    it('cannot be used by another client', async () => {
      const first = await passwordToken(sb, DEMO, 'offline_access');
      const r = await token(sb, { grant_type: 'refresh_token', refresh_token: first.body.refresh_token, ...cc(BOROUGH) });
      assert.equal(r.body.error, 'invalid_grant');
    });

    it('POST /oauth/revoke revokes a refresh token (form or JSON); 200 for unknown tokens', async () => {
      const a = await passwordToken(sb, DEMO, 'offline_access');
      const rev = await post(`${sb.url}/oauth/revoke`, { token: a.body.refresh_token, client_id: ACME.clientId });
      assert.equal(rev.status, 200);
      assert.equal(
        (await token(sb, { grant_type: 'refresh_token', refresh_token: a.body.refresh_token, ...cc(ACME) })).body.error,
        'invalid_grant',
      );
      const b = await passwordToken(sb, DEMO, 'offline_access');
      const revJson = await post(`${sb.url}/oauth/revoke`, JSON.stringify({ token: b.body.refresh_token, ...cc(ACME) }));
      assert.equal(revJson.status, 200);
      assert.equal(
        (await token(sb, { grant_type: 'refresh_token', refresh_token: b.body.refresh_token, ...cc(ACME) })).body.error,
        'invalid_grant',
      );
      assert.equal((await post(`${sb.url}/oauth/revoke`, { token: 'no-such-token', client_id: ACME.clientId })).status, 200);
    });
  });

  describe('bearer tokens', () => {
    it('GET /userinfo answers the profile and organisation', async () => {
      const t = (await passwordToken(sb, DEMO, 'openid profile')).body.access_token as string;
      const r = await api(sb, t, '/userinfo');
      assert.equal(r.status, 200);
      assert.equal(r.body.name, 'Dana Demo');
      assert.equal(r.body.email, 'demo@hoxton.test');
      assert.equal(r.body.org_id, 'org_acme_retail');
      assert.equal(r.body.org_name, 'Acme Retail');
      assert.ok(r.body.sub);
      assert.equal((await fetch(`${sb.url}/userinfo`)).status, 401);
    });

    it('rejects missing, garbage and foreign tokens with 401 + WWW-Authenticate', async () => {
      const none = await fetch(`${sb.url}/v1/sites`);
      assert.equal(none.status, 401);
      assert.match(none.headers.get('www-authenticate') ?? '', /^Bearer/);
      const garbage = await api(sb, 'not.a.jwt', '/v1/sites');
      assert.equal(garbage.status, 401);
      assert.equal(garbage.body.error.code, 'unauthorized');
      assert.match(garbage.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
      // A token from another sandbox (another key) is not accepted.
      const other = await start({ bigSiteMonitors: 0, sites: 1, monitorsPerSite: 1 });
      try {
        const foreign = (await passwordToken(other, DEMO, 'openid')).body.access_token as string;
        assert.equal((await api(sb, foreign, '/v1/sites')).status, 401);
      } finally {
        await other.close();
      }
    });

    it('expire (token lifetime switched to 2 s over HTTP) → 401 invalid_token', async () => {
      // Not 1 s: expiry is compared at whole seconds, so a 1-second token issued at x.999 s can arrive expired.
      const set = await post(`${sb.url}/__sandbox/token-lifetime`, JSON.stringify({ seconds: 2 }));
      assert.equal(set.status, 200);
      try {
        const r = await passwordToken(sb, DEMO, 'openid');
        assert.equal(r.body.expires_in, 2);
        assert.equal((await api(sb, r.body.access_token, '/v1/sites')).status, 200);
        // Wait past the token's own `exp` (not a guessed duration).
        const { exp } = decodeJwt(r.body.access_token as string);
        assert.ok(exp, 'the token has an exp');
        await sleep(Math.max(0, exp * 1000 - Date.now()) + 50);
        const expired = await api(sb, r.body.access_token, '/v1/sites');
        assert.equal(expired.status, 401);
        assert.match(expired.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
        assert.match(expired.body.error.message, /expired/);
      } finally {
        sb.setTokenLifetime(86400);
      }
    });

    it('revoke-all invalidates earlier access and refresh tokens only', async () => {
      const before = await passwordToken(sb, DEMO, 'offline_access');
      assert.equal((await post(`${sb.url}/__sandbox/revoke-all`, '{}')).status, 200);
      assert.equal((await api(sb, before.body.access_token, '/v1/sites')).status, 401);
      assert.equal(
        (await token(sb, { grant_type: 'refresh_token', refresh_token: before.body.refresh_token, ...cc(ACME) })).body.error,
        'invalid_grant',
      );
      const after = await passwordToken(sb, DEMO, 'offline_access');
      assert.equal((await api(sb, after.body.access_token, '/v1/sites')).status, 200);
    });
  });
});

function cc(c: { clientId: string; clientSecret: string }): Record<string, string> {
  return { client_id: c.clientId, client_secret: c.clientSecret };
}
