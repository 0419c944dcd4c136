// Memory: peak RSS growth while 10 images go through the client, against one image's payload.
// Activation: load dist/extension.js with a stub `vscode` module and time require + activate(),
// listing every module the bundle asked for.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { median, noisyPng, OUT_DIR, replayServer, root, row } from './benchUtil.mjs';

/**
 * Memory rows: 10 images in one request (gpt-image-1.5); split in 10 requests (dall-e-3) kept by
 * the batch; and split with each image written to disk as its request completes (what the
 * extension and the CLI do).
 */
export async function benchMemory() {
  const png = await noisyPng();
  const payload = png.length;
  const rows = [];
  const labels = { one: 'one request of 10', split: '10 requests, kept in memory', save: '10 requests, each written as it arrives' };
  for (const mode of ['one', 'split', 'save']) {
    const images = mode === 'one' ? 10 : 1; // per request
    const body = JSON.stringify({ created: 1, data: Array.from({ length: images }, () => ({ b64_json: png.toString('base64') })), output_format: 'png', size: '1024x1024' });
    const server = await replayServer(body);
    try {
      const runs = [];
      for (let i = 0; i < 3; i++) {
        // Asynchronous: the replay server lives in this process and must keep answering.
        const { stdout: out } = await promisify(execFile)(process.execPath, ['--expose-gc', join(root, 'scripts/bench/memoryChild.mjs'), join(root, OUT_DIR), server.baseUrl, mode], { encoding: 'utf8' });
        runs.push(JSON.parse(out.trim().split('\n').pop()));
      }
      const growth = median(runs.map((r) => r.growth));
      const ratio = growth / payload;
      if (runs.some((r) => r.images !== 10)) throw new Error(`the ${mode} batch lost images`);
      rows.push(row(`memory: batch of 10 images through the client (${labels[mode]})`, {
        value: growth / 1048576, baseline: payload / 1048576, ratio, unit: 'MB', target: '≤ 3× one payload', pass: ratio <= 3,
        note: `peak RSS growth, median of 3 child runs; payload = one noisy 1024² PNG`,
      }));
    } finally {
      await server.close();
    }
  }
  return rows;
}

const ACTIVATION_CHILD = String.raw`
const Module = require('node:module');
const requested = new Set();
const stub = (path) => new Proxy(function () {}, {
  get: (t, k) => k === Symbol.toPrimitive ? () => path : k === 'then' ? undefined : k === 'version' ? '1.96.0' : stub(path + '.' + String(k)),
  apply: () => stub(path + '()'),
  construct: () => stub('new ' + path),
});
// A plain object of namespaces: the bundle copies the module's own keys (esbuild's __toESM).
const vscode = { version: '1.96.0', UIKind: { Desktop: 1, Web: 2 } };
for (const name of ['window', 'workspace', 'commands', 'env', 'extensions', 'languages', 'l10n', 'Uri', 'Disposable', 'EventEmitter', 'ViewColumn', 'ProgressLocation', 'ThemeIcon', 'InputBoxValidationSeverity', 'FileType', 'FileSystemError', 'ConfigurationTarget', 'Selection', 'Position', 'Range', 'SnippetString', 'WorkspaceEdit', 'RelativePattern']) vscode[name] = stub('vscode.' + name);
const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (!isMain && request !== process.argv[1]) requested.add(request);
  return request === 'vscode' ? vscode : load.apply(this, arguments);
};
const t0 = performance.now();
const ext = require(process.argv[1]);
const t1 = performance.now();
const context = { subscriptions: [], secrets: stub('secrets'), workspaceState: { get: () => undefined, update: async () => {}, keys: () => [] }, globalState: { get: () => undefined, update: async () => {} }, extensionUri: stub('extensionUri') };
ext.activate(context);
const t2 = performance.now();
process.stdout.write(JSON.stringify({ requireMs: t1 - t0, activateMs: t2 - t1, modules: [...requested].sort(), subscriptions: context.subscriptions.length }));
`;

/** Activation row: median of 7 fresh processes. */
export function benchActivation() {
  const runs = [];
  for (let i = 0; i < 7; i++) runs.push(JSON.parse(execFileSync(process.execPath, ['-e', ACTIVATION_CHILD, join(root, 'dist/extension.js')], { encoding: 'utf8' })));
  const modules = runs[0].modules;
  const heavy = modules.filter((m) => /undici|sharp|eventsource|playwright|esbuild|^(node:)?(child_process|worker_threads|zlib|http2?|https)$/.test(m));
  const value = median(runs.map((r) => r.requireMs + r.activateMs));
  return [row('activation: require + activate() of dist/extension.js', {
    value, target: 'report; nothing heavy', pass: heavy.length === 0,
    note: `require ${median(runs.map((r) => r.requireMs)).toFixed(1)} ms + activate ${median(runs.map((r) => r.activateMs)).toFixed(1)} ms; modules: ${modules.join(', ')}${heavy.length ? `; HEAVY: ${heavy.join(', ')}` : ''}`,
  })];
}
