// What a new user meets first, inside the real extension host: the walkthrough (every step's image is shipped and
// every completion event names a command, view, setting or context key that the extension really registers or
// sets), the Accounts menu's "Sign in with HoxtonAi to use Hoxton Reports", and the report tab's icons.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import type { ReportPanel } from '../../src/panels/reportPanel';
import type { MonitorNode, Node, SiteNode } from '../../src/views/nodes';
import { EXTENSION_ID, api, children, scriptUi, signInWithPassword, signOutAll, until } from './helpers';

interface Step {
  id: string;
  title: string;
  description: string;
  media: { image?: string; svg?: string; altText?: string };
  completionEvents?: string[];
}
interface Manifest {
  contributes: {
    walkthroughs?: { id: string; title: string; steps: Step[] }[];
    views?: Record<string, { id: string }[]>;
    configuration?: { properties: Record<string, unknown> };
  };
}

/** VS Code's own command for the entry it adds to the Accounts menu: `${providerId}:${extensionId}:signIn${n}`. */
const ACCOUNTS_MENU_SIGN_IN = `hoxton:${EXTENSION_ID}:signIn`;
const accountsMenuSignIn = async () => (await vscode.commands.getCommands()).find((c) => c.startsWith(ACCOUNTS_MENU_SIGN_IN));

/** Records the context keys the extension sets to true (it shares this `vscode` API object with the tests). */
function recordContextKeys(): { keys: Set<string>; restore(): void } {
  const commands = vscode.commands as unknown as Record<string, unknown>;
  const original = vscode.commands.executeCommand;
  const keys = new Set<string>();
  commands.executeCommand = (id: string, ...args: unknown[]) => {
    if (id === 'setContext' && args[1] === true) keys.add(String(args[0]));
    return original.call(vscode.commands, id, ...args);
  };
  return { keys, restore: () => (commands.executeCommand = original) };
}

async function firstMonitor(a: TestingApi): Promise<MonitorNode> {
  const [root] = await children(a);
  for (const site of (await children(a, root)) as SiteNode[]) {
    const m = (await children(a, site)).find((n): n is MonitorNode => n.kind === 'monitor');
    if (m) return m;
  }
  throw new Error('no monitor');
}

async function openPanel(a: TestingApi, node: Node): Promise<ReportPanel> {
  // A panel of the same target would be revealed rather than opened: start from none.
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await until('no panel', () => a.panels.panels.length === 0);
  const before = new Set(a.panels.panels);
  await vscode.commands.executeCommand('hoxton.openReport', node);
  const panel = await until('the panel', () => a.panels.panels.find((p) => !before.has(p)));
  const probe = a.diagnostics.of(panel);
  if (!probe.lastRendered) await probe.nextRender();
  return panel;
}

