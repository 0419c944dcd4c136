// Activation: load dist/extension.js with a stub `vscode` module and time require + activate(),
// listing every module the bundle asked for.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { median, root, row } from './benchUtil.mjs';

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
  for (let i = 0; i < 7; i++)
    runs.push(JSON.parse(execFileSync(process.execPath, ['-e', ACTIVATION_CHILD, join(root, 'dist/extension.js')], { encoding: 'utf8' })));
  const modules = runs[0].modules;
  const heavy = modules.filter((m) =>
    /undici|sharp|eventsource|playwright|esbuild|^(node:)?(child_process|worker_threads|zlib|http2?|https)$/.test(m),
  );
  const value = median(runs.map((r) => r.requireMs + r.activateMs));
  return [
    row('activation: require + activate() of dist/extension.js', {
      value,
      target: 'report; nothing heavy',
      pass: heavy.length === 0,
      note: `require ${median(runs.map((r) => r.requireMs)).toFixed(1)} ms + activate ${median(runs.map((r) => r.activateMs)).toFixed(1)} ms; modules: ${modules.join(', ')}${heavy.length ? `; HEAVY: ${heavy.join(', ')}` : ''}`,
    }),
  ];
}
