// Extension-host runner of `npm run soak` (extensionTestsPath; launched by bench/soak.ts with
// hoxton.occupancy.watchSeconds = 15): the real OccupancyWatcher of the activated extension watches 20 occupancy
// monitors for HOXTON_SOAK_MINUTES against the sandbox, with an optional network outage (every request reset by
// the sandbox) from HOXTON_SOAK_OUTAGE_AT for HOXTON_SOAK_OUTAGE_MINUTES. Prints `HOXTON_SOAK {...}` lines: every
// round (the sandbox's count of data requests since the last round), heap samples after GC, the outage, and at the
// end the extension's pending timers after sign-out and after the live parts are disposed (what deactivation does).
import * as v8 from 'v8';
import * as vm from 'vm';
import * as vscode from 'vscode';
import { admin, api, clearFaults, resetStats, setFault, signInWithPassword, stats, until } from '../test/host/helpers';
import { occupancyBases, timerCensus, watchAll } from '../test/host/watchLoad';

const DATA = 'GET /v1/monitors/{id}/data';
const WATCHED = 20;

function report(o: Record<string, unknown>): void {
  console.log(`HOXTON_SOAK ${JSON.stringify(o)}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function gcFunction(): { gc: () => void; how: string } {
  const g = (globalThis as { gc?: () => void }).gc;
  if (typeof g === 'function') return { gc: g, how: 'global.gc' };
  v8.setFlagsFromString('--expose-gc');
  const fn = vm.runInNewContext('gc') as () => void;
  return { gc: fn, how: 'v8.setFlagsFromString("--expose-gc") in the extension host' };
}

async function heapMB(gc: () => void): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    await sleep(200);
    gc();
    gc();
    samples.push(process.memoryUsage().heapUsed / 1e6);
  }
  samples.sort((a, b) => a - b);
  return Math.round(samples[2] * 100) / 100;
}

export async function run(): Promise<void> {
  const minutes = Number(process.env.HOXTON_SOAK_MINUTES ?? 60);
  const outageAt = Number(process.env.HOXTON_SOAK_OUTAGE_AT ?? -1);
  const outageMinutes = Number(process.env.HOXTON_SOAK_OUTAGE_MINUTES ?? 0);
  const a = await api();
  const ext = vscode.extensions.getExtension('hoxton.hoxton-reports')!;
  const census = timerCensus(ext.extensionPath);
  const { gc, how } = gcFunction();
  // Notifications of any kind during the soak (the watch must not storm).
  const shown: { kind: string; text: string; at: number }[] = [];
  const win = vscode.window as unknown as Record<string, (...args: unknown[]) => unknown>;
  const restore: (() => void)[] = [];
  for (const k of ['showErrorMessage', 'showWarningMessage', 'showInformationMessage']) {
    const orig = win[k];
    win[k] = (...args: unknown[]) => {
      shown.push({ kind: k, text: String(args[0]), at: Date.now() });
      return Promise.resolve(undefined);
    };
    restore.push(() => (win[k] = orig));
  }
  try {
    const w = a.live.watcher;
    const accountId = await signInWithPassword('demo@hoxton.test', 'demo');
    const bases = await occupancyBases(a, accountId, 'Acme Retail', WATCHED);
    await watchAll(w, bases);
    report({
      kind: 'setup',
      watched: (await w.list()).length,
      watchSeconds: vscode.workspace.getConfiguration('hoxton').get('occupancy.watchSeconds'),
      gc: how,
    });
    const heapStart = await heapMB(gc);
    report({ kind: 'heap', minute: 0, mb: heapStart });

    // Every round: the sandbox's data requests since the round before (no request is in flight when a round reports).
    await resetStats();
    let lastCount = 0;
    let round = 0;
    const t0 = Date.now();
    let outage: 'before' | 'on' | 'after' = 'before';
    const problems: { at: number; problem: string | undefined }[] = [];
    let lastProblem: string | undefined;
    const subs = [
      w.onDidChange(() => {
        if (w.problem !== lastProblem) {
          lastProblem = w.problem;
          problems.push({ at: Date.now() - t0, problem: w.problem });
        }
      }),
      w.onDidRound((r) => {
        const n = ++round;
        const at = Date.now() - t0;
        void stats().then((s) => {
          const count = s.requests[DATA] ?? 0;
          report({
            kind: 'round',
            n,
            atS: Math.round(at / 1000),
            sandbox: count - lastCount,
            reported: r.requests,
            failed: r.failed,
            delayS: r.delayMs / 1000,
            led: r.led,
            outage,
          });
          lastCount = count;
        });
      }),
    ];
    const notificationsBefore = w.notifications;
    const end = t0 + minutes * 60_000;
    let nextHeap = t0 + 10 * 60_000;
    let outageStart = 0;
    let outageEnd = 0;
    while (Date.now() < end) {
      await sleep(Math.min(30_000, Math.max(0, end - Date.now())));
      const minute = (Date.now() - t0) / 60_000;
      report({ kind: 'tick', minute: Math.round(minute * 10) / 10, rounds: round });
      if (outage === 'before' && outageAt >= 0 && minute >= outageAt) {
        await setFault({ route: '*', reset: true });
        outage = 'on';
        outageStart = Date.now();
        report({ kind: 'outage', state: 'start', atS: Math.round((outageStart - t0) / 1000), problem: w.problem ?? null });
      } else if (outage === 'on' && Date.now() - outageStart >= outageMinutes * 60_000) {
        await clearFaults();
        outage = 'after';
        outageEnd = Date.now();
        report({ kind: 'outage', state: 'end', atS: Math.round((outageEnd - t0) / 1000), problem: w.problem ?? null });
      }
      if (Date.now() >= nextHeap) {
        nextHeap += 10 * 60_000;
        report({ kind: 'heap', minute: Math.round(minute), mb: await heapMB(gc) });
      }
    }
    if (outage === 'on') await clearFaults();
    // Let the round in progress report, then stop polling.
    const heapEnd = await heapMB(gc);
    report({ kind: 'heap', minute: Math.round((Date.now() - t0) / 60_000), mb: heapEnd, end: true });
    subs.forEach((s) => s.dispose());
    report({
      kind: 'summary',
      minutes,
      rounds: round,
      heapStartMB: heapStart,
      heapEndMB: heapEnd,
      heapDeltaMB: Math.round((heapEnd - heapStart) * 100) / 100,
      thresholdNotifications: w.notifications - notificationsBefore,
      notificationsShown: shown.length,
      notificationsDuringOutage: shown.filter((s) => outageStart && s.at >= outageStart && s.at <= (outageEnd || Date.now()) + 60_000)
        .length,
      problemChanges: problems,
      outage: outageStart ? { startS: Math.round((outageStart - t0) / 1000), endS: Math.round((outageEnd - t0) / 1000) } : null,
    });

    // Sign-out: no timer of the extension may be left.
    const before = census.pending().count;
    await a.auth.removeSession(accountId);
    await until('the watch timer to stop', () => !w.scheduled, 30_000);
    await sleep(2000); // anything the sign-out itself started (revocation) settles
    const afterSignOut = census.pending();
    report({
      kind: 'timers',
      when: 'after sign-out',
      scheduled: w.scheduled,
      pendingBefore: before,
      pending: afterSignOut.count,
      stacks: afterSignOut.stacks,
    });

    // Deactivation: sign in again (the watches are kept and polling resumes), then dispose the live parts as
    // deactivation does through context.subscriptions.
    await signInWithPassword('demo@hoxton.test', 'demo');
    await until('polling to resume after sign-in', () => w.scheduled, 30_000);
    const whileWatching = census.pending().count;
    w.dispose();
    a.live.view.dispose();
    await sleep(2000);
    const afterDispose = census.pending();
    report({
      kind: 'timers',
      when: 'after deactivation (live parts disposed)',
      scheduled: w.scheduled,
      pendingBefore: whileWatching,
      pending: afterDispose.count,
      stacks: afterDispose.stacks,
    });
    await admin('faults', undefined, 'DELETE');
  } finally {
    restore.forEach((r) => r());
    census.stop();
  }
}
