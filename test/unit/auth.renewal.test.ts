// Renewal of access tokens across windows (src/auth/renewal.ts), against the real sandbox (refresh-token rotation
// with reuse detection): several "windows" (Renewal instances, the provider's core) share one in-memory
// SecretStorage with desktop semantics. Also the renewal margin and accounts bound to their servers.
import * as assert from 'assert';
import type { Logger } from '../../src/api/client';
import { HoxtonClient } from '../../src/api/client';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FileRenewalLedger } from '../../src/auth/node/ledger';
import { isDue, Renewal, renewAt, StaleCopyError } from '../../src/auth/renewal';
import { AccountStore, accountKey, type StoredAccount } from '../../src/auth/store';
import type { AccountServers } from '../../src/auth/types';
import type { Sandbox } from '../../sandbox/index';
import { ACME, ACME_APP, AUDIENCE, DEMO, login, passwordToken, pkce, start, token } from '../sandbox/helpers';
import { FakeSecretStorage } from './support/fakeSecrets';

const quiet: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

interface Window {
  renewal: Renewal;
  store: AccountStore;
  ended: string[];
}

function serversOf(sb: Sandbox): AccountServers {
  return { authDomain: sb.url, apiUrl: sb.url, audience: AUDIENCE, clientId: ACME.clientId };
}

function openWindow(secrets: FakeSecretStorage, name: string, legacy?: AccountServers, ledgerDir?: string): Window {
  const store = new AccountStore(
    secrets,
    () => undefined,
    (authDomain, clientId) => ({ ...(legacy as AccountServers), authDomain, clientId }),
  );
  const ended: string[] = [];
  const renewal = new Renewal({
    store,
    secrets,
    log: quiet,
    timeoutMs: () => 10_000,
    ended: async (account) => {
      ended.push(account.id);
      await store.remove(account.id);
    },
    messages: { ended: 'ended', notSignedIn: 'not signed in', stale: 'stale copy' },
    ledger: ledgerDir ? new FileRenewalLedger(ledgerDir) : undefined,
    owner: name,
  });
  return { renewal, store, ended };
}

/** Signs in with the password grant and stores the account with its refresh token only (as after a restart). */
async function seed(sb: Sandbox, secrets: FakeSecretStorage, id = 'acme|demo', copies: FakeSecretStorage[] = []): Promise<StoredAccount> {
  const r = await passwordToken(sb, DEMO, 'openid profile offline_access');
  assert.strictEqual(r.status, 200, r.text);
  const account: StoredAccount = {
    id,
    label: 'Dana Demo (Acme Retail)',
    orgId: 'org',
    orgName: 'Acme Retail',
    method: 'password',
    servers: serversOf(sb),
    scopes: ['offline_access', 'openid', 'profile'],
    refreshToken: r.body.refresh_token as string,
    clientSecret: ACME.clientSecret,
  };
  for (const copy of [secrets, ...copies])
    await new AccountStore(
      copy,
      () => undefined,
      () => serversOf(sb),
    ).put(account);
  return account;
}

const refreshGrants = (sb: Sandbox) => sb.stats().tokenRequestsByGrant.refresh_token ?? 0;

