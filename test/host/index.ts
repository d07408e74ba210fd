/**
 * The mocha runner the extension host loads (extensionTestsPath = out/test/host/index.js), same shape as for
 * @vscode/test-electron. Runs every out/test/host/**\/*.test.js through the harness's runMocha() (forbid-only,
 * forbid-pending, found-vs-ran check). Writes the counts as JSON to $HOXTON_STAGE_RESULT when the harness set it,
 * and prints `host: N passed, N failed` plus a `HOXTON_RESULT {...}` line for other launchers.
 * Filter: $HOXTON_STAGE_GREP (set by `npm run test:host -- --grep x`).
 */
import * as fs from 'fs';
import * as path from 'path';
import type Mocha from 'mocha';
import { runMocha } from '../harness/mochaRun';
import { checkNotifications, notificationHooks } from './helpers';

function findTests(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.test.js'))
    .map((f) => path.join(dir, f))
    .sort();
}

export async function run(): Promise<void> {
  const counts = await runMocha({
    files: findTests(__dirname),
    timeout: 30_000,
    grep: process.env.HOXTON_STAGE_GREP || undefined,
    color: process.env.HOXTON_HOST_COLOR === '1',
    rootHooks: notificationHooks as Mocha.RootHookObject,
    afterTest: checkNotifications,
  });
  const { passed, failed, pending } = counts;
  if (counts.error) console.error(`host: ${counts.error}`);
  console.log(`host: ${passed} passed, ${failed} failed${pending ? `, ${pending} pending` : ''}`);
  console.log(`HOXTON_RESULT ${JSON.stringify({ passed, failed, pending })}`);
  if (process.env.HOXTON_STAGE_RESULT) fs.writeFileSync(process.env.HOXTON_STAGE_RESULT, JSON.stringify(counts));
  if (failed > 0) throw new Error(`${failed} host test(s) failed`);
}
