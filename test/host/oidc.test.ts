// Any standard authorization server, through the real sign-in code in the extension host: the sandbox switched
// both ways (discovery off with client_secret_post, discovery on with client_secret_basic only), and a second,
// independent OpenID provider (oidc-provider, test/support/oidcProvider.ts) started here: browser sign-in of its
// public native client with PKCE (answer through the URI handler, RFC 9207 iss checked), renewal with refresh-token
// rotation, and an answer without iss refused.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { browserLogin, OIDC_NATIVE, OIDC_USER, startOidcProvider, type RunningProvider } from '../support/oidcProvider';
import { admin, api, expectErrorNotification, sandboxUrl, scriptUi, signInWithPassword, ourLogText, signOutAll, until } from './helpers';

interface OidcState {
  discovery: boolean;
  tokenAuth: string;
  clientAuth: { basic: number; post: number };
}
const oidc = async (body?: Partial<Pick<OidcState, 'discovery' | 'tokenAuth'>>) => (await admin('oidc', body)) as OidcState;
const setting = (key: string, value: unknown) =>
  vscode.workspace.getConfiguration('hoxton').update(key, value, vscode.ConfigurationTarget.Global);

/** A provider access token lifetime whose tokens are due for renewal 4 s after their issue (80 %). */
const SHORT_LIFETIME = 5;

