// Lint keeps the layers honest: only host code (src/host, src/extension.ts) may use the vscode API
// at run time; core, shared and the webview stay runnable in plain Node or a browser.
import tseslint from 'typescript-eslint';

const noRuntimeVscode = {
  '@typescript-eslint/no-restricted-imports': ['error', {
    paths: [{ name: 'vscode', message: 'Only src/host may use the vscode API at run time; use `import type` here.', allowTypeImports: true }],
  }],
  'no-restricted-globals': ['error', { name: 'acquireVsCodeApi', message: 'Only the webview entry talks to VS Code.' }],
};

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
  { files: ['src/core/**/*.ts', 'src/shared/**/*.ts', 'src/cli/**/*.ts', 'src/webview/**/*.ts'], rules: noRuntimeVscode },
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
