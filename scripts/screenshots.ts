/**
 * `npm run screenshots` (after build + compile:tests): runs the user journeys (test/browser/journeys.test.ts) in
 * code-server + chromium against the sandbox, then copies the screenshots the README uses from
 * <this run's results folder>/screenshots/ into docs/images/. Nothing is copied unless every journey passed.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { projectRoot } from '../test/harness/codeServer';
import { runResultsDir } from '../sandbox/root';

/** docs/images/<name> ← <results>/screenshots/<journey screenshot>. */
const CHOSEN: Record<string, string> = {
  'sign-in.png': 'journey-1-sign-in-page.png',
  'tree.png': 'journey-3-tree.png',
  'report-dark.png': 'journey-2-report-dark.png',
  'report-light.png': 'journey-2-report-light.png',
  'report-json.png': 'journey-2-json.png',
  'watching.png': 'journey-9-watching.png',
  'site-report.png': 'journey-10-site-report.png',
  'compare.png': 'journey-11-compare.png',
  'busiest-hours.png': 'journey-12-heatmap.png',
};

function main(): number {
  const root = projectRoot();
  const journeys = path.join(root, 'out', 'test', 'browser', 'journeys.test.js');
  if (!fs.existsSync(journeys)) {
    console.error(`${path.relative(root, journeys)} is missing: run npm run build && npm run compile:tests`);
    return 1;
  }
  // This run's own results folder (the journeys write there through $HOXTON_RESULTS_DIR), not a shared one.
  const results = runResultsDir('screenshots');
  console.log(`journey screenshots: ${path.relative(root, results) || results}`);
  const mocha = path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
  const run = spawnSync(
    process.execPath,
    [mocha, '--no-config', '--no-package', '--ui', 'bdd', '--reporter', 'spec', '--timeout', '120000', '--exit', journeys],
    { cwd: root, stdio: 'inherit', env: { ...process.env, HOXTON_RESULTS_DIR: results } },
  );
  if (run.status !== 0) {
    console.error(`\nthe journeys failed (exit ${run.status ?? run.signal}): docs/images/ left as it was`);
    return 1;
  }
  const from = path.join(results, 'screenshots');
  const to = path.join(root, 'docs', 'images');
  fs.mkdirSync(to, { recursive: true });
  for (const [name, source] of Object.entries(CHOSEN)) {
    const file = path.join(from, source);
    if (!fs.existsSync(file)) {
      console.error(`${path.relative(root, file)} was not written by the journeys`);
      return 1;
    }
    fs.copyFileSync(file, path.join(to, name));
    console.log(`docs/images/${name} ← ${source} (${Math.round(fs.statSync(file).size / 1024)} KB)`);
  }
  return 0;
}

process.exit(main());
