// The loopback redirect server over real HTTP (src/auth/node/loopback.ts): state is checked first; a request with a
// wrong or missing state gets a plain 400, reflects nothing, and neither completes nor aborts the sign-in.
import * as assert from 'assert';
import { startLoopback } from '../../src/auth/node/loopback';

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
