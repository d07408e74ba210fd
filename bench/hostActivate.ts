// Extension-host runner of `npm run bench` (extensionTestsPath), one fresh extension host per run.
//
// run.ts copies the compiled file OUTSIDE the project before use: VS Code attributes a `require('vscode')` to the
// extension whose folder holds the requiring file and builds that extension's API object on the first one, so a
// runner inside our folder would build ours before we time its activation (and not the baseline's). From a
// neutral folder the runner gets VS Code's default API object and neither extension is touched before it is timed.
// So this file imports nothing but `vscode` and Node's own modules.
//
// It times `await extension.activate()` (require of the extension's main + its activate()) for Hoxton Reports and
// the empty baseline extension, in the order the runner says (HOXTON_BENCH_FIRST), prints `HOXTON_BENCH {...}`,
// and then, with HOXTON_BENCH_MODE=full, hands over to out/bench/host.js for the other in-host figures.
import Module from 'module';
import * as path from 'path';
import * as vscode from 'vscode';

const OURS = 'hoxton.hoxton-reports';
const EMPTY = 'hoxton-bench.empty-extension';

function report(o: unknown): void {
  console.log(`HOXTON_BENCH ${JSON.stringify(o)}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function mainFile(ext: vscode.Extension<unknown>): string {
  const main = (ext.packageJSON as { main?: string }).main ?? 'extension.js';
  const file = path.resolve(ext.extensionPath, main);
  return file.endsWith('.js') ? file : `${file}.js`;
}

/**
 * Breakdown only (the figure is the whole activate() above): times the loading of each main module (compile and
 * run its top level) and its activate() call, by wrapping Node's .js loader for those two files. Whatever remains
 * of the total is VS Code's own work for an activation (the extension context: storage, secrets, RPC).
 */
function watchLoads(files: Record<string, string>): { times: Record<string, { loadMs?: number; activateMs?: number }>; restore(): void } {
  const byFile = new Map(Object.entries(files).map(([k, f]) => [f, k]));
  const times: Record<string, { loadMs?: number; activateMs?: number }> = {};
  const exts = (Module as unknown as { _extensions: Record<string, (m: NodeJS.Module, f: string) => void> })._extensions;
  const original = exts['.js'];
  exts['.js'] = function (this: unknown, m: NodeJS.Module, filename: string) {
    const key = byFile.get(filename);
    if (!key) return original.call(this, m, filename);
    const t0 = performance.now();
    try {
      return original.call(this, m, filename);
    } finally {
      const entry = (times[key] = { loadMs: performance.now() - t0 } as { loadMs?: number; activateMs?: number });
      // webpack's exports are getters: hand VS Code a copy whose activate() is timed.
      const exported = m.exports as { activate?: (...a: unknown[]) => unknown } | undefined;
      const activate = exported?.activate;
      if (exported && typeof activate === 'function') {
        m.exports = {
          ...exported,
          activate(...args: unknown[]) {
            const t1 = performance.now();
            try {
              return activate.apply(exported, args);
            } finally {
              entry.activateMs = performance.now() - t1;
            }
          },
        };
      }
    }
  };
  return { times, restore: () => void (exts['.js'] = original) };
}

export async function run(): Promise<void> {
  try {
    const ours = vscode.extensions.getExtension(OURS);
    const empty = vscode.extensions.getExtension(EMPTY);
    if (!ours || !empty) throw new Error(`extension missing in the host: ${!ours ? OURS : ''} ${!empty ? EMPTY : ''}`);
    const wasActive = { ours: ours.isActive, empty: empty.isActive };
    // Let the workbench's own start-up work (built-in extensions, views) settle before timing.
    await sleep(Number(process.env.HOXTON_BENCH_SETTLE_MS ?? 2000));
    const stillInactive = { ours: !ours.isActive, empty: !empty.isActive };
    // The runner alternates which one goes first (run.ts); random when run on its own.
    const first = process.env.HOXTON_BENCH_FIRST ?? (Math.random() < 0.5 ? 'ours' : 'empty');
    const order = first === 'ours' ? ['ours', 'empty'] : ['empty', 'ours'];
    const ms: Record<string, number> = {};
    const parts = watchLoads({ ours: mainFile(ours), empty: mainFile(empty) });
    try {
      for (const which of order) {
        const ext = which === 'ours' ? ours : empty;
        const t0 = performance.now();
        await ext.activate();
        ms[which] = performance.now() - t0;
      }
    } finally {
      parts.restore();
    }
    report({ kind: 'activation', ours: ms.ours, empty: ms.empty, order, wasActive, stillInactive, parts: parts.times });
  } catch (e) {
    report({ kind: 'error', figure: 'activation', message: e instanceof Error ? e.message : String(e) });
  }
  if (process.env.HOXTON_BENCH_MODE === 'full') {
    const file = process.env.HOXTON_BENCH_HOST_MODULE;
    if (!file) throw new Error('HOXTON_BENCH_HOST_MODULE is not set');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const host = require(file) as { run(): Promise<void> };
    await host.run();
  }
}
