// The sandbox's OpenID switches over real HTTP: discovery on/off and how confidential clients may authenticate
// (both, client_secret_basic only, client_secret_post only), at start and through POST /__sandbox/oidc.
import { strict as assert } from 'assert';
import type { Sandbox } from '../../sandbox/index';
import { ACME, AUDIENCE, post, start } from './helpers';

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const ccBody = { grant_type: 'client_credentials', audience: AUDIENCE };

describe('sandbox OpenID switches', () => {
  let sb: Sandbox;
  before(async () => (sb = await start()));
  after(() => sb.close());
  afterEach(() => sb.setOidc({ discovery: true, tokenAuth: 'both' }));

  const discovery = () => fetch(`${sb.url}/.well-known/openid-configuration`);
  const setOidc = (body: unknown) => post(`${sb.url}/__sandbox/oidc`, JSON.stringify(body));

  it('by default serves discovery (no-cache), advertising both client authentication methods, and accepts both', async () => {
    const r = await discovery();
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('cache-control'), 'no-cache');
    const doc = (await r.json()) as Record<string, unknown>;
    assert.deepEqual(doc.token_endpoint_auth_methods_supported, ['client_secret_post', 'client_secret_basic', 'none']);
    assert.deepEqual(doc.revocation_endpoint_auth_methods_supported, ['client_secret_post', 'client_secret_basic', 'none']);
    const asPost = await post(`${sb.url}/oauth/token`, { ...ccBody, client_id: ACME.clientId, client_secret: ACME.clientSecret });
    assert.equal(asPost.status, 200, asPost.text);
    const asBasic = await post(`${sb.url}/oauth/token`, ccBody, undefined, { Authorization: basic(ACME.clientId, ACME.clientSecret) });
    assert.equal(asBasic.status, 200, asBasic.text);
    assert.deepEqual(sb.oidc().clientAuth, { basic: 1, post: 1 });
  });

  it('discovery off: 404 for the document, everything else unchanged', async () => {
    const r = await setOidc({ discovery: false });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.discovery, false);
    assert.equal((await discovery()).status, 404);
    const t = await post(`${sb.url}/oauth/token`, { ...ccBody, client_id: ACME.clientId, client_secret: ACME.clientSecret });
    assert.equal(t.status, 200, t.text);
  });

  it('basic only: advertised alone; a secret in the body is invalid_client', async () => {
    await setOidc({ tokenAuth: 'basic' });
    const doc = (await (await discovery()).json()) as Record<string, unknown>;
    assert.deepEqual(doc.token_endpoint_auth_methods_supported, ['client_secret_basic', 'none']);
    const asPost = await post(`${sb.url}/oauth/token`, { ...ccBody, client_id: ACME.clientId, client_secret: ACME.clientSecret });
    assert.equal(asPost.status, 401);
    assert.equal(asPost.body.error, 'invalid_client');
    const asBasic = await post(`${sb.url}/oauth/token`, ccBody, undefined, { Authorization: basic(ACME.clientId, ACME.clientSecret) });
    assert.equal(asBasic.status, 200, asBasic.text);
  });

  it('post only: advertised alone; a secret in the Authorization header is invalid_client, at revocation too', async () => {
    await setOidc({ tokenAuth: 'post' });
    const doc = (await (await discovery()).json()) as Record<string, unknown>;
    assert.deepEqual(doc.token_endpoint_auth_methods_supported, ['client_secret_post', 'none']);
    const asBasic = await post(`${sb.url}/oauth/token`, ccBody, undefined, { Authorization: basic(ACME.clientId, ACME.clientSecret) });
    assert.equal(asBasic.status, 401);
    assert.equal(asBasic.body.error, 'invalid_client');
    const revoke = await post(`${sb.url}/oauth/revoke`, { token: 'x' }, undefined, {
      Authorization: basic(ACME.clientId, ACME.clientSecret),
    });
    assert.equal(revoke.status, 401);
  });

  it('basic with a wrong secret, or with the secret sent both ways, is invalid_client', async () => {
    const wrong = await post(`${sb.url}/oauth/token`, ccBody, undefined, { Authorization: basic(ACME.clientId, 'wrong') });
    assert.equal(wrong.status, 401);
    const both = await post(`${sb.url}/oauth/token`, { ...ccBody, client_secret: ACME.clientSecret }, undefined, {
      Authorization: basic(ACME.clientId, ACME.clientSecret),
    });
    assert.equal(both.status, 401);
    assert.match(both.body.error_description, /two ways/);
  });

  it('refuses bad switch values', async () => {
    assert.equal((await setOidc({ tokenAuth: 'jwt' })).status, 400);
    assert.equal((await setOidc({ discovery: 'yes' })).status, 400);
    assert.equal(sb.oidc().tokenAuth, 'both');
  });
});
