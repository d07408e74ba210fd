import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { projectRoot } from '../../sandbox/root';

// `npm run l10n` (scripts/l10n.js): the runtime bundle holds the host's and the report page's messages, and the list
// of the page's messages (which the host passes into the page) is what the page's sources use. Fails when the
// committed files were not regenerated after a string changed.
describe('npm run l10n', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const script = require(path.join(projectRoot(), 'scripts', 'l10n.js')) as {
    extract(): Promise<{ bundle: Record<string, string>; page: string[] }>;
    serialise(v: unknown): string;
    OUTPUTS: { bundle: string; page: string };
  };
  let made: { bundle: Record<string, string>; page: string[] };
  before(async function () {
    this.timeout(60_000);
    made = await script.extract();
  });

  for (const key of ['bundle', 'page'] as const) {
    it(`the committed ${key} file is what scripts/l10n.js makes of the sources`, () => {
      const file = script.OUTPUTS[key];
      const committed = fs.readFileSync(path.join(projectRoot(), file), 'utf8');
      assert.ok(committed === script.serialise(made[key]), `${file} is stale: run npm run l10n`);
    });
  }

  it("exports every l10n.t literal of the report page, and lists them as the page's", () => {
    // Found here with a plain pattern, independently of l10n-dev: l10n.t('…') / l10n.t("…") in the page's files.
    const dir = path.join(projectRoot(), 'src', 'webview', 'report');
    const literals = new Set<string>();
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      const text = fs
        .readFileSync(path.join(dir, f), 'utf8')
        .split('\n')
        .filter((line) => !/^\s*(\/\/|\/\*|\*)/.test(line)) // not in comments
        .join('\n');
      for (const m of text.matchAll(/\bl10n\.t\(\s*'((?:[^'\\]|\\.)*)'/g)) literals.add(m[1].replace(/\\'/g, "'"));
    }
    assert.ok(literals.size >= 60, `found ${literals.size} literals`);
    for (const s of literals) {
      assert.ok(s in made.bundle, `"${s}" is in l10n/bundle.l10n.json`);
      assert.ok(made.page.includes(s), `"${s}" is in the page's list`);
    }
  });

  it('exports the quick-range and interval labels and the page strings the issue names', () => {
    for (const s of ['Today', 'Yesterday', 'Last 7 days', 'Last 30 days', 'This month', 'Last month', '15 minutes', '1 hour', '1 day']) {
      assert.ok(made.page.includes(s), `"${s}" is a page message`);
    }
    for (const s of ['Could not load the report', 'Reset zoom', 'Busiest hour', 'Live · updated {0}']) assert.ok(s in made.bundle, s);
  });

  it("keeps the host's own messages out of the page's list", () => {
    assert.ok('Sign in with your browser' in made.bundle);
    assert.ok(!made.page.includes('Sign in with your browser'));
  });
});