describe('renewal across windows (sandbox with rotation and reuse detection)', function () {
  this.timeout(120_000);
  let sb: Sandbox;
  before(async () => {
    sb = await start({ bigSiteMonitors: 0 });
  });
  after(() => sb.close());

  it('3 windows with only a refresh token: 20 runs, no sign-out, one refresh grant per round in at least 19', async () => {
    let oneGrantRounds = 0;
    let rounds = 0;
    const endedAll: string[] = [];
    for (let run = 0; run < 20; run++) {
      const secrets = new FakeSecretStorage();
      const account = await seed(sb, secrets);
      const windows = ['a', 'b', 'c'].map((n) => openWindow(secrets, `${n}${run}`));
      // Round 1: all three start at once with no access token in memory.
      sb.resetStats();
      const first = await Promise.all(windows.map((w) => w.renewal.token(account.id, false)));
      rounds++;
      if (refreshGrants(sb) === 1) oneGrantRounds++;
      assert.ok(new Set(first.map((t) => t.accessToken)).size <= 3);
      // Round 2: the API refused the token everywhere (401): all three force a renewal at once.
      sb.resetStats();
      const second = await Promise.all(windows.map((w, i) => w.renewal.token(account.id, true).then((t) => [i, t] as const)));
      rounds++;
      if (refreshGrants(sb) === 1) oneGrantRounds++;
      for (const [i, t] of second) assert.notStrictEqual(t.accessToken, first[i].accessToken, 'a new token after a forced renewal');
      endedAll.push(...windows.flatMap((w) => w.ended));
      // Still signed in: the stored refresh token renews once more.
      sb.resetStats();
      await windows[0].renewal.token(account.id, true);
      assert.strictEqual(refreshGrants(sb), 1);
      assert.ok(secrets.peek(accountKey(account.id)), 'the account is still stored');
    }
    assert.deepStrictEqual(endedAll, [], 'no window ended the session');
    assert.ok(oneGrantRounds >= rounds - 2, `one refresh grant in ${oneGrantRounds} of ${rounds} rounds`);
  });

  it('a window whose refresh token another window rotated keeps working, on the token that window stored', async () => {
    const secrets = new FakeSecretStorage();
    const account = await seed(sb, secrets);
    const a = openWindow(secrets, 'a');
    const b = openWindow(secrets, 'b');
    const tb = await b.renewal.token(account.id, false);
    assert.strictEqual((await a.renewal.token(account.id, false)).accessToken, tb.accessToken, 'A uses the token B stored');
    const ta = await a.renewal.token(account.id, true); // A's API call was refused: A renews, rotating the refresh token
    assert.notStrictEqual(ta.accessToken, tb.accessToken);
    sb.resetStats();
    // B's API call was refused: B takes the token A obtained, without a grant.
    const tb2 = await b.renewal.token(account.id, true);
    assert.strictEqual(tb2.accessToken, ta.accessToken);
    assert.strictEqual(refreshGrants(sb), 0);
    // And B renews with the refresh token A stored, without tripping reuse detection.
    const tb3 = await b.renewal.token(account.id, true);
    assert.notStrictEqual(tb3.accessToken, ta.accessToken);
    assert.strictEqual(refreshGrants(sb), 1);
    assert.deepStrictEqual([...a.ended, ...b.ended], []);
  });

  it('a public client account (browser sign-in, no secret) renews without a secret; a confidential one with its own', async () => {
    // The sandbox answers 401 invalid_client to a public client that sends a secret, and to a confidential one without.
    const { verifier, challenge } = pkce();
    const redirectUri = 'http://127.0.0.1:61234/callback';
    const { code } = await login(sb, { challenge, redirectUri });
    const r = await token(sb, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: ACME_APP.clientId,
      code_verifier: verifier,
    });
    assert.strictEqual(r.status, 200, r.text);
    const secrets = new FakeSecretStorage();
    const browser: StoredAccount = {
      id: 'acme|browser',
      label: 'Dana Demo (Acme Retail)',
      orgId: 'org',
      orgName: 'Acme Retail',
      method: 'browser',
      servers: { ...serversOf(sb), clientId: ACME_APP.clientId },
      scopes: ['offline_access', 'openid', 'profile'],
      refreshToken: r.body.refresh_token as string,
    };
    await new AccountStore(
      secrets,
      () => undefined,
      () => serversOf(sb),
    ).put(browser);
    const confidential = await seed(sb, secrets, 'acme|password');
    const w = openWindow(secrets, 'clients');
    sb.resetStats();
    await w.renewal.token(browser.id, true);
    await w.renewal.token(confidential.id, true);
    assert.strictEqual(refreshGrants(sb), 2);
    assert.deepStrictEqual(w.ended, []);
    assert.notStrictEqual((await w.store.get(browser.id))?.refreshToken, browser.refreshToken, 'rotated');
    assert.notStrictEqual((await w.store.get(confidential.id))?.refreshToken, confidential.refreshToken, 'rotated');
  });

  it('ends the account when the refresh token that failed is still the one stored', async () => {
    const secrets = new FakeSecretStorage();
    const account = await seed(sb, secrets);
    const a = openWindow(secrets, 'a');
    await fetch(`${sb.url}/oauth/revoke`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: account.refreshToken!, client_id: ACME.clientId }),
    });
    await assert.rejects(a.renewal.token(account.id, false), /ended/);
    assert.deepStrictEqual(a.ended, [account.id]);
    assert.strictEqual(secrets.peek(accountKey(account.id)), undefined);
  });
});

