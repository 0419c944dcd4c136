// Runs the integration suite (out/test/integration) inside a real VS Code extension host.
// Default: on every runtime in scripts/vscodeTools.mjs, one after the other: the current VS Code
// (code-server 4.139.1 = VS Code 1.139.1, Node 24) and the oldest one `engines.vscode` claims
// (code-server 4.96.4 = VS Code 1.96.4, Node 20.18.1), each opened by headless Chromium, all on
// 127.0.0.1 with no internet. IMAGE_STUDIO_RUNTIMES=current (or minimum) narrows that for quick
// loops. IMAGE_STUDIO_VSCODE=electron runs the same suite in a desktop VS Code through
// @vscode/test-electron instead (IMAGE_STUDIO_VSCODE_PATH names a locally installed executable).
// Exit semantics of the returned counts: failures > 0 when any test failed, the run timed out (3)
// or was interrupted (130).
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, statSync, openSync, readSync, closeSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureVsCodeTools, selectedRuntimes } from '../../scripts/vscodeTools.mjs';
import { PSEUDO_LOCALE, removePseudo, writePseudo } from '../../scripts/l10n.mjs';
import { startBrowserDriver } from './browserDriver.mjs';
import { launchChromium, makeRunDir, startCodeServer, workbenchUrl } from './codeServer.mjs';

/** The suite that runs a second time with the workspace untrusted. */
const UNTRUSTED_SUITE = 'security/hostileWorkspace';
/** The suite that runs in a session whose folder is on a virtual (in-memory) file system. */
const VIRTUAL_SUITE = 'virtual/';
const VIRTUAL_FOLDER = 'imagestudio-memfs:/workspace';
/** The suite that runs in a session whose display language is VS Code's pseudo locale. */
const PSEUDO_SUITE = 'l10n/';
// The day the extension under test lives on (its lifecycle checks and file names), whatever the
// machine's date: the suite must pass a year back and a year ahead.
const TEST_TODAY = '2026-11-21';
const TIMEOUT_MS = Number(process.env.IMAGE_STUDIO_IT_TIMEOUT_MS || 15 * 60 * 1000);

/** Streams a file's new bytes to stdout while it grows. */
function follow(file) {
  let offset = 0;
  const pump = () => {
    if (!existsSync(file)) return;
    const size = statSync(file).size;
    if (size <= offset) return;
    const fd = openSync(file, 'r');
    const buf = Buffer.alloc(size - offset);
    readSync(fd, buf, 0, buf.length, offset);
    closeSync(fd);
    offset = size;
    process.stdout.write(buf);
  };
  const timer = setInterval(pump, 200);
  return () => {
    clearInterval(timer);
    pump();
  };
}

function readStats(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** A workspace folder for the tests, inside the run folder so nothing is left behind. */
function makeWorkspace(runDir, root) {
  const workspace = join(runDir.dir, 'workspace');
  mkdirSync(workspace);
  const sample = join(root, 'test', 'fixtures', 'workspace');
  if (existsSync(sample)) cpSync(sample, workspace, { recursive: true });
  return workspace;
}

/** Counts for the summary from the stats file the suite's index.js writes. */
function countsFrom(stats) {
  return {
    passed: stats.passes,
    failed: stats.failures,
    pending: stats.pending,
    vscode: stats.vscode,
    node: stats.node,
    skippedForDriver: stats.skippedForDriver ?? [],
  };
}

/**
 * Installs the test-only extension that provides the virtual file system into the session's
 * extensions folder (the workbench takes one development extension only: its payload is a Map).
 */
function installMemfsExtension(runDir, testsPath) {
  const dir = join(runDir.extensions, 'image-studio-tests.memfs-0.0.0');
  mkdirSync(dir);
  copyFileSync(join(testsPath, '..', '..', 'fixtures', 'memfsExtension', 'extension.js'), join(dir, 'extension.js'));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name: 'memfs',
      publisher: 'image-studio-tests',
      version: '0.0.0',
      engines: { vscode: '^1.96.0' },
      main: './extension.js',
      activationEvents: ['onFileSystem:imagestudio-memfs'],
      capabilities: { virtualWorkspaces: true, untrustedWorkspaces: { supported: true } },
    }),
  );
  return dir;
}

