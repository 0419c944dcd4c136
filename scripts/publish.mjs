// `npm run publish`: packages the VSIX, checks it as both registries will (scripts/vsix.mjs),
// then uploads the same file to the Visual Studio Marketplace (vsce) and to Open VSX (ovsx),
// where VSCodium, Cursor, Windsurf and code-server users install from; and publishes the
// command-line tool's own package to npm (scripts/cliPackage.mjs), checked with `npm pack --dry-run`.
// Tokens come from the environment only: VSCE_PAT, OVSX_PAT and NPM_TOKEN. They are never read from a file,
// never accepted as a flag (a flag is visible to every user in `ps` and lands in shell history),
// never printed, and handed to vsce and ovsx through their own environment variables.
// Options: --only vsce|ovsx|npm (one registry), --vsix <file> (publish a file already built),
// --dry-run (package and check, upload nothing).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { checkVsix } from './vsix.mjs';
import { CLI_PACKAGE_FILES, makeCliPackage } from './cliPackage.mjs';

const root = new URL('..', import.meta.url).pathname;
const REGISTRIES = {
  vsce: { token: 'VSCE_PAT', name: 'the Visual Studio Marketplace', bin: 'vsce', args: (vsix) => ['publish', '--packagePath', vsix] },
  ovsx: { token: 'OVSX_PAT', name: 'Open VSX', bin: 'ovsx', args: (vsix) => ['publish', vsix] },
  npm: { token: 'NPM_TOKEN', name: 'npm (the command-line tool)' },
};

function fail(message, code = 2) {
  console.error(`publish: ${message}`);
  process.exit(code);
}

function parseArgs(argv) {
  const options = { only: undefined, vsix: undefined, dryRun: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--dry-run') options.dryRun = true;
    else if (a === '--only') options.only = argv[++i];
    else if (a === '--vsix') options.vsix = argv[++i];
    else if (/^(-p|--pat|--token)(=|$)/.test(a)) fail('tokens are read from VSCE_PAT and OVSX_PAT only, never from flags');
    else fail(`unknown option ${a}`);
  }
  if (options.only && !REGISTRIES[options.only]) fail(`--only takes ${Object.keys(REGISTRIES).join(' or ')}`);
  return options;
}

const options = parseArgs(process.argv.slice(2));
const targets = options.only ? [options.only] : Object.keys(REGISTRIES);
// Before any work: a missing token is known now, not after a build.
const missing = options.dryRun ? [] : targets.filter((t) => !process.env[REGISTRIES[t].token]);
if (missing.length) {
  fail(
    `set ${missing.map((t) => REGISTRIES[t].token).join(' and ')} in the environment to publish to ${missing.map((t) => REGISTRIES[t].name).join(' and ')} (or use --only, or --dry-run)`,
  );
}

// The CLI's npm package: built and checked like the VSIX (npm pack --dry-run lists exactly its files).
let cliDir;
if (targets.includes('npm')) {
  cliDir = join(root, 'dist', 'npm-cli');
  makeCliPackage({ out: cliDir });
  const packed = spawnSync('npm', ['pack', '--dry-run', '--json'], { cwd: cliDir, encoding: 'utf8' });
  const listed =
    packed.status === 0
      ? JSON.parse(packed.stdout)[0]
          .files.map((f) => f.path)
          .sort()
      : [];
  if (JSON.stringify(listed) !== JSON.stringify(CLI_PACKAGE_FILES))
    fail(`the CLI package would hold ${listed.join(', ') || 'nothing'} instead of ${CLI_PACKAGE_FILES.join(', ')}`, 1);
  console.log(`publish: the CLI package holds ${listed.join(', ')}`);
}
const vsixTargets = targets.filter((t) => t !== 'npm');

let vsix = options.vsix;
if (!vsix && vsixTargets.length) {
  const built = spawnSync('npm', ['run', 'package'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) fail('packaging failed', 1);
  vsix = join(root, 'image-studio.vsix');
}
if (vsixTargets.length) {
  if (!existsSync(vsix)) fail(`${vsix} does not exist`);
  const { manifest, issues } = await checkVsix(vsix, { extensionDir: root });
  if (issues.length) fail(`${vsix} would be refused:\n  ${issues.join('\n  ')}`, 1);
  console.log(`publish: ${manifest.publisher}.${manifest.name} ${manifest.version} passes the vsce and Open VSX checks`);
}
if (options.dryRun) process.exit(0);

for (const target of vsixTargets) {
  const registry = REGISTRIES[target];
  console.log(`publish: uploading to ${registry.name}`);
  // Only this registry's token goes to its tool, and only through the environment.
  const env = { ...process.env };
  for (const other of Object.values(REGISTRIES)) if (other !== registry) delete env[other.token];
  const result = spawnSync(join(root, 'node_modules', '.bin', registry.bin), registry.args(vsix), { cwd: root, env, stdio: 'inherit' });
  if (result.status !== 0) fail(`${registry.bin} publish failed (exit ${result.status ?? result.signal})`, 1);
}
if (cliDir) {
  console.log(`publish: publishing ${REGISTRIES.npm.name}`);
  // npm reads the token from the environment through this config line; the file holds no secret.
  const config = mkdtempSync(join(tmpdir(), 'image-studio-npmrc-'));
  writeFileSync(join(config, '.npmrc'), '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n');
  const env = { ...process.env };
  for (const other of Object.values(REGISTRIES)) if (other !== REGISTRIES.npm) delete env[other.token];
  const result = spawnSync('npm', ['publish', cliDir, '--access', 'public', '--userconfig', join(config, '.npmrc')], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  rmSync(config, { recursive: true, force: true });
  if (result.status !== 0) fail(`npm publish failed (exit ${result.status ?? result.signal})`, 1);
}
console.log(`publish: done (${targets.join(', ')})`);
