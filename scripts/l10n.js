// `npm run l10n`: exports every runtime string to l10n/bundle.l10n.json with @vscode/l10n-dev, and the list of the
// report page's messages to src/panels/pageMessages.json (the host passes the page only those, translated).
//   - Host code: `vscode.l10n.t('…')`, found by l10n-dev as usual.
//   - The report page (src/webview/): `l10n.t('…')` imported from its own `./l10n` (the page has no `vscode`).
//     l10n-dev only follows `l10n` imported from 'vscode' or '@vscode/l10n', so the page's files are handed to it
//     with that one import read as '@vscode/l10n'; nothing else of them changes.
//   - src/shared/range.ts, src/shared/compare.ts: labels written `l10n.t('…')` with `l10n` typed from 'vscode'; used on both sides.
// `node scripts/l10n.js --pseudo DIR` also writes a pseudo translation (bundle.l10n.qps-ploc.json) into DIR.
// The unit suite fails when the committed files are not what this script makes of the sources.
'use strict';
const fs = require('fs');
const path = require('path');
const { getL10nJson, getL10nPseudoLocalized } = require('@vscode/l10n-dev');

const root = path.resolve(__dirname, '..');
const PAGE_IMPORT = /^import \{ l10n \} from '\.\/l10n';$/m;
/** Shared modules whose labels the page shows (it passes them its own translator). */
const PAGE_SHARED = ['src/shared/range.ts', 'src/shared/compare.ts'];

function tsFiles(dir) {
  return fs
    .readdirSync(path.join(root, dir), { recursive: true })
    .map((f) => path.posix.join(dir, String(f).split(path.sep).join('/')))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .sort();
}

function isPage(file) {
  return file.startsWith('src/webview/');
}

/** A file's text as l10n-dev should read it. */
function script(file) {
  const contents = fs.readFileSync(path.join(root, file), 'utf8');
  return { extension: '.ts', contents: isPage(file) ? contents.replace(PAGE_IMPORT, "import * as l10n from '@vscode/l10n';") : contents };
}

/** { bundle: every message → itself, page: the messages the report page uses; both sorted }. */
async function extract() {
  const files = tsFiles('src');
  const found = await getL10nJson(files.map(script));
  // Sorted: the order stays put when messages are added anywhere (merges touch only their own lines).
  const bundle = Object.fromEntries(
    Object.keys(found)
      .sort()
      .map((k) => [k, found[k]]),
  );
  const pageFiles = files.filter((f) => isPage(f) || PAGE_SHARED.includes(f));
  const page = Object.keys(await getL10nJson(pageFiles.map(script))).sort();
  return { bundle, page };
}

const OUTPUTS = { bundle: 'l10n/bundle.l10n.json', page: 'src/panels/pageMessages.json' };

function serialise(value) {
  return `${JSON.stringify(value, undefined, 2)}\n`;
}

async function main() {
  const { bundle, page } = await extract();
  fs.writeFileSync(path.join(root, OUTPUTS.bundle), serialise(bundle));
  fs.writeFileSync(path.join(root, OUTPUTS.page), serialise(page));
  console.log(`${Object.keys(bundle).length} messages → ${OUTPUTS.bundle}; ${page.length} of them on the report page → ${OUTPUTS.page}`);
  const i = process.argv.indexOf('--pseudo');
  if (i > 0) {
    const dir = path.resolve(process.argv[i + 1] ?? path.join(root, 'l10n'));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'bundle.l10n.qps-ploc.json'), serialise(getL10nPseudoLocalized(bundle)));
    console.log(`pseudo translation → ${path.join(dir, 'bundle.l10n.qps-ploc.json')}`);
  }
}

module.exports = { extract, serialise, OUTPUTS };

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
