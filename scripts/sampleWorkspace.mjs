// The workspace `npm start` opens: the text files in scripts/sample-workspace plus two images made
// here by the fake API's own painter (an image to vary and edit, and a mask for it), so nothing
// binary is kept in the repository.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** Writes the sample workspace into `dir`; `outDir` is the test build (out/) holding the fake. */
export function writeSampleWorkspace(root, dir, outDir = join(root, 'out')) {
  cpSync(join(root, 'scripts', 'sample-workspace'), dir, { recursive: true });
  const require = createRequire(import.meta.url);
  const { paintScene } = require(join(outDir, 'test', 'fakeServer', 'sceneImages.js'));
  const { encodeRgbaPng } = require(join(outDir, 'test', 'support', 'png.js'));
  const size = 1024;
  const hero = paintScene(size, size, 'a lighthouse at dusk', 0);
  const mask = { width: size, height: size, data: new Uint8Array(size * size * 4).fill(255) };
  // Transparent (alpha 0) where the edit may change the image: the top-right quarter.
  for (let y = 0; y < size / 2; y++) for (let x = size / 2; x < size; x++) mask.data[(y * size + x) * 4 + 3] = 0;
  mkdirSync(join(dir, 'images'), { recursive: true });
  writeFileSync(join(dir, 'images', 'hero.png'), encodeRgbaPng(hero));
  writeFileSync(join(dir, 'images', 'hero.mask.png'), encodeRgbaPng(mask));
}
