// Helpers for the tests that run inside the real extension host: the extension's test-mode API, the sandbox's
// admin switches over HTTP, and scripted answers for quick picks and input boxes (the only stubs: the person).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import type { ReportPanel } from '../../src/panels/reportPanel';
import type { Rendered } from '../../src/panels/testing';
import type { Node } from '../../src/views/nodes';
import { hostEnv } from './env';

export const EXTENSION_ID = 'hoxton.hoxton-reports';

export async function api(): Promise<TestingApi> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, 'extension not found');
  const testing = testingApiOf(await ext.activate());
  assert.ok(testing, 'the extension did not hand out its testing API (not in test mode?)');
  return testing;
}

/** The internals the extension hands out in test mode only, under a symbol beside its public API. */
export function testingApiOf(exports: unknown): TestingApi | undefined {
  return (exports as Record<symbol, TestingApi> | undefined)?.[Symbol.for('hoxton-reports.testing')];
}

export const sandboxUrl = (): string => hostEnv().sandboxUrl;

export async function admin(path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<unknown> {
  const res = await fetch(`${sandboxUrl()}/__sandbox/${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(res.ok, `sandbox ${path} → ${res.status}`);
  const text = await res.text();
  return text ? JSON.parse(text) : undefined;
}

export const setFault = (f: Record<string, unknown>) => admin('faults', f);
export const clearFaults = () => admin('faults', undefined, 'DELETE');
export const stats = async () => (await admin('stats')) as { tokenRequests: number; requests: Record<string, number>; log: string[] };

/** The API requests the sandbox received since the last resetStats(), as "METHOD /path?query", optionally filtered. */
export async function requestLog(prefix = ''): Promise<{ method: string; path: string; query: URLSearchParams }[]> {
  return (await stats()).log
    .filter((l) => l.startsWith(prefix))
    .map((l) => {
      const [method, target] = l.split(' ', 2);
      const u = new URL(target, 'http://sandbox.invalid');
      return { method, path: u.pathname, query: u.searchParams };
    });
}
export const resetStats = () => admin('stats/reset', {});
export const setTokenLifetime = (seconds: number) => admin('token-lifetime', { seconds });

// ---- notifications: every one is captured; an error notification fails the test unless it declared it ----

type NoticeLevel = 'info' | 'warning' | 'error';
const noticed: { level: NoticeLevel; text: string }[] = [];
let expectedErrors: RegExp[] = [];

/** Declares that the running test expects an error notification matching `re` (otherwise one fails the test). */
export function expectErrorNotification(re: RegExp): void {
  expectedErrors.push(re);
}

/**
 * Root hooks for the host runner (test/host/index.ts): the window's message functions are wrapped once so that
 * every notification is recorded (scriptUi() records its scripted ones too); checkNotifications() then fails a test
 * that showed an error notification it did not declare with expectErrorNotification().
 */
export const notificationHooks = {
  beforeAll(): void {
    const w = vscode.window as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const [fn, level] of [
      ['showInformationMessage', 'info'],
      ['showWarningMessage', 'warning'],
      ['showErrorMessage', 'error'],
    ] as const) {
      const original = w[fn];
      w[fn] = (...args: unknown[]) => {
        noticed.push({ level, text: String(args[0]) });
        return original.apply(vscode.window, args);
      };
    }
  },
  beforeEach(): void {
    noticed.length = 0;
    expectedErrors = [];
  },
};

/** Called at the end of every host test (runMocha's afterTest): an undeclared error notification fails it. */
export function checkNotifications(test: Mocha.Test): void {
  const unexpected = noticed.filter((n) => n.level === 'error' && !expectedErrors.some((re) => re.test(n.text)));
  noticed.length = 0;
  expectedErrors = [];
  if (unexpected.length) {
    throw new Error(
      `unexpected error notification(s) in "${test.title}" (declare with expectErrorNotification): ${unexpected.map((n) => n.text).join(' | ')}`,
    );
  }
}

/** As an answer to a quick pick or input box made with createQuickPick/createInputBox: press its Back button. */
export const BACK: unique symbol = Symbol('press Back');

type Answer =
  | string
  | string[]
  | undefined
  | typeof BACK
  | ((items: readonly vscode.QuickPickItem[]) => vscode.QuickPickItem | vscode.QuickPickItem[] | undefined);

/** An input-box answer that must be refused: typed and Enter pressed; the box must stay with a validation message. */
export interface Refused {
  refused: string;
}

export interface UiScript {
  /** Answers to quick picks, in order: a label (or part of one), several for canPickMany, or undefined to cancel. */
  picks?: Answer[];
  /** Answers to input boxes, in order (undefined cancels; BACK presses Back; {refused} must be refused). */
  inputs?: (string | undefined | typeof BACK | Refused)[];
  /** What modal/normal messages answer (button title), by order. */
  messages?: (string | undefined)[];
}

export interface UiLog {
  pickTitles: string[];
  inputPrompts: string[];
  messages: string[];
  /** The buttons each message offered, by order (beside `messages`). */
  buttons: string[][];
  /** What each quick input made with createQuickPick/createInputBox showed when it was answered, in order. */
  steps: ShownStep[];
  /** The validation messages shown for {refused} answers, in order. */
  refusals: string[];
  opened: string[];
  /** Puts the real functions back; throws when a scripted answer could not be given (no such item, no Back, refused). */
  restore(): void;
}

export interface ShownStep {
  kind: 'pick' | 'input';
  /** The title as the widget shows it: "title (step/total)" when it has a step. */
  title: string;
  step?: number;
  totalSteps?: number;
  back: boolean;
  /** Input box: its value and prompt when shown. */
  value?: string;
  prompt?: string;
  placeholder?: string;
  /** Quick pick: the labels of its items, the active and the selected ones when shown. */
  items?: string[];
  active?: string[];
  selected?: string[];
}

/** Replaces the person: scripted quick-pick, input-box and message answers, and captured openExternal calls. */
export function scriptUi(script: UiScript): UiLog {
  const w = vscode.window as unknown as Record<string, unknown>;
  const env = vscode.env as unknown as Record<string, unknown>;
  const saved = {
    showQuickPick: w.showQuickPick,
    showInputBox: w.showInputBox,
    showInformationMessage: w.showInformationMessage,
    showWarningMessage: w.showWarningMessage,
    showErrorMessage: w.showErrorMessage,
    createQuickPick: w.createQuickPick,
    createInputBox: w.createInputBox,
    openExternal: env.openExternal,
  };
  const failures: string[] = [];
  const picks = [...(script.picks ?? [])];
  const inputs = [...(script.inputs ?? [])];
  const answers = [...(script.messages ?? [])];
  const log: UiLog = {
    pickTitles: [],
    inputPrompts: [],
    messages: [],
    buttons: [],
    steps: [],
    refusals: [],
    opened: [],
    restore: () => {
      Object.assign(w, { showQuickPick: saved.showQuickPick, showInputBox: saved.showInputBox });
      Object.assign(w, { createQuickPick: saved.createQuickPick, createInputBox: saved.createInputBox });
      Object.assign(w, {
        showInformationMessage: saved.showInformationMessage,
        showWarningMessage: saved.showWarningMessage,
        showErrorMessage: saved.showErrorMessage,
      });
      env.openExternal = saved.openExternal;
      if (failures.length) throw new Error(`scripted UI: ${failures.join(' | ')}`);
    },
  };
  w.showQuickPick = async (
    items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>,
    options?: vscode.QuickPickOptions,
  ) => {
    const list = await items;
    log.pickTitles.push(options?.title ?? options?.placeHolder ?? '');
    const answer = picks.shift();
    if (answer === undefined) return undefined;
    assert.ok(answer !== BACK, 'BACK answers a createQuickPick step, not showQuickPick');
    if (typeof answer === 'function') return answer(list);
    const find = (a: string) => list.find((i) => i.label.includes(a));
    if (Array.isArray(answer)) return answer.map(find).filter(Boolean);
    const found = find(answer);
    assert.ok(found, `no quick-pick item like "${answer}" in ${list.map((i) => i.label).join(' | ')}`);
    return options?.canPickMany ? [found] : found;
  };
  w.showInputBox = async (options?: vscode.InputBoxOptions) => {
    log.inputPrompts.push(options?.prompt ?? options?.title ?? '');
    const answer = inputs.shift();
    assert.ok(typeof answer !== 'object' && answer !== BACK, 'BACK and {refused} answer a createInputBox step, not showInputBox');
    if (answer !== undefined && options?.validateInput) {
      const problem = await options.validateInput(answer);
      assert.ok(!problem, `input "${answer}" was refused: ${JSON.stringify(problem)}`);
    }
    return answer;
  };
  w.createQuickPick = () => new ScriptedInput('pick', (input) => answerPick(input, picks.shift(), log, failures));
  w.createInputBox = () => new ScriptedInput('input', (input) => answerInput(input, inputs, log, failures));
  const message =
    (level: NoticeLevel) =>
    async (text: string, ...rest: unknown[]) => {
      log.messages.push(text);
      log.buttons.push(
        rest.flatMap((r) => (typeof r === 'string' ? [r] : r && typeof r === 'object' && 'title' in r ? [String(r.title)] : [])),
      );
      noticed.push({ level, text });
      return answers.shift();
    };
  w.showInformationMessage = message('info');
  w.showWarningMessage = message('warning');
  w.showErrorMessage = message('error');
  env.openExternal = async (uri: vscode.Uri | string) => {
    log.opened.push(typeof uri === 'string' ? uri : uri.toString());
    return true;
  };
  return log;
}

// ---- a scripted stand-in for the widgets of createQuickPick/createInputBox: answered when shown ----

class ScriptedInput {
  title: string | undefined;
  step: number | undefined;
  totalSteps: number | undefined;
  enabled = true;
  busy = false;
  ignoreFocusOut = false;
  buttons: readonly vscode.QuickInputButton[] = [];
  placeholder: string | undefined;
  prompt: string | undefined;
  value = '';
  validationMessage: string | vscode.InputBoxValidationMessage | undefined;
  items: readonly vscode.QuickPickItem[] = [];
  activeItems: readonly vscode.QuickPickItem[] = [];
  selectedItems: readonly vscode.QuickPickItem[] = [];
  canSelectMany = false;
  visible = false;
  disposed = false;
  readonly hidden = new vscode.EventEmitter<void>();
  readonly accepted = new vscode.EventEmitter<void>();
  readonly triggered = new vscode.EventEmitter<vscode.QuickInputButton>();
  readonly valueChanged = new vscode.EventEmitter<string>();
  readonly selectionChanged = new vscode.EventEmitter<readonly vscode.QuickPickItem[]>();
  readonly activeChanged = new vscode.EventEmitter<readonly vscode.QuickPickItem[]>();
  readonly onDidHide = this.hidden.event;
  readonly onDidAccept = this.accepted.event;
  readonly onDidTriggerButton = this.triggered.event;
  readonly onDidChangeValue = this.valueChanged.event;
  readonly onDidChangeSelection = this.selectionChanged.event;
  readonly onDidChangeActive = this.activeChanged.event;
  readonly onDidTriggerItemButton = new vscode.EventEmitter<unknown>().event;

  constructor(
    readonly kind: 'pick' | 'input',
    private readonly answer: (input: ScriptedInput) => void,
  ) {}

  show(): void {
    if (this.disposed || this.visible) return;
    this.visible = true;
    setTimeout(() => this.visible && this.answer(this), 0);
  }
  hide(): void {
    if (!this.visible) return;
    this.visible = false;
    this.hidden.fire();
  }
  dispose(): void {
    this.hide();
    this.disposed = true;
  }
  /** What the person sees now. */
  shown(): ShownStep {
    const labels = (l: readonly vscode.QuickPickItem[]) => l.map((i) => i.label);
    return {
      kind: this.kind,
      title: this.step ? `${this.title ?? ''} (${this.step}/${this.totalSteps ?? ''})` : (this.title ?? ''),
      step: this.step,
      totalSteps: this.totalSteps,
      back: this.buttons.includes(vscode.QuickInputButtons.Back),
      ...(this.kind === 'input'
        ? { value: this.value, prompt: this.prompt, placeholder: this.placeholder }
        : {
            placeholder: this.placeholder,
            items: labels(this.items),
            active: labels(this.activeItems),
            selected: labels(this.selectedItems),
          }),
    };
  }
  pressBack(failures: string[]): void {
    if (this.buttons.includes(vscode.QuickInputButtons.Back)) this.triggered.fire(vscode.QuickInputButtons.Back);
    else this.fail(failures, `no Back button on "${this.shown().title}"`);
  }
  /** A scripted answer that cannot be given: recorded (restore() throws it) and the widget hidden, as Escape would. */
  fail(failures: string[], why: string): void {
    failures.push(why);
    this.hide();
  }
}

function answerPick(pick: ScriptedInput, answer: Answer, log: UiLog, failures: string[]): void {
  const shown = pick.shown();
  log.steps.push(shown);
  log.pickTitles.push(shown.title || pick.placeholder || '');
  if (answer === undefined) return pick.hide();
  if (answer === BACK) return pick.pressBack(failures);
  const find = (a: string) => pick.items.find((i) => i.label.includes(a));
  let chosen: vscode.QuickPickItem[];
  if (typeof answer === 'function') {
    const r = answer(pick.items);
    if (r === undefined) return pick.hide();
    chosen = Array.isArray(r) ? r : [r];
  } else {
    const wanted = Array.isArray(answer) ? answer : [answer];
    chosen = wanted.map(find).filter((i): i is vscode.QuickPickItem => i !== undefined);
    if (chosen.length !== wanted.length) {
      return pick.fail(failures, `no quick-pick item like ${JSON.stringify(answer)} in ${shown.items?.join(' | ')}`);
    }
  }
  if (!pick.canSelectMany) {
    chosen = chosen.slice(0, 1);
    pick.activeItems = chosen;
    pick.activeChanged.fire(chosen);
  }
  pick.selectedItems = chosen;
  pick.selectionChanged.fire(chosen);
  pick.accepted.fire();
}

function answerInput(box: ScriptedInput, inputs: (string | undefined | typeof BACK | Refused)[], log: UiLog, failures: string[]): void {
  const shown = box.shown();
  log.steps.push(shown);
  log.inputPrompts.push(box.prompt ?? box.title ?? '');
  const answer = inputs.shift();
  if (answer === undefined) return box.hide();
  if (answer === BACK) return box.pressBack(failures);
  const typed = typeof answer === 'string' ? answer : answer.refused;
  box.value = typed;
  box.valueChanged.fire(typed);
  box.accepted.fire();
  // The wizard checks synchronously on Enter: a message now means the box stays and asks again.
  const message = box.validationMessage;
  const problem = typeof message === 'string' ? message : message?.message;
  if (typeof answer === 'string') {
    if (problem) box.fail(failures, `input "${typed}" was refused: ${JSON.stringify(problem)}`);
  } else if (!problem) {
    failures.push(`input "${typed}" was accepted, but the script expected it refused`);
  } else {
    log.refusals.push(problem);
    setTimeout(() => box.visible && answerInput(box, inputs, log, failures), 0);
  }
}

export async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The text of our log (the LogOutputChannel's files under this extension host's log folder); written asynchronously. */
export function ourLogText(a: TestingApi): string {
  const texts: string[] = [];
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/Hoxton/.test(e.name)) texts.push(fs.readFileSync(p, 'utf8'));
    }
  };
  walk(path.dirname(a.logUri.fsPath));
  return texts.join('\n');
}

/** Signs in with the password grant (a confidential client and its secret) through the real sign-in command. Returns the account id. */
export async function signInWithPassword(
  username: string,
  password: string,
  clientSecret = 'sandbox-acme-service-secret',
  clientId = 'sandbox-acme-service',
): Promise<string> {
  await vscode.workspace.getConfiguration('hoxton').update('auth.clientId', clientId, vscode.ConfigurationTarget.Global);
  const ui = scriptUi({ picks: ['Email and password'], inputs: [username, password, clientSecret] });
  try {
    const id = (await vscode.commands.executeCommand('hoxton.signIn')) as string | undefined;
    assert.ok(id, `sign-in of ${username} failed: ${ui.messages.join(' | ')}`);
    return id;
  } finally {
    ui.restore();
  }
}

export async function signOutAll(): Promise<void> {
  const a = await api();
  for (const acc of await a.auth.listAccounts()) await a.auth.removeSession(acc.id);
  await vscode.workspace.getConfiguration('hoxton').update('auth.clientId', 'sandbox-acme', vscode.ConfigurationTarget.Global);
}

/** Children of a node once it has finished loading (the tree shows a loading row first). */
export async function children(a: TestingApi, node?: Node): Promise<Node[]> {
  return until(`children of ${node?.id ?? 'root'}`, async () => {
    const list = await a.tree.getChildren(node);
    return list.some((n) => n.kind === 'message' && n.tone === 'loading') ? undefined : list;
  });
}

/** Opens `node`'s report (a new panel, or the open one it reveals) and returns it with its first render. */
export async function openAndRender(a: TestingApi, node: Node): Promise<{ panel: ReportPanel; rendered: Rendered }> {
  const before = new Set(a.panels.panels);
  await vscode.commands.executeCommand('hoxton.openReport', node);
  const panel = await until('the panel', () => a.panels.panels.find((p) => !before.has(p)) ?? a.panels.panels.find((p) => p.panel.active));
  const probe = a.diagnostics.of(panel);
  return { panel, rendered: probe.lastRendered ?? (await probe.nextRender()) };
}

/**
 * Exports the panel's report as `format` as a person does: the save dialog (stubbed for this one call) answers a file
 * in a fresh temporary folder; the file's text is returned and the folder removed.
 */
export async function exportToFile(panel: ReportPanel, format: 'csv' | 'json'): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoxton-export-'));
  const file = path.join(dir, `out.${format}`);
  const w = vscode.window as unknown as Record<string, unknown>;
  const saved = w.showSaveDialog;
  w.showSaveDialog = async () => vscode.Uri.file(file);
  try {
    await panel.handleMessage({ type: 'export', format });
    await until(`${format} file`, () => fs.existsSync(file) || undefined);
    return fs.readFileSync(file, 'utf8');
  } finally {
    w.showSaveDialog = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
