/**
 * `npm run bench` (after build + compile:tests): measures what users feel, each timing next to a baseline measured
 * in the same run, prints a table and writes bench/results.json. A report, not a test: exits 0 when goals are
 * missed, 1 only when a measurement crashed.
 *
 *   node out/bench/run.js [--quick] [--only sizes,node,browser,host] [--markdown] [--verbose]
 *
 *   --quick     fewer runs (3 instead of 7 in-process, 3 instead of 7 extension hosts): for CI
 *   --only      run some groups: sizes (bundles, .vsix), node (whole organisation, transfer), browser (render),
 *               host (activation, tree page build, token single flight, memory)
 *   --markdown  also print the table as Markdown (for the README's Performance section)
 *   --verbose   show the extension hosts' output
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ensureTestHost, runExtensionTests } from '../test/harness/codeServer';
import { serializeHostEnv } from '../test/host/env';
import { renderFigures } from './browser';
import { heatmapFigure } from './heatmap';
import { compareRenderFigure } from './compare';
import { failed, figure, fmt, markdownTable, median, table, type Figure, type Goal } from './figures';
import { liveRefresh } from './live';
import { multiFetch, multiRender, type MultiSet } from './multi';
import { bundleSizes, fetchReport35k, reportTransfer, ROOT, vsixSize, wholeOrganisation, type Report35k } from './node';
import type { MemoryPass } from './host';
import { startSandboxProcess, type SandboxProcess } from './sandboxProcess';

type Group = 'sizes' | 'node' | 'browser' | 'host';
const GROUPS: Group[] = ['sizes', 'node', 'browser', 'host'];

interface Options {
  quick: boolean;
  only: Group[];
  markdown: boolean;
  verbose: boolean;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { quick: false, only: GROUPS, markdown: false, verbose: process.env.HOXTON_BENCH_VERBOSE === '1' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') o.quick = true;
    else if (a === '--markdown') o.markdown = true;
    else if (a === '--verbose') o.verbose = true;
    else if (a === '--only' || a.startsWith('--only=')) {
      const list = (a === '--only' ? (argv[++i] ?? '') : a.slice(7)).split(',').filter(Boolean);
      for (const g of list) if (!GROUPS.includes(g as Group)) throw new Error(`unknown group "${g}" (${GROUPS.join('|')})`);
      o.only = GROUPS.filter((g) => list.includes(g));
    } else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

/** Names and units of every figure, in the issue's order (also used for crashed measurements). */
const SPEC: Record<string, { unit: string; goal: Goal }> = {
  'extension bundle size': { unit: 'B', goal: { max: 250_000 } },
  'webview bundle size (gzip)': { unit: 'B', goal: { max: 120_000 } },
  '.vsix size': { unit: 'B', goal: { max: 1_000_000 } },
  'activation time': { unit: 'ms', goal: { max: 30, ratioMax: 1.5 } },
  'tree page build (500 monitors)': { unit: 'ms', goal: { max: 10, ratioMax: 3 } },
  'whole organisation (10,000 monitors)': { unit: 'ms', goal: { ratioMax: 1.3 } },
  'report render 35k': { unit: 'ms', goal: { max: 100, ratioMax: 3 } },
  'report render 200k': { unit: 'ms', goal: { max: 250 } },
  'compare render 35k × 2': { unit: 'ms', goal: { ratioMax: 1.5 } },
  'report transfer (35,040 buckets)': { unit: 'B', goal: { ratioMax: 0.5 } },
  'live refresh transfer (year, 15 min)': { unit: 'B', goal: { ratioMax: 0.01 } },
  'live refresh host work (year, 15 min)': { unit: 'ms', goal: { ratioMax: 0.2 } },
  'multi fetch (20 × 35,040 × 2)': { unit: 'ms', goal: { ratioMax: 1.3 } },
  'multi render (20 × 35,040 × 2)': { unit: 'ms', goal: { max: 250, ratioMax: 4 } },
  'token single flight': { unit: 'token requests', goal: { exact: 1 } },
  'memory after 20 report panels': { unit: 'MB', goal: { max: 20 } },
  'browser memory, 20 report panels (19 hidden)': { unit: 'MB', goal: { max: 400 } },
};

const figures: Figure[] = [];

async function measure(names: string[], fn: () => Promise<Figure[]> | Figure[]): Promise<void> {
  try {
    figures.push(...(await fn()));
  } catch (e) {
    console.error(`  ✗ ${names.join(', ')}: ${(e as Error).stack ?? e}`);
    for (const n of names) figures.push(failed(n, SPEC[n].unit, SPEC[n].goal, e));
  }
}

