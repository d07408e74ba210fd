/**
 * `npm test` and the `test:<stage>` scripts (after build + compile:tests): runs the stages one after another and
 * sums their counts. Every stage runs its files through mochaRun.ts (forbid-only, forbid-pending, counts from
 * mocha's runner events, found-vs-ran check) and hands its counts back as JSON in a file:
 *   unit     out/test/unit      plain Node: API client, pure modules
 *   sandbox  out/test/sandbox   plain Node: the sandbox over real HTTP
 *   host     out/test/host      inside a real extension host (code-server + chromium), sandbox in-process
 *   browser  out/test/browser   the report page and the user journeys in chromium
 * A stage with no test files, or whose files register no tests, fails. Prints each stage's counts and, last, on
 * its own line `N passed, N failed` (`, N pending` when any). Exits 1 when anything failed or crashed, or when a
 * filter is active while $CI is set.
 *
 * Options: --only unit|sandbox|host|browser (repeatable or comma-separated), --grep PATTERN (mocha grep for the
 *          chosen stages).
 * Env: HOXTON_GREP (same as --grep; HOXTON_HOST_GREP applies to the host stage only), HOXTON_HOST_TIMEOUT_MS
 *      (default 1200000), HOXTON_HOST_VERBOSE=1 (all workbench log lines), HOXTON_HOST_TRUST=0 (workspace trust and
 *      code-server's proxy URI rewriting off; by default both are on, as a user has them), HOXTON_EXTENSION_PATH (another extension folder;
 *      harness dev), HOXTON_RESULTS_DIR (where screenshots and logs go; default: a folder of this run's own,
 *      test-results/<stages>-<time>-<pid>, printed first, with test-results/latest pointing at it).
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ensureTestHost, freePort, projectRoot, runExtensionTests, Sandbox, startProjectSandbox } from './codeServer';
import { runResultsDir } from '../../sandbox/root';
import type { StageCounts } from './mochaRun';
import { writeHostEnv } from '../host/env';

type StageName = 'unit' | 'sandbox' | 'host' | 'browser';
const STAGES: StageName[] = ['unit', 'sandbox', 'host', 'browser'];

interface StageResult {
  name: StageName;
  passed: number;
  failed: number;
  pending: number;
  found?: number;
  crashed?: string;
  ms: number;
}
type StageOutcome = Omit<StageResult, 'name' | 'ms'>;

interface Args {
  stages: StageName[];
  grep?: string;
  hostGrep?: string;
  /** Human description of the active filters, for the summary. */
  filters: string[];
}

const root = projectRoot();
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hoxton-run-'));

function parseArgs(argv: string[], env: NodeJS.ProcessEnv): Args {
  const picked: string[] = [];
  let grep: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--only') picked.push(...(argv[++i] ?? '').split(','));
    else if (a.startsWith('--only=')) picked.push(...a.slice(7).split(','));
    else if (a === '--grep' || a === '-g') grep = argv[++i];
    else if (a.startsWith('--grep=')) grep = a.slice(7);
    else throw new Error(`unknown argument ${a} (use --only ${STAGES.join('|')} and --grep PATTERN)`);
  }
  for (const p of picked) if (!STAGES.includes(p as StageName)) throw new Error(`unknown stage "${p}" (${STAGES.join('|')})`);
  if (grep === '') throw new Error('--grep needs a pattern');
  const filters: string[] = [];
  if (grep) filters.push(`--grep ${JSON.stringify(grep)}`);
  else if (env.HOXTON_GREP) {
    grep = env.HOXTON_GREP;
    filters.push(`HOXTON_GREP=${JSON.stringify(grep)}`);
  }
  const hostGrep = grep ?? (env.HOXTON_HOST_GREP || undefined);
  if (!grep && hostGrep) filters.push(`HOXTON_HOST_GREP=${JSON.stringify(hostGrep)}`);
  return { stages: picked.length ? STAGES.filter((s) => picked.includes(s)) : STAGES, grep, hostGrep, filters };
}

