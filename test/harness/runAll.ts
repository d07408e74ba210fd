/**
 * `npm test` (after build + compile:tests): runs the stages one after another and sums their counts.
 *   unit     mocha --config .mocharc.json (out/test/unit)
 *   host     out/test/host/**\/*.test.js inside a real extension host (code-server + chromium), sandbox in-process
 *   browser  mocha over out/test/browser/**\/*.test.js, when there are any
 * Prints each stage's counts and, last, exactly `N passed, N failed`. Exits 1 when anything failed or crashed
 * (a crashed stage counts as at least one failure).
 *
 * Options: --only unit|host|browser (repeatable or comma-separated).
 * Env: HOXTON_HOST_TIMEOUT_MS (default 1200000), HOXTON_HOST_GREP (mocha grep inside the host),
 *      HOXTON_HOST_VERBOSE=1 (all workbench log lines), HOXTON_EXTENSION_PATH (another extension folder; harness dev).
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ensureTestHost, projectRoot, runExtensionTests, Sandbox, startProjectSandbox } from './codeServer';
import { writeHostEnv } from '../host/env';

type StageName = 'unit' | 'host' | 'browser';
const STAGES: StageName[] = ['unit', 'host', 'browser'];

interface StageResult {
  name: StageName;
  passed: number;
  failed: number;
  pending?: number;
  skipped?: string;
  crashed?: string;
  ms: number;
}

const root = projectRoot();

function parseOnly(argv: string[]): StageName[] {
  const picked: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--only') picked.push(...(argv[++i] ?? '').split(','));
    else if (a.startsWith('--only=')) picked.push(...a.slice(7).split(','));
    else throw new Error(`unknown argument ${a} (use --only unit|host|browser)`);
  }
  for (const p of picked) if (!STAGES.includes(p as StageName)) throw new Error(`unknown stage "${p}" (unit|host|browser)`);
  return picked.length ? STAGES.filter((s) => picked.includes(s)) : STAGES;
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

/** Runs mocha's CLI in a child process, shows its spec output, and reads the counts from its epilogue. */
function runMochaCli(
  args: string[],
): Promise<{ passed: number; failed: number; pending: number; code: number | null; sawSummary: boolean }> {
  return new Promise((resolve, reject) => {
    const mochaBin = path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
    const child = spawn(process.execPath, [mochaBin, ...args, ...(process.stdout.isTTY ? ['--color'] : [])], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: process.env,
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      process.stdout.write(b);
      out += b.toString();
    });
    child.stderr.on('data', (b: Buffer) => process.stderr.write(b));
    child.on('error', reject);
    child.on('close', (code) => {
      const plain = out.replace(/\x1b\[[0-9;]*m/g, '');
      const num = (word: string) => {
        const m = new RegExp(`^\\s*(\\d+) ${word}\\b`, 'm').exec(plain);
        return m ? Number(m[1]) : 0;
      };
      const sawSummary = /^\s*\d+ passing\b/m.test(plain);
      resolve({ passed: num('passing'), failed: num('failing'), pending: num('pending'), code, sawSummary });
    });
  });
}

async function mochaStage(args: string[]): Promise<Omit<StageResult, 'name' | 'ms'>> {
  const r = await runMochaCli(args);
  if (!r.sawSummary) return { passed: r.passed, failed: Math.max(1, r.failed), crashed: `mocha exited ${r.code} without a summary` };
  if (r.code !== 0 && r.failed === 0) {
    return { passed: r.passed, failed: 1, pending: r.pending, crashed: `mocha exited ${r.code} with no failing test` };
  }
  return { passed: r.passed, failed: r.failed, pending: r.pending };
}

async function unitStage(): Promise<Omit<StageResult, 'name' | 'ms'>> {
  if (findTests(path.join(root, 'out', 'test', 'unit')).length === 0)
    return { passed: 0, failed: 0, skipped: 'no out/test/unit/**/*.test.js' };
  return mochaStage(['--config', '.mocharc.json']);
}

