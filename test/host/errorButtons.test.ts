// Error notifications offer what helps with their cause, in the real extension host: "Show Log" after a network or
// server failure (it shows the Hoxton log), "Open Settings" when a setting is the cause (the Settings editor opens,
// filtered to that setting), neither for a request the person can fix. The person is scripted (scriptUi); the
// commands the extension runs are recorded on the way through (this `vscode` API object is shared with it).
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import type { MonitorNode, SiteNode } from '../../src/views/nodes';
import {
  api,
  children,
  clearFaults,
  expectErrorNotification,
  scriptUi,
  setFault,
  signInWithPassword,
  until,
  type UiScript,
} from './helpers';

/** Records every command the extension runs (and still runs it). */
function recordCommands(): { calls: { id: string; args: unknown[] }[]; restore(): void } {
  const commands = vscode.commands as unknown as Record<string, unknown>;
  const original = vscode.commands.executeCommand;
  const calls: { id: string; args: unknown[] }[] = [];
  commands.executeCommand = (id: string, ...args: unknown[]) => {
    calls.push({ id, args });
    return original.call(vscode.commands, id, ...args);
  };
  return { calls, restore: () => (commands.executeCommand = original) };
}

/** The Hoxton log's document, open once its output channel has been shown in the Output view. */
const hoxtonLogShown = () => vscode.workspace.textDocuments.some((d) => d.uri.scheme === 'output' && /Hoxton/.test(d.uri.toString()));

const settingsTabOpen = () => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.label === 'Settings')) || undefined;