describe('getting started: walkthrough, Accounts menu, tab icons', function () {
  this.timeout(120_000);
  let a: TestingApi;
  let ext: vscode.Extension<unknown>;
  let manifest: Manifest;

  before(async () => {
    a = await api();
    ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    manifest = ext.packageJSON as Manifest;
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await signOutAll();
  });

  describe('walkthrough', () => {
    const steps = () => manifest.contributes.walkthroughs?.[0]?.steps ?? [];

    it('has the six steps, localised, each with an image that is shipped', () => {
      assert.deepStrictEqual(
        steps().map((s) => s.id),
        ['connect', 'signIn', 'browse', 'openReport', 'openJson', 'export'],
      );
      for (const s of steps()) {
        for (const text of [s.title, s.description, s.media.altText ?? '']) {
          assert.ok(text && !/^%.*%$/.test(text), `step ${s.id}: untranslated "${text}"`);
        }
        const file = s.media.image ?? s.media.svg;
        assert.ok(file, `step ${s.id} has no image`);
        assert.ok(fs.existsSync(path.join(ext.extensionPath, file)), `step ${s.id}: ${file} is missing`);
        assert.ok((s.completionEvents ?? []).length > 0, `step ${s.id} never completes`);
      }
      const [connect, signIn] = steps();
      assert.match(connect.description, /\(command:workbench\.action\.openSettings\?[^)]*hoxton\.auth\.clientId/);
      assert.match(signIn.description, /\(command:hoxton\.signIn\)/);
    });

    it('completes on things the extension registers: commands, views and settings', async () => {
      const commands = new Set(await vscode.commands.getCommands(true));
      const views = new Set(Object.values(manifest.contributes.views ?? {}).flatMap((v) => v.map((x) => x.id)));
      const settings = new Set(Object.keys(manifest.contributes.configuration?.properties ?? {}));
      const events = steps().flatMap((s) => s.completionEvents ?? []);
      for (const e of events) {
        const [kind, name] = [e.slice(0, e.indexOf(':')), e.slice(e.indexOf(':') + 1)];
        if (kind === 'onCommand') assert.ok(commands.has(name), `${e}: no such command`);
        else if (kind === 'onView') assert.ok(views.has(name), `${e}: no such view`);
        else if (kind === 'onSettingChanged') assert.ok(settings.has(name), `${e}: no such setting`);
        else assert.strictEqual(kind, 'onContext', `${e}: unexpected completion event`);
      }
      for (const step of steps()) {
        for (const m of step.description.matchAll(/\(command:([\w.]+)/g)) assert.ok(commands.has(m[1]), `${step.id} links to ${m[1]}`);
      }
    });

    it('sign-in and export set the context keys that complete their steps', async () => {
      const onContext = steps()
        .flatMap((s) => s.completionEvents ?? [])
        .filter((e) => e.startsWith('onContext:'))
        .map((e) => e.slice('onContext:'.length));
      assert.deepStrictEqual(onContext.sort(), ['hoxton.exported', 'hoxton.openedReportJson', 'hoxton.signedIn']);

      await signOutAll();
      const recorded = recordContextKeys();
      const w = vscode.window as unknown as Record<string, unknown>;
      const saveDialog = w.showSaveDialog;
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoxton-walkthrough-'));
      try {
        await signInWithPassword('demo@hoxton.test', 'demo');
        await until('hoxton.signedIn to be set', () => recorded.keys.has('hoxton.signedIn'));
        assert.ok(!recorded.keys.has('hoxton.exported'), 'exported before any export');

        const monitor = await firstMonitor(a);
        const range = (await children(a, monitor)).find((n) => n.kind === 'range')!;
        const panel = await openPanel(a, range);
        const file = path.join(dir, 'export.csv');
        w.showSaveDialog = async () => vscode.Uri.file(file);
        await panel.handleMessage({ type: 'export', format: 'csv' });
        assert.ok(fs.existsSync(file), 'the export was written');
        await until('hoxton.exported to be set', () => recorded.keys.has('hoxton.exported'));
        // The page's Open JSON runs the command from the extension host, which the walkthrough's onCommand: never sees.
        assert.ok(!recorded.keys.has('hoxton.openedReportJson'), 'opened JSON before any JSON was opened');
        await panel.handleMessage({ type: 'openJson' });
        await until('hoxton.openedReportJson to be set', () => recorded.keys.has('hoxton.openedReportJson'));
      } finally {
        w.showSaveDialog = saveDialog;
        recorded.restore();
        fs.rmSync(dir, { recursive: true, force: true });
      }
      for (const key of onContext) assert.ok(recorded.keys.has(key), `${key} was never set`);
    });
  });

  describe('Accounts menu', () => {
    it('without an account: getSession (silent) answers nothing, and the Accounts menu offers to sign in', async () => {
      await signOutAll();
      assert.deepStrictEqual(await a.auth.listAccounts(), []);
      const session = await vscode.authentication.getSession('hoxton', [], { silent: true });
      assert.strictEqual(session, undefined);
      await until('the Accounts menu entry', accountsMenuSignIn);
    });

    it("the Accounts menu's entry signs in through the provider and grants Hoxton Reports the account", async () => {
      await signOutAll();
      const entry = await until('the Accounts menu entry', accountsMenuSignIn);
      // Email and password is for a confidential client (the sandbox's public sandbox-acme allows browser sign-in only).
      await vscode.workspace.getConfiguration('hoxton').update('auth.clientId', 'sandbox-acme-service', vscode.ConfigurationTarget.Global);
      const ui = scriptUi({ picks: ['Email and password'], inputs: ['demo@hoxton.test', 'demo', 'sandbox-acme-service-secret'] });
      try {
        await vscode.commands.executeCommand(entry);
      } finally {
        ui.restore();
      }
      const accounts = await a.auth.listAccounts();
      assert.strictEqual(accounts.length, 1, `accounts: ${JSON.stringify(accounts)}; messages: ${ui.messages.join(' | ')}`);
      // VS Code now hands the session to this extension without asking.
      const session = await vscode.authentication.getSession('hoxton', [], { silent: true });
      assert.strictEqual(session?.account.id, accounts[0].id);
      assert.ok(session.accessToken);
      await until('the entry to go', async () => !(await accountsMenuSignIn()));
    });

    it('Sign In (the command) creates the session through the provider; the entry goes, and comes back after sign-out', async () => {
      await signOutAll();
      await until('the Accounts menu entry', accountsMenuSignIn);
      const id = await signInWithPassword('ops@borough.test', 'borough', 'sandbox-borough-secret', 'sandbox-borough');
      const accounts = await a.auth.listAccounts();
      assert.deepStrictEqual(
        accounts.map((x) => x.id),
        [id],
      );
      const sessions = await a.auth.getSessions([], { account: { id, label: accounts[0].label } });
      assert.strictEqual(sessions.length, 1);
      await until('the entry to go after signing in', async () => !(await accountsMenuSignIn()));
      await signOutAll();
      await until('the entry to come back after the last sign-out', accountsMenuSignIn);
    });
  });

  it('report tabs have an icon for light and one for dark themes, in fixed colours', async () => {
    await signOutAll();
    await signInWithPassword('demo@hoxton.test', 'demo');
    const monitor = await firstMonitor(a);
    const range = (await children(a, monitor)).find((n) => n.kind === 'range')!;
    const panel = await openPanel(a, range);
    const icon = panel.panel.iconPath as { light: vscode.Uri; dark: vscode.Uri } | undefined;
    assert.ok(icon && 'light' in icon && 'dark' in icon, `iconPath: ${JSON.stringify(icon)}`);
    const svg = (u: vscode.Uri) => fs.readFileSync(u.fsPath, 'utf8');
    const light = svg(icon.light);
    const dark = svg(icon.dark);
    for (const s of [light, dark]) assert.doesNotMatch(s, /currentColor/i);
    const stroke = (s: string) => /stroke="(#[0-9a-f]{3,6})"/i.exec(s)?.[1];
    assert.ok(stroke(light) && stroke(dark) && stroke(light) !== stroke(dark), `strokes ${stroke(light)} / ${stroke(dark)}`);
  });
});