function step(text: string): void {
  console.log(`• ${text}`);
}

// ------------------------------------------------------------------------------------------------ extension hosts

interface HostMessage {
  kind: string;
  [k: string]: unknown;
}

function packageEmptyExtension(dir: string): string {
  const out = path.join(dir, 'empty-extension.vsix');
  const r = spawnSync(
    'npx',
    [
      '--no-install',
      'vsce',
      'package',
      '--no-dependencies',
      '--allow-missing-repository',
      '--skip-license',
      '--no-rewrite-relative-links',
      '-o',
      out,
    ],
    { cwd: path.join(ROOT, 'bench', 'fixtures', 'empty-extension'), encoding: 'utf8', timeout: 120_000 },
  );
  if (r.status !== 0 || !fs.existsSync(out)) throw new Error(`packaging the empty extension failed: ${(r.stderr || r.stdout).slice(-500)}`);
  return out;
}

async function hostFigures(sb: SandboxProcess, o: Options): Promise<Figure[]> {
  ensureTestHost();
  const measured = Number(process.env.HOXTON_BENCH_HOST_RUNS) || (o.quick ? 3 : 7);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hoxton-bench-host-'));
  try {
    const emptyVsix = packageEmptyExtension(tmp);
    // The activation runner must live outside the extension's folder (see hostActivate.ts).
    const runner = path.join(tmp, 'runner', 'hostActivate.js');
    fs.mkdirSync(path.dirname(runner), { recursive: true });
    fs.copyFileSync(path.join(__dirname, 'hostActivate.js'), runner);
    const folder = path.join(tmp, 'workspace');
    fs.mkdirSync(folder);
    const env = {
      HOXTON_HOST_ENV: serializeHostEnv({ sandboxUrl: sb.url, workspaceFolder: folder }),
      HOXTON_SANDBOX_URL: sb.url,
      HOXTON_BENCH_HOST_MODULE: path.join(__dirname, 'host.js'),
      HOXTON_BENCH_RUNS: String(o.quick ? 5 : 15),
      HOXTON_BENCH_PARENT_PID: String(process.pid), // the chromium it launches is measured (host.ts browserMB)
    };
    const settings = { 'hoxton.apiUrl': sb.url, 'hoxton.auth.domain': sb.url, 'hoxton.auth.clientId': 'sandbox-acme' };

    type Parts = Record<string, { loadMs?: number; activateMs?: number } | undefined>;
    const activation: { ours: number; empty: number; order: string[]; wasActive: { ours: boolean; empty: boolean }; parts?: Parts }[] = [];
    const notes: string[] = [];
    const full: Record<string, unknown> = {};
    const errors: Record<string, string> = {};
    // Run 0 is the warm-up (file cache, code-server's own first start); the last one also measures the rest.
    for (let i = 0; i <= measured; i++) {
      const mode = i === measured ? 'full' : 'activation';
      step(`extension host ${i === 0 ? 'warm-up' : `run ${i}/${measured}`}${mode === 'full' ? ' (+ tree, memory, single flight)' : ''}`);
      const messages: HostMessage[] = [];
      const log: string[] = [];
      const res = await runExtensionTests({
        name: `bench-${i}`,
        extensionDevelopmentPath: ROOT,
        extensionTestsPath: runner,
        folder,
        settings,
        // Which extension activates first alternates between runs: the second activation of a host costs more, and a
        // random order could time one of them second in most runs.
        env: { ...env, HOXTON_BENCH_MODE: mode, HOXTON_BENCH_FIRST: i % 2 ? 'ours' : 'empty' },
        extraExtensions: [emptyVsix],
        timeoutMs: mode === 'full' ? 8 * 60_000 : 2 * 60_000,
        onLog: (line) => {
          const m = /^HOXTON_BENCH (\{.*\})\s*$/.exec(line);
          if (m) messages.push(JSON.parse(m[1]) as HostMessage);
          else log.push(line);
          if (o.verbose) console.log(`  │ ${line}`);
        },
      });
      if (res.exitCode !== 0) {
        throw new Error(`extension host run ${i} exited ${res.exitCode}; its last output:\n${log.slice(-30).join('\n')}`);
      }
      for (const m of messages) {
        if (m.kind === 'error') {
          const key = String(m.figure);
          if (mode === 'full' || key === 'activation') errors[key] = String(m.message);
          console.error(`  ✗ in the extension host, ${key}: ${m.message}`);
        } else if (m.kind === 'activation') {
          const a = m as unknown as (typeof activation)[number] & { stillInactive: { ours: boolean; empty: boolean } };
          if (a.wasActive.ours || a.wasActive.empty || !a.stillInactive.ours || !a.stillInactive.empty) {
            notes.push(`run ${i}: an extension was already active before it was timed (${JSON.stringify(a.wasActive)}); sample dropped`);
          } else if (i > 0) activation.push(a);
        } else if (mode === 'full') full[m.kind] = m;
      }
    }

    const out: Figure[] = [];
    if (activation.length) {
      const ours = activation.map((a) => a.ours);
      const empty = activation.map((a) => a.empty);
      const part = (who: string, k: 'loadMs' | 'activateMs') => {
        const xs = activation.map((a) => a.parts?.[who]?.[k]).filter((x): x is number => typeof x === 'number');
        return xs.length ? `${median(xs).toFixed(2)} ms` : 'n/a';
      };
      const breakdown =
        ` Median breakdown (Node's .js loader and the exported activate wrapped): ours: module load ${part('ours', 'loadMs')}, ` +
        `activate() ${part('ours', 'activateMs')}; empty: module load ${part('empty', 'loadMs')}, activate() ` +
        `${part('empty', 'activateMs')}; the rest of each total is VS Code's own per-activation work (extension context: ` +
        `storage, secrets, RPC).`;
      out.push(
        figure({
          name: 'activation time',
          value: median(ours),
          unit: 'ms',
          goal: SPEC['activation time'].goal,
          baseline: median(empty),
          baselineName: 'empty extension',
          samples: ours,
          baselineSamples: empty,
          note:
            `await vscode.extensions.getExtension(id).activate() (require of the main module + activate()), one fresh ` +
            `code-server extension host per run after a warm-up host, ours and the empty extension in alternating order ` +
            `(orders: ${activation.map((a) => (a.order[0] === 'ours' ? 'O' : 'E')).join('')}, O = ours first), 2 s after ` +
            `the host started. Both were inactive before being timed. The empty extension (bench/fixtures/empty-extension) ` +
            `requires 'vscode' and does nothing; it is installed from a .vsix (the workbench URL payload is a Map: a ` +
            `second extensionDevelopmentPath would replace the first).${breakdown}${notes.length ? ` ${notes.join('; ')}.` : ''}`,
        }),
      );
    } else {
      out.push(
        failed('activation time', 'ms', SPEC['activation time'].goal, errors.activation ?? `no valid samples (${notes.join('; ')})`),
      );
    }

    const tree = full.tree as
      | {
          ours: number[];
          base: number[];
          wall: { ours: number; base: number };
          phases: Record<string, number>;
          diagnostics: Record<string, number>;
          monitors: number;
          bytes: number;
        }
      | undefined;
    if (tree) {
      const ph = tree.phases;
      out.push(
        figure({
          name: 'tree page build (500 monitors)',
          value: median(tree.ours),
          unit: 'ms',
          goal: SPEC['tree page build (500 monitors)'].goal,
          baseline: median(tree.base),
          baselineName: 'JSON.parse',
          samples: tree.ours,
          baselineSamples: tree.base,
          note:
            `${tree.monitors} monitors (${(tree.bytes / 1000).toFixed(0)} KB of JSON from GET /v1/monitors?limit=500), inside ` +
            `the extension host: JSON.parse + contract check (validators.MonitorList, as the client does) + new MonitorNode ` +
            `+ the extension's tree.getTreeItem() for each, synchronous on the host thread; process CPU time ` +
            `(process.cpuUsage(), not advanced while preempted by other processes). Wall time: ${tree.wall.ours.toFixed(2)} ms vs ` +
            `${tree.wall.base.toFixed(2)} ms. Median CPU phases: parse ` +
            `${ph.parse.toFixed(2)}, validate ${ph.validate.toFixed(2)}, nodes ${ph.nodes.toFixed(2)}, tree items ` +
            `${ph.items.toFixed(2)} ms (treeItem() alone, compiled by tsc: ${tree.diagnostics.treeItem.toFixed(2)} ms).`,
        }),
      );
    } else {
      out.push(failed('tree page build (500 monitors)', 'ms', SPEC['tree page build (500 monitors)'].goal, errors.tree ?? 'no result'));
    }

    const sf = full.singleFlight as
      | {
          tokenRequests: number;
          apiRequests: number;
          calls: number;
          failedCalls: number;
          firstError?: string;
        }
      | undefined;
    if (sf) {
      out.push(
        figure({
          name: 'token single flight',
          value: sf.tokenRequests,
          unit: 'token requests',
          goal: SPEC['token single flight'].goal,
          note:
            `${sf.calls} parallel connections.client(id).listSites({limit: 1}) with a 5-second access token (due for renewal ` +
            `after 4 s): the sandbox counted ${sf.tokenRequests} POST /oauth/token and ${sf.apiRequests} ` +
            `GET /v1/sites; ${sf.failedCalls} calls failed` +
            `${sf.firstError ? ` (first: ${sf.firstError})` : ''}.`,
        }),
      );
    } else {
      out.push(failed('token single flight', 'token requests', SPEC['token single flight'].goal, errors.singleFlight ?? 'no result'));
    }

    const mem = full.memory as { gc: string; passes: MemoryPass[] } | undefined;
    if (mem && mem.passes.length) {
      // The figure is the worst pass: growth must stay small whatever size the closed reports had.
      const growth = (p: MemoryPass) => p.after - p.before;
      const worst = mem.passes.reduce((w, p) => (growth(p) > growth(w) ? p : w));
      const describe = (p: MemoryPass) =>
        `${p.panels} panels of ${p.range}: ${p.before.toFixed(1)} MB before, ${p.peak.toFixed(1)} MB with all open, ` +
        `${p.after.toFixed(1)} MB after closing (${growth(p) >= 0 ? '+' : ''}${growth(p).toFixed(1)} MB; ` +
        `${(p.openMs / 1000).toFixed(1)} s to open and render all; report-data cache entries left: ${p.cachedReports ?? '?'}; ` +
        `warm-up: ${p.warmUp})`;
      out.push(
        figure({
          name: 'memory after 20 report panels',
          value: growth(worst),
          unit: 'MB',
          goal: SPEC['memory after 20 report panels'].goal,
          note:
            `Extension-host heapUsed (1 MB = 10^6 bytes), panels opened one after another through hoxton.openReport, each ` +
            `waited for until its chart was painted, then all closed; the figure is the larger growth of two passes: ` +
            `${mem.passes.map(describe).join('; ')}. GC before each sample: ${mem.gc}; each sample is the median of 5.`,
        }),
      );
      // The browser: what 20 open panels cost while one is shown (hidden panels keep no page: no retainContextWhenHidden).
      const cost = (p: MemoryPass) => p.browserOpen - p.browserBefore;
      const measuredPasses = mem.passes.filter((p) => Number.isFinite(cost(p)));
      if (measuredPasses.length) {
        const top = measuredPasses.reduce((w, p) => (cost(p) > cost(w) ? p : w));
        out.push(
          figure({
            name: 'browser memory, 20 report panels (19 hidden)',
            value: cost(top),
            unit: 'MB',
            goal: SPEC['browser memory, 20 report panels (19 hidden)'].goal,
            note:
              `Chromium's PSS (all its processes: workbench and webviews) with 20 report panels open, the last one shown, ` +
              `minus before opening them; the larger of two passes: ` +
              measuredPasses
                .map(
                  (p) =>
                    `${p.range}: ${p.browserBefore.toFixed(0)} MB before, ${p.browserOpen.toFixed(0)} MB open (+${cost(p).toFixed(0)} MB)`,
                )
                .join('; ') +
              '.',
          }),
        );
      } else {
        out.push(
          failed(
            'browser memory, 20 report panels (19 hidden)',
            'MB',
            SPEC['browser memory, 20 report panels (19 hidden)'].goal,
            'no /proc figures',
          ),
        );
      }
    } else {
      out.push(failed('memory after 20 report panels', 'MB', SPEC['memory after 20 report panels'].goal, errors.memory ?? 'no result'));
    }
    return out;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------------------------------------ main

async function main(): Promise<number> {
  let o: Options;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  const started = Date.now();
  const runs = o.quick ? 3 : 7;
  const load0 = os.loadavg();
  console.log(
    `Hoxton Reports benchmarks${o.quick ? ' (quick)' : ''}: ${os.cpus().length} CPUs, load ${load0.map((l) => l.toFixed(2)).join(' ')}, ` +
      `Node ${process.version}. Timings: medians of ${runs} or more runs after a warm-up (extension hosts: ${o.quick ? 3 : 7}).`,
  );

  let sb: SandboxProcess | undefined;
  const needSandbox = o.only.some((g) => g !== 'sizes');
  try {
    if (needSandbox) {
      step('sandbox: 50 sites × 200 monitors, own process');
      sb = await startSandboxProcess({ port: 0, quiet: true, sites: 50, monitorsPerSite: 200, bigSiteMonitors: 0 });
    }
    if (o.only.includes('sizes')) {
      step('bundle sizes');
      await measure(['extension bundle size', 'webview bundle size (gzip)'], () => bundleSizes());
      step('.vsix (vsce package)');
      await measure(['.vsix size'], () => [vsixSize()]);
    }
    let report: Report35k | undefined;
    let reportError: unknown;
    if (o.only.includes('node') || o.only.includes('browser')) {
      try {
        report = await fetchReport35k(sb!);
      } catch (e) {
        reportError = e;
      }
    }
    if (o.only.includes('node')) {
      step('whole organisation through the client vs raw HTTP');
      await measure(['whole organisation (10,000 monitors)'], () => wholeOrganisation(sb!, o.quick ? 5 : 15).then((f) => [f]));
    }
    if (o.only.includes('browser')) {
      step('report render in headless chromium');
      await measure(['report render 35k', 'report render 200k'], () => {
        if (!report) throw reportError;
        return renderFigures(report, runs);
      });
      step('compare render in headless chromium');
      await measure(['compare render 35k × 2'], async () => {
        if (!report) throw reportError;
        return [await compareRenderFigure(sb!, report, runs)];
      });
    }
    if (o.only.includes('node')) {
      step('report transfer');
      await measure(['report transfer (35,040 buckets)'], () => {
        if (!report) throw reportError;
        return [reportTransfer(report)];
      });
      step('busiest-hours heatmap');
      await measure(['heatmap (year at 15 min)'], () => {
        if (!report) throw reportError;
        return [heatmapFigure(report, runs)];
      });
      step('live refresh vs full reload');
      await measure(['live refresh transfer (year, 15 min)', 'live refresh host work (year, 15 min)'], () =>
        liveRefresh(sb!, o.quick ? 3 : 7),
      );
    }
    if (o.only.includes('node') || o.only.includes('browser')) {
      // Several monitors in one panel: fetching 20 years at 15 minutes (node), then drawing them (browser).
      step('several monitors: 20 × 35,040 × 2 fetched with the panel’s cap, then drawn');
      let set: MultiSet | undefined;
      let setError: unknown;
      await measure(['multi fetch (20 × 35,040 × 2)'], async () => {
        try {
          const r = await multiFetch(sb!, o.quick ? 3 : 5);
          set = r.set;
          return o.only.includes('node') ? [r.fig] : [];
        } catch (e) {
          setError = e;
          throw e;
        }
      });
      if (o.only.includes('browser')) {
        await measure(['multi render (20 × 35,040 × 2)'], async () => {
          if (!set) throw setError;
          return [await multiRender(set, o.quick ? 3 : 5)];
        });
      }
    }
    if (o.only.includes('host')) {
      await measure(
        [
          'activation time',
          'tree page build (500 monitors)',
          'token single flight',
          'memory after 20 report panels',
          'browser memory, 20 report panels (19 hidden)',
        ],
        () => hostFigures(sb!, o),
      );
    }
  } finally {
    await sb?.close();
  }

  const order = Object.keys(SPEC);
  figures.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  const load1 = os.loadavg();
  console.log('');
  console.log(table(figures));
  console.log('');
  for (const f of figures) {
    const text = f.error ? `CRASHED: ${f.error}` : f.note;
    if (text) console.log(`${f.name}: ${text}`);
  }
  const misses = figures.filter((f) => !f.pass && !f.error);
  const crashed = figures.filter((f) => f.error);
  console.log('');
  console.log(
    `${figures.length - misses.length - crashed.length} of ${figures.length} goals met` +
      (misses.length
        ? `; missed: ${misses.map((f) => `${f.name} (${fmt(f.value, f.unit)}${f.ratio !== undefined ? `, ${f.ratio.toFixed(2)}×` : ''})`).join(', ')}`
        : '') +
      (crashed.length ? `; crashed: ${crashed.map((f) => f.name).join(', ')}` : '') +
      `. Load average ${load0[0].toFixed(2)} → ${load1[0].toFixed(2)} on ${os.cpus().length} CPUs: absolute times drift with ` +
      `other work on the machine, the ratios much less. ${((Date.now() - started) / 1000).toFixed(0)} s.`,
  );
  if (o.markdown) console.log(`\n${markdownTable(figures)}`);

  const results = {
    date: new Date().toISOString(),
    quick: o.quick,
    groups: o.only,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      loadavg: { start: load0, end: load1 },
    },
    durationSeconds: Math.round((Date.now() - started) / 1000),
    figures,
  };
  fs.writeFileSync(path.join(ROOT, 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n');
  console.log('wrote bench/results.json');
  return crashed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
