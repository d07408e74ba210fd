// The interactive part of signing in: choosing a method and asking for what it needs.
//  - browser: authorization code + PKCE S256; redirect by loopback server, then URI handler, then pasting
//  - password: grant_type=password (internal use)
//  - client credentials: machine-to-machine; the client secret is kept in SecretStorage to renew tokens
import * as vscode from 'vscode';
import { authorizeUrl, createPkce, parseRedirect, randomState, requestToken, type AuthServer } from '../api/oauth';
import { readConfig, type SignInMethod } from '../util/config';
import type { Log } from '../util/log';
import { redactor } from '../util/redact';
import type { SignInResult } from './provider';
import { AuthUriHandler, RedirectError, check, startLoopback, type RedirectResult } from './redirect';

const WAIT_MS = 5 * 60 * 1000;
const BROWSER_SCOPES = ['openid', 'profile', 'offline_access'];
const LAST_METHOD_KEY = 'hoxton.auth.lastMethod';

type RedirectKind = 'loopback' | 'uri' | 'paste';

export class SignInCancelled extends Error {
  override readonly name = 'SignInCancelled';
  constructor() {
    super(vscode.l10n.t('Sign-in was cancelled.'));
  }
}

export class SignInFlows {
  constructor(
    private readonly uriHandler: AuthUriHandler,
    private readonly memento: vscode.Memento,
    private readonly log: Log,
  ) {}

  async signIn(scopes: readonly string[]): Promise<SignInResult> {
    const method = await this.chooseMethod();
    const clientId = await this.clientId();
    const cfg = readConfig();
    const server: AuthServer = { domain: cfg.authDomain, audience: cfg.audience, timeoutMs: cfg.timeoutMs };
    const wanted = [...new Set([...BROWSER_SCOPES, ...scopes])];
    this.log.info(`Signing in with ${method} at ${server.domain}`);
    let result: SignInResult;
    switch (method) {
      case 'browser':
        result = await this.browser(server, clientId, wanted);
        break;
      case 'password':
        result = await this.password(server, clientId, wanted);
        break;
      case 'clientCredentials':
        result = await this.clientCredentials(server, clientId);
        break;
    }
    await this.memento.update(LAST_METHOD_KEY, method);
    this.log.info(`Signed in with ${method}: POST ${server.domain}/oauth/token → 200 (scopes: ${result.scopes.join(' ')})`);
    return result;
  }