describe('error notifications: Show Log and Open Settings', function () {
  this.timeout(90_000);
  let a: TestingApi;
  let monitor: MonitorNode;

  before(async () => {
    a = await api();
    if ((await a.auth.listAccounts()).length === 0) await signInWithPassword('demo@hoxton.test', 'demo');
    const [root] = await children(a);
    const [site] = (await children(a, root)) as SiteNode[];
    monitor = (await children(a, site)).find((n): n is MonitorNode => n.kind === 'monitor')!;
    assert.ok(monitor);
  });

  afterEach(async () => {
    await clearFaults();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.closePanel');
  });

  /** Runs a command with the person scripted; returns what they saw and the commands the extension ran. */
  async function run(command: string, arg: unknown, script: UiScript) {
    const ui = scriptUi(script);
    const rec = recordCommands();
    try {
      await vscode.commands.executeCommand(command, arg);
    } finally {
      rec.restore();
      ui.restore();
    }
    return { ui, calls: rec.calls.filter((c) => c.id !== command && c.id !== 'setContext') };
  }

  const newReport: UiScript = { inputs: ['Never saved'], picks: ['Today', '1 hour', 'None', (items) => items.slice()] };

  it('a network failure offers Show Log, which shows the Hoxton log', async () => {
    expectErrorNotification(/^Creating /);
    assert.ok(!hoxtonLogShown(), 'no test showed the log before (otherwise this check proves nothing)');
    await setFault({ route: 'POST /v1/reports', reset: true });
    const { ui, calls } = await run('hoxton.newReport', monitor, { ...newReport, messages: ['Show Log'] });
    const i = ui.messages.findIndex((m) => m.startsWith('Creating '));
    assert.ok(i >= 0, ui.messages.join(' | '));
    assert.match(ui.messages[i], /Could not reach HoxtonAi/);
    assert.deepStrictEqual(ui.buttons[i], ['Try Again', 'Show Log']);
    assert.deepStrictEqual(
      calls.map((c) => c.id),
      ['hoxton.showLog'],
    );
    // The log's output channel is shown: its document is open in the Output view.
    await until('the Hoxton log in the Output view', () => hoxtonLogShown() || undefined);
  });

  it("a report page that could not load offers Show Log, which runs the extension's Show Log", async () => {
    const [report] = await children(a, monitor); // a saved report or a quick range: every data request fails
    await setFault({ route: 'GET /v1/', status: 500 });
    const before = new Set(a.panels.panels);
    const rec = recordCommands();
    try {
      await vscode.commands.executeCommand('hoxton.openReport', report);
      const panel = await until('the panel', () => a.panels.panels.find((p) => !before.has(p)));
      const probe = a.diagnostics.of(panel);
      let last = '';
      await until(
        'the page in its error state',
        async () => {
          const p = await probe.probe();
          last = `${p.state}: ${p.text.slice(0, 200)}`;
          return p.state === 'error' || undefined;
        },
        30_000,
      ).catch((e: Error) => assert.fail(`${e.message} (last: ${last})`));
      assert.ok(!rec.calls.some((c) => c.id === 'hoxton.showLog'), 'the log was not shown before the click');
      probe.click('showLog'); // the page's Show Log button
      await until('Show Log to run', () => rec.calls.some((c) => c.id === 'hoxton.showLog') || undefined);
    } finally {
      rec.restore();
    }
  });

  it('a server error (500) offers Show Log; a request the server refused (422) does not', async () => {
    expectErrorNotification(/^Creating /);
    await setFault({ route: 'POST /v1/reports', status: 500 });
    const failed = await run('hoxton.newReport', monitor, { ...newReport, messages: [undefined] });
    assert.deepStrictEqual(failed.ui.buttons.at(-1), ['Try Again', 'Show Log'], failed.ui.messages.join(' | '));
    await clearFaults();
    await setFault({ route: 'POST /v1/reports', status: 422, message: 'range too long' });
    const refused = await run('hoxton.newReport', monitor, { ...newReport, messages: [undefined] });
    assert.match(refused.ui.messages.at(-1) ?? '', /could not accept the request/);
    assert.deepStrictEqual(refused.ui.buttons.at(-1), ['Try Again']);
    assert.deepStrictEqual(failed.calls.concat(refused.calls), [], 'nothing chosen, nothing run');
  });

  it('a refused setting offers Open Settings, which opens the Settings editor at that setting', async () => {
    expectErrorNotification(/hoxton\.controlRoomUrl/);
    const config = vscode.workspace.getConfiguration('hoxton');
    const before = config.inspect('controlRoomUrl')?.globalValue;
    await config.update('controlRoomUrl', 'http://control-room.example', vscode.ConfigurationTarget.Global);
    try {
      const { ui, calls } = await run('hoxton.revealInControlRoom', monitor, { messages: ['Open Settings'] });
      assert.strictEqual(ui.messages.length, 1, ui.messages.join(' | '));
      assert.match(ui.messages[0], /hoxton\.controlRoomUrl/);
      assert.deepStrictEqual(ui.buttons[0], ['Open Settings'], 'no Show Log: the log knows nothing more');
      assert.deepStrictEqual(calls, [{ id: 'workbench.action.openSettings', args: ['hoxton.controlRoomUrl'] }]);
      assert.deepStrictEqual(ui.opened, [], 'nothing was opened in the browser');
      await until('the Settings editor', settingsTabOpen);
    } finally {
      await config.update('controlRoomUrl', before, vscode.ConfigurationTarget.Global);
    }
  });

  it('sign-in with a refused server address offers Open Settings for hoxton.apiUrl', async () => {
    expectErrorNotification(/HoxtonAi sign-in failed/);
    const config = vscode.workspace.getConfiguration('hoxton');
    const before = config.inspect('apiUrl')?.globalValue;
    await config.update('apiUrl', 'http://api.example', vscode.ConfigurationTarget.Global);
    try {
      const { ui, calls } = await run('hoxton.signIn', undefined, {
        picks: ['Email and password'],
        inputs: ['demo@hoxton.test', 'demo', 'sandbox-acme-service-secret'],
        messages: ['Open Settings'],
      });
      const i = ui.messages.findIndex((m) => m.startsWith('HoxtonAi sign-in failed'));
      assert.ok(i >= 0, ui.messages.join(' | '));
      assert.match(ui.messages[i], /hoxton\.apiUrl/);
      assert.deepStrictEqual(ui.buttons[i], ['Try Again', 'Open Settings']);
      assert.deepStrictEqual(
        calls.filter((c) => c.id.startsWith('workbench.')),
        [{ id: 'workbench.action.openSettings', args: ['hoxton.apiUrl'] }],
      );
      await until('the Settings editor', settingsTabOpen);
    } finally {
      await config.update('apiUrl', before, vscode.ConfigurationTarget.Global);
    }
  });
});
