// The npm package of the command-line tool: only the CLI bundle (dist/cli.js: core, undici and
// jsonc-parser bundled in, no native code) with a package.json, a README and the licence, so CI
// installs it in one line (`npm install -g image-studio-cli`). `npm run publish` publishes it
// beside the VSIX; test/unit/packaging/cliPackage.test.ts checks it with `npm pack --dry-run`.
//   node scripts/cliPackage.mjs [--out DIR] [--no-build]   (default dist/npm-cli, production build)
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
/** The package's name on npm (the extension's own package.json stays private). */
export const CLI_PACKAGE_NAME = 'image-studio-cli';
/** Exactly what the package holds. */
export const CLI_PACKAGE_FILES = ['LICENSE', 'README.md', 'cli.js', 'package.json'];

/** Writes the package into `out` from dist/cli.js (built first unless `build` is false); returns its package.json. */
export function makeCliPackage({ out = join(root, 'dist', 'npm-cli'), build = true } = {}) {
  if (build) execFileSync(process.execPath, ['scripts/build.mjs', '--production'], { cwd: root, stdio: 'inherit' });
  const main = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  copyFileSync(join(root, 'dist', 'cli.js'), join(out, 'cli.js'));
  copyFileSync(join(root, 'LICENSE'), join(out, 'LICENSE'));
  copyFileSync(join(root, 'scripts', 'npm-cli', 'README.md'), join(out, 'README.md'));
  const pkg = {
    name: CLI_PACKAGE_NAME,
    version: main.version,
    description:
      'The image-studio command-line tool: OpenAI Images API generations, edits and variations, and project asset builds with processing steps, acceptance checks and cost estimates.',
    license: main.license,
    repository: main.repository,
    homepage: main.homepage,
    bugs: main.bugs,
    keywords: main.keywords,
    bin: { 'image-studio': 'cli.js' },
    files: ['cli.js'],
    engines: { node: main.engines.node },
  };
  writeFileSync(join(out, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  return pkg;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--out');
  const out = at >= 0 ? resolve(args[at + 1]) : undefined;
  const pkg = makeCliPackage({ ...(out ? { out } : {}), build: !args.includes('--no-build') });
  console.log(`[cli-package] ${pkg.name} ${pkg.version} in ${out ?? 'dist/npm-cli'}`);
}
