/**
 * One way to run a stage's mocha files, used by every stage: in a child process for unit, sandbox and browser
 * (mochaStage.ts) and inside the extension host for host (test/host/index.ts). Counts come from mocha's runner
 * events, never from its printed text, and the run fails safe:
 *   - `forbidOnly` and `forbidPending` are always on (a stray `it.only` fails while loading, `it.skip` at run time);
 *   - a file that throws while loading rejects the whole run;
 *   - the tests found in the files (after the grep, if any) are counted before the run: a run with none fails, and
 *     every found test that did not run (a bailing suite, a failing `before` hook) counts as failed.
 */
import Mocha from 'mocha';

export interface MochaRunOptions {
  files: string[];
  timeout: number;
  /** mocha's grep: a RegExp source, or /source/flags. */
  grep?: string;
  color?: boolean;
  reporter?: string;
  /** Root-level hooks (the host stage's notification watch). */
  rootHooks?: Mocha.RootHookObject;
  /** Runs at the end of each (promise-style) test, inside it: what it throws fails that test only. */
  afterTest?: (test: Mocha.Test) => void;
}

export interface StageCounts {
  passed: number;
  /** Failed tests + failed hooks + found tests that never ran. */
  failed: number;
  pending: number;
  /** Tests registered by the files (matching the grep, if any). */
  found: number;
  /** Found tests that neither passed, failed nor were pending. */
  notRun: number;
  /** Full titles of what failed (tests and hooks). */
  failures: string[];
  /** Set when the run itself could not happen (load error, no tests). */
  error?: string;
}

function countTests(suite: Mocha.Suite, grep: RegExp | undefined): number {
  let n = 0;
  for (const t of suite.tests) if (!grep || grep.test(t.fullTitle())) n++;
  for (const s of suite.suites) n += countTests(s, grep);
  return n;
}

/** Appends `after` to every test body that takes no `done` callback (mocha treats those as sync-or-promise). */
function wrapTests(suite: Mocha.Suite, after: (test: Mocha.Test) => void): void {
  for (const t of suite.tests) {
    const fn = t.fn;
    if (!fn || fn.length > 0) continue;
    t.fn = async function (this: Mocha.Context) {
      await (fn as (this: Mocha.Context) => unknown).call(this);
      after(t);
    };
  }
  for (const s of suite.suites) wrapTests(s, after);
}

export async function runMocha(opts: MochaRunOptions): Promise<StageCounts> {
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: opts.reporter ?? 'spec',
    timeout: opts.timeout,
    color: opts.color ?? false,
    forbidOnly: true,
    forbidPending: true,
  });
  if (opts.grep) mocha.grep(opts.grep);
  if (opts.rootHooks) mocha.rootHooks(opts.rootHooks);
  for (const f of opts.files) mocha.addFile(f);
  const empty = (error: string): StageCounts => ({ passed: 0, failed: 1, pending: 0, found: 0, notRun: 0, failures: [], error });
  if (opts.files.length === 0) return empty('no test files');
  try {
    await mocha.loadFilesAsync();
  } catch (e) {
    console.error(e);
    return empty(`a test file failed to load: ${(e as Error).message?.split('\n')[0] ?? e}`);
  }
  if (opts.afterTest) wrapTests(mocha.suite, opts.afterTest);
  const grep = (mocha.options as { grep?: RegExp }).grep;
  const found = countTests(mocha.suite, grep);
  if (found === 0) return empty(opts.grep ? `no test matches --grep ${opts.grep}` : 'the files register no tests');

  return new Promise((resolve) => {
    let passed = 0;
    let testFailed = 0;
    let hookFailed = 0;
    let pending = 0;
    const failures: string[] = [];
    const runner = mocha.run(() => {
      const ran = passed + testFailed + pending;
      const notRun = Math.max(0, found - ran);
      if (notRun > 0) console.error(`${notRun} of ${found} tests did not run (counted as failed)`);
      resolve({ passed, failed: testFailed + hookFailed + notRun, pending, found, notRun, failures });
    });
    runner.on(Mocha.Runner.constants.EVENT_TEST_PASS, () => passed++);
    runner.on(Mocha.Runner.constants.EVENT_TEST_PENDING, () => pending++);
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (r: Mocha.Runnable) => {
      if ((r as Mocha.Runnable & { type?: string }).type === 'hook') hookFailed++;
      else testFailed++;
      failures.push(r.fullTitle());
    });
  });
}
