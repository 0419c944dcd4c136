// Runs the integration suite (out/test/integration) inside a real VS Code extension host.
// Default: code-server 4.139.1 (= VS Code 1.139.1) on Node 24, opened by headless Chromium, all on
// 127.0.0.1 with no internet. IMAGE_STUDIO_VSCODE=electron runs the same suite in a desktop VS Code
// through @vscode/test-electron instead (IMAGE_STUDIO_VSCODE_PATH may name its executable).
// Exit semantics of the returned counts: failures > 0 when any test failed, the run timed out (3)
// or was interrupted (130).
import { cpSync, existsSync, mkdirSync, readFileSync, statSync, openSync, readSync, closeSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureVsCodeTools } from '../../scripts/vscodeTools.mjs';
import { startBrowserDriver } from './browserDriver.mjs';
import { launchChromium, makeRunDir, startCodeServer, workbenchUrl } from './codeServer.mjs';

/** The suite that runs a second time with the workspace untrusted. */
const UNTRUSTED_SUITE = 'security/hostileWorkspace';
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
  return () => { clearInterval(timer); pump(); };
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

async function runInCodeServer({ root, testsPath, trusted = true, filter }) {
  const tools = ensureVsCodeTools();
  const runDir = makeRunDir('image-studio-it-');
  const testLog = join(runDir.dir, 'mocha.log');
  const statsFile = join(runDir.dir, 'mocha-stats.json');
  const workspace = makeWorkspace(runDir, root);
  let server;
  let browser;
  const driver = await startBrowserDriver({ artifacts: join(root, '.test-artifacts') });
  let stopFollowing = () => {};
  let interrupted = false;
  const serverOutput = [];
  const onSignal = () => { interrupted = true; };
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
    const page = browser.pages()[0] ?? (await browser.newPage());
    driver.setPage(page);
    const workbenchLog = [];
    let resolveExit;
    const exitCode = new Promise((resolve) => { resolveExit = resolve; });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      workbenchLog.push(`[${type}] ${Array.isArray(args) ? args.join(' ') : String(args)}`);
    });
    stopFollowing = follow(testLog);
    await page.goto(workbenchUrl(server, { workspace, extensionPath: root, testsPath }));
    const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), TIMEOUT_MS));
    const interruptedPromise = new Promise((resolve) => {
      const timer = setInterval(() => { if (interrupted) { clearInterval(timer); resolve('interrupted'); } }, 200);
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
    return { passed: stats.passes, failed: stats.failures, pending: stats.pending, exit: outcome };
  } finally {
    stopFollowing();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await browser?.close().catch(() => {});
    await server?.stop();
    await driver.close();
    runDir.remove();
  }
}

async function runInElectron({ root, testsPath }) {
  const { runTests } = await import('@vscode/test-electron');
  const runDir = makeRunDir('image-studio-it-');
  const testLog = join(runDir.dir, 'mocha.log');
  const statsFile = join(runDir.dir, 'mocha-stats.json');
  const workspace = makeWorkspace(runDir, root);
  const stopFollowing = follow(testLog);
  try {
    await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath: testsPath,
      vscodeExecutablePath: process.env.IMAGE_STUDIO_VSCODE_PATH || undefined,
      version: process.env.IMAGE_STUDIO_VSCODE_VERSION || undefined,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', runDir.userData],
      extensionTestsEnv: {
        IMAGE_STUDIO_TEST_LOG: testLog,
        IMAGE_STUDIO_TEST_STATS: statsFile,
        IMAGE_STUDIO_TEST_USER_DATA: runDir.userData,
        IMAGE_STUDIO_TEST_ROOT: root,
        IMAGE_STUDIO_TODAY: TEST_TODAY,
        OPENAI_API_KEY: '',
      },
    }).catch(() => { /* the stats file tells what happened */ });
  } finally {
    stopFollowing();
  }
  const stats = readStats(statsFile);
  runDir.remove();
  return stats ? { passed: stats.passes, failed: stats.failures, pending: stats.pending } : { passed: 0, failed: 1 };
}

/** Runs the integration suite; returns pass/fail counts for the summary. */
export async function runIntegrationTests({ root: rootWithSlash, outDir = process.env.TEST_OUT_DIR || 'out' }) {
  const root = rootWithSlash.replace(/\/+$/, '');
  const testsPath = join(root, outDir, 'test', 'integration', 'index.js');
  const electron = process.env.IMAGE_STUDIO_VSCODE === 'electron';
  if (electron) return runInElectron({ root, testsPath });
  const main = await runInCodeServer({ root, testsPath });
  // The settings that decide where the key goes must hold in Restricted Mode too: the hostile
  // workspace suite runs again in a session whose folder is not trusted.
  const asked = process.env.TEST_FILTER;
  if (main.exit === 3 || main.exit === 130 || (asked && !UNTRUSTED_SUITE.includes(asked))) return main;
  console.log('\nRestricted Mode (untrusted workspace) session:');
  const untrusted = await runInCodeServer({ root, testsPath, trusted: false, filter: UNTRUSTED_SUITE });
  return {
    passed: main.passed + untrusted.passed,
    failed: main.failed + untrusted.failed,
    pending: (main.pending ?? 0) + (untrusted.pending ?? 0),
    exit: main.exit || untrusted.exit,
    note: `incl. ${untrusted.passed + untrusted.failed} in Restricted Mode`,
  };
}
