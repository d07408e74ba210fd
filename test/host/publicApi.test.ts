// The API other extensions get from `vscode.extensions.getExtension('hoxton.hoxton-reports').exports`, used as another
// extension would use it: versioned, the documented members only, data equal to the sandbox's own JSON, no token.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { HoxtonReportsExports } from '../../src/publicApi';
import { directApi } from './direct';
import { api, EXTENSION_ID, signInWithPassword, signOutAll } from './helpers';

describe('API for other extensions', function () {
  this.timeout(60_000);
  let exports: HoxtonReportsExports;

  before(async () => {
    await api();
    await signOutAll();
    const ext = vscode.extensions.getExtension<HoxtonReportsExports>(EXTENSION_ID)!;
    exports = await ext.activate();
    assert.strictEqual(ext.exports, exports);
  });
  after(() => signOutAll());

  it('is versioned and has only its documented members', () => {
    assert.deepStrictEqual(Object.keys(exports), ['getApi']);
    assert.throws(() => exports.getApi(2 as 1), /API version 1, not 2/);
    const v1 = exports.getApi(1);
    assert.strictEqual(v1.version, 1);
    assert.deepStrictEqual(Object.keys(v1).sort(), ['getAccounts', 'getClient', 'onDidChangeAccounts', 'version']);
    assert.ok(Object.isFrozen(v1) && Object.isFrozen(exports));
  });

  it('has no client while nobody is signed in, and tells when an account signs in', async () => {
    const v1 = exports.getApi(1);
    assert.deepStrictEqual(await v1.getAccounts(), []);
    assert.strictEqual(await v1.getClient(), undefined);
    let fired = 0;
    const sub = v1.onDidChangeAccounts(() => fired++);
    try {
      await signInWithPassword('demo@hoxton.test', 'demo');
    } finally {
      sub.dispose();
    }
    assert.ok(fired > 0, 'onDidChangeAccounts fired');
    const accounts = await v1.getAccounts();
    assert.strictEqual(accounts.length, 1);
    assert.strictEqual(accounts[0].organisation, 'Acme Retail');
  });

  it('reads sites, monitors, reports and data as the API has them, with no token anywhere', async () => {
    const v1 = exports.getApi(1);
    const client = await v1.getClient();
    assert.ok(client, 'a client for the signed-in account');
    assert.deepStrictEqual(Object.keys(client).sort(), [
      'account',
      'getMonitorData',
      'getReportData',
      'listMonitors',
      'listReports',
      'listSites',
    ]);
    const direct = await directApi('demo@hoxton.test', 'demo');
    const ids = (items: { id: string }[]) => items.map((i) => i.id).sort();
    assert.deepStrictEqual(ids(await client.listSites()), ids(await direct.all('/v1/sites')));
    const occupancy = await client.listMonitors({ type: 'occupancy' });
    assert.deepStrictEqual(ids(occupancy), ids(await direct.all('/v1/monitors?type=occupancy')));
    assert.deepStrictEqual(ids(await client.listReports()), ids(await direct.all('/v1/reports')));

    const m = occupancy[0];
    const start = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const end = new Date(Date.now() - 86_400_000).toISOString();
    const data = await client.getMonitorData(m.id, { start, end, interval: '1h' });
    const expected = await direct.get(
      `/v1/monitors/${m.id}/data?start=${encodeURIComponent(start)}&end=${encodeURIComponent(end)}&interval=1h`,
    );
    assert.deepStrictEqual(data, expected);

    const access = await (await api()).auth.accessToken(client.account.id);
    const seen = JSON.stringify({ exports, v1, client, accounts: await v1.getAccounts() });
    assert.ok(!seen.includes(access) && !seen.includes(direct.token), 'no token in what the API hands out');
    assert.ok(!Object.getOwnPropertyNames(client).some((k) => /token|secret|session/i.test(k)));
  });
});