describe('any standard authorization server', function () {
  this.timeout(60_000);
  let op: RunningProvider;
  let redirectUri: string;

  before(async () => {
    // The URI handler's address as this window sends it (the native client registers exactly it).
    const local = vscode.Uri.parse(`${vscode.env.uriScheme}://hoxton.hoxton-reports/auth-complete`);
    redirectUri = (await vscode.env.asExternalUri(local)).toString(true);
    op = await startOidcProvider({ redirectUris: [redirectUri], accessTokenSeconds: SHORT_LIFETIME });
  });
  afterEach(async () => {
    await signOutAll();
    await setting('auth.domain', sandboxUrl());
    await setting('auth.defaultMethod', undefined);
    await oidc({ discovery: true, tokenAuth: 'both' });
  });
  after(() => op?.close());

  it('sandbox without discovery (404) and client_secret_post only: Auth0 paths, the secret in the body', async () => {
    await oidc({ discovery: false, tokenAuth: 'post' });
    const id = await signInWithPassword('demo@hoxton.test', 'demo');
    const [session] = await (await api()).auth.getSessions();
    assert.strictEqual(session.id, id);
    assert.match(session.account.label, /Dana Demo/);
    assert.deepStrictEqual((await oidc()).clientAuth, { basic: 0, post: 1 });
  });

  it('sandbox with discovery and client_secret_basic only: the secret in the Authorization header, also on sign-out', async () => {
    await oidc({ discovery: true, tokenAuth: 'basic' });
    const id = await signInWithPassword('demo@hoxton.test', 'demo');
    assert.match((await (await api()).auth.getSessions())[0].account.label, /Dana Demo/);
    assert.deepStrictEqual((await oidc()).clientAuth, { basic: 1, post: 0 });
    await (await api()).auth.removeSession(id);
    assert.deepStrictEqual((await oidc()).clientAuth, { basic: 2, post: 0 }, 'the revocation at sign-out used basic too');
  });

  /** Starts a browser sign-in at the OpenID provider and returns its answer (the address it redirects to). */
  async function providerSignIn(): Promise<{ signIn: Thenable<string | undefined>; answer: URL; ui: ReturnType<typeof scriptUi> }> {
    await setting('auth.domain', op.issuer);
    await setting('auth.clientId', OIDC_NATIVE);
    await setting('auth.defaultMethod', 'browser');
    const ui = scriptUi({});
    try {
      const signIn = vscode.commands.executeCommand('hoxton.signIn') as Thenable<string | undefined>;
      const authorize = await until('the browser to open', () => ui.opened[0]);
      assert.ok(authorize.startsWith(`${op.issuer}/auth?`), `the discovered authorization endpoint, not /authorize: ${authorize}`);
      const sent = new URL(authorize).searchParams.get('redirect_uri') ?? '';
      assert.ok(sent.startsWith(redirectUri.split('?')[0]), `the URI handler's address: ${sent}`);
      const answer = await browserLogin(authorize, sent);
      return { signIn, answer, ui };
    } catch (e) {
      ui.restore();
      throw e;
    }
  }
  const deliver = (q: URLSearchParams) =>
    api().then((a) =>
      a.uriHandler.handleUri(vscode.Uri.parse(`${vscode.env.uriScheme}://hoxton.hoxton-reports/auth-complete?${q.toString()}`)),
    );

  it('oidc-provider: browser sign-in with PKCE and iss, then renewal with a rotated refresh token', async () => {
    const a = await api();
    const notUsed = () => (ourLogText(a).match(/ID token claims not used/g) ?? []).length;
    const notUsedBefore = notUsed();
    const { signIn, answer, ui } = await providerSignIn();
    let id: string | undefined;
    try {
      assert.strictEqual(answer.searchParams.get('iss'), op.issuer, 'the provider sends iss (RFC 9207)');
      await deliver(answer.searchParams);
      id = await signIn;
      assert.ok(id, ui.messages.join(' | '));
    } finally {
      ui.restore();
    }
    const session = (await a.auth.getSessions()).find((s) => s.account.id === id); // earlier tests may have left accounts
    assert.ok(session, 'the new session is listed');
    assert.match(session.account.label, new RegExp(OIDC_USER.name));
    assert.match(session.account.label, new RegExp(OIDC_USER.orgName));
    const stored = async () => JSON.parse((await a.secrets.get(`hoxton.auth.account/${id}`)) ?? '{}') as { refreshToken?: string };
    const first = (await stored()).refreshToken;
    assert.ok(first, 'a refresh token is kept');
    await new Promise((r) => setTimeout(r, (SHORT_LIFETIME - 1) * 1000 + 200));
    const renewed = await a.auth.accessToken(id);
    assert.notStrictEqual(renewed, session.accessToken, 'renewed');
    const second = (await stored()).refreshToken;
    assert.ok(second && second !== first, 'the provider rotated the refresh token and the new one is kept');
    // The provider refuses the spent one: rotation is real, not only a new string.
    const reuse = await fetch(`${op.issuer}/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: first, client_id: OIDC_NATIVE }),
    });
    assert.strictEqual(reuse.status, 400);
    // The log names where the requests went: the discovered token endpoint, not Auth0's path on the domain.
    await until('the sign-in and the renewal in our log', () => {
      const log = ourLogText(a);
      return (
        (log.includes(`Signed in with browser: POST ${op.issuer}/token → 200`) &&
          log.includes(`POST ${op.issuer}/token (refresh_token) → 200`)) ||
        undefined
      );
    });
    // The provider's ES256 ID token was verified (jose, its own chunk) and its claims used: no fallback to /userinfo.
    assert.strictEqual(notUsed(), notUsedBefore, 'the ID token was verified');
    assert.doesNotMatch(ourLogText(a), new RegExp(`${op.issuer.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/oauth/token`));
  });

  it('oidc-provider: an answer without iss is refused with a clear message, and nothing is kept', async () => {
    expectErrorNotification(/iss/);
    const a = await api();
    const { signIn, answer, ui } = await providerSignIn();
    try {
      const q = new URLSearchParams(answer.searchParams);
      q.delete('iss');
      await deliver(q);
      assert.strictEqual(await signIn, undefined);
      assert.ok(
        ui.messages.some((m) => /no iss/.test(m)),
        ui.messages.join(' | '),
      );
    } finally {
      ui.restore();
    }
    assert.strictEqual((await a.auth.getSessions()).length, 0);
  });
});
