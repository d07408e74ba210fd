/**
 * The mocha runner the extension host loads (extensionTestsPath = out/test/host/index.js), same shape as for
 * @vscode/test-electron. Runs every out/test/host/**\/*.test.js with the bdd UI (describe/it).
 * Prints `host: N passed, N failed` and a machine-readable `HOXTON_RESULT {...}` line that the harness parses.
 */
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

function findTests(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.test.js'))
    .map((f) => path.join(dir, f))
    .sort();
}

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    timeout: 30_000,
    color: process.env.HOXTON_HOST_COLOR === '1',
  });
  // Optional filter for development: HOXTON_HOST_GREP='activation'.
  if (process.env.HOXTON_HOST_GREP) mocha.grep(process.env.HOXTON_HOST_GREP);
  const files = findTests(__dirname);
  for (const f of files) mocha.addFile(f);

  return new Promise((resolve, reject) => {
    const report = (passed: number, failed: number, pending = 0) => {
      console.log(`host: ${passed} passed, ${failed} failed${pending ? `, ${pending} pending` : ''}`);
      console.log(`HOXTON_RESULT ${JSON.stringify({ passed, failed, pending })}`);
    };
    if (files.length === 0) {
      report(0, 1);
      reject(new Error(`no host tests (*.test.js) under ${__dirname}`));
      return;
    }
    try {
      let runner: Mocha.Runner | undefined = undefined;
      runner = mocha.run((failures) => {
        const s = runner?.stats;
        const passed = s?.passes ?? 0;
        const failed = Math.max(s?.failures ?? 0, failures);
        report(passed, failed, s?.pending ?? 0);
        if (failed > 0) reject(new Error(`${failed} host test(s) failed`));
        else resolve();
      });
    } catch (err) {
      // e.g. a test file that throws while loading
      console.error(err);
      report(0, 1);
      reject(err);
    }
  });
}