function findTests(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.test.js'))
    .map((f) => path.join(dir, f))
    .sort();
}

function banner(text: string): void {
  console.log(`\n━━ ${text} ${'━'.repeat(Math.max(0, 70 - text.length))}`);
}

/** A stage's counts from the JSON its runner wrote; a crash when it wrote none or contradicts its exit code. */
function outcome(resultFile: string, exit: string, exitOk: boolean): StageOutcome {
  if (!fs.existsSync(resultFile)) return { passed: 0, failed: 1, pending: 0, crashed: `the runner wrote no counts (${exit})` };
  const c = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as StageCounts;
  const base = { passed: c.passed, failed: c.failed, pending: c.pending, found: c.found };
  if (c.error) return { ...base, failed: Math.max(1, c.failed), crashed: c.error };
  if (c.notRun > 0) return { ...base, crashed: `${c.notRun} of ${c.found} tests did not run` };
  if (!exitOk && c.failed === 0) return { ...base, failed: 1, crashed: `${exit} with no failing test` };
  return base;
}

/** Runs mochaStage.js in a child process over the stage's files; spec output goes straight to this terminal. */
function mochaStage(name: StageName, files: string[], timeout: number, grep: string | undefined): Promise<StageOutcome> {
  const resultFile = path.join(scratch, `${name}.json`);
  const spec = { files, timeout, grep, color: process.stdout.isTTY === true, resultFile };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'mochaStage.js')], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, HOXTON_STAGE: JSON.stringify(spec) },
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(outcome(resultFile, `exit ${code ?? signal}`, code === 0)));
  });
}

/**
 * A test extension of test/fixtures/<name> packaged as a .vsix (into this run's scratch folder), to be installed into
 * the host's profile beside ours. (code-server's server loads one extension development path only.)
 */
function packageFixture(name: string): string {
  const out = path.join(scratch, `${name}.vsix`);
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '-o', out], {
    cwd: path.join(root, 'test', 'fixtures', name),
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0 || !fs.existsSync(out))
    throw new Error(`packaging test/fixtures/${name} failed: ${(r.stderr || r.stdout).slice(-500)}`);
  return out;
}

