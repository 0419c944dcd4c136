// The desktop VS Code path of the integration harness (IMAGE_STUDIO_VSCODE=electron) and the named
// skips of the tests that need the webview driver. No desktop VS Code can be downloaded here, so
// the harness is run against a stand-in executable that does what VS Code does at the harness's
// boundary (takes the test arguments and environment, writes the suite's stats file): this checks
// the harness's side only. With a real VS Code (IMAGE_STUDIO_VSCODE_PATH) the same path runs the
// real suite.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import Mocha from 'mocha';
import { DRIVER_SKIP_REASON, skipWithoutDriver } from '../../integration/support/driver';
import { withSpy } from '../../support/spy';

const ROOT = resolve(__dirname, '..', '..', '..', '..');

interface HarnessResult {
  passed: number;
  failed: number;
  pending?: number;
  note?: string;
}
interface HarnessModule {
  runIntegrationTests(opts: { root: string }): Promise<HarnessResult>;
}

async function harness(): Promise<HarnessModule> {
  return (await import(pathToFileURL(join(ROOT, 'test', 'harness', 'runIntegration.mjs')).href)) as HarnessModule;
}

/** Runs `fn` with environment variables set, restoring them afterwards. */
async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('integration harness: desktop VS Code (IMAGE_STUDIO_VSCODE=electron)', function () {
  this.timeout(30000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'desktop-path-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** A stand-in for `code`: records its arguments and writes the stats an extension-host run writes. */
  function standIn(stats: string | undefined): string {
    const exe = join(dir, `code-${Math.random().toString(36).slice(2)}`);
    const writeStats = stats ? `printf '%s' '${stats}' > "$IMAGE_STUDIO_TEST_STATS"` : 'exit 1';
    writeFileSync(
      exe,
      `#!/bin/sh\nprintf '%s\\n' "$@" > "${exe}.args"\nprintf '%s\\n' "$IMAGE_STUDIO_TEST_TRUST" "$OPENAI_API_KEY" > "${exe}.env"\n${writeStats}\n`,
    );
    chmodSync(exe, 0o755);
    return exe;
  }

  it('runs the given executable with the test paths and a throwaway profile, and reports its counts and skips', async () => {
    const exe = standIn(
      JSON.stringify({
        passes: 5,
        failures: 0,
        pending: 2,
        vscode: '1.96.0',
        node: 'v20.18.1',
        skippedForDriver: ['Studio e2e', 'cancel'],
      }),
    );
    const result = await withEnv(
      { IMAGE_STUDIO_VSCODE: 'electron', IMAGE_STUDIO_VSCODE_PATH: exe, OPENAI_API_KEY: 'sk-should-not-reach-the-tests' },
      async () => (await harness()).runIntegrationTests({ root: ROOT }),
    );
    assert.equal(result.passed, 5);
    assert.equal(result.failed, 0);
    assert.equal(result.pending, 2);
    assert.match(result.note ?? '', /VS Code 1\.96\.0 \(Node v20\.18\.1\): 5 passed, 0 failed, 2 skipped: need the webview driver/);
    const args = readFileSync(`${exe}.args`, 'utf8').split('\n');
    assert.ok(args.includes(`--extensionDevelopmentPath=${ROOT}`), args.join(' '));
    assert.ok(
      args.some((a) => a.startsWith('--extensionTestsPath=') && a.endsWith(join('test', 'integration', 'index.js'))),
      args.join(' '),
    );
    for (const flag of ['--user-data-dir', '--extensions-dir', '--disable-extensions'])
      assert.ok(args.includes(flag), `${flag} in ${args.join(' ')}`);
    const [trust, key] = readFileSync(`${exe}.env`, 'utf8').split('\n');
    assert.equal(trust, 'trusted');
    assert.equal(key, '', "a developer's own key must not reach the tests");
  });

  it('counts a VS Code that ends without a result as a failure', async () => {
    const exe = standIn(undefined);
    const result = await withEnv({ IMAGE_STUDIO_VSCODE: 'electron', IMAGE_STUDIO_VSCODE_PATH: exe }, async () =>
      (await harness()).runIntegrationTests({ root: ROOT }),
    );
    assert.equal(result.failed, 1);
    assert.equal(result.passed, 0);
  });

  it('refuses an IMAGE_STUDIO_VSCODE_PATH that is not an executable file, naming the variable', async () => {
    await withEnv({ IMAGE_STUDIO_VSCODE: 'electron', IMAGE_STUDIO_VSCODE_PATH: dir }, async () => {
      await assert.rejects(
        (await harness()).runIntegrationTests({ root: ROOT }),
        /IMAGE_STUDIO_VSCODE_PATH=.* is not a VS Code executable/,
      );
    });
  });
});

describe('skipWithoutDriver (tests that need the webview driver)', () => {
  /** Runs a one-suite mocha tree and returns what was logged and which tests ran. */
  async function runSuite(define: (suite: Mocha.Suite, ran: string[]) => void) {
    const root = new Mocha.Suite('', new Mocha.Context());
    root.root = true;
    const suite = Mocha.Suite.create(root, 'Studio end to end');
    const ran: string[] = [];
    define(suite, ran);
    let pending = 0;
    // The reporter's console output is recorded and kept quiet.
    const calls = await withSpy(
      Mocha.reporters.Base,
      'consoleLog',
      async () => {
        const runner = new Mocha.Runner(root, { delay: false });
        runner.on('pending', () => {
          pending++;
        });
        await new Promise<void>((r) => runner.run(() => r()));
      },
      () => undefined,
    );
    return { logged: calls.map((c) => (c.args as unknown[]).map(String).join(' ')), ran, pending };
  }

  it('skips a whole suite from before(), naming the suite and the reason', async () => {
    assert.equal(process.env.IMAGE_STUDIO_TEST_DRIVER, undefined, 'plain Node has no driver');
    const { logged, ran, pending } = await runSuite((suite, ran) => {
      suite.beforeAll(function () {
        skipWithoutDriver(this);
      });
      suite.addTest(
        new Mocha.Test('clicks Generate', () => {
          ran.push('clicks');
        }),
      );
      suite.addTest(
        new Mocha.Test('paints a mask', () => {
          ran.push('paints');
        }),
      );
    });
    assert.deepEqual(ran, []);
    assert.equal(pending, 2);
    assert.deepEqual(logged, [`  skipped "Studio end to end": ${DRIVER_SKIP_REASON}`]);
    assert.match(DRIVER_SKIP_REASON, /webview driver/);
  });

  it('skips one test, naming that test', async () => {
    const { logged, ran } = await runSuite((suite, ran) => {
      suite.addTest(
        new Mocha.Test('cancels from the notification', function (this: Mocha.Context) {
          skipWithoutDriver(this);
          ran.push('cancel');
        }),
      );
      suite.addTest(
        new Mocha.Test('needs no driver', () => {
          ran.push('plain');
        }),
      );
    });
    assert.deepEqual(ran, ['plain']);
    assert.deepEqual(logged, [`  skipped "Studio end to end cancels from the notification": ${DRIVER_SKIP_REASON}`]);
  });
});