async function runInCodeServer({ root, testsPath, runtime, trusted = true, virtual = false, pseudo = false, filter }) {
  const tools = ensureVsCodeTools({ runtime });
  const runDir = makeRunDir('image-studio-it-');
  const testLog = join(runDir.dir, 'mocha.log');
  const statsFile = join(runDir.dir, 'mocha-stats.json');
  const workspace = makeWorkspace(runDir, root);
  if (virtual) installMemfsExtension(runDir, testsPath);
  // The pseudo-locale bundles are made from the real ones for this session and removed after it.
  if (pseudo) writePseudo(root);
  let server;
  let browser;
  const driver = await startBrowserDriver({ artifacts: join(root, '.test-artifacts') });
  let stopFollowing = () => {};
  let interrupted = false;
  const serverOutput = [];
  const onSignal = () => {
    interrupted = true;
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    server = await startCodeServer({
      tools,
      runDir,
      workspace,
      trustWorkspace: trusted,
      extraEnv: {
        ...(filter ? { TEST_FILTER: filter } : {}),
        IMAGE_STUDIO_TEST_TRUST: trusted ? 'trusted' : 'untrusted',
        ...(virtual ? { IMAGE_STUDIO_TEST_VIRTUAL: '1' } : {}),
        ...(pseudo ? { IMAGE_STUDIO_TEST_LOCALE: PSEUDO_LOCALE } : {}),
        IMAGE_STUDIO_TEST_LOG: testLog,
        IMAGE_STUDIO_TEST_STATS: statsFile,
        IMAGE_STUDIO_TEST_USER_DATA: runDir.userData,
        IMAGE_STUDIO_TEST_ROOT: root,
        IMAGE_STUDIO_TEST_DRIVER: driver.url,
        IMAGE_STUDIO_TODAY: TEST_TODAY,
        // The tests decide where the key comes from; a developer's own key must not leak in.
        OPENAI_API_KEY: '',
      },
      onOutput: (line) => serverOutput.push(line),
    });
    browser = await launchChromium(runDir);
    // code-server picks the display language from an installed language pack, and has none for the
    // pseudo locale; the web workbench reads its language from this global (as a language pack's
    // messages script sets it), and gives it to the extension host, which then loads
    // bundle.l10n.<language>.json. Desktop VS Code takes `--locale qps-ploc` instead.
    if (pseudo) await browser.addInitScript(`globalThis._VSCODE_NLS_LANGUAGE = ${JSON.stringify(PSEUDO_LOCALE)};`);
    const page = browser.pages()[0] ?? (await browser.newPage());
    driver.setPage(page);
    const workbenchLog = [];
    let resolveExit;
    const exitCode = new Promise((resolve) => {
      resolveExit = resolve;
    });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      workbenchLog.push(`[${type}] ${Array.isArray(args) ? args.join(' ') : String(args)}`);
    });
    stopFollowing = follow(testLog);
    // A virtual session opens a folder on the in-memory file system instead of the one on disk.
    await page.goto(workbenchUrl(server, { workspace: virtual ? VIRTUAL_FOLDER : workspace, extensionPath: root, testsPath }));
    const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), TIMEOUT_MS));
    const interruptedPromise = new Promise((resolve) => {
      const timer = setInterval(() => {
        if (interrupted) {
          clearInterval(timer);
          resolve('interrupted');
        }
      }, 200);
      timer.unref();
    });
    const outcome = await Promise.race([exitCode, timeout, interruptedPromise]);
    stopFollowing();
    if (outcome === 'timeout' || outcome === 'interrupted') {
      if (outcome === 'timeout') {
        const artifacts = join(root, '.test-artifacts');
        mkdirSync(artifacts, { recursive: true });
        await page.screenshot({ path: join(artifacts, 'integration-timeout.png') }).catch(() => {});
        writeFileSync(join(artifacts, 'integration-workbench.log'), workbenchLog.join('\n') + '\n' + serverOutput.join(''));
        console.error(`integration: timed out after ${TIMEOUT_MS / 1000} s; screenshot and workbench log in .test-artifacts/`);
      }
      return { passed: 0, failed: 1, exit: outcome === 'timeout' ? 3 : 130 };
    }
    const stats = readStats(statsFile);
    if (!stats) {
      console.error('integration: the test run ended without a result; workbench log follows');
      console.error(workbenchLog.slice(-40).join('\n'));
      return { passed: 0, failed: 1, exit: 1 };
    }
    return { ...countsFrom(stats), exit: outcome };
  } finally {
    stopFollowing();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await browser?.close().catch(() => {});
    await server?.stop();
    await driver.close();
    if (pseudo) removePseudo(root);
    runDir.remove();
  }
}

