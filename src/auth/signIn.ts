// The interactive part of signing in: choosing a method, running the flows usable here (flows.ts) in order,
// and asking for what each needs.
//  - browser: authorization code + PKCE S256; the answer comes back by loopback server, URI handler or pasting
//  - password: grant_type=password (internal use)
//  - client credentials: machine-to-machine; the client secret is kept in SecretStorage to renew tokens
// The settings are read once per sign-in (servers.ts); the result records them for the account.
import * as vscode from 'vscode';
import { notifyText, promptText } from '../util/inert';
import {
  authorizeUrl,
  createPkce,
  parseRedirect,
  randomState,
  requestToken,
  serverMetadata,
  tokenEndpointUsed,
  type AuthServer,
  type RedirectParams,
} from '../api/oauth';
import type { ServerMetadata } from '../api/oidcMetadata';
import { errorText } from '../shared/errorText';
import { readConfig, type SignInMethod } from '../util/config';
import type { Log } from '../util/log';
import { redactor } from '../util/redact';
import { getFlows, type Flow, type FlowContext, type FlowId } from './flows';
import { startLoopback } from './node/loopback';
import { AuthUriHandler, RedirectError, check } from './redirect';
import { authServer, hostOf, serversOf } from './servers';
import type { AccountServers, SignInResult } from './types';

const WAIT_MS = 5 * 60 * 1000;
const BROWSER_SCOPES = ['openid', 'profile', 'offline_access'];
const LAST_METHOD_KEY = 'hoxton.auth.lastMethod';

export class SignInCancelled extends Error {
  override readonly name = 'SignInCancelled';
  constructor() {
    super(vscode.l10n.t('Sign-in was cancelled.'));
  }
}

/** Where this window runs, for getFlows. */
function flowContext(): FlowContext {
  return { remote: vscode.env.remoteName !== undefined, web: vscode.env.uiKind === vscode.UIKind.Web };
}

interface Attempt {
  server: AuthServer;
  servers: AccountServers;
  scopes: string[];
  loopbackPort: number;
}

type Trigger = (a: Attempt) => Promise<SignInResult>;

export class SignInFlows {
  private readonly triggers: Record<FlowId, Trigger> = {
    loopback: (a) => this.browser(a, 'loopback'),
    uri: (a) => this.browser(a, 'uri'),
    paste: (a) => this.browser(a, 'paste'),
    password: (a) => this.password(a),
    clientCredentials: (a) => this.clientCredentials(a),
  };

  constructor(
    private readonly uriHandler: AuthUriHandler,
    private readonly memento: vscode.Memento,
    private readonly log: Log,
  ) {}

  async signIn(scopes: readonly string[]): Promise<SignInResult> {
    const cfg = readConfig(); // once: the account records the servers named now
    const flows = getFlows(flowContext());
    const method = await this.chooseMethod(flows, cfg.defaultMethod);
    const servers = serversOf(cfg, await this.clientId(cfg.clientId));
    const attempt: Attempt = {
      server: authServer(servers, cfg.timeoutMs),
      servers,
      scopes: [...new Set([...BROWSER_SCOPES, ...scopes])],
      loopbackPort: cfg.loopbackPort,
    };
    this.log.info(`Signing in with ${method} at ${servers.authDomain}`);
    const usable = flows.filter((f) => f.method === method);
    let result: SignInResult | undefined;
    for (let i = 0; i < usable.length && !result; i++) {
      try {
        result = await this.triggers[usable[i].id](attempt);
      } catch (e) {
        if (e instanceof SignInCancelled) throw e;
        // Refused or a wrong state: stop. Anything else (no answer, a failed exchange): offer the next way.
        if ((e instanceof RedirectError && e.reason !== 'failed') || i === usable.length - 1) throw e;
        this.log.warn(`Browser sign-in by ${usable[i].id} failed: ${errorText(e)}`);
        const another = vscode.l10n.t('Try Another Way');
        const choice = await vscode.window.showWarningMessage(
          vscode.l10n.t('Having trouble signing in? ({0})', notifyText(errorText(e))),
          another,
        );
        if (choice !== another) throw new SignInCancelled();
      }
    }
    if (!result) throw new SignInCancelled();
    await this.memento.update(LAST_METHOD_KEY, method);
    this.log.info(`Signed in with ${method}: POST ${tokenEndpointUsed(attempt.server)} → 200 (scopes: ${result.scopes.join(' ')})`);
    return result;
  }

