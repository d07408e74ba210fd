// The one definition of the project root for everything that is not bundled into the extension (sandbox, tests,
// harness, benchmarks, scripts). Dependency-free so the extension-host test runner can load it cheaply.
import { existsSync, mkdirSync } from 'fs';
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
 * harness gives parallel runs their own), else test-results/ in the project root.
 */
export function resultsDir(): string {
  const dir = process.env.HOXTON_RESULTS_DIR || path.join(projectRoot(), 'test-results');
  mkdirSync(dir, { recursive: true });
  return dir;
}
