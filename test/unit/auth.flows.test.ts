// Which ways of signing in each kind of window offers, and in what order (src/auth/flows.ts).
import * as assert from 'assert';
import { FLOWS, getFlows } from '../../src/auth/flows';

describe('sign-in flows', () => {
  const table: [string, { remote: boolean; web: boolean }, string[]][] = [
    ['local desktop', { remote: false, web: false }, ['loopback', 'uri', 'paste', 'password', 'clientCredentials']],
    ['remote extension host (SSH, WSL, containers)', { remote: true, web: false }, ['uri', 'paste', 'password', 'clientCredentials']],
    ['web UI with a local-to-the-UI host (vscode.dev)', { remote: false, web: true }, ['uri', 'paste', 'password', 'clientCredentials']],
    ['web UI with a remote host (code-server, Codespaces)', { remote: true, web: true }, ['uri', 'paste', 'password', 'clientCredentials']],
  ];
  for (const [name, context, expected] of table) {
    it(`${name}: ${expected.join(', ')}`, () => {
      assert.deepStrictEqual(
        getFlows(context).map((f) => f.id),
        expected,
      );
    });
  }

  it('offers the loopback server first on a local desktop host only', () => {
    for (const [, context] of table) {
      const ids = getFlows(context).map((f) => f.id);
      assert.strictEqual(ids[0] === 'loopback', !context.remote && !context.web);
      if (context.remote || context.web) assert.strictEqual(ids[0], 'uri');
    }
  });

  it('declares which flows need a client secret, and every method has a flow everywhere', () => {
    assert.deepStrictEqual(
      FLOWS.filter((f) => f.options.needsClientSecret).map((f) => f.id),
      ['clientCredentials'],
    );
    for (const [, context] of table) {
      const methods = new Set(getFlows(context).map((f) => f.method));
      assert.deepStrictEqual([...methods].sort(), ['browser', 'clientCredentials', 'password']);
    }
  });
});
