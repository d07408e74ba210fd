// In-host figures of `npm run bench` (inside a real extension host, Hoxton Reports in test mode): tree page build,
// memory after 20 report panels, and token single flight. Called by hostActivate.ts after it timed activation (or
// used directly as an extensionTestsPath runner). Results go out as `HOXTON_BENCH {...}` console lines, which the
// harness forwards from the extension host (codeAutomationLog) to run.ts.
import * as fs from 'fs';
import * as v8 from 'v8';
import * as vm from 'vm';
import * as vscode from 'vscode';
import type { TestingApi } from '../src/extension';
import type { ReportPanel } from '../src/panels/reportPanel';
import { quickRangeTarget, type ReportTarget } from '../src/reports/target';
import type { Monitor, Site } from '../src/api/types';
import * as validators from '../src/api/validators';
import { AccountNode, MonitorNode, SiteNode, treeItem } from '../src/views/nodes';
import { admin, api, resetStats, sandboxUrl, setTokenLifetime, signInWithPassword, signOutAll, stats, until } from '../test/host/helpers';

function report(o: unknown): void {
  console.log(`HOXTON_BENCH ${JSON.stringify(o)}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const RUNS = Number(process.env.HOXTON_BENCH_RUNS ?? 15);

// ------------------------------------------------------------------------------------------------ tree page build

/** Process CPU time in ms (user + system; not advanced while the thread is preempted, unlike wall time). */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * What the extension does with a 500-monitor page once its text has arrived: the client's JSON.parse and contract
 * check (validators.MonitorList), a MonitorNode per monitor (tree.ts), and getTreeItem for each (what VS Code asks
 * for every row). Baseline: JSON.parse of the same text. Both synchronous on the extension-host thread, measured
 * as process CPU time (and wall time, reported alongside).
 */
async function treePageBuild(a: TestingApi, accountId: string): Promise<void> {
  const token = await a.auth.accessToken(accountId);
  const res = await fetch(`${sandboxUrl()}/v1/monitors?limit=500`, {
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`GET /v1/monitors?limit=500 → ${res.status}`);
  const account = new AccountNode(accountId, 'Demo User (Acme Retail)', 'Acme Retail');
  const site = new SiteNode(account, {
    id: 'site_bench',
    name: 'Bench site',
    timezone: 'Europe/London',
    address: '1 Bench Street',
  } as Site);
  let sink = 0;

  type Sample = { cpu: number; wall: number };
  const parseOnly = (): Sample => {
    const w0 = performance.now();
    const c0 = cpuMs();
    const page = JSON.parse(text) as { data: Monitor[] };
    const c1 = cpuMs();
    const w1 = performance.now();
    sink += page.data.length;
    return { cpu: c1 - c0, wall: w1 - w0 };
  };
  type Build = Sample & { parse: number; validate: number; nodes: number; items: number };
  const build = (): Build => {
    const w0 = performance.now();
    const c0 = cpuMs();
    const page = JSON.parse(text) as { data: Monitor[]; next_cursor: string | null };
    const c1 = cpuMs();
    if (!validators.MonitorList(page)) throw new Error('the page does not match the contract');
    const c2 = cpuMs();
    const nodes = page.data.map((m) => new MonitorNode(site, m));
    const c3 = cpuMs();
    for (const n of nodes) sink += a.tree.getTreeItem(n).label ? 1 : 0;
    const c4 = cpuMs();
    const w1 = performance.now();
    return { cpu: c4 - c0, wall: w1 - w0, parse: c1 - c0, validate: c2 - c1, nodes: c3 - c2, items: c4 - c3 };
  };

  const base: Sample[] = [];
  const ours: Build[] = [];
  for (let i = -3; i < RUNS; i++) {
    // Alternate which goes first.
    let b: Sample;
    let o: Build;
    if (i % 2 === 0) {
      b = parseOnly();
      o = build();
    } else {
      o = build();
      b = parseOnly();
    }
    if (i >= 0) {
      base.push(b);
      ours.push(o);
    }
    await sleep(5); // let pending work (GC tasks, IPC) run between samples
  }
  const pick = (k: keyof Build) => median(ours.map((o) => o[k]));
  // Diagnostics for the items phase: treeItem() itself (the same source, compiled by tsc instead of the bundle).
  // getTreeItem reads no settings per item (the tree reads hoxton.tree.autoRefreshMinutes once, when first needed).
  const nodes = (JSON.parse(text) as { data: Monitor[] }).data.map((m) => new MonitorNode(site, m));
  const direct: number[] = [];
  for (let i = -3; i < RUNS; i++) {
    const c0 = cpuMs();
    for (const n of nodes) sink += treeItem(n, 0).label ? 1 : 0;
    const c1 = cpuMs();
    if (i >= 0) direct.push(c1 - c0);
    await sleep(5);
  }
  report({
    kind: 'tree',
    monitors: JSON.parse(text).data.length,
    bytes: Buffer.byteLength(text),
    ours: ours.map((o) => o.cpu),
    base: base.map((b) => b.cpu),
    wall: { ours: pick('wall'), base: median(base.map((b) => b.wall)) },
    phases: { parse: pick('parse'), validate: pick('validate'), nodes: pick('nodes'), items: pick('items') },
    diagnostics: { treeItem: median(direct) },
    sink,
  });
}

// ------------------------------------------------------------------------------------------------ memory

function gcFunction(): { gc: () => void; how: string } {
  const g = (globalThis as { gc?: () => void }).gc;
  if (typeof g === 'function') return { gc: g, how: 'global.gc' };
  try {
    v8.setFlagsFromString('--expose-gc');
    const fn = vm.runInNewContext('gc') as () => void;
    if (typeof fn === 'function') return { gc: fn, how: 'v8.setFlagsFromString("--expose-gc") (global.gc was not available)' };
  } catch {
    /* fall through */
  }
  return { gc: () => undefined, how: 'none: global.gc unavailable, median of samples after a pause' };
}

async function heapMB(gc: () => void): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    await sleep(200);
    gc();
    gc();
    samples.push(process.memoryUsage().heapUsed / 1e6);
  }
  return median(samples);
}

/**
 * The browser's memory: the proportional set size (PSS, so shared pages count once) of every chromium process under
 * the bench runner (HOXTON_BENCH_PARENT_PID: the workbench and its webviews, whatever process they live in), in MB.
 * NaN when /proc cannot tell (not Linux, or the runner's pid was not passed).
 */
function browserMB(): number {
  const root = Number(process.env.HOXTON_BENCH_PARENT_PID);
  if (!root) return NaN;
  try {
    const parent = new Map<number, number>();
    for (const d of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
        parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      } catch {
        /* gone */
      }
    }
    const under = (pid: number): boolean => {
      for (let p = pid, hops = 0; p > 1 && hops < 64; p = parent.get(p) ?? 0, hops++) if (p === root) return true;
      return false;
    };
    let kb = 0;
    for (const pid of parent.keys()) {
      if (!under(pid)) continue;
      try {
        if (!/chrom/i.test(fs.readFileSync(`/proc/${pid}/comm`, 'utf8'))) continue;
        const m = /^Pss:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
        if (m) kb += Number(m[1]);
      } catch {
        /* gone */
      }
    }
    return kb > 0 ? kb / 1000 : NaN;
  } catch {
    return NaN;
  }
}

async function openAndRender(a: TestingApi, target: ReportTarget): Promise<ReportPanel> {
  const before = new Set(a.panels.panels);
  await vscode.commands.executeCommand('hoxton.openReport', target);
  const panel = await until('the report panel', () => a.panels.panels.find((p) => !before.has(p)), 30_000);
  const diagnostics = a.diagnostics.of(panel);
  const rendered =
    diagnostics.lastRendered ??
    (await Promise.race([
      diagnostics.nextRender(),
      sleep(60_000).then(async () => {
        const probe = await Promise.race([diagnostics.probe(), sleep(5000).then(() => undefined)]);
        const seen = probe ? `the page is in state "${probe.state}": ${probe.text.slice(0, 200)}` : 'the page does not answer a probe';
        throw new Error(`no rendered message from "${panel.panel.title}" within 60 s; ${seen}`);
      }),
    ]));
  if (!rendered.canvas.painted) throw new Error(`"${panel.panel.title}" rendered without a painted chart`);
  return panel;
}

export interface MemoryPass {
  range: string;
  before: number;
  peak: number;
  after: number;
  panels: number;
  openMs: number;
  warmUp: string;
  cachedReports: number | null;
  /** Chromium's memory (PSS, MB) before and with the 20 panels open (the last one shown, 19 hidden behind it). */
  browserBefore: number;
  browserOpen: number;
}

/** Heap before, with 20 rendered panels open, and after closing them (one panel opened and closed first). */
async function memoryPass(a: TestingApi, targets: ReportTarget[], range: string, gc: () => void): Promise<MemoryPass> {
  let warmUp = 'one panel opened and closed first';
  try {
    const warm = await openAndRender(a, targets[20]);
    warm.panel.dispose();
  } catch (e) {
    warmUp = `the warm-up panel failed (${e instanceof Error ? e.message : String(e)})`;
    a.panels.dispose();
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await sleep(1000);
  const before = await heapMB(gc);
  const browserBefore = browserMB();
  const t0 = Date.now();
  const opened: ReportPanel[] = [];
  for (const t of targets.slice(0, 20)) {
    opened.push(await openAndRender(a, t));
    console.log(`memory (${range}): ${opened.length} of 20 panels rendered`); // also keeps the runner's silence watch quiet
  }
  const openMs = Date.now() - t0;
  const peak = process.memoryUsage().heapUsed / 1e6;
  await sleep(2000); // hidden panels' pages are dropped (or kept) as the workbench gets to it
  const browserOpen = browserMB();
  for (const p of opened) p.panel.dispose();
  await until('all panels closed', () => a.panels.panels.length === 0 || undefined, 10_000);
  await sleep(2000);
  const after = await heapMB(gc);
  const cache = (a.reports as unknown as { cache?: Map<string, unknown> }).cache;
  return {
    range,
    before,
    peak,
    after,
    panels: opened.length,
    openMs,
    warmUp,
    cachedReports: cache instanceof Map ? cache.size : null,
    browserBefore,
    browserOpen,
  };
}

/**
 * Two passes of 20 panels (21 distinct monitors each, one for the warm-up): quick-range "Last 7 days" panels (hourly,
 * small), then a year at 15 minutes per panel (35,040 buckets, the reference size of the render figures).
 */
async function memory(a: TestingApi, accountId: string): Promise<void> {
  const client = a.connections.client(accountId);
  const sites = new Map((await client.listSites({ limit: 500 })).data.map((s) => [s.id, s]));
  const monitors = (await client.listMonitors({ limit: 42 })).data;
  if (monitors.length < 42) throw new Error(`need 42 monitors, the sandbox has ${monitors.length}`);
  const base = (m: Monitor) => {
    const s = sites.get(m.site_id)!;
    return {
      accountId,
      monitor: { id: m.id, name: m.name, type: m.type, capacity: m.capacity, directions: m.directions },
      site: { id: s.id, name: s.name, timezone: s.timezone },
      orgName: 'Acme Retail',
    };
  };
  const light = monitors.slice(0, 21).map((m) => quickRangeTarget(base(m), 'last_7_days'));
  const heavy: ReportTarget[] = monitors.slice(21, 42).map((m) => ({
    ...base(m),
    report: null,
    range: { start: '2024-11-29T00:00:00Z', end: '2025-11-29T00:00:00Z' },
    interval: '15m',
    directions: null,
  }));
  const { gc, how } = gcFunction();
  const passes: MemoryPass[] = [];
  passes.push(await memoryPass(a, light, 'Last 7 days, 1-hour buckets', gc));
  passes.push(await memoryPass(a, heavy, 'a year at 15 minutes (35,040 buckets)', gc));
  report({ kind: 'memory', gc: how, passes });
}

// ------------------------------------------------------------------------------------------------ single flight

async function singleFlight(a: TestingApi): Promise<void> {
  await signOutAll();
  // Tokens that live 5 s are due for renewal after 4 s (80 % of their lifetime, src/auth/renewal.ts).
  await setTokenLifetime(5);
  try {
    const accountId = await signInWithPassword('demo@hoxton.test', 'demo');
    await sleep(4200); // until the token is due (whole seconds), and the workbench's own session queries are done
    await resetStats();
    const client = a.connections.client(accountId);
    const results = await Promise.allSettled(Array.from({ length: 100 }, () => client.listSites({ limit: 1 })));
    const s = await stats();
    const failedCalls = results.filter((r) => r.status === 'rejected').length;
    report({
      kind: 'singleFlight',
      tokenRequests: s.tokenRequests,
      apiRequests: s.requests['GET /v1/sites'] ?? 0,
      calls: results.length,
      failedCalls,
      firstError: results.find((r): r is PromiseRejectedResult => r.status === 'rejected')?.reason?.message,
    });
  } finally {
    await setTokenLifetime(86_400);
    await signOutAll();
  }
}

// ------------------------------------------------------------------------------------------------ runner

export async function run(): Promise<void> {
  const a = await api();
  await signOutAll();
  await admin('token-lifetime', { seconds: 86_400 });
  const accountId = await signInWithPassword('demo@hoxton.test', 'demo');
  const steps: [string, () => Promise<void>][] = [
    ['tree', () => treePageBuild(a, accountId)],
    ['memory', () => memory(a, accountId)],
    ['singleFlight', () => singleFlight(a)],
  ];
  for (const [name, step] of steps) {
    try {
      await step();
    } catch (e) {
      report({ kind: 'error', figure: name, message: e instanceof Error ? e.message : String(e) });
    }
  }
}
