// The loopback redirect server over real HTTP (src/auth/node/loopback.ts): state is checked first; a request with a
// wrong or missing state gets a plain 400, reflects nothing, and neither completes nor aborts the sign-in.
import * as assert from 'assert';
import * as net from 'net';
import { authorizeUrl, createPkce, randomState, requestToken } from '../../src/api/oauth';
import { startLoopback } from '../../src/auth/node/loopback';
import type { Sandbox } from '../../sandbox/index';
import { ACME_APP, AUDIENCE, DEMO, hiddenFields, post, start } from '../sandbox/helpers';

const PAGES = { success: '<p>signed in</p>', failure: '<p>failed</p>' };
const PLANTED = '[Retry](command:workbench.action.reloadWindow)';

describe('loopback redirect server', () => {
  it('answers requests with a wrong or missing state 400 in plain text, and the real redirect still completes', async () => {
    const loop = await startLoopback(0, 'the-state', PAGES);
    try {
      let settled = false;
      void loop.result.then(() => (settled = true));
      const forged = [
        `?state=wrong&error=access_denied&error_description=${encodeURIComponent(PLANTED)}`,
        `?error=access_denied&error_description=${encodeURIComponent(PLANTED)}`,
        `?code=stolen-code`,
        `?state=&code=x`,
        `?state=the-state-not&code=x`,
      ];
      for (const q of forged) {
        const res = await fetch(`${loop.uri}${q}`);
        const text = await res.text();
        assert.strictEqual(res.status, 400, q);
        assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
        assert.ok(!text.includes('Retry') && !text.includes('command:') && !text.includes('stolen'), `reflected: ${text}`);
      }
      await new Promise((r) => setTimeout(r, 20));
      assert.strictEqual(settled, false, 'a forged request settled the sign-in');
      const real = await fetch(`${loop.uri}?code=the-code&state=the-state`);
      assert.strictEqual(real.status, 200);
      assert.strictEqual(await real.text(), PAGES.success);
      assert.deepStrictEqual(await loop.result, { code: 'the-code', state: 'the-state', error: undefined, errorDescription: undefined });
      const again = await fetch(`${loop.uri}?code=other&state=the-state`);
      assert.strictEqual(again.status, 400, 'one sign-in, one answer');
    } finally {
      loop.close();
    }
  });

  it('hands an error with the right state to the caller, with the failure page', async () => {
    const loop = await startLoopback(0, 's', PAGES);
    try {
      const res = await fetch(`${loop.uri}?state=s&error=access_denied&error_description=${encodeURIComponent(PLANTED)}`);
      assert.strictEqual(res.status, 400);
      assert.strictEqual(await res.text(), PAGES.failure);
      const r = await loop.result;
      assert.strictEqual(r.error, 'access_denied');
      assert.strictEqual(r.code, undefined);
    } finally {
      loop.close();
    }
  });

  it('takes another port when the configured one is busy', async () => {
    const first = await startLoopback(0, 'a', PAGES);
    const port = Number(new URL(first.uri).port);
    const second = await startLoopback(port, 'b', PAGES);
    try {
      assert.notStrictEqual(new URL(second.uri).port, String(port));
      assert.strictEqual((await fetch(`${second.uri}?state=b&code=c`)).status, 200);
    } finally {
      first.close();
      second.close();
    }
  });
});

// The loopback flow end to end over real HTTP against the sandbox, with the port the client registered busy: the
// fallback to another port (RFC 8252 §7.3) works only where the server accepts any loopback port, and fails with
// the server's own clear page where it checks the redirect URI exactly (an Auth0 application listing one port).
// code-server's web UI does not offer the loopback flow, so this is where the fallback is exercised.
describe('loopback sign-in against the sandbox with the registered port busy', function () {
  this.timeout(30_000);
  const REGISTERED = 47321; // the default hoxton.auth.loopbackPort, registered with the sandbox's sandbox-acme
  let sb: Sandbox;
  let blocker: net.Server | undefined;
  before(async () => {
    sb = await start({ bigSiteMonitors: 0 });
    // Occupy the registered port (if another process already holds it, it is busy all the same).
    blocker = net.createServer();
    await new Promise<void>((resolve) => {
      blocker!.once('error', () => {
        blocker = undefined;
        resolve();
      });
      blocker!.listen(REGISTERED, '127.0.0.1', () => resolve());
    });
  });
  after(async () => {
    blocker?.close();
    await sb.close();
  });

  const setCheck = async (check: string) => {
    const r = await post(`${sb.url}/__sandbox/redirect-check`, JSON.stringify({ check }));
    assert.strictEqual(r.status, 200, r.text);
  };
  const server = () => ({ domain: sb.url, audience: AUDIENCE, timeoutMs: 5000 });

  async function attempt(): Promise<{ loop: Awaited<ReturnType<typeof startLoopback>>; url: string; state: string; verifier: string }> {
    const state = randomState();
    const pkce = createPkce();
    const loop = await startLoopback(REGISTERED, state, PAGES);
    const url = await authorizeUrl(server(), {
      clientId: ACME_APP.clientId,
      redirectUri: loop.uri,
      scope: 'openid profile offline_access',
      state,
      codeChallenge: pkce.challenge,
    });
    return { loop, url, state, verifier: pkce.verifier };
  }

  it('exact redirect check: the fallback port is refused by the server with a clear page, and the sign-in stays pending', async () => {
    await setCheck('exact');
    const { loop, url } = await attempt();
    try {
      assert.notStrictEqual(Number(new URL(loop.uri).port), REGISTERED, 'the loopback server fell back to another port');
      let settled = false;
      void loop.result.then(() => (settled = true));
      const res = await fetch(url, { redirect: 'manual' });
      assert.strictEqual(res.status, 400);
      assert.strictEqual(res.headers.get('location'), null, 'nothing is sent to the unregistered callback');
      const page = await res.text();
      assert.match(page, /is not an allowed callback URL of client/);
      assert.ok(page.includes(loop.uri), `the page names the refused redirect URI: ${page}`);
      assert.strictEqual(settled, false);
    } finally {
      loop.close();
    }
  });

  it('any-port redirect check (RFC 8252, switched over HTTP): the same fallback completes the sign-in', async () => {
    await setCheck('any-port');
    const { loop, url, state, verifier } = await attempt();
    try {
      assert.notStrictEqual(Number(new URL(loop.uri).port), REGISTERED);
      const pageRes = await fetch(url);
      assert.strictEqual(pageRes.status, 200);
      const fields = hiddenFields(await pageRes.text());
      const r = await post(`${sb.url}/authorize`, { ...fields, username: DEMO.username, password: DEMO.password });
      assert.strictEqual(r.status, 302, r.text);
      const back = r.headers.get('location') ?? '';
      assert.ok(back.startsWith(`${loop.uri}?`), back);
      const landed = await fetch(back); // the browser follows the redirect to the extension's loopback server
      assert.strictEqual(landed.status, 200);
      assert.strictEqual(await landed.text(), PAGES.success);
      const answer = await loop.result;
      assert.strictEqual(answer.state, state);
      assert.ok(answer.code);
      const tokens = await requestToken(server(), {
        grant: 'authorization_code',
        code: answer.code,
        redirectUri: loop.uri,
        codeVerifier: verifier,
        clientId: ACME_APP.clientId,
      });
      assert.ok(tokens.accessToken && tokens.refreshToken);
    } finally {
      loop.close();
    }
  });
});
