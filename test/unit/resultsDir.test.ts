// Each test run's own results folder (sandbox/root.ts runResultsDir), so that parallel runs never share
// test-results/: real processes, each with its own pid, in a scratch project (a copy of the compiled module next
// to a package.json), so the project's own test-results/ is left alone.
import * as assert from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';

const run = promisify(execFile);

describe('test results folder per run', function () {
  this.timeout(30_000);
  let project: string;
  let results: string;
  before(() => {
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'hoxton-results-'));
    fs.writeFileSync(path.join(project, 'package.json'), '{}\n');
    fs.mkdirSync(path.join(project, 'sandbox'));
    fs.copyFileSync(path.join(__dirname, '..', '..', 'sandbox', 'root.js'), path.join(project, 'sandbox', 'root.js'));
    results = path.join(project, 'test-results');
  });
  after(() => fs.rmSync(project, { recursive: true, force: true }));

  /** A process that asks for its run folder and prints it with what it then has in HOXTON_RESULTS_DIR. */
  async function probe(label: string, resultsEnv?: string): Promise<{ dir: string; env: string }> {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.HOXTON_RESULTS_DIR;
    if (resultsEnv) env.HOXTON_RESULTS_DIR = resultsEnv;
    const code = `const d = require(${JSON.stringify(path.join(project, 'sandbox', 'root.js'))}).runResultsDir(${JSON.stringify(label)});
      console.log(JSON.stringify({ dir: d, env: process.env.HOXTON_RESULTS_DIR }));`;
    const { stdout } = await run(process.execPath, ['-e', code], { env });
    return JSON.parse(stdout) as { dir: string; env: string };
  }

  it('gives parallel runs different folders under test-results/, exported to what they start', async () => {
    const [a, b] = await Promise.all([probe('all'), probe('all')]);
    assert.notStrictEqual(a.dir, b.dir);
    for (const r of [a, b]) {
      assert.strictEqual(path.dirname(r.dir), results);
      assert.match(path.basename(r.dir), /^all-\d{8}T\d{6}Z-\d+$/);
      assert.strictEqual(r.env, r.dir, 'HOXTON_RESULTS_DIR names it for child processes');
      assert.ok(fs.statSync(r.dir).isDirectory());
    }
    const latest = fs.readlinkSync(path.join(results, 'latest'));
    assert.ok([path.basename(a.dir), path.basename(b.dir)].includes(latest), `latest → ${latest}`);
  });

  it('uses HOXTON_RESULTS_DIR when it is set', async () => {
    const given = path.join(project, 'elsewhere');
    const r = await probe('unit', given);
    assert.strictEqual(r.dir, given);
    assert.ok(fs.statSync(given).isDirectory());
  });

  it('removes run folders older than a day, and nothing else', async () => {
    const old = path.join(results, 'host-20260101T000000Z-4242');
    const recent = path.join(results, 'host-20260102T000000Z-4243');
    const other = path.join(results, 'screenshots');
    for (const d of [old, recent, other]) fs.mkdirSync(d, { recursive: true });
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    fs.utimesSync(old, twoDaysAgo, twoDaysAgo);
    fs.utimesSync(other, twoDaysAgo, twoDaysAgo);
    await probe('unit');
    assert.strictEqual(fs.existsSync(old), false, 'the old run folder is removed');
    assert.ok(fs.existsSync(recent), 'a recent run folder stays');
    assert.ok(fs.existsSync(other), 'a folder that is not a run folder stays');
  });
});
