import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { projectRoot } from '../../sandbox/root';

// The client's types and validators are derived from src/api/openapi.yaml; this fails when they were not
// regenerated (`npm run gen:api`) after the contract changed.
describe('API contract', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const gen = require(path.join(projectRoot(), 'scripts', 'gen-api.js')) as { outputs: Record<string, () => string>; root: string };
  for (const [file, make] of Object.entries(gen.outputs)) {
    it(`${file} is what scripts/gen-api.js makes of openapi.yaml`, function () {
      this.timeout(30_000);
      const committed = fs.readFileSync(path.join(gen.root, file), 'utf8');
      assert.ok(committed === make(), `${file} is stale: run npm run gen:api`);
    });
  }
});
