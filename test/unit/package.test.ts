// What `npm run package` ships: the built extension and its media, never tests, the sandbox, sources or maps.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as path from 'path';
import { projectRoot } from '../../sandbox/root';

describe('.vsix contents', () => {
  it('lists only dist/, media/ and the documents', function () {
    this.timeout(60_000);
    const root = projectRoot();
    const vsce = path.join(root, 'node_modules', '.bin', 'vsce');
    const files = execFileSync(vsce, ['ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    assert.ok(files.includes('dist/extension.js'), files.join(', '));
    assert.ok(files.includes('dist/webview/report.js'), files.join(', '));
    // What activation leaves for later (webpack chunks) must ship too, or the first panel would fail to load.
    for (const chunk of ['panels', 'documents', 'wizard', 'fetch', 'validators']) {
      assert.ok(files.includes(`dist/chunks/${chunk}.js`), files.join(', '));
    }
    for (const f of files) {
      assert.ok(
        /^(dist\/|media\/|docs\/images\/walkthrough\/[\w-]+\.(png|svg)$|l10n\/|package\.json$|package\.nls\.json$|README\.md$|CHANGELOG\.md$|LICENSE$)/.test(
          f,
        ),
        `unexpected file in the package: ${f}`,
      );
      assert.ok(!/\.map$|^test\/|^sandbox\/|^src\/|^out\//.test(f), `must not ship ${f}`);
    }
  });
});