/** The desktop VS Code to run: IMAGE_STUDIO_VSCODE_PATH when given (checked), else a download by test-electron. */
function electronExecutable() {
  const path = process.env.IMAGE_STUDIO_VSCODE_PATH;
  if (!path) return undefined;
  if (!existsSync(path) || statSync(path).isDirectory()) {
    throw new Error(
      `IMAGE_STUDIO_VSCODE_PATH=${path} is not a VS Code executable (for example /usr/share/code/code or /Applications/Visual Studio Code.app/Contents/MacOS/Electron)`,
    );
  }
  return path;
}

async function runInElectron({ root, testsPath }) {
  const vscodeExecutablePath = electronExecutable();
  const { runTests } = await import('@vscode/test-electron');
  const runDir = makeRunDir('image-studio-it-');
  const testLog = join(runDir.dir, 'mocha.log');
  const statsFile = join(runDir.dir, 'mocha-stats.json');
  const workspace = makeWorkspace(runDir, root);
  const stopFollowing = follow(testLog);
  console.log(
    `integration: desktop VS Code ${vscodeExecutablePath ?? `(downloaded by @vscode/test-electron, ${process.env.IMAGE_STUDIO_VSCODE_VERSION || 'stable'})`}`,
  );
  try {
    await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath: testsPath,
      vscodeExecutablePath,
      version: process.env.IMAGE_STUDIO_VSCODE_VERSION || undefined,
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--user-data-dir',
        runDir.userData,
        '--extensions-dir',
        runDir.extensions,
      ],
      extensionTestsEnv: {
        ...runDir.env,
        IMAGE_STUDIO_TEST_LOG: testLog,
        IMAGE_STUDIO_TEST_STATS: statsFile,
        IMAGE_STUDIO_TEST_USER_DATA: runDir.userData,
        IMAGE_STUDIO_TEST_ROOT: root,
        IMAGE_STUDIO_TEST_TRUST: 'trusted',
        IMAGE_STUDIO_TODAY: TEST_TODAY,
        OPENAI_API_KEY: '',
      },
    }).catch((err) => {
      console.error(`integration: VS Code ended with ${err?.message ?? err}`);
    });
  } finally {
    stopFollowing();
  }
  const stats = readStats(statsFile);
  runDir.remove();
  if (!stats) return { passed: 0, failed: 1, note: 'desktop VS Code ended without a result' };
  const counts = countsFrom(stats);
  return { ...counts, note: describeRuns([counts]) };
}

/** "VS Code 1.139.1 (Node v24.21.0): 60 passed, 0 failed, 6 skipped (…)" for each run. */
function describeRuns(runs) {
  return runs
    .map((r) => {
      const skipped = r.skippedForDriver?.length ? `, ${r.skippedForDriver.length} skipped: need the webview driver` : '';
      const restricted = r.restricted ? `, incl. ${r.restricted} in Restricted Mode` : '';
      const virtual = r.virtual ? `, ${r.virtual} in a virtual workspace` : '';
      const pseudo = r.pseudo ? `, ${r.pseudo} in the pseudo locale` : '';
      const seconds = r.seconds ? ` in ${r.seconds} s` : '';
      return `VS Code ${r.vscode ?? '?'} (Node ${r.node ?? '?'}): ${r.passed} passed, ${r.failed} failed${restricted}${virtual}${pseudo}${skipped}${seconds}`;
    })
    .join('; ');
}

