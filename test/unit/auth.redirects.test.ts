// No cross-origin redirects (src/api/redirects.ts): the token endpoint or the API answering 307 to another origin is
// a clear error, and that origin receives nothing (node-fetch would resend the body and, to subdomains, the token).
import * as assert from 'assert';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { HoxtonClient } from '../../src/api/client';
import { HoxtonApiError } from '../../src/api/errors';
import { OAuthError, requestToken, revokeToken } from '../../src/api/oauth';
import { fetchSameOrigin } from '../../src/api/redirects';
import { startSandbox, type Sandbox } from '../../sandbox';

describe('redirects to another origin', function () {
  this.timeout(30_000);
  let sandbox: Sandbox;
  let capture: http.Server;
  let captureUrl: string;
  const captured: string[] = [];

  before(async () => {
    sandbox = await startSandbox({ port: 0, quiet: true, bigSiteMonitors: 0 });
    capture = http.createServer((req, res) => {
      captured.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"access_token":"captured","expires_in":60}');
    });
    await new Promise<void>((r) => capture.listen(0, '127.0.0.1', () => r()));
    captureUrl = `http://127.0.0.1:${(capture.address() as AddressInfo).port}`;
  });
  after(async () => {
    await sandbox.close();
    await new Promise((r) => capture.close(r));
  });
  afterEach(() => {
    sandbox.faults.clear();
    captured.length = 0;
  });

  const server = () => ({ domain: sandbox.url, audience: 'https://api.hoxton.cloud', timeoutMs: 5000 });
  const password = () =>
    requestToken(server(), {
      grant: 'password',
      username: 'demo@hoxton.test',
      password: 'demo',
      clientId: 'sandbox-acme-service',
      clientSecret: 'sandbox-acme-service-secret',
      scope: 'openid offline_access',
    });

  it('a 307 from the token endpoint to another loopback port: a clear error, nothing sent there', async () => {
    sandbox.faults.set({ route: 'POST /oauth/token', redirectTo: `${captureUrl}/oauth/token` });
    await assert.rejects(password(), (e: unknown) => {
      assert.ok(e instanceof OAuthError);
      assert.strictEqual(e.code, 'cross_origin_redirect');
      assert.strictEqual(e.definitive, false, 'not a verdict on the grant: no session ends over it');
      assert.match(e.message, /another origin/);
      return true;
    });
    sandbox.faults.set({ route: 'POST /oauth/revoke', redirectTo: `${captureUrl}/oauth/revoke`, status: 308 });
    await assert.rejects(revokeToken(server(), { token: 'some-refresh-token', clientId: 'sandbox-acme' }), /another origin/);
    assert.deepStrictEqual(captured, []);
  });

  it('an API answer redirecting to another origin: a clear error, the bearer token not sent there', async () => {
    const token = (await password()).accessToken;
    sandbox.faults.set({ route: 'GET /v1/organisation', redirectTo: `${captureUrl}/v1/organisation` });
    const client = new HoxtonClient({ baseUrl: sandbox.url, token: async () => token, retry: { initialDelayMs: 5, maxDelayMs: 20 } });
    await assert.rejects(client.getOrganisation(), (e: unknown) => {
      assert.ok(e instanceof HoxtonApiError);
      assert.strictEqual(e.code, 'cross_origin_redirect');
      assert.strictEqual(e.status, 307);
      return true;
    });
    assert.deepStrictEqual(captured, []);
  });

  it('follows a redirect within the same origin', async () => {
    const token = (await password()).accessToken;
    sandbox.faults.set({ route: 'GET /v1/old-organisation', redirectTo: `${sandbox.url}/v1/organisation`, status: 301 });
    const res = await fetchSameOrigin(`${sandbox.url}/v1/old-organisation`, { headers: { Authorization: `Bearer ${token}` } });
    assert.strictEqual(res.status, 200);
    assert.strictEqual(((await res.json()) as { name: string }).name, 'Acme Retail');
    assert.deepStrictEqual(captured, []);
  });
});
