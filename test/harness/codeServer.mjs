// Starts and stops code-server (VS Code's server + web workbench) and the headless Chromium that
// opens it. Shared by the integration-test harness and `npm start`. Everything binds 127.0.0.1,
// keeps its state in one temporary folder, and is stopped by `stop()`.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A run folder with every place code-server and Chromium would otherwise write in $HOME or /tmp. */
export function makeRunDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const sub of ['user-data', 'extensions', 'config', 'data', 'cache', 'tmp', 'chromium']) mkdirSync(join(dir, sub));
  return {
    dir,
    userData: join(dir, 'user-data'),
    extensions: join(dir, 'extensions'),
    chromiumProfile: join(dir, 'chromium'),
    env: {
      XDG_CONFIG_HOME: join(dir, 'config'),
      XDG_DATA_HOME: join(dir, 'data'),
      XDG_CACHE_HOME: join(dir, 'cache'),
      TMPDIR: join(dir, 'tmp'),
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForHealth(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`code-server did not answer on ${url} within ${timeoutMs / 1000} s`);
}

/**
 * Spawns code-server on Node 24 in its own process group (so its extension host and helpers stop
 * with it) and waits until it answers.
 */
export async function startCodeServer({ tools, runDir, workspace, extraEnv = {}, trustWorkspace = true, testDriver = true, onOutput }) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = [
    tools.codeServerEntry,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--user-data-dir',
    runDir.userData,
    '--extensions-dir',
    runDir.extensions,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
  ];
  // A built workbench ignores extension-development and test parameters unless the smoke-test
  // driver is on; but with it on, the workbench also drops notification toasts. Tests need it;
  // the workbench a person opens (`npm start`) must behave like VS Code, so it goes without.
  // How to turn it on differs by code-server version (see RUNTIMES in scripts/vscodeTools.mjs).
  if (testDriver) args.push(...tools.runtime.serverArgs);
  // Trusted unless asked otherwise; untrusted sessions open the folder in Restricted Mode.
  if (trustWorkspace) args.push('--disable-workspace-trust');
  args.push(workspace);
  const child = spawn(tools.node, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...runDir.env, ...extraEnv },
  });
  const early = [];
  const collect = (d) => {
    if (early.length < 200) early.push(String(d));
    onOutput?.(String(d));
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  try {
    await waitForHealth(url, child, 60000);
  } catch (err) {
    killGroup(child);
    // What code-server said is the only clue to why it did not start.
    throw new Error(`${err.message}\n${early.join('').trim()}`);
  }
  return { url, port, child, stop: () => stopProcessGroup(child) };
}

function killGroup(child, signal = 'SIGTERM') {
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
}

/** SIGTERM to the whole group, SIGKILL after 5 s if anything is still there. */
export async function stopProcessGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) {
    killGroup(child, 'SIGKILL');
    return;
  }
  const exited = new Promise((r) => child.once('exit', r));
  killGroup(child, 'SIGTERM');
  const timer = new Promise((r) => setTimeout(() => r('timeout'), 5000));
  if ((await Promise.race([exited, timer])) === 'timeout') killGroup(child, 'SIGKILL');
  // Helpers that left the group (none expected) would still be ours: kill the group once more.
  killGroup(child, 'SIGKILL');
}

/** Launches Debian's Chromium with no network beyond 127.0.0.1 and its profile in the run folder. */
export async function launchChromium(runDir, { headless = true } = {}) {
  const { chromium } = await import('playwright-core');
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  const context = await chromium.launchPersistentContext(runDir.chromiumProfile, {
    executablePath,
    headless,
    viewport: { width: 1400, height: 900 },
    // Our own cleanup must run on Ctrl-C, not Playwright's.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    env: { ...process.env, ...runDir.env },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-crash-reporter',
      '--disable-breakpad',
    ],
  });
  // The workbench tries open-vsx.org and telemetry: refuse everything that is not this machine.
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith('data:') || u.startsWith('blob:') || /^https?:\/\/127\.0\.0\.1[:/]/.test(u) || /^wss?:\/\/127\.0\.0\.1[:/]/.test(u)) {
      return route.continue();
    }
    return route.abort();
  });
  return context;
}

/** The workbench URL that loads this extension in development mode and, optionally, runs tests. */
export function workbenchUrl(server, { workspace, extensionPath, testsPath }) {
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(extensionPath)],
    ['skipWelcome', 'true'],
  ];
  if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
  return `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