/**
 * On one runtime: the main session, the hostile-workspace suite again in Restricted Mode (the
 * settings that decide where the key goes must hold there too), and the virtual/ suite in a
 * session whose folder is on an in-memory file system (the manifest claims virtual workspaces).
 * TEST_FILTER skips the sessions it does not concern.
 */
async function runOnRuntime({ root, testsPath, runtime }) {
  console.log(`\nintegration on VS Code ${runtime.vscode} (${runtime.name}: code-server ${runtime.codeServer}, Node ${runtime.node})`);
  const asked = process.env.TEST_FILTER;
  const sessions = [
    { key: 'main', wanted: !asked || !(asked.startsWith(VIRTUAL_SUITE) || asked.startsWith(PSEUDO_SUITE)), options: {} },
    {
      key: 'restricted',
      wanted: !asked || UNTRUSTED_SUITE.includes(asked),
      title: 'Restricted Mode (untrusted workspace)',
      options: { trusted: false, filter: UNTRUSTED_SUITE },
    },
    {
      key: 'virtual',
      wanted: !asked || VIRTUAL_SUITE.includes(asked) || asked.startsWith(VIRTUAL_SUITE),
      title: `Virtual workspace (${VIRTUAL_FOLDER})`,
      options: { virtual: true, filter: VIRTUAL_SUITE },
    },
    {
      key: 'pseudo',
      wanted: !asked || PSEUDO_SUITE.includes(asked) || asked.startsWith(PSEUDO_SUITE),
      title: `Pseudo locale (${PSEUDO_LOCALE})`,
      options: { pseudo: true, filter: PSEUDO_SUITE },
    },
  ];
  const total = { passed: 0, failed: 0, pending: 0, exit: 0 };
  for (const session of sessions.filter((s) => s.wanted)) {
    if (session.title) console.log(`\n${session.title} session on VS Code ${runtime.vscode}:`);
    const r = await runInCodeServer({ root, testsPath, runtime, ...session.options });
    // The harness must have started the VS Code it meant to: a wrong runtime is a failure, not a pass.
    if (r.vscode && r.vscode !== runtime.vscode) {
      console.error(`integration: expected VS Code ${runtime.vscode}, the extension host reported ${r.vscode}`);
      r.failed += 1;
    }
    if (session.key === 'main' || total.vscode === undefined)
      Object.assign(total, { vscode: r.vscode, node: r.node, skippedForDriver: r.skippedForDriver });
    total.passed += r.passed;
    total.failed += r.failed;
    total.pending += r.pending ?? 0;
    total.exit = total.exit || r.exit;
    if (session.key !== 'main') total[session.key] = r.passed + r.failed;
    if (r.exit === 3 || r.exit === 130) break;
  }
  return total;
}

/** Runs the integration suite; returns pass/fail counts for the summary. */
export async function runIntegrationTests({ root: rootWithSlash, outDir = process.env.TEST_OUT_DIR || 'out' }) {
  const root = rootWithSlash.replace(/\/+$/, '');
  const testsPath = join(root, outDir, 'test', 'integration', 'index.js');
  const electron = process.env.IMAGE_STUDIO_VSCODE === 'electron';
  if (electron) return runInElectron({ root, testsPath });
  const runs = [];
  for (const runtime of selectedRuntimes()) {
    const started = Date.now();
    const run = await runOnRuntime({ root, testsPath, runtime });
    // Each runtime's own time (its install, if any, included) is what it adds to a CI run.
    runs.push({ ...run, seconds: ((Date.now() - started) / 1000).toFixed(0) });
    if (run.exit === 3 || run.exit === 130) break;
  }
  const sum = (key) => runs.reduce((a, r) => a + (r[key] ?? 0), 0);
  return {
    passed: sum('passed'),
    failed: sum('failed'),
    pending: sum('pending'),
    exit: runs.find((r) => r.exit)?.exit ?? 0,
    note: describeRuns(runs),
  };
}
