// `npm run media`: the images the packaged extension ships, made from what the repository already has.
//   media/icon.png                     the Marketplace icon, 256×256, rendered from media/src/icon.svg (not shipped)
//   docs/images/walkthrough/*.png      the walkthrough's screenshots: crops of docs/images/*.png (the README's
//                                      screenshots, refreshed by `npm run screenshots`), scaled down and reduced
//                                      to a 256-colour palette so the .vsix stays small
// The walkthrough's two drawings (docs/images/walkthrough/connect.svg, sign-in.svg) are written by hand.
// Run it after `npm run screenshots`; commit what it writes.
'use strict';
const fs = require('fs');
const path = require('path');
const sharp = require('sharp');

const root = path.resolve(__dirname, '..');
const at = (...p) => path.join(root, ...p);

/** docs/images/walkthrough/<name> ← a region of docs/images/<from> (left, top, width, height), scaled to `width`. */
const WALKTHROUGH = [
  { name: 'tree.png', from: 'tree.png', region: [0, 0, 380, 509], width: 380 },
  { name: 'report.png', from: 'report-light.png', region: [428, 34, 852, 766], width: 560 },
  { name: 'report-json.png', from: 'report-json.png', region: [428, 34, 852, 766], width: 560 },
  { name: 'export.png', from: 'report-dark.png', region: [436, 76, 684, 98], width: 560 },
];

async function main() {
  const icon = await sharp(at('media', 'src', 'icon.svg')).resize(256, 256).png({ compressionLevel: 9 }).toFile(at('media', 'icon.png'));
  console.log(`media/icon.png ${icon.width}×${icon.height} (${icon.size} bytes)`);
  fs.mkdirSync(at('docs', 'images', 'walkthrough'), { recursive: true });
  for (const w of WALKTHROUGH) {
    const [left, top, width, height] = w.region;
    const out = await sharp(at('docs', 'images', w.from))
      .extract({ left, top, width, height })
      .resize({ width: w.width })
      .png({ palette: true, quality: 90, compressionLevel: 9 })
      .toFile(at('docs', 'images', 'walkthrough', w.name));
    console.log(`docs/images/walkthrough/${w.name} ${out.width}×${out.height} (${out.size} bytes) ← docs/images/${w.from}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