  private async chooseMethod(flows: Flow[], configured: SignInMethod | 'ask'): Promise<SignInMethod> {
    if (configured !== 'ask' && flows.some((f) => f.method === configured)) return configured;
    const last = this.memento.get<SignInMethod>(LAST_METHOD_KEY);
    const all: (vscode.QuickPickItem & { method: SignInMethod })[] = [
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
    const items = all.filter((i) => flows.some((f) => f.method === i.method));
    if (last) items.sort((a, b) => Number(b.method === last) - Number(a.method === last));
    const pick = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Sign in to HoxtonAi'),
      placeHolder: vscode.l10n.t('How do you want to sign in?'),
      ignoreFocusOut: true,
    });
    if (!pick) throw new SignInCancelled();
    return pick.method;
  }

  private async clientId(configured: string): Promise<string> {
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

  private async browser(a: Attempt, kind: 'loopback' | 'uri' | 'paste'): Promise<SignInResult> {
    const pkce = createPkce();
    const state = randomState();
    const clientId = a.servers.clientId;
    const meta = await serverMetadata(a.server); // its endpoints, and whether its answer must name it (RFC 9207)
    if (meta.note) this.log.info(`Using the Auth0 paths at ${a.servers.authDomain}: ${meta.note}`);
    const { code, redirectUri } = await this.redirect(kind, a, state, pkce.challenge, meta);
    redactor.add(code);
    const tokens = await requestToken(a.server, { grant: 'authorization_code', code, redirectUri, codeVerifier: pkce.verifier, clientId });
    return { method: 'browser', servers: a.servers, tokens, scopes: grantedScopes(tokens.scope, a.scopes) };
  }

  private async redirect(
    kind: 'loopback' | 'uri' | 'paste',
    a: Attempt,
    state: string,
    challenge: string,
    meta: ServerMetadata,
  ): Promise<{ code: string; redirectUri: string }> {
    // The exact string, not vscode.Uri.parse(…): parsing decodes the query, and a redirect URI with its own query
    // (what asExternalUri gives in browser-based VS Code) would be cut at its first '&'. The extension host
    // accepts a string here and keeps it as it is.
    const open = async (redirectUri: string) =>
      vscode.env.openExternal(
        (await authorizeUrl(a.server, {
          clientId: a.servers.clientId,
          redirectUri,
          scope: a.scopes.join(' '),
          state,
          codeChallenge: challenge,
        })) as unknown as vscode.Uri,
      );
    const judged = (r: RedirectParams, bareCode = false) => {
      // A bare pasted code carries neither state nor iss: PKCE binds it to this sign-in and it goes only to this
      // server's token endpoint (see below).
      const outcome = check(r, state, bareCode ? undefined : meta);
      if (outcome instanceof Error) {
        if (r.error) this.log.warn(`The sign-in server refused: ${r.error}${r.errorDescription ? ` (${r.errorDescription})` : ''}`);
        throw outcome;
      }
      return outcome.code;
    };

    if (kind === 'loopback') {
      const loop = await startLoopback(a.loopbackPort, state, {
        success: page(vscode.l10n.t('Signed in to HoxtonAi'), vscode.l10n.t('You can close this tab and return to VS Code.')),
        failure: page(vscode.l10n.t('Sign-in failed'), vscode.l10n.t('Return to VS Code for details.')),
      });
      try {
        await open(loop.uri);
        return { code: judged(await this.waitFor(loop.result)), redirectUri: loop.uri };
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
        return { code: judged(await this.waitFor(wait.result)), redirectUri };
      } finally {
        wait.cancel();
      }
    }
    // paste: the browser lands on a loopback address nobody listens on; the person copies the address or code.
    const redirectUri = `http://127.0.0.1:${a.loopbackPort}/callback`;
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
    const bareCode = !/[?=&]/.test(pasted.trim());
    // A bare code carries no state and is accepted: PKCE binds it to this sign-in (only the holder of the verifier
    // can exchange it). A pasted address must carry this sign-in's state, like any other redirect.
    return { code: judged(bareCode ? { ...parsed, state } : parsed, bareCode), redirectUri };
  }

  private waitFor<T>(result: Promise<T>): Promise<T> {
    return Promise.resolve(
      vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: vscode.l10n.t('Signing in to HoxtonAi… Finish in your browser.'),
          cancellable: true,
        },
        (_p, token) =>
          new Promise<T>((resolve, reject) => {
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

  private async password(a: Attempt): Promise<SignInResult> {
    const username = await vscode.window.showInputBox({
      title: vscode.l10n.t('Sign in to HoxtonAi at {0} (1/2)', promptText(hostOf(a.servers.authDomain))),
      prompt: vscode.l10n.t('Email'),
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter your email.')),
    });
    if (!username) throw new SignInCancelled();
    const password = await vscode.window.showInputBox({
      title: vscode.l10n.t('Sign in to HoxtonAi at {0} (2/2)', promptText(hostOf(a.servers.authDomain))),
      prompt: vscode.l10n.t('Password'),
      password: true,
      ignoreFocusOut: true,
    });
    if (!password) throw new SignInCancelled();
    redactor.add(password);
    const clientId = a.servers.clientId;
    const clientSecret = await this.optionalSecret(clientId);
    const tokens = await withSignInProgress(() =>
      requestToken(a.server, { grant: 'password', username: username.trim(), password, clientId, clientSecret, scope: a.scopes.join(' ') }),
    );
    return { method: 'password', servers: a.servers, clientSecret, tokens, scopes: grantedScopes(tokens.scope, a.scopes) };
  }

  // ---- client credentials ----

  private async clientCredentials(a: Attempt): Promise<SignInResult> {
    const clientId = a.servers.clientId;
    const clientSecret = await vscode.window.showInputBox({
      title: vscode.l10n.t('Client credentials for {0}', promptText(hostOf(a.servers.authDomain))),
      prompt: vscode.l10n.t('The client secret of {0}. It is kept in VS Code’s secret storage only.', promptText(clientId)),
      password: true,
      ignoreFocusOut: true,
    });
    if (!clientSecret) throw new SignInCancelled();
    redactor.add(clientSecret);
    const tokens = await withSignInProgress(() => requestToken(a.server, { grant: 'client_credentials', clientId, clientSecret }));
    return { method: 'clientCredentials', servers: a.servers, clientSecret, tokens, scopes: grantedScopes(tokens.scope, []) };
  }

  private async optionalSecret(clientId: string): Promise<string | undefined> {
    const secret = await vscode.window.showInputBox({
      title: vscode.l10n.t('Client secret (optional)'),
      prompt: vscode.l10n.t('The client secret of {0}, if your OAuth client is confidential. Leave empty otherwise.', promptText(clientId)),
      password: true,
      ignoreFocusOut: true,
    });
    if (secret === undefined) throw new SignInCancelled();
    redactor.add(secret);
    return secret || undefined;
  }
}

function page(title: string, text: string): string {
  return (
    `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head>` +
    `<body><h1>${title}</h1><p>${text}</p></body></html>`
  );
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
