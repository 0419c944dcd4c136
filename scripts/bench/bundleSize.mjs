// Sizes: a production build and a VSIX made in a temporary copy of the repository (so the shared
// dist/ of people running tests is never replaced by minified bundles).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, row } from './benchUtil.mjs';

const COPY = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  '.vscodeignore',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
  'scripts/build.mjs',
  'src',
  'media',
];

/** Host bundle, webview bundle and VSIX sizes. */
export function benchSizes() {
  const tmp = mkdtempSync(join(tmpdir(), 'image-studio-size-'));
  try {
    for (const p of COPY) if (existsSync(join(root, p))) cpSync(join(root, p), join(tmp, p), { recursive: true });
    symlinkSync(join(root, 'node_modules'), join(tmp, 'node_modules'));
    execFileSync(process.execPath, ['scripts/build.mjs', '--production'], { cwd: tmp, stdio: 'ignore' });
    const vsix = join(tmp, 'bench.vsix');
    execFileSync(join(root, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--allow-missing-repository', '--out', vsix], {
      cwd: tmp,
      stdio: 'ignore',
    });
    const kb = (p) => statSync(join(tmp, p)).size / 1024;
    const host = kb('dist/extension.js');
    const web = kb('dist/webview.js');
    const pkg = kb('bench.vsix');
    const list = execFileSync(join(root, 'node_modules/.bin/vsce'), ['ls', '--no-dependencies'], { cwd: tmp, encoding: 'utf8' })
      .trim()
      .split('\n');
    return [
      row('size: host bundle (dist/extension.js, production)', { value: host, unit: 'KB', target: '≤ 200 KB', pass: host <= 200 }),
      row('size: webview bundle (dist/webview.js, production)', { value: web, unit: 'KB', target: 'report', pass: true }),
      row('size: VSIX (vsce package --no-dependencies)', {
        value: pkg,
        unit: 'KB',
        target: '≤ 1536 KB',
        pass: pkg <= 1536,
        note: `${list.length} files: ${list.join(', ')}`,
      }),
    ];
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
