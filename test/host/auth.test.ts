// The `hoxton` authentication provider inside the real extension host, against the sandbox: every grant, PKCE,
// state, rotation and reuse detection, revocation, two accounts, sign-out, single-flight renewal, and a scan for
// leaked secrets.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  admin,
  api,
  expectErrorNotification,
  resetStats,
  sandboxUrl,
  scriptUi,
  setTokenLifetime,
  signInWithPassword,
  signOutAll,
  stats,
  until,
  type UiLog,
  type UiScript,
} from './helpers';

/** A token lifetime whose tokens are due for renewal after 4 seconds (80 %), see src/auth/renewal.ts. */
const SHORT_LIFETIME = 5;
/** Waits until a token issued just before is due for renewal (whole seconds: at most 4 s after its issue). */
const untilDue = () => new Promise((r) => setTimeout(r, (SHORT_LIFETIME - 1) * 1000 + 200));

const seen = new Set<string>(['sandbox-acme-service-secret', 'sandbox-borough-secret']);
const remember = (s: string | undefined) => s && s.length > 6 && seen.add(s);

async function storedAccount(id: string): Promise<{ refreshToken?: string; clientSecret?: string }> {
  const raw = await (await api()).secrets.get(`hoxton.auth.account/${id}`);
  assert.ok(raw, 'no stored account');
  const a = JSON.parse(raw) as { refreshToken?: string; clientSecret?: string };
  remember(a.refreshToken);
  return a;
}

function decodeEntities(v: string): string {
  const named: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>' };
  return v.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (named[e] ?? m),
  );
}

/** Runs "Hoxton: Sign In" with the browser method, up to the moment the sign-in page is opened. */
async function startBrowserSignIn(script: UiScript = {}): Promise<{ ui: UiLog; signIn: Thenable<string | undefined>; authorize: string }> {
  await vscode.workspace.getConfiguration('hoxton').update('auth.defaultMethod', 'browser', vscode.ConfigurationTarget.Global);
  const ui = scriptUi(script);
  try {
    const signIn = vscode.commands.executeCommand('hoxton.signIn') as Thenable<string | undefined>;
    const authorize = await until('the browser to open', () => ui.opened[0]);
    return { ui, signIn, authorize };
  } catch (e) {
    ui.restore();
    throw e;
  }
}