  private async chooseMethod(): Promise<SignInMethod> {
    const configured = readConfig().defaultMethod;
    if (configured !== 'ask') return configured;
    const last = this.memento.get<SignInMethod>(LAST_METHOD_KEY);
    const items: (vscode.QuickPickItem & { method: SignInMethod })[] = [
      {
        method: 'browser',
        label: `$(globe) ${vscode.l10n.t('Sign in with your browser')}`,
        detail: vscode.l10n.t('Recommended. Uses your HoxtonAi login page (authorization code with PKCE).'),
      },
      {
        method: 'password',
        label: `$(key) ${vscode.l10n.t('Email and password')}`,
        detail: vscode.l10n.t('For internal use: the password grant.'),
      },
      {
        method: 'clientCredentials',
        label: `$(server) ${vscode.l10n.t('Client credentials')}`,
        detail: vscode.l10n.t('Machine-to-machine: a client id and secret from the Control Room.'),
      },
    ];
    if (last) items.sort((a, b) => Number(b.method === last) - Number(a.method === last));
    const pick = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Sign in to HoxtonAi'),
      placeHolder: vscode.l10n.t('How do you want to sign in?'),
      ignoreFocusOut: true,
    });
    if (!pick) throw new SignInCancelled();
    return pick.method;
  }

  private async clientId(): Promise<string> {
    const configured = readConfig().clientId;
    if (configured) return configured;
    const id = await vscode.window.showInputBox({
      title: vscode.l10n.t('HoxtonAi OAuth client'),
      prompt: vscode.l10n.t('The client id of your organisation’s OAuth client (Control Room → Settings → API).'),
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter a client id.')),
    });
    if (!id) throw new SignInCancelled();
    const save = vscode.l10n.t('Save in Settings');
    void vscode.window
      .showInformationMessage(vscode.l10n.t('Use this client id next time too?'), save)
      .then((c) => (c === save ? vscode.workspace.getConfiguration('hoxton').update('auth.clientId', id.trim(), true) : undefined));
    return id.trim();
  }

  // ---- browser: authorization code + PKCE ----

  private async browser(server: AuthServer, clientId: string, scopes: string[]): Promise<SignInResult> {
    const kinds: RedirectKind[] = ['loopback', 'uri', 'paste'];
    for (let i = 0; i < kinds.length; i++) {
      const pkce = createPkce();
      const state = randomState();
      try {
        const { code, redirectUri } = await this.redirect(kinds[i], server, clientId, scopes, state, pkce.challenge);
        redactor.add(code);
        const tokens = await requestToken(server, {
          grant: 'authorization_code',
          code,
          redirectUri,
          codeVerifier: pkce.verifier,
          clientId,
        });
        return { method: 'browser', clientId, tokens, scopes: grantedScopes(tokens.scope, scopes) };
      } catch (e) {
        if (e instanceof SignInCancelled) throw e;
        if (e instanceof RedirectError && e.reason !== 'failed') throw e; // refused or state mismatch: stop
        this.log.warn(`Browser sign-in by ${kinds[i]} failed: ${e instanceof Error ? e.message : String(e)}`);
        if (i === kinds.length - 1) throw e;
        const another = vscode.l10n.t('Try Another Way');
        const choice = await vscode.window.showWarningMessage(
          vscode.l10n.t('Having trouble signing in? ({0})', e instanceof Error ? e.message : String(e)),
          another,
        );
        if (choice !== another) throw new SignInCancelled();
      }
    }
    throw new SignInCancelled();
  }

  private async redirect(
    kind: RedirectKind,
    server: AuthServer,
    clientId: string,
    scopes: string[],
    state: string,
    challenge: string,
  ): Promise<{ code: string; redirectUri: string }> {
    const cfg = readConfig();
    // The exact string, not vscode.Uri.parse(…): parsing decodes the query, and a redirect URI with its own query
    // (what asExternalUri gives in browser-based VS Code) would be cut at its first '&'. The extension host
    // accepts a string here and keeps it as it is.
    const open = (redirectUri: string) =>
      vscode.env.openExternal(
        authorizeUrl(server, { clientId, redirectUri, scope: scopes.join(' '), state, codeChallenge: challenge }) as unknown as vscode.Uri,
      );

    if (kind === 'loopback') {
      const loop = await startLoopback(cfg.loopbackPort, state);
      try {
        await open(loop.uri);
        const r = await this.waitFor(loop.result);
        return { code: r.code, redirectUri: loop.uri };
      } finally {
        loop.close();
      }
    }
    if (kind === 'uri') {
      const local = vscode.Uri.parse(`${vscode.env.uriScheme}://hoxton.hoxton-reports/auth-complete`);
      const redirectUri = (await vscode.env.asExternalUri(local)).toString(true);
      const wait = this.uriHandler.wait(state);
      try {
        await open(redirectUri);
        const r = await this.waitFor(wait.result);
        return { code: r.code, redirectUri };
      } finally {
        wait.cancel();
      }
    }
    // paste: the browser lands on a loopback address nobody listens on; the person copies the address or code.
    const redirectUri = `http://127.0.0.1:${cfg.loopbackPort}/callback`;
    await open(redirectUri);
    const pasted = await vscode.window.showInputBox({
      title: vscode.l10n.t('Finish signing in to HoxtonAi'),
      prompt: vscode.l10n.t(
        'After signing in, the browser shows an address starting with {0}. Paste that whole address (or just the code) here.',
        redirectUri,
      ),
      ignoreFocusOut: true,
      password: true,
    });
    if (!pasted) throw new SignInCancelled();
    const parsed = parseRedirect(pasted);
    // A bare code carries no state: only a pasted address can be checked.
    const r = check(parsed.state === undefined && parsed.code ? { ...parsed, state } : parsed, state);
    if (r instanceof Error) throw r;
    return { code: r.code, redirectUri };
  }

  private waitFor(result: Promise<RedirectResult>): Promise<RedirectResult> {
    return Promise.resolve(
      vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: vscode.l10n.t('Signing in to HoxtonAi… Finish in your browser.'),
          cancellable: true,
        },
        (_p, token) =>
          new Promise<RedirectResult>((resolve, reject) => {
            const timer = setTimeout(
              () => reject(new RedirectError(vscode.l10n.t('Sign-in timed out after 5 minutes.'), 'failed')),
              WAIT_MS,
            );
            token.onCancellationRequested(() => reject(new SignInCancelled()));
            result.then(resolve, reject).finally(() => clearTimeout(timer));
          }),
      ),
    );
  }

  // ---- password ----

  private async password(server: AuthServer, clientId: string, scopes: string[]): Promise<SignInResult> {
    const username = await vscode.window.showInputBox({
      title: vscode.l10n.t('Sign in to HoxtonAi (1/2)'),
      prompt: vscode.l10n.t('Email'),
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter your email.')),
    });
    if (!username) throw new SignInCancelled();
    const password = await vscode.window.showInputBox({
      title: vscode.l10n.t('Sign in to HoxtonAi (2/2)'),
      prompt: vscode.l10n.t('Password'),
      password: true,
      ignoreFocusOut: true,
    });
    if (!password) throw new SignInCancelled();
    redactor.add(password);
    const clientSecret = await this.optionalSecret(clientId);
    const tokens = await withSignInProgress(() =>
      requestToken(server, { grant: 'password', username: username.trim(), password, clientId, clientSecret, scope: scopes.join(' ') }),
    );
    return { method: 'password', clientId, clientSecret, tokens, scopes: grantedScopes(tokens.scope, scopes) };
  }

  // ---- client credentials ----

  private async clientCredentials(server: AuthServer, clientId: string): Promise<SignInResult> {
    const clientSecret = await vscode.window.showInputBox({
      title: vscode.l10n.t('Client credentials'),
      prompt: vscode.l10n.t('The client secret of {0}. It is kept in VS Code’s secret storage only.', clientId),
      password: true,
      ignoreFocusOut: true,
    });
    if (!clientSecret) throw new SignInCancelled();
    redactor.add(clientSecret);
    const tokens = await withSignInProgress(() => requestToken(server, { grant: 'client_credentials', clientId, clientSecret }));
    return { method: 'clientCredentials', clientId, clientSecret, tokens, scopes: grantedScopes(tokens.scope, []) };
  }

  private async optionalSecret(clientId: string): Promise<string | undefined> {
    const secret = await vscode.window.showInputBox({
      title: vscode.l10n.t('Client secret (optional)'),
      prompt: vscode.l10n.t('The client secret of {0}, if your OAuth client is confidential. Leave empty otherwise.', clientId),
      password: true,
      ignoreFocusOut: true,
    });
    if (secret === undefined) throw new SignInCancelled();
    redactor.add(secret);
    return secret || undefined;
  }
}

function grantedScopes(granted: string | undefined, asked: string[]): string[] {
  const list = (granted ?? asked.join(' ')).split(/\s+/).filter(Boolean);
  return [...new Set(list)].sort();
}

function withSignInProgress<T>(task: () => Promise<T>): Promise<T> {
  return Promise.resolve(
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Signing in to HoxtonAi…') }, task),
  );
}
