// The hostile strings table (test/fixtures/hostileStrings.ts: command links, icons, autolinks, HTML, bidi overrides,
// line breaks, a 315-character name) in the real extension host against the sandbox (issue #11): as report, site,
// monitor, direction and user names, as API error messages and as OAuth error descriptions. Wherever VS Code shows
// them (tree labels and tooltips, quick picks, notifications and modals, the status bar, the JSON document, the
// report panel) they are the sink helper's output, so none becomes a link, an icon or a new line. The same table as
// DOM in the report page: test/browser/webview.test.ts. Also: `hoxton:` URIs from links are checked before anything
// is requested.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import { displayName, mdCode, mdText, notifyText, pickText, promptText, statusText } from '../../src/util/inert';
import type { MonitorNode, Node, ReportNode, SiteNode } from '../../src/views/nodes';
import { HOSTILE } from '../fixtures/hostileStrings';
import {
  admin,
  api,
  children,
  clearFaults,
  expectErrorNotification,
  resetStats,
  scriptUi,
  setFault,
  signInWithPassword,
  signOutAll,
  stats,
  until,
} from './helpers';

// ---- what each sink would render (models of VS Code 1.100, as in test/unit/inert.test.ts) ----
/** A notification's or prompt's `[label](target)` link. */
const LINK = /\[[^\]]+\]\((?:https?:\/\/|command:|file:)[^)\s]+/i;
/** An icon in a label: `$(name)` without a backslash in front. */
const ICON = /(^|[^\\])\$\([A-Za-z0-9-]+(?:~[A-Za-z]+)?\)/;
/** Anything that makes a new line or reorders text around it. */
const BREAKS_OR_OVERRIDES = /[\r\n\v\f\u0085\u2028\u2029\u202a-\u202e]/;
/** Markdown a tooltip would still parse outside its code spans: links, autolinks, HTML, icons. */
const MARKDOWN_ACTIVE = /https?:|www\.|\]\(|<[a-z!/]|command:|\$\(|@/i;

const outsideCodeSpans = (md: string) => md.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, '');
const short = (s: string) => JSON.stringify(s.length > 50 ? `${s.slice(0, 50)}…` : s);

function assertNotification(text: string, what: string): void {
  assert.ok(!LINK.test(text), `${what}: a link in ${JSON.stringify(text)}`);
  assert.ok(!BREAKS_OR_OVERRIDES.test(text), `${what}: a line break or override in ${JSON.stringify(text)}`);
}

function assertLabel(text: string, what: string): void {
  assert.ok(!ICON.test(text), `${what}: an icon in ${JSON.stringify(text)}`);
  assert.ok(!BREAKS_OR_OVERRIDES.test(text), `${what}: a line break or override in ${JSON.stringify(text)}`);
}

/** Tree labels and descriptions render no icons (VS Code 1.100: the tree's label renderer has no supportIcons). */
function assertOneLine(text: string, what: string): void {
  assert.ok(!BREAKS_OR_OVERRIDES.test(text), `${what}: a line break or override in ${JSON.stringify(text)}`);
}

function assertTooltip(a: TestingApi, node: Node, name: string): void {
  const t = a.tree.resolveTreeItem(a.tree.getTreeItem(node), node).tooltip;
  assert.ok(t instanceof vscode.MarkdownString, 'a Markdown tooltip');
  assert.ok(!t.isTrusted && !t.supportHtml && !t.supportThemeIcons, 'untrusted, no HTML, no icons');
  const name0 = mdCode(name, { empty: '', max: 500 });
  assert.ok(t.value.startsWith(name0 ? `**${name0}**` : '*(unnamed)*'), `the name first, as a code span: ${t.value.slice(0, 120)}`);
  const rest = outsideCodeSpans(t.value);
  assert.ok(!MARKDOWN_ACTIVE.test(rest), `outside code spans: ${JSON.stringify(rest)}`);
}

const find = async <T extends Node>(a: TestingApi, parent: Node | undefined, match: (n: Node) => n is T): Promise<T> => {
  const list = await children(a, parent);
  const found = list.find(match);
  assert.ok(
    found,
    `not found under ${parent?.id ?? 'root'}: ${list.map((n) => `${n.kind} ${n.id} ${n.kind === 'message' ? n.text : ''}`).join(' | ')}`,
  );
  return found;
};

describe('hostile strings in every sink (real extension host)', function () {
  this.timeout(600_000);
  let a: TestingApi;
  let accountId: string;
  let siteId: string;
  let monitorId: string;
  let directionId: string;
  let reportId: string;
  const restore: { kind: string; id: string; name: string; monitorId?: string }[] = [];

  const rename = async (kind: string, id: string, name: string, monitor?: string) => {
    const { previous } = (await admin('rename', { kind, id, name, monitorId: monitor })) as { previous: string };
    if (!restore.some((r) => r.kind === kind && r.id === id)) restore.push({ kind, id, name: previous, monitorId: monitor });
  };

  /** The tree loaded again from the server: the site, monitor and report nodes of the renamed items. */
  const reload = async () => {
    a.tree.refresh();
    const root = (await children(a))[0];
    const site = await find(a, root, (n): n is SiteNode => n.kind === 'site' && n.site.id === siteId);
    const monitor = await find(a, site, (n): n is MonitorNode => n.kind === 'monitor' && n.monitor.id === monitorId);
    const report = await find(a, monitor, (n): n is ReportNode => n.kind === 'report' && n.report.id === reportId);
    return { site, monitor, report };
  };

  before(async () => {
    a = await api();
    await signOutAll();
    await clearFaults();
    accountId = await signInWithPassword('demo@hoxton.test', 'demo');
    const root = (await children(a))[0];
    // A site of one page with a people-count monitor of at least two directions.
    for (const site of (await children(a, root)).filter((n): n is SiteNode => n.kind === 'site')) {
      const list = await children(a, site);
      if (list.some((n) => n.kind === 'loadMore')) continue; // a renamed monitor may sort onto a later page
      const m = list.find(
        (n): n is MonitorNode => n.kind === 'monitor' && n.monitor.type === 'people_count' && n.monitor.directions.length >= 2,
      );
      if (!m) continue;
      siteId = site.site.id;
      monitorId = m.monitor.id;
      directionId = m.monitor.directions[0].id;
      break;
    }
    assert.ok(monitorId, 'the sandbox has a people-count monitor with two directions');
    const report = await a.connections
      .client(accountId)
      .createReport({ name: 'Hostile holder', monitor_id: monitorId, range: { preset: 'today' }, interval: '1h' });
    reportId = report.id;
  });

  afterEach(async () => {
    await clearFaults();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    for (const r of restore.reverse()) await admin('rename', r);
    await signOutAll();
    accountId = await signInWithPassword('demo@hoxton.test', 'demo');
    await a.connections
      .client(accountId)
      .deleteReport(reportId)
      .catch(() => undefined);
    a.panels.dispose();
    await signOutAll();
  });

  it(`has at least 20 hostile strings (${HOSTILE.length})`, () => {
    assert.ok(HOSTILE.length >= 20);
  });

  it('as site, monitor, direction and report names: tree labels, tooltips, quick picks, modal, JSON document, panel', async () => {
    for (const s of HOSTILE) {
      await rename('site', siteId, s);
      await rename('monitor', monitorId, s);
      await rename('direction', directionId, s, monitorId);
      await rename('report', reportId, s);
      const { site, monitor, report } = await reload();
      const what = short(s);

      // Tree labels and descriptions: one line, the plain-text helper's output.
      for (const n of [site, monitor, report]) {
        const item = a.tree.getTreeItem(n);
        assert.strictEqual(item.label, displayName(s), `label of ${n.kind} ${what}`);
        assertOneLine(String(item.description ?? ''), `description of ${n.kind} ${what}`);
        assertTooltip(a, n, s);
      }
      assert.ok(String(a.tree.getTreeItem(monitor).description).includes(displayName(s)), `directions ${what}`);

      // The wizard's quick picks (Edit report: range, interval, compare, then directions, cancelled there).
      let directionItems: readonly vscode.QuickPickItem[] = [];
      const ui = scriptUi({
        picks: [
          'Today',
          (items) => items[0],
          'None',
          (items) => {
            directionItems = items;
            return undefined;
          },
        ],
      });
      try {
        await vscode.commands.executeCommand('hoxton.editReport', report);
      } finally {
        ui.restore();
      }
      assert.strictEqual(directionItems.length, monitor.monitor.directions.length, `direction picks ${what}`);
      assert.strictEqual(directionItems[0].label, pickText(s), `direction pick label ${what}`);
      for (const i of directionItems) assertLabel(`${i.label} ${i.description ?? ''}`, `direction pick ${what}`);
      for (const t of ui.pickTitles) {
        assert.ok(t.includes(promptText(s)), `the wizard's title names the report: ${JSON.stringify(t)}`);
        assertLabel(t, `wizard title ${what}`);
        assertNotification(t, `wizard title ${what}`);
      }

      // The delete confirmation (a modal), answered "no".
      const modal = scriptUi({ messages: [undefined] });
      try {
        await vscode.commands.executeCommand('hoxton.deleteReport', report);
      } finally {
        modal.restore();
      }
      assert.deepStrictEqual(modal.messages, [`Delete the report “${notifyText(s)}”?`], what);

      // The data again from the server (the cache keeps it for a minute), for the JSON document and the panel.
      a.reports.forgetAccount(accountId);

      // The JSON document: the data as it is (the names parse back exactly), no raw bidi or line separator.
      const uri = (await vscode.commands.executeCommand('hoxton.openReportJson', report)) as string;
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
      const text = doc.getText();
      const data = JSON.parse(text) as { monitor: { name: string }; directions: { id: string; name: string }[] };
      assert.strictEqual(data.monitor.name, s, `JSON monitor name ${what}`);
      assert.strictEqual(data.directions.find((d) => d.id === directionId)?.name, s, `JSON direction name ${what}`);
      assert.ok(!/[\u0000-\u0009\u000b-\u001f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(text), `raw control in JSON ${what}`);

      // The report panel: the title is the plain-text helper's output, and the page shows the names as text.
      const before = new Set(a.panels.panels);
      await vscode.commands.executeCommand('hoxton.openReport', report);
      const panel = await until('the panel', () => a.panels.panels.find((p) => !before.has(p)));
      const probe = a.diagnostics.of(panel);
      if (!probe.lastRendered) await probe.nextRender();
      const noIsolates = (t: string) => t.replace(/[\u2066-\u2069]/g, '');
      assert.ok(!BREAKS_OR_OVERRIDES.test(panel.panel.title), `panel title ${what}`);
      assert.ok(
        noIsolates(panel.panel.title).startsWith(noIsolates(displayName(s)).slice(0, 100)),
        `panel title ${JSON.stringify(panel.panel.title)}`,
      );
      // What a person reads, as the helpers would make it one line (the page shows names as text, as they are).
      const shown = (await probe.probe()).text
        .replace(/[\u2066-\u2069\u202a-\u202e]/g, '')
        .replace(/[\s\u0085]+/g, ' ')
        .replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
      const expected = noIsolates(displayName(s)).slice(0, 60);
      assert.ok(shown.includes(expected), `the page shows ${JSON.stringify(expected)} as text: ${shown.slice(0, 300)}`);
      panel.panel.dispose();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it('as API error messages: tree error rows and notifications', async () => {
    expectErrorNotification(/HoxtonAi could not accept the request/);
    const { report } = await reload();
    for (const s of HOSTILE) {
      const what = short(s);
      // A list that fails: the error row under the account.
      await setFault({ route: 'GET /v1/sites', status: 400, message: s });
      a.tree.refresh();
      const rows = await children(a, (await children(a))[0]);
      const error = rows.find((n) => n.kind === 'message' && n.tone === 'error');
      assert.ok(error, `an error row for ${what}`);
      const item = a.tree.getTreeItem(error);
      assertNotification(String(item.label), `error row ${what}`);
      assert.ok(String(item.label).includes('HoxtonAi could not accept the request'), String(item.label));
      await clearFaults();

      // A change that fails: the error notification.
      await setFault({ route: 'PATCH /v1/reports', status: 422, message: s, times: 1 });
      const ui = scriptUi({ inputs: ['Renamed by the hostile test'], messages: [undefined] });
      try {
        await vscode.commands.executeCommand('hoxton.renameReport', report);
      } finally {
        ui.restore();
      }
      assert.strictEqual(ui.messages.length, 1, `one error notification for ${what}: ${ui.messages.join(' | ')}`);
      assertNotification(ui.messages[0], `rename error ${what}`);
      assert.ok(ui.messages[0].includes('HoxtonAi could not accept the request'), ui.messages[0]);
      await clearFaults();
    }
  });

  it('as OAuth error descriptions: the sign-in failure notification', async () => {
    expectErrorNotification(/HoxtonAi sign-in failed/);
    for (const s of HOSTILE) {
      await setFault({ route: 'POST /oauth/token', status: 400, message: s, times: 1 });
      const ui = scriptUi({
        picks: ['Email and password'],
        inputs: ['demo@hoxton.test', 'demo', 'sandbox-acme-service-secret'],
        messages: [undefined],
      });
      try {
        const id = await vscode.commands.executeCommand('hoxton.signIn');
        assert.strictEqual(id, undefined, 'the sign-in failed');
      } finally {
        ui.restore();
      }
      const failure = ui.messages.find((m) => m.startsWith('HoxtonAi sign-in failed'));
      assert.ok(failure, `a failure notification for ${short(s)}: ${ui.messages.join(' | ')}`);
      assertNotification(failure, `sign-in failure ${short(s)}`);
    }
  });

  it('as user names: the status bar text and tooltip, the account row', async () => {
    for (const s of HOSTILE) {
      await signOutAll();
      await rename('user', 'demo@hoxton.test', s);
      accountId = await signInWithPassword('demo@hoxton.test', 'demo');
      const account = (await a.auth.listAccounts()).find((x) => x.id === accountId);
      assert.ok(account, 'signed in');
      const text = await until('the status bar', () =>
        a.statusBar.text.includes(statusText(account.label)) ? a.statusBar.text : undefined,
      );
      assert.strictEqual(text, `$(account) ${statusText(account.label)}`, short(s));
      assertLabel(text.slice('$(account) '.length), `status bar ${short(s)}`);
      const tooltip = a.statusBar.tooltip;
      assert.ok(tooltip instanceof vscode.MarkdownString, 'a Markdown tooltip');
      assert.ok(!tooltip.isTrusted && !tooltip.supportHtml && !tooltip.supportThemeIcons);
      assert.ok(tooltip.value.includes(`- ${mdText(account.label)}`), tooltip.value);
      const rest = tooltip.value.replace(/&#\d+;/g, '');
      assert.ok(!MARKDOWN_ACTIVE.test(rest), `status bar tooltip ${JSON.stringify(rest)}`);
      a.tree.refresh();
      const root = (await children(a))[0];
      assertOneLine(String(a.tree.getTreeItem(root).description ?? ''), `account row ${short(s)}`);
    }
  });
});

describe('hoxton: URIs are untrusted input', function () {
  this.timeout(120_000);
  let a: TestingApi;
  let valid: Record<string, unknown>;
  let path: string;

  const uriOf = (target: unknown) =>
    vscode.Uri.from({ scheme: 'hoxton', path, query: `t=${Buffer.from(JSON.stringify(target), 'utf8').toString('base64url')}` });

  /** Opening the URI fails with a message that says why, and nothing reaches the API. */
  async function refused(uri: vscode.Uri, why: RegExp): Promise<void> {
    await resetStats();
    await assert.rejects(Promise.resolve(vscode.workspace.openTextDocument(uri)), (e: Error) => {
      assert.match(e.message, /This Hoxton report link cannot be opened/);
      assert.match(e.message, why);
      return true;
    });
    await assert.rejects(Promise.resolve(vscode.workspace.fs.readFile(uri)), why);
    const api = Object.entries((await stats()).requests).filter(([k, n]) => /\/v1\//.test(k) && n > 0);
    assert.deepStrictEqual(api, [], 'no API request');
  }

  before(async () => {
    a = await api();
    await signOutAll();
    await signInWithPassword('demo@hoxton.test', 'demo');
    const root = (await children(a))[0];
    const site = (await children(a, root)).find((n): n is SiteNode => n.kind === 'site')!;
    const monitor = (await children(a, site)).find((n): n is MonitorNode => n.kind === 'monitor')!;
    const range = (await children(a, monitor)).find((n) => n.kind === 'range')!;
    const uri = vscode.Uri.parse((await vscode.commands.executeCommand('hoxton.openReportJson', range)) as string);
    path = uri.path;
    valid = JSON.parse(Buffer.from(/t=([\w-]+)/.exec(uri.query)![1], 'base64url').toString('utf8')) as Record<string, unknown>;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await signOutAll();
  });

  it('a valid link opens (the control)', async () => {
    const doc = await vscode.workspace.openTextDocument(uriOf({ ...valid, interval: '1d' }));
    assert.ok(Array.isArray((JSON.parse(doc.getText()) as { buckets: unknown[] }).buckets));
  });

  it('an account that is not signed in here', async () => {
    await refused(uriOf({ ...valid, accountId: 'https://evil.example|org_x|someone' }), /not signed in/);
  });

  it('an id ".."', async () => {
    const monitor = { ...(valid.monitor as Record<string, unknown>), id: '..' };
    await refused(uriOf({ ...valid, monitor }), /not valid/);
    const site = { ...(valid.site as Record<string, unknown>), id: 'a/../b' };
    await refused(uriOf({ ...valid, site }), /not valid/);
  });

  it('a ten-year range', async () => {
    const range = { start: '2016-01-01T00:00:00Z', end: '2026-01-01T00:00:00Z' };
    await refused(uriOf({ ...valid, report: null, range, interval: '1d' }), /longer than 366 days/);
  });

  it('a garbage query, or none', async () => {
    for (const query of ['t=%%%', 't=bm90IGpzb24', 'x=1', '', `t=${Buffer.from('[]').toString('base64url')}`]) {
      await refused(vscode.Uri.from({ scheme: 'hoxton', path, query }), /does not describe a report|not valid/);
    }
  });
});
