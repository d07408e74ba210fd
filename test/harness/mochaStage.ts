/**
 * Child process of runAll.ts for the stages that run in plain Node (unit, sandbox, browser):
 *   HOXTON_STAGE='{"files":[…],"timeout":N,"grep":"…","resultFile":"…"}' node out/test/harness/mochaStage.js
 * Runs the files with runMocha() and writes its StageCounts as JSON to resultFile. Exits when done (like
 * mocha --exit), so a server a test forgot to close cannot keep the stage alive.
 */
import * as fs from 'fs';
import { runMocha, type MochaRunOptions } from './mochaRun';

const spec = JSON.parse(process.env.HOXTON_STAGE ?? '{}') as MochaRunOptions & { resultFile: string };
delete process.env.HOXTON_STAGE;

runMocha(spec).then(
  (counts) => {
    fs.writeFileSync(spec.resultFile, JSON.stringify(counts));
    process.exit(counts.failed > 0 ? 1 : 0);
  },
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