describe('renewal across browser-hosted windows (a SecretStorage copy per window, no change events)', function () {
  this.timeout(120_000);
  let sb: Sandbox;
  let dir: string;
  before(async () => {
    sb = await start({ bigSiteMonitors: 0 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoxton-ledger-'));
  });
  after(async () => {
    await sb.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('10 runs of 2 windows starting at once: one refresh grant, no sign-out, the stale window asks for a reload', async () => {
    for (let run = 0; run < 10; run++) {
      // Each window loaded its own copy of the secrets (code-server): the same account, the same refresh token.
      const copies = [new FakeSecretStorage(), new FakeSecretStorage()];
      const account = await seed(sb, copies[0], `acme|demo|${run}`, [copies[1]]);
      const windows = copies.map((c, i) => openWindow(c, `w${i}-${run}`, undefined, path.join(dir, 'renewal')));
      sb.resetStats();
      const results = await Promise.allSettled(windows.map((w) => w.renewal.token(account.id, false)));
      assert.strictEqual(refreshGrants(sb), 1, `run ${run}: one refresh grant`);
      const ok = results.filter((r) => r.status === 'fulfilled');
      const stale = results.filter((r) => r.status === 'rejected');
      assert.strictEqual(ok.length, 1, `run ${run}: one window renewed`);
      assert.strictEqual(stale.length, 1);
      assert.ok((stale[0] as PromiseRejectedResult).reason instanceof StaleCopyError, String((stale[0] as PromiseRejectedResult).reason));
      assert.deepStrictEqual(
        windows.flatMap((w) => w.ended),
        [],
        'no window ended the session',
      );
      // The family was not revoked: the window that renewed renews again, and a reloaded window (reading the copy the
      // renewing window wrote) works too.
      const winner = windows[results.findIndex((r) => r.status === 'fulfilled')];
      const winnerCopy = copies[results.findIndex((r) => r.status === 'fulfilled')];
      await winner.renewal.token(account.id, true);
      const reloaded = openWindow(winnerCopy, `reloaded-${run}`, undefined, path.join(dir, 'renewal'));
      assert.ok(await reloaded.renewal.token(account.id, true));
      assert.deepStrictEqual(reloaded.ended, []);
    }
  });

  it('without the ledger the same start trips reuse detection (why the ledger exists)', async () => {
    const copies = [new FakeSecretStorage(), new FakeSecretStorage()];
    const account = await seed(sb, copies[0], 'acme|demo|no-ledger', [copies[1]]);
    const windows = copies.map((c, i) => openWindow(c, `n${i}`));
    sb.resetStats();
    await Promise.allSettled(windows.map((w) => w.renewal.token(account.id, false)));
    await Promise.allSettled(windows.map((w) => w.renewal.token(account.id, true)));
    assert.ok(windows.flatMap((w) => w.ended).length >= 1, 'a window ended the session');
  });
});

describe('renewal margin', function () {
  this.timeout(60_000);

  it('renews 5 minutes before expiry, or after 80 % of a shorter lifetime (whole seconds)', () => {
    assert.strictEqual(renewAt({ issuedAt: 1000, expiresAt: 1020 }), 1016);
    assert.strictEqual(renewAt({ issuedAt: 1000, expiresAt: 1060 }), 1048);
    assert.strictEqual(renewAt({ issuedAt: 0, expiresAt: 86_400 }), 86_100);
    assert.strictEqual(renewAt({ issuedAt: 0, expiresAt: 1500 }), 1200);
    const t = { accessToken: 'x', issuedAt: 1000, expiresAt: 1020 };
    assert.strictEqual(isDue(t, 1015_999), false);
    assert.strictEqual(isDue(t, 1016_000), true);
  });

  it('a 20-second token: 10 API calls within 10 seconds spend at most 1 refresh grant', async () => {
    const sb = await start({ bigSiteMonitors: 0, tokenLifetimeSeconds: 20 });
    try {
      const secrets = new FakeSecretStorage();
      const account = await seed(sb, secrets);
      const w = openWindow(secrets, 'w');
      const client = new HoxtonClient({
        baseUrl: sb.url,
        token: async ({ forceRefresh }) => (await w.renewal.token(account.id, forceRefresh)).accessToken,
      });
      sb.resetStats();
      const started = Date.now();
      for (let i = 0; i < 10; i++) {
        await client.getOrganisation();
        await new Promise((r) => setTimeout(r, Math.max(0, started + (i + 1) * 900 - Date.now())));
      }
      assert.ok(refreshGrants(sb) <= 1, `${refreshGrants(sb)} refresh grants`);
      assert.strictEqual(refreshGrants(sb), 1, 'the first call renewed (no access token was stored)');
    } finally {
      await sb.close();
    }
  });
});

describe('accounts bound to their servers', function () {
  this.timeout(60_000);
  let issuer: Sandbox;
  let other: Sandbox;
  before(async () => {
    [issuer, other] = await Promise.all([start({ bigSiteMonitors: 0 }), start({ bigSiteMonitors: 0 })]);
  });
  after(async () => {
    await Promise.all([issuer.close(), other.close()]);
  });

  it('renews at the auth server the account was issued by, whatever the current settings name', async () => {
    const secrets = new FakeSecretStorage();
    const account = await seed(issuer, secrets);
    // The "current settings" (used only to migrate accounts stored without servers) name the other server.
    const w = openWindow(secrets, 'w', serversOf(other));
    issuer.resetStats();
    other.resetStats();
    await w.renewal.token(account.id, false);
    assert.strictEqual(refreshGrants(issuer), 1);
    assert.strictEqual(other.stats().tokenRequests, 0);
  });

  it('migrates an account stored before servers were recorded, once, keeping its auth domain and client id', async () => {
    const secrets = new FakeSecretStorage();
    const legacy = {
      id: 'old',
      label: 'Dana Demo (Acme Retail)',
      orgId: 'org',
      orgName: 'Acme Retail',
      method: 'password',
      domain: issuer.url,
      clientId: ACME.clientId,
      scopes: ['offline_access'],
      refreshToken: 'r'.repeat(20),
    };
    await secrets.store(accountKey('old'), JSON.stringify(legacy));
    const now = { authDomain: 'https://auth.example.test', apiUrl: 'https://api.example.test', audience: AUDIENCE, clientId: 'other' };
    const store = new AccountStore(
      secrets,
      () => assert.fail('no warning'),
      (authDomain, clientId) => ({ ...now, authDomain, clientId }),
    );
    const a = await store.get('old');
    assert.deepStrictEqual(a?.servers, {
      authDomain: issuer.url,
      apiUrl: 'https://api.example.test',
      audience: AUDIENCE,
      clientId: ACME.clientId,
    });
    const raw = JSON.parse(secrets.peek(accountKey('old'))!) as Record<string, unknown>;
    assert.deepStrictEqual(raw.servers, a?.servers, 'written back once');
    assert.strictEqual(raw.domain, undefined);
  });
});
