// Live occupancy inside the real extension host, driven by the sandbox's clock and live monitor (admin route
// /__sandbox/live): thresholds per monitor, watching (crossings, badge, status bar, faults, several windows, no
// timers after sign-out) and live panels (new buckets appended, hidden panels make no requests).
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import { Coordinator } from '../../src/live/coordinator';
import { OccupancyWatcher, type RoundReport } from '../../src/live/watcher';
import type { ReportPanel } from '../../src/panels/reportPanel';
import { quickRangeTarget, type ReportTarget, type TargetBase } from '../../src/reports/target';
import { resolvePreset } from '../../src/shared/range';
import { isoInZone } from '../../src/shared/time';
import type { ExtraNode, MonitorNode, Node, SiteNode } from '../../src/views/nodes';
import { baseOf } from '../../src/views/targets';
import { hostEnv } from './env';
import { admin, api, children, clearFaults, resetStats, scriptUi, setFault, signInWithPassword, signOutAll, stats, until } from './helpers';

const DATA = 'GET /v1/monitors/{id}/data';

/**
 * Yesterday to tomorrow in the site's zone at 15 minutes, where a test would say "Today": it holds now with data before
 * it and now + 15 minutes at any time of day. ("Today" has no bucket yet just after the site's midnight, and in the
 * quarter hour before it the sandbox's clock moved on by 15 minutes falls into tomorrow.)
 */
function aroundToday(base: TargetBase): ReportTarget {
  const zone = base.site.timezone;
  const { start } = resolvePreset('yesterday', zone);
  const { end } = resolvePreset('today', zone, Date.now() + 86_400_000);
  return { ...quickRangeTarget(base, 'today'), range: { start: isoInZone(start, zone), end: isoInZone(end, zone) } };
}
const live = (body: Record<string, unknown>) => admin('live', body);

/**
 * Records every round of a watcher from now on; `quiet()` slows it to one round a minute and resolves once the round
 * running at the slow pace has reported, so no request is in flight when the sandbox's counts are read.
 */
function record(w: OccupancyWatcher): { all: RoundReport[]; quiet(): Promise<void>; stop(): void } {
  const all: RoundReport[] = [];
  let waiting: (() => void) | undefined;
  const sub = w.onDidRound((r) => {
    all.push(r);
    if (waiting && r.delayMs >= 60_000) waiting();
  });
  return {
    all,
    quiet: () =>
      new Promise<void>((resolve) => {
        waiting = resolve;
        w.testIntervalMs = 60_000;
      }),
    stop: () => sub.dispose(),
  };
}

/** The next `count` rounds of a watcher (event-driven, no sleeps). */
function rounds(w: OccupancyWatcher, count: number): Promise<RoundReport[]> {
  const got: RoundReport[] = [];
  return new Promise((resolve) => {
    const sub = w.onDidRound((r) => {
      got.push(r);
      if (got.length >= count) {
        sub.dispose();
        resolve(got);
      }
    });
  });
}

