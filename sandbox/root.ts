// The one definition of the project root for everything that is not bundled into the extension (sandbox, tests,
// harness, benchmarks, scripts). Dependency-free so the extension-host test runner can load it cheaply.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, symlinkSync } from 'fs';
import * as path from 'path';

/** The project root: the nearest folder above this file (sandbox/ or out/sandbox/) holding package.json. */
export function projectRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && !dir.includes(`${path.sep}node_modules${path.sep}`)) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
}

/**
 * Where test runs put screenshots, logs and the host env file (git-ignored): $HOXTON_RESULTS_DIR when set (the
 * harness sets it: runResultsDir gives each run its own), else test-results/ in the project root.
 */
export function resultsDir(): string {
  const dir = process.env.HOXTON_RESULTS_DIR || path.join(projectRoot(), 'test-results');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Run folders older than this are removed when a new run starts. */
const KEEP_RUNS_MS = 24 * 3600_000;

/**
 * A run's own results folder, so that parallel runs never share one: $HOXTON_RESULTS_DIR when set, otherwise
 * test-results/<label>-<UTC time>-<pid>, which is then put into $HOXTON_RESULTS_DIR for everything this process
 * starts, and pointed at by the symlink test-results/latest. Run folders older than a day are removed.
 */
export function runResultsDir(label: string): string {
  const given = process.env.HOXTON_RESULTS_DIR;
  if (given) {
    mkdirSync(given, { recursive: true });
    return given;
  }
  const base = path.join(projectRoot(), 'test-results');
  mkdirSync(base, { recursive: true });
  const stamp = new Date()
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/[-:]/g, '');
  const name = `${label}-${stamp}-${process.pid}`;
  const dir = path.join(base, name);
  mkdirSync(dir, { recursive: true });
  process.env.HOXTON_RESULTS_DIR = dir;
  const now = Date.now();
  for (const entry of readdirSync(base)) {
    if (!/-\d{8}T\d{6}Z-\d+$/.test(entry) || entry === name) continue;
    try {
      const full = path.join(base, entry);
      if (now - statSync(full).mtimeMs > KEEP_RUNS_MS) rmSync(full, { recursive: true, force: true });
    } catch {
      // another run removed it first
    }
  }
  try {
    const tmp = path.join(base, `.latest-${process.pid}`);
    rmSync(tmp, { force: true });
    symlinkSync(name, tmp);
    renameSync(tmp, path.join(base, 'latest')); // atomic: parallel runs each leave a valid link
  } catch {
    // a file system without symlinks: the printed folder is enough
  }
  return dir;
}