/** Follows the sandbox's login page over HTTP like a browser: GET the authorize URL, POST the form, return the redirect. */
async function loginInBrowser(authorizeUrl: string, username: string, password: string): Promise<string> {
  const page = await fetch(authorizeUrl);
  assert.strictEqual(page.status, 200, 'login page');
  const html = await page.text();
  const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1] ?? '/authorize';
  const form = new URLSearchParams();
  for (const m of html.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(m[0])?.[1];
    const value = /value="([^"]*)"/.exec(m[0])?.[1] ?? '';
    if (name) form.set(name, decodeEntities(value));
  }
  form.set('username', username);
  form.set('password', password);
  const res = await fetch(new URL(action.replace(/&amp;/g, '&'), sandboxUrl()), {
    method: 'POST',
    body: form,
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  assert.strictEqual(
    res.status,
    302,
    `login answered ${res.status}: ${(await res.text())
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .slice(-300)}`,
  );
  const location = res.headers.get('location');
  assert.ok(location, 'no redirect');
  return location;
}

/** Delivers a browser answer to the extension's URI handler, as VS Code does for vscode://hoxton.hoxton-reports/… */
function answerByUriHandler(a: Awaited<ReturnType<typeof api>>, query: URLSearchParams): void {
  const q = new URLSearchParams();
  for (const k of ['code', 'state', 'error', 'error_description']) if (query.get(k) !== null) q.set(k, query.get(k)!);
  a.uriHandler.handleUri(vscode.Uri.parse(`${vscode.env.uriScheme}://hoxton.hoxton-reports/auth-complete?${q.toString()}`));
}

describe('authentication provider', function () {
  this.timeout(60_000);

  beforeEach(async () => {
    await vscode.workspace.getConfiguration('hoxton').update('auth.defaultMethod', undefined, vscode.ConfigurationTarget.Global);
    await signOutAll();
    await setTokenLifetime(86_400);
    await admin('faults', undefined, 'DELETE');
  });
  after(async () => {
    await signOutAll();
    await setTokenLifetime(86_400);
    await vscode.workspace.getConfiguration('hoxton').update('auth.defaultMethod', undefined, vscode.ConfigurationTarget.Global);
  });

  it('signs in with the password grant and lists the session in VS Code', async () => {
    const a = await api();
    const id = await signInWithPassword('demo@hoxton.test', 'demo');
    const sessions = await a.auth.getSessions();
    assert.strictEqual(sessions.length, 1);
    assert.strictEqual(sessions[0].id, id);
    assert.match(sessions[0].account.label, /Dana Demo/);
    assert.match(sessions[0].account.label, /Acme Retail/);
    assert.ok(sessions[0].scopes.includes('offline_access'));
    remember(sessions[0].accessToken);
    const stored = await storedAccount(id);
    assert.ok(stored.refreshToken, 'the refresh token is kept in SecretStorage');
    // Other extensions see it through the public API.
    const accounts = await vscode.authentication.getAccounts('hoxton');
    assert.ok(accounts.some((acc) => acc.id === id));
  });

  it('refuses a wrong password with a clear message and keeps nothing', async () => {
    expectErrorNotification(/wrong email or password/i);
    const a = await api();
    await vscode.workspace.getConfiguration('hoxton').update('auth.clientId', 'sandbox-acme-service', vscode.ConfigurationTarget.Global);
    const ui = scriptUi({
      picks: ['Email and password'],
      inputs: ['demo@hoxton.test', 'wrong-password', 'sandbox-acme-service-secret'],
    });
    try {
      const id = await vscode.commands.executeCommand('hoxton.signIn');
      assert.strictEqual(id, undefined);
      assert.ok(
        ui.messages.some((m) => /wrong email or password/i.test(m)),
        ui.messages.join(' | '),
      );
    } finally {
      ui.restore();
    }
    assert.strictEqual((await a.auth.getSessions()).length, 0);
  });

  it('signs in through the browser with PKCE; in a browser-hosted window the answer comes by the URI handler', async () => {
    const a = await api();
    const { ui, signIn, authorize } = await startBrowserSignIn();
    try {
      const url = new URL(authorize);
      assert.strictEqual(url.searchParams.get('code_challenge_method'), 'S256');
      assert.ok((url.searchParams.get('code_challenge') ?? '').length >= 43);
      assert.ok((url.searchParams.get('state') ?? '').length >= 16);
      assert.match(url.searchParams.get('scope') ?? '', /offline_access/);
      // code-server is a web UI: the loopback server (on the extension host's machine) is not offered.
      assert.strictEqual(vscode.env.uiKind, vscode.UIKind.Web);
      assert.doesNotMatch(url.searchParams.get('redirect_uri') ?? '', /^http:\/\/127\.0\.0\.1:\d+\/callback$/);
      const location = new URL(await loginInBrowser(authorize, 'demo@hoxton.test', 'demo'));
      answerByUriHandler(a, location.searchParams);
      const id = await signIn;
      assert.ok(id, ui.messages.join(' | '));
      const sessions = await a.auth.getSessions();
      assert.strictEqual(sessions.length, 1);
      assert.match(sessions[0].account.label, /Dana Demo/);
    } finally {
      ui.restore();
    }
  });

  it('ignores answers with a wrong or missing state (no message, sign-in still pending) and finishes with the real one', async () => {
    const a = await api();
    const { ui, signIn, authorize } = await startBrowserSignIn();
    try {
      const location = new URL(await loginInBrowser(authorize, 'demo@hoxton.test', 'demo'));
      const planted = '[Retry](command:workbench.action.reloadWindow)';
      let settled = false;
      void Promise.resolve(signIn).then(() => (settled = true));
      answerByUriHandler(a, new URLSearchParams({ state: 'forged-state-value', error: 'access_denied', error_description: planted }));
      answerByUriHandler(a, new URLSearchParams({ error: 'access_denied', error_description: planted }));
      answerByUriHandler(a, new URLSearchParams({ code: location.searchParams.get('code')!, state: 'forged-state-value' }));
      await new Promise((r) => setTimeout(r, 300));
      assert.strictEqual(settled, false, 'a forged answer settled the sign-in');
      assert.deepStrictEqual(ui.messages, [], 'a forged answer showed a message');
      answerByUriHandler(a, location.searchParams);
      const id = await signIn;
      assert.ok(id, ui.messages.join(' | '));
      assert.strictEqual((await a.auth.getSessions()).length, 1);
      assert.ok(!(ui.messages as string[]).some((m) => m.includes('command:')), ui.messages.join(' | '));
    } finally {
      ui.restore();
    }
  });

  it('signs in with client credentials and renews with the stored client secret', async () => {
    const a = await api();
    await vscode.workspace.getConfiguration('hoxton').update('auth.clientId', 'sandbox-acme-service', vscode.ConfigurationTarget.Global);
    await setTokenLifetime(SHORT_LIFETIME);
    const ui = scriptUi({ picks: ['Client credentials'], inputs: ['sandbox-acme-service-secret'] });
    let id: string | undefined;
    try {
      id = (await vscode.commands.executeCommand('hoxton.signIn')) as string | undefined;
    } finally {
      ui.restore();
    }
    assert.ok(id, ui.messages.join(' | '));
    const [session] = await a.auth.getSessions();
    assert.match(session.account.label, /sandbox-acme-service/);
    assert.match(session.account.label, /Acme Retail/);
    const stored = await storedAccount(id);
    assert.strictEqual(stored.clientSecret, 'sandbox-acme-service-secret');
    assert.strictEqual(stored.refreshToken, undefined);
    await untilDue();
    await resetStats();
    const renewed = await a.auth.accessToken(id);
    remember(renewed);
    assert.notStrictEqual(renewed, session.accessToken);
    assert.strictEqual((await stats()).tokenRequests, 1);
    const org = await a.connections.client(id).getOrganisation();
    assert.strictEqual(org.name, 'Acme Retail');
  });

  it('renews an expiring access token silently, storing each rotated refresh token', async () => {
    const a = await api();
    await setTokenLifetime(SHORT_LIFETIME);
    const id = await signInWithPassword('demo@hoxton.test', 'demo');
    const first = await storedAccount(id);
    await untilDue();
    const t1 = await a.auth.accessToken(id);
    const second = await storedAccount(id);
    await untilDue();
    const t2 = await a.auth.accessToken(id);
    const third = await storedAccount(id);
    remember(t1);
    remember(t2);
    assert.notStrictEqual(t1, t2);
    assert.notStrictEqual(first.refreshToken, second.refreshToken, 'rotated');
    assert.notStrictEqual(second.refreshToken, third.refreshToken, 'rotated again');
    assert.strictEqual((await a.auth.getSessions()).length, 1);
  });

  it('ends the session and tells the person when a reused refresh token revokes the family', async () => {
    const a = await api();
    await setTokenLifetime(SHORT_LIFETIME);
    const id = await signInWithPassword('demo@hoxton.test', 'demo');
    const original = (await storedAccount(id)).refreshToken!;
    await untilDue();
    await a.auth.accessToken(id); // rotates: the original is now used
    // Someone replays the old refresh token: the server revokes the whole family.
    const replay = await fetch(`${sandboxUrl()}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: original,
        client_id: 'sandbox-acme-service',
        client_secret: 'sandbox-acme-service-secret',
      }),
    });
    assert.strictEqual(replay.status, 400);
    assert.strictEqual(((await replay.json()) as { error: string }).error, 'invalid_grant');
    const ui = scriptUi({});
    const removed = new Promise<void>((resolve) => {
      const sub = a.auth.onDidChangeSessions((e) => {
        if (e.removed?.some((s) => s.id === id)) {
          sub.dispose();
          resolve();
        }
      });
    });
    try {
      await assert.rejects(a.auth.accessToken(id, true), /session has ended/i);
      await removed;
      assert.ok(
        ui.messages.some((m) => /Your HoxtonAi session has ended/.test(m)),
        ui.messages.join(' | '),
      );
    } finally {
      ui.restore();
    }
    assert.strictEqual((await a.auth.getSessions()).length, 0);
    assert.strictEqual(await a.secrets.get(`hoxton.auth.account/${id}`), undefined);
  });

  it('ends sessions when the server revokes everything, and keeps them through network trouble', async () => {
    const a = await api();
    await setTokenLifetime(SHORT_LIFETIME);
    const id = await signInWithPassword('demo@hoxton.test', 'demo');
    await admin('faults', { route: 'POST /oauth/token', reset: true, times: 1 });
    await assert.rejects(a.auth.accessToken(id, true), (e: Error) => {
      // A network error, not the end of the session (the class lives in the extension's bundle: match by name).
      assert.strictEqual(e.name, 'OAuthError', String(e));
      assert.strictEqual((e as Error & { kind?: string }).kind, 'network', String(e));
      return true;
    });
    assert.strictEqual((await a.auth.listAccounts()).length, 1, 'a network failure keeps the session');
    await admin('revoke-all', {});
    await untilDue();
    const ui = scriptUi({});
    try {
      const sessions = await a.auth.getSessions();
      assert.strictEqual(sessions.length, 0);
      await until('the message', () => ui.messages.find((m) => /session has ended/.test(m)));
    } finally {
      ui.restore();
    }
  });

  it('holds two accounts side by side and signs one out, revoking its refresh token', async () => {
    const a = await api();
    const acme = await signInWithPassword('demo@hoxton.test', 'demo');
    const borough = await signInWithPassword('ops@borough.test', 'borough', 'sandbox-borough-secret', 'sandbox-borough');
    const sessions = await a.auth.getSessions();
    assert.deepStrictEqual(sessions.map((s) => s.id).sort(), [acme, borough].sort());
    assert.strictEqual((await a.connections.client(acme).getOrganisation()).name, 'Acme Retail');
    assert.strictEqual((await a.connections.client(borough).getOrganisation()).name, 'Borough Market');
    const refresh = (await storedAccount(borough)).refreshToken!;
    await a.auth.removeSession(borough);
    assert.strictEqual(await a.secrets.get(`hoxton.auth.account/${borough}`), undefined);
    assert.deepStrictEqual(
      (await a.auth.getSessions()).map((s) => s.id),
      [acme],
    );
    const reuse = await fetch(`${sandboxUrl()}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: refresh,
        client_id: 'sandbox-borough',
        client_secret: 'sandbox-borough-secret',
      }),
    });
    assert.strictEqual(reuse.status, 400, 'sign-out revoked the refresh token at /oauth/revoke');
  });

  it('makes exactly one token request for 100 parallel API calls with an expired token', async () => {
    const a = await api();
    await setTokenLifetime(SHORT_LIFETIME);
    const id = await signInWithPassword('demo@hoxton.test', 'demo');
    await untilDue();
    await resetStats();
    const client = a.connections.client(id);
    const results = await Promise.all(Array.from({ length: 100 }, () => client.listSites({ limit: 1 })));
    assert.strictEqual(results.length, 100);
    assert.strictEqual((await stats()).tokenRequests, 1);
  });

  it('never writes a token, secret or password to the log, settings or globalState', async () => {
    // Independent of the other tests: every password and client secret the sandbox knows (whatever their length),
    // the wrong password a test types, and the tokens of sign-ins made here with both interactive grants.
    const a = await api();
    const info = (await admin('info')) as { clients: { secret?: string }[]; users: { password: string }[] };
    const secrets = new Set<string>(['wrong-password']);
    for (const c of info.clients) if (c.secret !== undefined) secrets.add(c.secret);
    for (const u of info.users) secrets.add(u.password);
    assert.ok(info.users.length >= 3 && secrets.size >= info.users.length + 3, 'the sandbox lists its users and client secrets');
    const byPassword = await signInWithPassword('demo@hoxton.test', 'demo');
    const stored = await storedAccount(byPassword);
    assert.ok(stored.refreshToken, 'the password sign-in stored a refresh token');
    secrets.add(stored.refreshToken);
    await vscode.workspace.getConfiguration('hoxton').update('auth.clientId', 'sandbox-borough', vscode.ConfigurationTarget.Global);
    const ui = scriptUi({ picks: ['Client credentials'], inputs: ['sandbox-borough-secret'] });
    try {
      assert.ok(await vscode.commands.executeCommand('hoxton.signIn'), `client-credentials sign-in: ${ui.messages.join(' | ')}`);
    } finally {
      ui.restore();
    }
    const sessions = await a.auth.getSessions();
    assert.ok(sessions.length >= 2, `${sessions.length} sessions`);
    for (const s of sessions) secrets.add(s.accessToken);
    for (const s of seen) secrets.add(s); // and whatever earlier tests met, when they ran
    for (const s of secrets) assert.ok(s.length > 0, 'an empty secret would match anything');

    const haystacks: [string, string][] = [];
    // The extension host's log folder, our LogOutputChannel included.
    const logRoot = path.dirname(a.logUri.fsPath);
    const walk = (dir: string) => {
      if (!fs.existsSync(dir)) return;
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else haystacks.push([p, fs.readFileSync(p, 'utf8')]);
      }
    };
    // The log is written asynchronously: wait until the second sign-in is in it.
    await until('both sign-ins in our log', () => {
      haystacks.length = 0;
      walk(logRoot);
      return haystacks.some(([p, text]) => /Hoxton/.test(p) && (text.match(/Signed in/g) ?? []).length >= 2) || undefined;
    });
    const settings = vscode.workspace.getConfiguration('hoxton');
    haystacks.push(['settings', JSON.stringify(settings)]);
    for (const key of ['apiUrl', 'auth.domain', 'auth.clientId', 'auth.audience'])
      haystacks.push([`setting ${key}`, JSON.stringify(settings.inspect(key))]);
    haystacks.push(['globalState', JSON.stringify(a.globalState.keys().map((k) => [k, a.globalState.get(k)]))]);
    for (const [where, text] of haystacks) {
      for (const secret of secrets) {
        assert.ok(!containsSecret(text, secret), `a secret (${secret.slice(0, 3)}…, ${secret.length} chars) appears in ${where}`);
      }
    }
  });
});

