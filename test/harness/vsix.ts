// The extension packaged as a release packages it (`npm run package`: `vsce package --no-dependencies`, with the
// package.json's `vsce` options: the user-facing README, no repository), for the tests and benchmarks that install
// it as a user would.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { projectRoot } from '../../sandbox/root';

/** Writes the .vsix to `out`; returns vsce's output (it names the file count). Throws with vsce's output on failure. */
export function packageVsix(out: string): string {
  const vsce = path.join(projectRoot(), 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '-o', out], {
    cwd: projectRoot(),
    encoding: 'utf8',
    timeout: 180_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status !== 0 || !fs.existsSync(out)) {
    throw new Error(`vsce package failed (exit ${r.status ?? r.signal}):\n${(r.stdout ?? '') + (r.stderr ?? '')}`.slice(0, 4000));
  }
  return r.stdout;
}
