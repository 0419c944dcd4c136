// Lint keeps the layers honest (see ARCHITECTURE.md for the picture). Each layer imports only the
// layers below it:
//   core    (API client, model table, images, naming)   imports nothing of ours but core
//   shared  (host <-> webview protocol)                  imports core
//   webview (the Studio app, a browser bundle)           imports shared and core (pure code only)
//   cli     (the command-line tool)                      imports core
//   host    (the only vscode user)                       imports core and shared
// and inside the host, commands and the Image Assets view (host/assets) may use services and the
// Studio, never the other way round.
// Only host code (src/host, src/extension.ts) may use the vscode API at run time.
import tseslint from 'typescript-eslint';

const layer = (name, ...forbidden) => ({
  regex: `(^|/)(${forbidden.join('|')})(/|$)`,
  message: `The ${name} layer must not import from ${forbidden.join(', ')} (see ARCHITECTURE.md).`,
});
const restrict = ({ vscode = false, patterns = [] }) => ({
  '@typescript-eslint/no-restricted-imports': ['error', {
    paths: vscode ? [] : [{ name: 'vscode', message: 'Only src/host may use the vscode API at run time; use `import type` here.', allowTypeImports: true }],
    patterns,
  }],
});
// The host's own assets/ folder, imported from a sibling folder (core's assets/ stays allowed).
const hostAssets = { regex: '^\\.\\./assets(/|$)', message: 'Services and the Studio host must not import the Image Assets view (see ARCHITECTURE.md).' };
// Core never reads the clock: the day and the time come from the caller (a Calendar, a Clock, the
// engine's adapters), so tests, CI and reproducible builds can pin them.
const clockMessage = 'Core never reads the clock: take a Calendar, a Clock or the day as an argument (see ARCHITECTURE.md).';
const noClock = {
  'no-restricted-syntax': ['error',
    { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: clockMessage },
    { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: clockMessage },
  ],
};
const noWebviewGlobal = { 'no-restricted-globals': ['error', { name: 'acquireVsCodeApi', message: 'Only the webview entry talks to VS Code.' }] };

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'out-*/**', '.vscode-test/**', '.test-artifacts/**', '.bench/**', '**/*.vsix'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  // Named exports only: they keep names greppable across host, core and webview.
  { files: ['src/**/*.ts', 'test/**/*.ts'], rules: { 'no-restricted-exports': ['error', { restrictDefaultExports: { direct: true } }] } },
  { files: ['src/core/**/*.ts'], rules: { ...restrict({ patterns: [layer('core', 'host', 'shared', 'webview', 'cli', 'extension')] }), ...noWebviewGlobal, ...noClock } },
  { files: ['src/shared/**/*.ts'], rules: { ...restrict({ patterns: [layer('shared', 'host', 'webview', 'cli', 'extension')] }), ...noWebviewGlobal } },
  { files: ['src/webview/**/*.ts'], rules: { ...restrict({ patterns: [layer('webview', 'host', 'cli', 'extension')] }), ...noWebviewGlobal } },
  { files: ['src/cli/**/*.ts'], rules: { ...restrict({ patterns: [layer('cli', 'host', 'shared', 'webview', 'extension')] }), ...noWebviewGlobal } },
  { files: ['src/host/**/*.ts'], rules: restrict({ vscode: true, patterns: [layer('host', 'webview', 'cli')] }) },
  { files: ['src/host/services/**/*.ts'], rules: restrict({ vscode: true, patterns: [layer('host services', 'webview', 'cli', 'commands', 'studio'), hostAssets] }) },
  { files: ['src/host/studio/**/*.ts'], rules: restrict({ vscode: true, patterns: [layer('Studio host', 'webview', 'cli', 'commands'), hostAssets] }) },
  // Test helpers every suite shares run in plain Node: no vscode (not even its types), nothing of
  // the integration suite's own support (which does use vscode).
  {
    files: ['test/support/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'test/support runs in plain Node; vscode helpers go in test/integration/support.' }],
        patterns: [{ regex: '(^|/)integration(/|$)', message: 'test/support must not import the integration suite (it uses vscode).' }],
      }],
    },
  },
  {
    files: ['src/webview/main.ts'],
    rules: { 'no-restricted-globals': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly' } },
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
);