async function hostStage(files: string[], grep: string | undefined): Promise<StageOutcome> {
  const tests = path.join(root, 'out', 'test', 'host');
  const extensionPath = path.resolve(process.env.HOXTON_EXTENSION_PATH || root);
  const pkg = JSON.parse(fs.readFileSync(path.join(extensionPath, 'package.json'), 'utf8')) as { main?: string };
  const main = path.resolve(extensionPath, pkg.main ?? './dist/extension.js');
  if (!fs.existsSync(main)) throw new Error(`${path.relative(root, main)} is missing: run npm run build`);
  if (files.length === 0) throw new Error('no host test files');
  ensureTestHost();

  // As a user of code-server has it: workspace trust on and VSCODE_PROXY_URI rewriting on (HOXTON_HOST_TRUST=0: off).
  const asUser = process.env.HOXTON_HOST_TRUST !== '0';
  let sandbox: Sandbox | undefined;
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hoxton-ws-'));
  const resultFile = path.join(scratch, 'host.json');
  try {
    sandbox = await startProjectSandbox({ port: 0, quiet: true });
    console.log(`sandbox: ${sandbox.url}${asUser ? ' (workspace trust and proxy URI rewriting on)' : ''}`);
    const hostEnvVars = writeHostEnv({ sandboxUrl: sandbox.url, info: sandbox.info, workspaceFolder: folder });
    const res = await runExtensionTests({
      name: 'tests',
      extensionDevelopmentPath: extensionPath,
      extensionTestsPath: path.join(tests, 'index.js'),
      // Another extension using our exported API, installed as a third party's would be (test/host/apiConsumer.test.ts).
      extraExtensions: [packageFixture('api-consumer')],
      folder,
      settings: {
        'hoxton.apiUrl': sandbox.url,
        'hoxton.auth.domain': sandbox.url,
        'hoxton.auth.clientId': 'sandbox-acme',
        // Its own loopback port, so that parallel runs do not fight over the default one.
        'hoxton.auth.loopbackPort': await freePort(),
      },
      env: {
        ...hostEnvVars,
        HOXTON_HOST_COLOR: process.stdout.isTTY ? '1' : '0',
        HOXTON_STAGE_RESULT: resultFile,
        HOXTON_STAGE_GREP: grep ?? '',
        HOXTON_HOST_AS_USER: asUser ? '1' : '0',
      },
      timeoutMs: Number(process.env.HOXTON_HOST_TIMEOUT_MS) || 20 * 60_000,
      workspaceTrust: asUser,
      proxyUri: asUser,
    });
    console.log(`extension host exit code ${res.exitCode} after ${(res.durationMs / 1000).toFixed(1)} s`);
    return outcome(resultFile, `extension host exit code ${res.exitCode}`, res.exitCode === 0);
  } finally {
    await sandbox?.close().catch((e) => console.error('sandbox.close() failed:', e));
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

async function runStage(name: StageName, args: Args): Promise<StageOutcome> {
  const files = findTests(path.join(root, 'out', 'test', name));
  switch (name) {
    case 'unit':
      return mochaStage(name, files, 20_000, args.grep);
    case 'sandbox':
      return mochaStage(name, files, 20_000, args.grep);
    case 'browser':
      if (files.length) ensureTestHost();
      return mochaStage(name, files, 120_000, args.grep);
    case 'host':
      return hostStage(files, args.hostGrep);
  }
}

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2), process.env);
  } catch (e) {
    console.error((e as Error).message);
    console.log('0 passed, 1 failed');
    return 2;
  }
  const runDir = runResultsDir(args.stages.length === STAGES.length ? 'all' : args.stages.join('+'));
  console.log(`test results (screenshots, logs): ${path.relative(root, runDir) || runDir}`);
  const results: StageResult[] = [];
  for (const name of args.stages) {
    banner(`${name} tests`);
    const t0 = Date.now();
    try {
      results.push({ name, ...(await runStage(name, args)), ms: Date.now() - t0 });
    } catch (e) {
      console.error(`\n${name} stage crashed: ${(e as Error).stack ?? e}`);
      results.push({ name, passed: 0, failed: 1, pending: 0, crashed: (e as Error).message.split('\n')[0], ms: Date.now() - t0 });
    }
  }

  banner('summary');
  let passed = 0;
  let failed = 0;
  let pending = 0;
  for (const r of results) {
    passed += r.passed;
    failed += r.failed;
    pending += r.pending;
    const note = r.crashed ? `  (FAILED: ${r.crashed})` : '';
    const pend = r.pending ? `, ${r.pending} pending` : '';
    const found = r.found !== undefined ? ` of ${r.found} found` : '';
    console.log(`${r.name.padEnd(8)} ${r.passed} passed, ${r.failed} failed${pend}${found}  ${(r.ms / 1000).toFixed(1)} s${note}`);
  }
  const skippedStages = STAGES.filter((s) => !args.stages.includes(s));
  if (skippedStages.length) console.log(`stages not run: ${skippedStages.join(', ')}`);
  let filterFails = false;
  if (args.filters.length) {
    console.log(`FILTERED: only tests matching ${args.filters.join(' and ')} ran`);
    if (process.env.CI) {
      console.log('a test filter is set while CI is set: failing the run');
      filterFails = true;
    }
  }
  console.log(`${passed} passed, ${failed} failed${pending ? `, ${pending} pending` : ''}`);
  return failed > 0 || filterFails || results.some((r) => r.crashed) ? 1 : 0;
}

main()
  .then(
    (code) => code,
    (e) => {
      console.error(e);
      console.log('0 passed, 1 failed');
      return 1;
    },
  )
  .then((code) => {
    fs.rmSync(scratch, { recursive: true, force: true });
    process.exit(code);
  });
