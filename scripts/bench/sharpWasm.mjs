// sharp on its WebAssembly build (@img/sharp-wasm32), loaded beside the native sharp in the same
// process so the two are measured in one run. sharp picks the native binary whenever one is
// installed, so the bench bundles sharp's JavaScript with esbuild, its binary loader replaced by
// the wasm package: the same way a universal VSIX would have to ship it.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { OUT_DIR, root } from './benchUtil.mjs';

/** The wasm-backed sharp, or undefined (with why) when @img/sharp-wasm32 is not installed. */
export async function loadSharpWasm() {
  const requireHere = createRequire(join(root, 'package.json'));
  try {
    requireHere.resolve('@img/sharp-wasm32/sharp.node');
  } catch {
    return { why: '@img/sharp-wasm32 is not installed (npm install)' };
  }
  const outfile = join(root, OUT_DIR, 'sharp-wasm.cjs');
  await esbuild.build({
    absWorkingDir: root,
    // Through require(), so sharp's CommonJS build is the one bundled (its ESM build needs import.meta).
    stdin: { contents: "module.exports = require('sharp');", resolveDir: root, loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile,
    logLevel: 'error',
    external: ['@img/sharp-wasm32/*', '@img/sharp-libvips-*', 'detect-libc', 'semver'],
    plugins: [
      {
        name: 'sharp-wasm-only',
        setup(build) {
          build.onLoad({ filter: /sharp[\\/]dist[\\/]sharp\.cjs$/ }, () => ({
            contents: "module.exports = require('@img/sharp-wasm32/sharp.node');",
            loader: 'js',
          }));
        },
      },
    ],
  });
  return { sharp: requireHere(outfile) };
}
