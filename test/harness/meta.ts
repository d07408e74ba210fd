/**
 * `npm run test:meta`: proves the harness fails safe. On a scratch copy of the project (the working tree's tracked
 * and unignored files, with node_modules and .vscode-test symlinked), each breakage below must make the stage that
 * covers it exit non-zero for the right reason, and the unbroken copy must pass the same commands first (otherwise
 * a broken scratch copy would "catch" everything).
 *
 *   it.only added            npm run test:unit      forbidOnly is set in mochaRun.ts, which every stage uses
 *   a file throws on load    npm run test:unit      same runner for every stage
 *   a stage's tests removed  npm run test:sandbox   also proves compile:tests cleans out/ (stale .js would pass)
 *   a logged password        host stage, --grep the no-secret test (a full host run adds ~3 min and tests nothing more)
 *   a chart draws no series  browser stage, --grep the painted-chart page test
 *
 * The full `npm test` is not repeated per breakage (5 × ~6 min on 2 cores): each breakage is caught by the one
 * stage that owns it, through the same runAll.js that `npm test` runs. Exit 0 only when every case behaved.
 * Env: HOXTON_META_KEEP=1 keeps the scratch copy; HOXTON_META_ONLY=name,… runs some cases.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { projectRoot } from './codeServer';
import { runResultsDir } from '../../sandbox/root';

const root = projectRoot();
const logs = path.join(runResultsDir('meta'), 'meta');

interface Case {
  name: string;
  /** Changes the scratch copy; returns an undo. */
  breakIt(dir: string): () => void;
  /** Shell commands run in the scratch copy, in order; the case passes when the last one exits non-zero. */
  commands: string[];
  /** Text the failing run must print (the right reason). */
  expect: RegExp;
}

function edit(file: string, change: (text: string) => string): () => void {
  const before = fs.readFileSync(file, 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`the breakage found nothing to change in ${file}: update test/harness/meta.ts`);
  fs.writeFileSync(file, after);
  return () => fs.writeFileSync(file, before);
}

function add(file: string, text: string): () => void {
  fs.writeFileSync(file, text);
  return () => fs.rmSync(file, { force: true });
}

const HOST = 'node out/test/harness/runAll.js --only host --grep "never writes a token, secret or password"';
const PAGE = 'node out/test/harness/runAll.js --only browser --grep "paints a people-count report"';

const CASES: Case[] = [
  {
    name: 'it.only',
    breakIt: (d) => edit(path.join(d, 'test/unit/csv.test.ts'), (t) => t.replace(/\bit\(/, 'it.' + 'only(')),
    commands: ['npm run test:unit'],
    expect: /`\.only` forbidden by --forbid-only/,
  },
  {
    name: 'throws on load',
    breakIt: (d) => add(path.join(d, 'test/unit/broken.test.ts'), "throw new Error('meta: this file throws on load');\n"),
    commands: ['npm run test:unit'],
    expect: /meta: this file throws on load/,
  },
  {
    name: 'stage emptied',
    breakIt: (d) => {
      const dir = path.join(d, 'test/sandbox');
      const saved = fs.readdirSync(dir).filter((f) => f.endsWith('.test.ts'));
      const texts = saved.map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
      for (const f of saved) fs.rmSync(path.join(dir, f));
      return () => saved.forEach((f, i) => fs.writeFileSync(path.join(dir, f), texts[i]));
    },
    commands: ['npm run test:sandbox'],
    expect: /no test files/,
  },
  {
    name: 'logged password',
    breakIt: (d) =>
      edit(path.join(d, 'src/auth/signIn.ts'), (t) =>
        // Not "password: …" (the log's redactor masks key=value pairs): the password as a plain word.
        t.replace(/(\n\s*)redactor\.add\(password\);/, '$1this.log.info(`Signing in ${username.trim()} (${password})`);'),
      ),
    commands: ['npx webpack --mode production --config-name extension', HOST],
    expect: /a secret \(dem…, 4 chars\) appears in/,
  },
  {
    name: 'chart without series',
    breakIt: (d) =>
      edit(path.join(d, 'src/webview/report/chart.ts'), (t) => t.replace(/(stroke: palette\[k % palette\.length\],)/, '$1 show: false,')),
    commands: ['npx webpack --mode production --config-name webview', PAGE],
    expect: /series "In" .* has 0 pixels in the plot area/,
  },
];

function scratchCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoxton-meta-'));
  const ls = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
  if (ls.status !== 0) throw new Error(`git ls-files failed: ${ls.stderr}`);
  for (const f of ls.stdout.split('\0').filter(Boolean)) {
    const from = path.join(root, f);
    if (!fs.existsSync(from) || fs.lstatSync(from).isSymbolicLink()) continue; // deleted, or .vscode-test
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.copyFileSync(from, path.join(dir, f));
  }
  // Generated files the build needs that git ignores.
  for (const f of ['src/api/validators.js', 'src/api/schema.d.ts']) {
    if (fs.existsSync(path.join(root, f))) fs.copyFileSync(path.join(root, f), path.join(dir, f));
  }
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  fs.symlinkSync(fs.realpathSync(path.join(root, '.vscode-test')), path.join(dir, '.vscode-test'));
  return dir;
}

