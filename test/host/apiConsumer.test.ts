// Another extension using the exported API (#15): test/fixtures/api-consumer, plain JavaScript, loaded beside Hoxton
// Reports (the harness packages it and installs the .vsix into the host's profile) with `extensionDependencies: ["hoxton.hoxton-reports"]`.
// Its command activates us, takes getApi(1), lists sites and reads a saved report; what it hands back must equal the
// sandbox's own JSON, read here with a token of this test's own, and hold no token.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { directApi } from './direct';
import { api, signInWithPassword, signOutAll } from './helpers';

const FIXTURE = 'hoxton-fixtures.api-consumer';
const COMMAND = 'hoxtonApiConsumer.read';

interface Answer {
  version: number;
  keys: string[];
  accounts: { id: string; label: string; organisation: string }[];
  accountChanges: number;
  client: {
    account: { id: string; organisation: string };
    sites: { id: string; name: string; timezone: string }[];
    report: { id: string; name: string } | null;
    data: { start: string; end: string; interval: string; totals: Record<string, number>; buckets: number } | null;
  } | null;
}

describe('another extension using the exported API (fixture api-consumer)', function () {
  this.timeout(60_000);

  before(async () => {
    await api();
    await signOutAll();
  });
  after(() => signOutAll());

  it('is loaded beside Hoxton Reports and depends on it', () => {
    const fixture = vscode.extensions.getExtension(FIXTURE);
    assert.ok(fixture, `${FIXTURE} is installed (runAll.ts packageFixture)`);
    assert.deepStrictEqual((fixture.packageJSON as { extensionDependencies?: string[] }).extensionDependencies, ['hoxton.hoxton-reports']);
  });

  it('reads sites and a saved report through getApi(1), equal to the sandbox’s JSON, with no token', async () => {
    const nobody = (await vscode.commands.executeCommand(COMMAND)) as Answer;
    assert.strictEqual(nobody.version, 1);
    assert.deepStrictEqual(nobody.keys, ['getApi'], 'only the documented member is enumerable');
    assert.deepStrictEqual(nobody.accounts, []);
    assert.strictEqual(nobody.client, null, 'no client while nobody is signed in');
    const changesBefore = nobody.accountChanges;

    const accountId = await signInWithPassword('demo@hoxton.test', 'demo');
    const direct = await directApi('demo@hoxton.test', 'demo');
    // A saved report whose range is over (its data cannot grow between the two reads).
    const reports = await direct.all<{ id: string; name: string; range: { preset?: string; end?: string } }>('/v1/reports');
    const report = reports.find(
      (r) => r.range.preset === 'yesterday' || r.range.preset === 'last_month' || (r.range.end && Date.parse(r.range.end) < Date.now()),
    );
    assert.ok(report, `a saved report over a past range: ${JSON.stringify(reports.map((r) => r.range))}`);
    const got = (await vscode.commands.executeCommand(COMMAND, report.id)) as Answer;
    assert.ok(got.accountChanges > changesBefore, 'onDidChangeAccounts reached the other extension');
    assert.deepStrictEqual(
      got.accounts.map((a) => [a.id, a.organisation]),
      [[accountId, 'Acme Retail']],
    );
    assert.ok(got.client, 'a client for the signed-in account');
    assert.strictEqual(got.client.account.id, accountId);

    const sites = await direct.all<{ id: string; name: string; timezone: string }>('/v1/sites');
    assert.deepStrictEqual(
      got.client.sites,
      sites.map((s) => ({ id: s.id, name: s.name, timezone: s.timezone })),
    );
    assert.deepStrictEqual(got.client.report, { id: report.id, name: report.name });
    const data = (await direct.get(`/v1/reports/${report.id}/data`)) as {
      start: string;
      end: string;
      interval: string;
      totals: Record<string, number>;
      buckets: unknown[];
    };
    assert.deepStrictEqual(got.client.data, {
      start: data.start,
      end: data.end,
      interval: data.interval,
      totals: data.totals,
      buckets: data.buckets.length,
    });

    const token = await (await api()).auth.accessToken(accountId);
    const text = JSON.stringify(got);
    assert.ok(token && !text.includes(token) && !text.includes(direct.token), 'no token in what the other extension got');
  });
});