describe('accounts bound to their servers, revocation', function () {
  this.timeout(60_000);
  const cfg = () => vscode.workspace.getConfiguration('hoxton');
  afterEach(async () => {
    await admin('faults', undefined, 'DELETE');
    await signOutAll();
  });

  it('keeps using the servers an account was issued for when the settings name others, and says so in the tree', async () => {
    const a = await api();
    const apiBefore = cfg().inspect<string>('apiUrl')?.globalValue;
    const domainBefore = cfg().inspect<string>('auth.domain')?.globalValue;
    const id = await signInWithPassword('demo@hoxton.test', 'demo');
    try {
      // Nothing listens there: a request that went there would fail.
      await cfg().update('apiUrl', 'http://127.0.0.1:9', vscode.ConfigurationTarget.Global);
      await cfg().update('auth.domain', 'http://127.0.0.1:9', vscode.ConfigurationTarget.Global);
      assert.strictEqual((await a.connections.client(id).getOrganisation()).name, 'Acme Retail');
      await resetStats();
      assert.ok(await a.auth.accessToken(id, true), 'renewed at the server that issued the account');
      assert.strictEqual((await stats()).tokenRequests, 1);
      const [summary] = await a.auth.listAccounts();
      assert.strictEqual(summary.otherServers, true);
      assert.strictEqual(summary.apiHost, new URL(sandboxUrl()).host);
      a.tree.refresh();
      const root = await until('the account row', async () => {
        const roots = (await a.tree.getChildren()) ?? [];
        const item = roots[0] && a.tree.getTreeItem(roots[0]);
        return item && String(item.description).includes(summary.apiHost) ? item : undefined;
      });
      assert.match(String(root.description), /Dana Demo/);
    } finally {
      await cfg().update('apiUrl', apiBefore, vscode.ConfigurationTarget.Global);
      await cfg().update('auth.domain', domainBefore, vscode.ConfigurationTarget.Global);
    }
  });

  it('signing the same account in again revokes the refresh token it replaces', async () => {
    const a = await api();
    const id = await signInWithPassword('demo@hoxton.test', 'demo');
    const replaced = JSON.parse((await a.secrets.get(`hoxton.auth.account/${id}`))!) as { refreshToken: string };
    assert.strictEqual(await signInWithPassword('demo@hoxton.test', 'demo'), id);
    const refresh = () =>
      fetch(`${sandboxUrl()}/oauth/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: replaced.refreshToken,
          client_id: 'sandbox-acme-service',
          client_secret: 'sandbox-acme-service-secret',
        }),
      });
    // 400 invalid_grant (revoked), not 401 invalid_client (a request the server would refuse anyway).
    await until('the revocation', async () => {
      const r = await refresh();
      if (r.status !== 400) return undefined;
      assert.strictEqual(((await r.json()) as { error: string }).error, 'invalid_grant');
      return true;
    });
    assert.ok(await a.auth.accessToken(id, true), 'the new sign-in is unaffected');
  });

  it('tells the person when the sign-out could not revoke the session', async () => {
    const a = await api();
    const id = await signInWithPassword('demo@hoxton.test', 'demo');
    await admin('faults', { route: 'POST /oauth/revoke', status: 503 });
    const ui = scriptUi({});
    try {
      await a.auth.removeSession(id);
      assert.ok(
        ui.messages.some((m) => /could not be told to end the session/.test(m)),
        ui.messages.join(' | '),
      );
      assert.strictEqual((await a.auth.listAccounts()).length, 0, 'signed out here all the same');
    } finally {
      ui.restore();
    }
  });
});
/**
 * True when `text` holds `secret`. Short secrets (the sandbox's passwords are 4 to 7 letters) count only as a
 * whole token, so that "demo" in the user name demo@hoxton.test does not count but `password=demo`, `"demo"`
 * or a line holding only `demo` do.
 */
function containsSecret(text: string, secret: string): boolean {
  if (secret.length >= 12) return text.includes(secret);
  const esc = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w@.+-])${esc}($|[^\\w@.-])`, 'm').test(text);
}

describe('authentication across windows', function () {
  this.timeout(60_000);
  afterEach(async () => {
    await signOutAll();
    await setTokenLifetime(86_400);
  });

  it('uses a refresh token that another window rotated, without tripping reuse detection', async () => {
    const a = await api();
    await setTokenLifetime(60);
    const id = await signInWithPassword('demo@hoxton.test', 'demo');
    const key = `hoxton.auth.account/${id}`;
    const stored = JSON.parse((await a.secrets.get(key))!) as { refreshToken: string };
    // "Another window" renews first and stores the rotated token in the shared SecretStorage.
    const res = await fetch(`${sandboxUrl()}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: stored.refreshToken,
        client_id: 'sandbox-acme-service',
        client_secret: 'sandbox-acme-service-secret',
      }),
    });
    assert.strictEqual(res.status, 200);
    const rotated = ((await res.json()) as { refresh_token: string }).refresh_token;
    await a.secrets.store(key, JSON.stringify({ ...JSON.parse((await a.secrets.get(key))!), refreshToken: rotated }));
    // This window renews now: it must read the store again and use the rotated token.
    const token = await a.auth.accessToken(id, true);
    assert.ok(token);
    assert.strictEqual((await a.auth.getSessions()).length, 1, 'still signed in: no reuse was detected');
    const after = JSON.parse((await a.secrets.get(key))!) as { refreshToken: string };
    assert.notStrictEqual(after.refreshToken, rotated, 'rotated once more and stored');
  });

  it('notices a sign-out made in another window', async () => {
    const a = await api();
    const id = await signInWithPassword('demo@hoxton.test', 'demo');
    const removed = new Promise<void>((resolve) => {
      const sub = a.auth.onDidChangeSessions((e) => {
        if (e.removed?.some((s) => s.id === id)) {
          sub.dispose();
          resolve();
        }
      });
    });
    // The other window deletes the account's secrets and the index.
    await a.secrets.delete(`hoxton.auth.account/${id}`);
    await a.secrets.store('hoxton.auth.index', JSON.stringify([]));
    await removed;
    assert.strictEqual((await a.auth.listAccounts()).length, 0);
  });

  it('discards corrupt stored data with a warning instead of failing', async () => {
    const a = await api();
    const ui = scriptUi({});
    try {
      await a.secrets.store('hoxton.auth.index', JSON.stringify(['broken']));
      await a.secrets.store('hoxton.auth.account/broken', '{not json');
      await until('the reload', async () => ((await a.auth.listAccounts()).length === 0 ? true : undefined));
      assert.deepStrictEqual(await a.auth.getSessions(), []);
      await until('the warning', () => ui.messages.find((m) => /unreadable/.test(m)));
      assert.strictEqual(await a.secrets.get('hoxton.auth.account/broken'), undefined);
    } finally {
      ui.restore();
    }
  });
});

describe('browser sign-in fallbacks', function () {
  this.timeout(60_000);
  after(async () => {
    await signOutAll();
    await vscode.workspace.getConfiguration('hoxton').update('auth.defaultMethod', undefined, vscode.ConfigurationTarget.Global);
  });

  it('offers another way when the URI handler answer fails, and finishes by pasting the address (refusing one without state)', async () => {
    expectErrorNotification(/state mismatch/);
    const a = await api();
    await signOutAll();
    const { ui, signIn, authorize } = await startBrowserSignIn({ messages: ['Try Another Way'] });
    const w = vscode.window as unknown as Record<string, unknown>;
    const scripted = w.showInputBox;
    // The person signs in in the browser opened by the paste way, then pastes the address without its state.
    let second: URL | undefined;
    w.showInputBox = async () => {
      second = new URL(await until('the second way to open the browser', () => ui.opened[1]));
      const location = new URL(await loginInBrowser(second.toString(), 'demo@hoxton.test', 'demo'));
      location.searchParams.delete('state');
      return location.toString();
    };
    try {
      const first = new URL(authorize);
      // The answer arrives with the right state but without a code (a broken redirect): that way fails.
      answerByUriHandler(a, new URLSearchParams({ state: first.searchParams.get('state')! }));
      assert.strictEqual(await signIn, undefined);
      assert.ok(
        ui.messages.some((m) => /Having trouble signing in/.test(m)),
        ui.messages.join(' | '),
      );
      assert.ok(second);
      assert.match(second.searchParams.get('redirect_uri') ?? '', /^http:\/\/127\.0\.0\.1:\d+\/callback$/, 'the paste way');
      assert.notStrictEqual(second.searchParams.get('state'), first.searchParams.get('state'), 'a new state for each attempt');
      assert.ok(
        ui.messages.some((m) => /state mismatch/i.test(m)),
        ui.messages.join(' | '),
      );
      assert.strictEqual((await a.auth.getSessions()).length, 0);
    } finally {
      w.showInputBox = scripted;
      ui.restore();
    }
  });

  it('accepts a bare pasted code (PKCE binds it to the sign-in)', async () => {
    const a = await api();
    await signOutAll();
    const { ui, signIn, authorize } = await startBrowserSignIn({ messages: ['Try Another Way'] });
    const w = vscode.window as unknown as Record<string, unknown>;
    const scripted = w.showInputBox;
    w.showInputBox = async () => {
      const second = await until('the paste way to open the browser', () => ui.opened[1]);
      const location = new URL(await loginInBrowser(second, 'demo@hoxton.test', 'demo'));
      return location.searchParams.get('code')!;
    };
    try {
      answerByUriHandler(a, new URLSearchParams({ state: new URL(authorize).searchParams.get('state')! }));
      const id = await signIn;
      assert.ok(id, ui.messages.join(' | '));
      assert.strictEqual((await a.auth.getSessions())[0].id, id);
    } finally {
      w.showInputBox = scripted;
      ui.restore();
    }
  });
});
