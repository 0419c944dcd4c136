// The command-line tool's npm package: `npm pack --dry-run` lists exactly the CLI bundle, its
// package.json, README and licence (no source, no node_modules, no dependencies to install), its
// bin names `image-studio`, and the bundle runs on its own from a folder with nothing else in it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(__dirname, '..', '..', '..', '..');

interface CliPackageModule {
  CLI_PACKAGE_NAME: string;
  CLI_PACKAGE_FILES: string[];
  makeCliPackage(opts: { out: string; build: boolean }): Record<string, unknown>;
}

describe('the CLI npm package (image-studio-cli)', function () {
  this.timeout(120000);
  let out: string;
  let mod: CliPackageModule;
  before(async () => {
    mod = (await import(pathToFileURL(join(ROOT, 'scripts', 'cliPackage.mjs')).href)) as CliPackageModule;
    out = mkdtempSync(join(tmpdir(), 'image-studio-cli-package-'));
    // dist/cli.js is built by the test run; the package is made from it as publishing makes it.
    mod.makeCliPackage({ out, build: false });
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it('npm pack --dry-run holds only the bundle, package.json, README and licence', () => {
    const packed = spawnSync('npm', ['pack', '--dry-run', '--json'], { cwd: out, encoding: 'utf8' });
    assert.equal(packed.status, 0, packed.stderr);
    const [info] = JSON.parse(packed.stdout) as Array<{ name: string; files: Array<{ path: string }> }>;
    assert.equal(info?.name, mod.CLI_PACKAGE_NAME);
    assert.deepEqual(info?.files.map((f) => f.path).sort(), mod.CLI_PACKAGE_FILES);
    const pkg = JSON.parse(readFileSync(join(out, 'package.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(pkg.bin, { 'image-studio': 'cli.js' });
    assert.equal(pkg.dependencies, undefined, 'the bundle needs nothing installed beside it');
    assert.equal(pkg.private, undefined);
    assert.equal(pkg.version, (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
  });

  it('the bundle runs on its own: nothing beside it, no node_modules above it', () => {
    const help = spawnSync(process.execPath, [join(out, 'cli.js'), 'assets', '--help'], {
      cwd: out,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
    });
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /accept PATH…/);
    assert.match(help.stdout, /--format github/);
  });
});
