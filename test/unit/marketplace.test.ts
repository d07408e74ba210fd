// The .vsix that a user installs and the Marketplace shows: `vsce package` with package.json's "vsce" options (as
// `npm run package` runs it, after the build) into a temporary folder, then what is inside: the icon, the user page
// as its README, the walkthrough's images, nothing of the repository's own (sandbox screenshot, sources, maps, tests),
// and its size.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// vsce's own zip reader (the same yauzl that wrote the package is read back with it).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { readZip } = require('@vscode/vsce/out/zip') as {
  readZip(file: string, filter: (name: string) => boolean): Promise<Map<string, Buffer>>;
};

const root = path.resolve(__dirname, '../../..');
const MB = 1_000_000;

interface Manifest {
  icon?: string;
  preview?: boolean;
  qna?: unknown;
  galleryBanner?: { color?: string; theme?: string };
  categories?: string[];
  keywords?: string[];
  repository?: unknown;
  homepage?: unknown;
  bugs?: unknown;
  contributes: { walkthroughs?: { steps: { media: { image?: string; svg?: string; markdown?: string } }[] }[] };
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(b: Buffer): { width: number; height: number } {
  assert.ok(b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 'not a PNG');
  assert.strictEqual(b.subarray(12, 16).toString('latin1'), 'IHDR');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('Marketplace package (vsce package)', function () {
  this.timeout(180_000);
  let tmp: string;
  let vsix: string;
  let entries: Map<string, Buffer>;
  let manifest: Manifest;

  before(async () => {
    assert.ok(fs.existsSync(path.join(root, 'dist', 'extension.js')), 'dist/extension.js is missing: run npm run build');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hoxton-vsix-'));
    vsix = path.join(tmp, 'hoxton-reports.vsix');
    // No stdin: if vsce wanted to ask anything (a missing repository, for example) it would abort here.
    execFileSync(path.join(root, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '-o', vsix], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    entries = await readZip(vsix, () => true);
    const raw = entries.get('extension/package.json');
    assert.ok(raw, 'no extension/package.json in the package');
    manifest = JSON.parse(raw.toString('utf8')) as Manifest;
  });
  after(() => tmp && fs.rmSync(tmp, { recursive: true, force: true }));

  const names = () => [...entries.keys()];

  it('weighs at most 1 MB', () => {
    const size = fs.statSync(vsix).size;
    assert.ok(size <= MB, `the .vsix is ${size} bytes`);
  });

  it('ships the icon the manifest names: a square PNG of 128 or 256 pixels', () => {
    assert.strictEqual(manifest.icon, 'media/icon.png');
    const icon = entries.get('extension/media/icon.png');
    assert.ok(icon, `no icon in ${names().join(', ')}`);
    const { width, height } = pngSize(icon);
    assert.strictEqual(width, height);
    assert.ok(width === 128 || width === 256, `icon is ${width}×${height}`);
  });

  it('declares the Marketplace metadata, and no made-up addresses', () => {
    assert.strictEqual(manifest.preview, true);
    assert.strictEqual(manifest.qna, false);
    assert.match(manifest.galleryBanner?.color ?? '', /^#[0-9a-f]{6}$/i);
    assert.ok(manifest.galleryBanner?.theme === 'dark' || manifest.galleryBanner?.theme === 'light');
    assert.ok((manifest.categories ?? []).length > 0 && (manifest.keywords ?? []).length > 0);
    for (const key of ['repository', 'homepage', 'bugs'] as const) {
      const value = JSON.stringify(manifest[key] ?? '');
      assert.doesNotMatch(value, /example|\.invalid|localhost|127\.0\.0\.1/, `${key}: ${value}`);
    }
  });

  it('ships no sandbox screenshot, no developer README, no sources, maps, tests or sandbox', () => {
    const list = names();
    assert.ok(!list.includes('extension/docs/images/sign-in.png'), 'the sandbox sign-in screenshot is shipped');
    for (const name of list) {
      assert.doesNotMatch(name, /\.map$|^extension\/(src|test|out|sandbox|scripts|bench|node_modules)\//, `must not ship ${name}`);
      assert.doesNotMatch(name, /^extension\/docs\/images\/[^/]+$/, `a README screenshot is shipped: ${name}`);
      assert.doesNotMatch(name, /^extension\/(README\.md|docs\/MARKETPLACE\.md|media\/src\/)/, `must not ship ${name}`);
    }
  });

  it('ships each image once', () => {
    const images = names().filter((n) => /\.(png|svg|jpe?g|gif)$/i.test(n));
    assert.ok(images.length > 0);
    const seen = new Map<string, string>();
    for (const name of images) {
      const key = entries.get(name)!.toString('base64');
      assert.ok(!seen.has(key), `${name} is the same file as ${seen.get(key)}`);
      seen.set(key, name);
    }
  });

  it('has the user page as its README: for people who use the extension, and nothing that breaks on the Marketplace', () => {
    const readme = entries.get('extension/readme.md')?.toString('utf8');
    assert.ok(readme, 'no extension/readme.md');
    assert.strictEqual(readme, fs.readFileSync(path.join(root, 'docs', 'MARKETPLACE.md'), 'utf8'));
    const developerReadme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    assert.notStrictEqual(readme, developerReadme);
    assert.doesNotMatch(readme, /npm (install|start|test|run)/, 'developer commands in the user page');
    // Links and images: only https addresses, in-page anchors or mail; a relative one would break on the Marketplace.
    const targets = [...readme.matchAll(/!?\[[^\]]*\]\(([^)\s]+)[^)]*\)/g), ...readme.matchAll(/<img[^>]+src=["']([^"']+)/g)].map(
      (m) => m[1],
    );
    for (const t of targets) assert.match(t, /^(https:\/\/|#|mailto:)/, `link or image that breaks on the Marketplace: ${t}`);
    for (const part of [
      'http://127.0.0.1:47321/callback',
      'vscode://hoxton.hoxton-reports/auth-complete',
      'hoxton.auth.clientId',
      '## Install',
      '## Settings',
      '## Security',
      '## Privacy',
      'telemetry',
    ]) {
      assert.ok(readme.includes(part), `the user page does not mention ${part}`);
    }
  });

  it('ships every image the walkthrough shows', () => {
    const media = (manifest.contributes.walkthroughs ?? []).flatMap((w) =>
      w.steps.map((s) => s.media.image ?? s.media.svg ?? s.media.markdown),
    );
    assert.ok(media.length >= 6, `walkthrough media: ${media.join(', ')}`);
    for (const m of media) assert.ok(m && entries.has(`extension/${m}`), `the walkthrough shows ${m}, which is not shipped`);
  });
});
