// One build for the three runtimes: the extension host bundle (Node, CommonJS, vscode external) and its image worker,
// the Studio webview bundle (browser) and the `image-studio` command-line tool (Node).
// `--tests` also transpiles src and test file by file into out/ for mocha.
// Flags: --watch, --production (minified, no source maps), --tests.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');
const root = new URL('..', import.meta.url).pathname;
/** Where transpiled tests go; TEST_OUT_DIR lets parallel runs keep apart. */
const testOut = process.env.TEST_OUT_DIR || 'out';

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  legalComments: 'none',
  logLevel: 'warning',
  absWorkingDir: root,
  // jsonc-parser's CommonJS entry is a UMD wrapper whose dynamic requires esbuild cannot follow.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
};

/** @type {esbuild.BuildOptions[]} */
const bundles = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // vscode is provided by the extension host. undici is only for the CLI: inside VS Code the
    // global fetch carries the user's proxy settings, so the host bundle must never pull it in.
    external: ['vscode', 'undici'],
  },
  {
    // The extension host's image worker thread (decode, composite, alpha count of results): its
    // own file, loaded by path beside dist/extension.js (src/host/services/imageWorkerClient.ts).
    ...common,
    entryPoints: ['src/host/services/imageWorker.ts'],
    outfile: 'dist/imageWorker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    ...common,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
  },
  {
    // The assets board (src/host/assets/board): a webview of its own with its own small bundle.
    ...common,
    entryPoints: ['src/webview/board/boardMain.ts'],
    outfile: 'dist/board.js',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
  },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
];

function listTs(dir) {
  const found = [];
  for (const name of readdirSync(join(root, dir))) {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) found.push(...listTs(path));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) found.push(path);
  }
  return found;
}

/** Tests run from out/: every file transpiled on its own (no bundling), so `vscode` and packages resolve at run time. */
function testBuild() {
  // The webview is browser code: its tests load the real bundle in Chromium instead.
  const entryPoints = [...listTs('src'), ...listTs('test')].filter((p) => !p.startsWith('src/webview/'));
  return {
    entryPoints,
    outdir: testOut,
    outbase: '.',
    bundle: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
    absWorkingDir: root,
  };
}

const builds = [...bundles];
if (args.has('--tests')) {
  rmSync(join(root, testOut), { recursive: true, force: true });
  builds.push(testBuild());
}

if (watch) {
  for (const options of builds) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
  console.log('[build] watching for changes…');
} else {
  const started = Date.now();
  await Promise.all(builds.map((options) => esbuild.build(options)));
  console.log(`[build] ${production ? 'production' : 'development'} build in ${Date.now() - started} ms`);
}