async function browserStage(): Promise<Omit<StageResult, 'name' | 'ms'>> {
  const files = findTests(path.join(root, 'out', 'test', 'browser'));
  if (files.length === 0) return { passed: 0, failed: 0, skipped: 'no out/test/browser/**/*.test.js' };
  ensureTestHost();
  return mochaStage([
    '--no-config',
    '--no-package',
    '--ui',
    'bdd',
    '--reporter',
    'spec',
    '--timeout',
    '120000',
    '--exit',
    ...files.map((f) => path.relative(root, f)),
  ]);
}

async function hostStage(): Promise<Omit<StageResult, 'name' | 'ms'>> {
  const tests = path.join(root, 'out', 'test', 'host');
  if (findTests(tests).length === 0) return { passed: 0, failed: 0, skipped: 'no out/test/host/**/*.test.js' };
  const extensionPath = path.resolve(process.env.HOXTON_EXTENSION_PATH || root);
  const pkg = JSON.parse(fs.readFileSync(path.join(extensionPath, 'package.json'), 'utf8')) as { main?: string };
  const main = path.resolve(extensionPath, pkg.main ?? './dist/extension.js');
  if (!fs.existsSync(main)) throw new Error(`${path.relative(root, main)} is missing: run npm run build`);
  ensureTestHost();

  let sandbox: Sandbox | undefined;
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hoxton-ws-'));
  try {
    sandbox = await startProjectSandbox({ port: 0, quiet: true });
    console.log(`sandbox: ${sandbox.url}`);
    const hostEnvVars = writeHostEnv({ sandboxUrl: sandbox.url, info: sandbox.info, workspaceFolder: folder });
    const res = await runExtensionTests({
      name: 'tests',
      extensionDevelopmentPath: extensionPath,
      extensionTestsPath: path.join(tests, 'index.js'),
      folder,
      settings: {
        'hoxton.apiUrl': sandbox.url,
        'hoxton.auth.domain': sandbox.url,
        'hoxton.auth.clientId': 'sandbox-acme',
      },
      env: { ...hostEnvVars, HOXTON_HOST_COLOR: process.stdout.isTTY ? '1' : '0' },
      timeoutMs: Number(process.env.HOXTON_HOST_TIMEOUT_MS) || 20 * 60_000,
    });
    console.log(`extension host exit code ${res.exitCode} after ${(res.durationMs / 1000).toFixed(1)} s`);
    if (res.passed === undefined) {
      return { passed: 0, failed: 1, crashed: `the runner printed no HOXTON_RESULT line (exit code ${res.exitCode})` };
    }
    const failed = res.failed ?? 0;
    if (res.exitCode !== 0 && failed === 0) {
      return {
        passed: res.passed,
        failed: 1,
        crashed: `extension host exit code ${res.exitCode} with no failing test`,
      };
    }
    return { passed: res.passed, failed, pending: res.pending };
  } finally {
    await sandbox?.close().catch((e) => console.error('sandbox.close() failed:', e));
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  let stages: StageName[];
  try {
    stages = parseOnly(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  const impl: Record<StageName, () => Promise<Omit<StageResult, 'name' | 'ms'>>> = {
    unit: unitStage,
    host: hostStage,
    browser: browserStage,
  };
  const results: StageResult[] = [];
  for (const name of stages) {
    banner(`${name} tests`);
    const t0 = Date.now();
    try {
      results.push({ name, ...(await impl[name]()), ms: Date.now() - t0 });
    } catch (e) {
      console.error(`\n${name} stage crashed: ${(e as Error).stack ?? e}`);
      results.push({ name, passed: 0, failed: 1, crashed: (e as Error).message.split('\n')[0], ms: Date.now() - t0 });
    }
  }

  banner('summary');
  let passed = 0;
  let failed = 0;
  for (const r of results) {
    passed += r.passed;
    failed += r.failed;
    const note = r.skipped ? ` (skipped: ${r.skipped})` : r.crashed ? ` (CRASHED: ${r.crashed})` : '';
    const pend = r.pending ? `, ${r.pending} pending` : '';
    console.log(`${r.name.padEnd(8)} ${r.passed} passed, ${r.failed} failed${pend}  ${(r.ms / 1000).toFixed(1)} s${note}`);
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 || results.some((r) => r.crashed) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