function run(dir: string, command: string, log: string): { code: number; out: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, HOXTON_RESULTS_DIR: path.join(dir, 'test-results'), FORCE_COLOR: '0' };
  delete env.CI; // the cases filter on purpose (--grep), which a CI run would refuse
  delete env.HOXTON_GREP;
  delete env.HOXTON_HOST_GREP;
  const t0 = Date.now();
  const r = spawnSync('bash', ['-c', command], { cwd: dir, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  fs.appendFileSync(log, `\n$ ${command}   (exit ${r.status ?? r.signal}, ${((Date.now() - t0) / 1000).toFixed(1)} s)\n${out}`);
  return { code: r.status ?? 1, out };
}

function main(): number {
  const only = (process.env.HOXTON_META_ONLY ?? '').split(',').filter(Boolean);
  const cases = only.length ? CASES.filter((c) => only.includes(c.name)) : CASES;
  if (cases.length === 0) throw new Error(`no case named ${only.join(', ')}`);
  fs.rmSync(logs, { recursive: true, force: true });
  fs.mkdirSync(logs, { recursive: true });
  const t0 = Date.now();
  const dir = scratchCopy();
  console.log(`scratch copy: ${dir}; logs: ${path.relative(process.cwd(), logs)}/`);
  const results: { name: string; ok: boolean; why: string }[] = [];
  try {
    // The control: the unbroken copy passes every command the cases use.
    const controlLog = path.join(logs, 'control.log');
    const controls = ['npx webpack --mode production', 'npm run compile:tests', ...new Set(cases.flatMap((c) => c.commands))];
    let controlOk = true;
    for (const cmd of controls) {
      const r = run(dir, cmd, controlLog);
      console.log(`${r.code === 0 ? 'ok  ' : 'FAIL'} control: ${cmd}${r.code === 0 ? '' : ` exited ${r.code}`}`);
      if (r.code !== 0) controlOk = false;
    }
    if (!controlOk) {
      console.log(`the unbroken copy fails: see ${path.relative(process.cwd(), controlLog)}`);
      console.log('0 passed, 1 failed');
      return 1;
    }
    for (const c of cases) {
      const log = path.join(logs, `${c.name.replace(/\W+/g, '-')}.log`);
      let undo: (() => void) | undefined;
      try {
        undo = c.breakIt(dir);
        let last = { code: 0, out: '' };
        for (const cmd of c.commands) last = run(dir, cmd, log);
        const caught = last.code !== 0;
        const reason = c.expect.test(last.out);
        const ok = caught && reason;
        const why = !caught
          ? 'the run PASSED'
          : reason
            ? `exit ${last.code}, ${c.expect}`
            : `exit ${last.code} but no ${c.expect} in the output`;
        results.push({ name: c.name, ok, why });
      } catch (e) {
        results.push({ name: c.name, ok: false, why: (e as Error).message });
      } finally {
        undo?.();
      }
      const r = results[results.length - 1];
      console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name}: ${r.why}`);
    }
  } finally {
    if (process.env.HOXTON_META_KEEP === '1') console.log(`kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
  const passed = results.filter((r) => r.ok).length;
  console.log(`meta: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  console.log(`${passed} passed, ${results.length - passed} failed`);
  return passed === results.length ? 0 : 1;
}

try {
  process.exit(main());
} catch (e) {
  console.error(e);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