describe('live occupancy', function () {
  this.timeout(120_000);
  let a: TestingApi;
  let base: TargetBase;
  let monitorNode: MonitorNode;
  let monitorId: string;

  before(async () => {
    a = await api();
    const info = hostEnv().info as { liveMonitors: { id: string; capacity: number }[] };
    monitorId = info.liveMonitors[0].id;
    await signInWithPassword('ops@borough.test', 'borough', 'sandbox-borough-secret', 'sandbox-borough');
    const borough = (await children(a)).find((r) => r.kind === 'account' && r.orgName === 'Borough Market')!;
    assert.ok(borough, 'signed in to Borough Market');
    for (const site of (await children(a, borough)) as SiteNode[]) {
      const m = (await children(a, site)).find((n): n is MonitorNode => n.kind === 'monitor' && n.monitor.id === monitorId);
      if (m) monitorNode = m;
    }
    assert.ok(monitorNode, 'the live monitor is in the tree');
    base = baseOf(monitorNode);
    await live({ now: Date.now(), values: { [monitorId]: 100 } });
  });

  after(async () => {
    a.live.watcher.testIntervalMs = undefined;
    a.diagnostics.liveIntervalMs = undefined;
    await a.live.watcher.unwatch(base.accountId, monitorId);
    await a.live.thresholds.set(base.accountId, monitorId, undefined);
    await clearFaults();
    await live({ now: null, values: { [monitorId]: null } });
    for (const p of a.panels.panels) p.panel.dispose();
    await signOutAll();
  });

  it('keeps a threshold per monitor in globalState and shows it in the panel’s figures', async () => {
    const ui = scriptUi({ inputs: ['70'] });
    try {
      await vscode.commands.executeCommand('hoxton.setAlertThreshold', monitorNode);
    } finally {
      ui.restore();
    }
    assert.strictEqual(a.live.thresholds.get(base.accountId, monitorId), 70);
    const stored = a.globalState.get<Record<string, number>>('hoxton.live.thresholds');
    assert.strictEqual(stored?.[`${base.accountId}|${monitorId}`], 70, 'kept in globalState, which a reload reads back');
    const panel = await a.panels.show(aroundToday(base));
    const probe = a.diagnostics.of(panel);
    const rendered = await until('figures with the threshold', async () => {
      const r = probe.lastRendered ?? (await probe.nextRender());
      return r.figures.above?.percent === 70 ? r : undefined;
    });
    assert.ok(rendered.figures.above && rendered.figures.above.ms >= 0);
    const text = (await probe.probe()).text;
    assert.ok(/Above 70% of capacity/.test(text), text.slice(0, 400));
    // Back to the setting (80 %): an empty answer.
    const ui2 = scriptUi({ inputs: [''] });
    try {
      await vscode.commands.executeCommand('hoxton.setAlertThreshold', monitorNode);
    } finally {
      ui2.restore();
    }
    assert.strictEqual(a.live.thresholds.own(base.accountId, monitorId), undefined);
    assert.strictEqual(a.live.thresholds.get(base.accountId, monitorId), 80);
    panel.panel.dispose();
  });

  it('raises one notification per upward crossing, with hysteresis, and counts it in the badge and status bar', async () => {
    const w = a.live.watcher;
    const ui = scriptUi({ messages: ['Open Report'] });
    try {
      await live({ values: { [monitorId]: 300 } }); // 72 % of 414
      await vscode.commands.executeCommand('hoxton.watchOccupancy', monitorNode);
      assert.ok(w.isWatched(base.accountId, monitorId));
      await w.pollNow();
      const before = w.notifications;
      assert.strictEqual(a.treeView.badge, undefined);

      await live({ values: { [monitorId]: 340 } }); // 82 %: up across 80 %
      await w.pollNow();
      await until('the badge', () => a.treeView.badge?.value === 1);
      assert.strictEqual(w.notifications, before + 1);
      assert.ok(a.live.view.statusBarText?.includes('82 %'), a.live.view.statusBarText);
      // The person clicks "Open Report" on the notification: the live monitor's panel opens.
      await until('the report from the notification', () => a.panels.panels.find((p) => p.target.monitor.id === monitorId));
      const text = ui.messages.join(' | ');
      assert.ok(text.includes('Market Hall (live)') && text.includes('82 %'), text);

      // Hovering at the line (79.7 %, 81 %) neither clears nor notifies again.
      for (const v of [330, 336, 331]) {
        await live({ values: { [monitorId]: v } });
        await w.pollNow();
      }
      assert.strictEqual(w.notifications, before + 1);
      assert.strictEqual((a.treeView.badge as vscode.ViewBadge | undefined)?.value, 1);

      await live({ values: { [monitorId]: 300 } }); // 72.5 %: more than 5 points below → clears
      await w.pollNow();
      await until('the badge to clear', () => a.treeView.badge === undefined);
      assert.strictEqual(a.live.view.statusBarText, undefined);
      assert.strictEqual(w.notifications, before + 1, 'exactly one notification for the crossing');

      // The Watching group at the top of the tree shows the current occupancy.
      const [top] = await children(a);
      assert.strictEqual(top.kind, 'extra');
      const rows = (top as ExtraNode).children();
      assert.strictEqual(rows.length, 1);
      const item = rows[0].item();
      assert.strictEqual(item.label, 'Market Hall (live)');
      assert.ok(String(item.description).includes('300 of 414'), String(item.description));

      // A round refreshes only the Watching group (the same node), not the whole tree: a whole-tree refresh every
      // round would also renew the command of every row a person may be clicking.
      const fired: (Node | undefined)[] = [];
      const sub = a.tree.onDidChangeTreeData((n) => fired.push(n as Node | undefined));
      try {
        await live({ values: { [monitorId]: 380 } }); // a new upward crossing
        await w.pollNow();
        await until('the round to reach the tree', () => fired.length > 0 || undefined);
      } finally {
        sub.dispose();
      }
      assert.ok(
        fired.every((n) => n === top),
        `refreshed: ${fired.map((n) => (n ? n.id : 'the whole tree')).join(', ')}`,
      );
      assert.ok(String((top as ExtraNode).children()[0].item().description).includes('380 of 414'));
      assert.strictEqual(w.notifications, before + 2);
    } finally {
      ui.restore();
    }
    for (const p of a.panels.panels) p.panel.dispose();
  });

  it('backs off during 5xx and 429 Retry-After faults with one request per round, and recovers by itself', async () => {
    const w = a.live.watcher;
    assert.ok(w.isWatched(base.accountId, monitorId));
    w.testIntervalMs = 40;
    const route = `GET /v1/monitors/${monitorId}/data`;
    await setFault({ route, status: 503, times: 2 });
    await resetStats();
    await w.restart(true);
    const [r1, r2, r3] = await rounds(w, 3); // scheduled rounds: fail, fail, recover
    await w.restart(); // stops the quick rounds before counting
    assert.strictEqual(r1.failed, 1);
    assert.ok(r1.delayMs >= 80, `backs off: ${r1.delayMs}`);
    assert.ok(r2.delayMs > r1.delayMs, `and more: ${r2.delayMs}`);
    assert.strictEqual(r3.failed, 0, 'recovers');
    assert.strictEqual(w.problem, undefined);
    const s = await stats();
    assert.ok((s.requests[DATA] ?? 0) <= 4, `one request per round, no client retries: ${s.requests[DATA]}`);

    await setFault({ route, status: 429, retryAfter: 2, times: 1 });
    await w.pollNow();
    assert.ok(w.problem, 'a quiet status while it fails');
    const [r4] = await rounds(w, 1); // the round after the failed one
    assert.strictEqual(r4.failed, 0);
    await clearFaults();
    w.testIntervalMs = undefined;
    await w.restart();
  });

  it('polls a monitor from one window only when two windows watch it (shared readings)', async () => {
    const folder = vscode.Uri.joinPath(a.logUri, 'live-coordination');
    const memento = new Map<string, unknown>();
    const state: vscode.Memento = {
      keys: () => [...memento.keys()],
      get: <T>(k: string, d?: T) => (memento.has(k) ? (memento.get(k) as T) : d) as T,
      update: async (k: string, v: unknown) => void memento.set(k, v),
    };
    const make = () =>
      new OccupancyWatcher({
        auth: a.auth,
        connections: a.connections,
        thresholds: a.live.thresholds,
        state,
        coordinator: new Coordinator(folder),
        log: { warn: () => undefined, info: () => undefined } as never,
      });
    const one = make();
    const two = make();
    try {
      one.testIntervalMs = 60;
      two.testIntervalMs = 60;
      await resetStats();
      const recOne = record(one);
      const recTwo = record(two);
      const done = Promise.all([rounds(one, 6), rounds(two, 6)]);
      await one.watch(base);
      await two.watch(base);
      await done;
      await Promise.all([recOne.quiet(), recTwo.quiet()]);
      recOne.stop();
      recTwo.stop();
      const all = [...recOne.all, ...recTwo.all];
      const requests = all.reduce((s, r) => s + r.requests, 0);
      const led = all.filter((r) => r.led).length;
      const s = await stats();
      assert.strictEqual(s.requests[DATA] ?? 0, requests, `the sandbox saw exactly the leader’s requests: ${JSON.stringify(all)}`);
      assert.ok(led <= all.length / 2 + 1, `${all.length} rounds in two windows, ${led} polled (${requests} requests)`);
      assert.ok(
        all.some((r) => !r.led),
        'one window read the other’s readings',
      );
    } finally {
      one.dispose();
      two.dispose();
    }
  });

  it('a live panel appends the new bucket when the sandbox’s now moves, and a hidden panel makes no requests', async () => {
    a.live.watcher.testIntervalMs = undefined;
    await a.live.watcher.unwatch(base.accountId, monitorId);
    await live({ now: Date.now(), values: { [monitorId]: 312 } });
    a.diagnostics.liveIntervalMs = 100;
    const panel: ReportPanel = await a.panels.show(aroundToday(base));
    assert.ok(panel.isLive(), 'the range holds now');
    const probe = a.diagnostics.of(panel);
    await (probe.lastRendered ?? probe.nextRender());
    // The first answer may come from the cache; the live refresh brings the sandbox's value.
    const text = await until('“Now: 312 of 414 (75 %)”', async () => {
      const t = (await probe.probe()).text;
      return t.includes('312 of 414 (75 %)') ? t : undefined;
    });
    assert.ok(text.includes('Live · updated'), text.slice(0, 300));
    assert.ok(/Now\s+312 of 414 \(75 %\)/.test(text), 'the first figure is “Now”');

    const n0 = probe.lastRendered!.points / 3; // in, out and occupancy per bucket
    await live({ advanceMinutes: 15 });
    const grown = await until('the new bucket', () =>
      probe.lastRendered && probe.lastRendered.points / 3 === n0 + 1 ? probe.lastRendered : undefined,
    );
    assert.ok(grown);
    assert.ok(panel.liveRefreshes > 0);
    assert.ok(panel.lastTailBuckets <= 2, `only the open and the new bucket were fetched: ${panel.lastTailBuckets}`);

    // Hidden: no timer and no requests while another editor covers it.
    await vscode.commands.executeCommand('workbench.action.files.newUntitledFile');
    await until('the panel to be hidden', () => !panel.panel.visible);
    await until('no live timer and no refresh under way', () => !panel.liveScheduled && panel.liveRunning === 0);
    const refreshes = panel.liveRefreshes;
    await resetStats();
    // Let time pass by something that is not the panel: six quick rounds of the watcher.
    const w = a.live.watcher;
    w.testIntervalMs = 50;
    const rec = record(w);
    const six = rounds(w, 6);
    await w.watch(base);
    await six;
    await rec.quiet();
    rec.stop();
    const s = await stats();
    w.testIntervalMs = undefined;
    await w.unwatch(base.accountId, monitorId);
    const watcherRequests = rec.all.reduce((sum, r) => sum + r.requests, 0);
    assert.strictEqual(s.requests[DATA] ?? 0, watcherRequests, 'the hidden panel made no requests');
    assert.strictEqual(panel.liveRefreshes, refreshes);

    // Visible again: it catches up at once.
    panel.panel.reveal();
    await until('the catch-up refresh', () => panel.liveRefreshes > refreshes);
    // "Watch" on the panel's toolbar.
    await panel.handleMessage({ type: 'watch' });
    assert.ok(a.live.watcher.isWatched(base.accountId, monitorId));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('leaves no timers after sign-out', async () => {
    await a.live.watcher.watch(base);
    await until('a watch timer', () => a.live.watcher.scheduled);
    // A reload: a new watcher on the same globalState picks the watch up and schedules its rounds.
    const reloaded = new OccupancyWatcher({
      auth: a.auth,
      connections: a.connections,
      thresholds: a.live.thresholds,
      state: a.globalState,
      coordinator: new Coordinator(vscode.Uri.joinPath(a.logUri, 'live-reload')),
      log: { warn: () => undefined, info: () => undefined } as never,
    });
    try {
      assert.ok(reloaded.isWatched(base.accountId, monitorId));
      await until('the reloaded watcher’s timer', () => reloaded.scheduled);
    } finally {
      reloaded.dispose();
    }
    await a.auth.removeSession(base.accountId);
    await until('the watch timer to stop', () => !a.live.watcher.scheduled);
    assert.deepStrictEqual(await a.live.watcher.list(), []);
  });
});
