// Security: a canary key set through Set API Key, then a full run of the features, failures
// included (a 401 whose body echoes the key, as OpenAI's does). Afterwards the canary may appear
// only in the Authorization header the fake received: not in any log or profile file, workspace
// file, sidecar, setting, command result, notification, or message posted to the Studio webview.
// The run is the suite's before() hook; each test only reads what it recorded, so any one of them
// can run (or fail) alone, and each names the places it searched as well as the ones it found.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { JobCommandResult } from '../../../src/host/commands/jobReporting';
import { encodePng } from '../../support/png';
import type { FakeImagesApi } from '../../fakeServer/server';
import { driver, driverForPart } from '../support/driver';
import { activateExtension, eventually } from '../support/extension';
import { resetSettings, setUserSettings, TEST_KEY, useFakeApi, workspaceFolder } from '../support/fakeApi';
import { filesContaining, imageStudioLogFiles, listFiles, userDataDir } from '../support/logFiles';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

type Window = Record<string, (...args: unknown[]) => unknown>;

/** Replaces window functions with recorders that still call through; returns the undo. */
function record(names: string[], sink: unknown[]): () => void {
  const win = vscode.window as unknown as Window;
  const originals = names.map((n) => [n, win[n]!] as const);
  for (const [name, original] of originals) {
    win[name] = (...args: unknown[]) => {
      sink.push({ call: name, args: args.map((a) => (typeof a === 'string' ? a : '')) });
      const result = original.apply(vscode.window, args);
      if (name === 'createWebviewPanel') {
        // Every message the host posts to this webview is recorded too (binary previews included).
        const webview = (result as vscode.WebviewPanel).webview as { postMessage(m: unknown): Thenable<boolean> };
        const post = webview.postMessage.bind(webview);
        webview.postMessage = (m: unknown) => (sink.push({ webviewMessage: m }), post(m));
      }
      return result;
    };
  }
  return () => originals.forEach(([name, original]) => (win[name] = original));
}

/** True when the key occurs in a value, searching strings and byte arrays alike. */
function contains(value: unknown, key: string): boolean {
  const bytes = Buffer.from(key);
  const seen = new Set<unknown>();
  const walk = (v: unknown): boolean => {
    if (typeof v === 'string') return v.includes(key);
    if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).includes(bytes);
    if (!v || typeof v !== 'object' || seen.has(v)) return false;
    seen.add(v);
    return Object.values(v).some(walk);
  };
  return walk(value);
}

describe('security: the canary key stays in the Authorization header', function () {
  this.timeout(120000);
  let fake: FakeImagesApi;
  const recorded: unknown[] = [];
  const results: JobCommandResult[] = [];
  let undo: (() => void) | undefined;
  const folder = 'images/canary';

  /** Runs the server wanting another key (and quoting the one it got, as OpenAI does), then back. */
  async function withWrongKey(body: () => Promise<unknown>): Promise<void> {
    fake.setMode({ apiKey: 'sk-some-other-key' });
    try {
      await body();
    } finally {
      fake.setMode({ apiKey: TEST_KEY });
    }
  }

  /** Every feature, successes and failures, with the canary key. */
  async function runEveryFeature(ctx: Mocha.Context): Promise<void> {
    const run = async (command: string, args: Record<string, unknown>) =>
      results.push(await vscode.commands.executeCommand<JobCommandResult>(`imageStudio.${command}`, args));
    const image = vscode.Uri.joinPath(workspaceFolder().uri, 'canary', 'photo.png');
    await vscode.workspace.fs.writeFile(image, encodePng(64, 64));
    await vscode.workspace.fs.writeFile(
      vscode.Uri.joinPath(workspaceFolder().uri, 'canary', 'photo.mask.png'),
      encodePng(64, 64, { alpha: 'transparent-left' }),
    );
    await run('generateImage', { prompt: 'a canary', model: 'gpt-image-2', size: '1024x1024', stream: true, outputFolder: folder });
    await run('editImage', { image: 'canary/photo.png', mask: 'canary/photo.mask.png', prompt: 'a canary at night', outputFolder: folder });
    await run('createVariation', { image: 'canary/photo.png', outputFolder: folder });
    fake.queueFault({ kind: 'moderation' });
    await run('generateImage', { prompt: 'refused', model: 'gpt-image-2', outputFolder: folder });
    fake.queueFault({ kind: 'insufficient_quota' });
    await run('createVariation', { image: 'canary/photo.png', outputFolder: folder });
    fake.queueFault({ kind: 'reset_mid_body' });
    await run('editImage', { image: 'canary/photo.png', mask: null, prompt: 'cut', outputFolder: folder });
    await withWrongKey(async () => {
      await run('generateImage', { prompt: 'wrong key', model: 'gpt-image-2', outputFolder: folder });
      await run('editImage', { image: 'canary/photo.png', mask: null, prompt: 'wrong key', outputFolder: folder });
    });
    if (driverForPart(ctx, 'the Studio part, a generation and a refused one in the webview')) {
      // The Studio, driven in the real webview: a generation with previews, then a refused one.
      await vscode.commands.executeCommand('imageStudio.openStudio');
      await driver.waitFor('#model option[value="gpt-image-2"]', 15000);
      await driver.fill('#prompt', 'a canary in the studio');
      await driver.press('Control+Enter', '#prompt');
      await driver.waitFor('#gallery li[data-result-id] img', 30000);
      await driver.waitFor('#generate:not([disabled])', 15000);
      await withWrongKey(async () => {
        await driver.fill('#prompt', 'a refused canary');
        await driver.press('Control+Enter', '#prompt');
        await eventually(
          () => (recorded.some((r) => JSON.stringify(r).includes('jobFinished') && JSON.stringify(r).includes('401')) ? true : undefined),
          'the failed Studio job',
          20000,
        );
      });
    }
  }

  before(async function () {
    await activateExtension();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    undo = record(['showErrorMessage', 'showWarningMessage', 'showInformationMessage', 'createWebviewPanel'], recorded);
    fake = await useFakeApi({ streamEventDelayMs: 50 });
    await setUserSettings({ maxRetries: 0 });
    await runEveryFeature(this);
  });
  after(async () => {
    undo?.();
    await resetSettings();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('notifications.clearAll');
    await fake?.close();
  });

  it('runs every feature, successes and failures, with the canary key', () => {
    assert.ok(results.filter((r) => r.saved.length > 0).length >= 3, 'the successful runs saved images');
    assert.ok(results.filter((r) => r.error).length >= 4, 'the failures failed');
  });

  it('the key is only in the Authorization header of the requests', () => {
    assert.ok(fake.requests.length >= 8);
    // OpenAI takes variations through /images/edits, so two endpoints carry all three features.
    const endpoints = [...new Set(fake.requests.map((r) => r.endpoint))].sort();
    assert.deepEqual(endpoints, ['edits', 'generations'], 'the requests searched cover the endpoints used');
    for (const r of fake.requests) {
      const { authorization, ...others } = r.headers;
      assert.equal(authorization, `Bearer ${TEST_KEY}`);
      assert.ok(
        !contains({ others, path: r.path, query: r.query, fields: r.fields, files: r.files }, TEST_KEY),
        `${r.path} carries the key elsewhere`,
      );
    }
  });

  it('not in command results, notifications or webview messages', () => {
    assert.ok(!contains(results, TEST_KEY), 'a command result');
    const notifications = recorded.filter((r) => 'call' in (r as object));
    assert.ok(notifications.length > 0);
    assert.ok(!contains(notifications, TEST_KEY), 'a notification');
    const messages = recorded.filter((r) => 'webviewMessage' in (r as object));
    if (driver.available) assert.ok(messages.length > 5, `webview messages recorded: ${messages.length}`);
    assert.ok(!contains(messages, TEST_KEY), 'a webview message');
  });

  it('not in the log, any profile file, any workspace file or sidecar, or any setting', async () => {
    const logFiles = imageStudioLogFiles(userDataDir());
    const log = await eventually(() => {
      const text = imageStudioLogFiles(userDataDir())
        .map((f) => readFileSync(f, 'utf8'))
        .join('\n');
      return /refused \(401\)|API key was refused/.test(text) ? text : undefined;
    }, 'the log to record the 401');
    assert.ok(logFiles.length > 0, 'an Image Studio log file was searched');
    assert.ok(!log.includes(TEST_KEY), 'the log');

    // The profile: which files were searched (the settings file, the log, the key's store), then none holds the key.
    const profile = userDataDir();
    const profileFiles = listFiles(profile).map((f) => relative(profile, f));
    for (const expected of [/(^|\/)settings\.json$/, /Image Studio\.log$/]) {
      assert.ok(
        profileFiles.some((f) => expected.test(f)),
        `profile files searched include ${expected}: ${profileFiles.slice(0, 20).join(', ')}`,
      );
    }
    assert.deepEqual(
      filesContaining(profile, TEST_KEY).map((f) => relative(profile, f)),
      [],
      'profile files (settings, state, logs)',
    );

    // The workspace: the saved images and their sidecars were among the files searched.
    const root = workspaceFolder().uri.fsPath;
    const saved = listFiles(root)
      .map((f) => relative(root, f))
      .filter((f) => f.startsWith(`${folder}/`));
    assert.ok(
      saved.some((f) => f.endsWith('.png')),
      `saved images searched: ${saved.join(', ')}`,
    );
    assert.ok(
      saved.some((f) => f.endsWith('.png.json')),
      `sidecars searched: ${saved.join(', ')}`,
    );
    assert.deepEqual(
      filesContaining(root, TEST_KEY).map((f) => relative(root, f)),
      [],
      'workspace files and sidecars',
    );

    const config = vscode.workspace.getConfiguration('imageStudio');
    const settingNames = Object.keys(config);
    assert.ok(settingNames.includes('baseUrl') && settingNames.includes('provider'), `settings searched: ${settingNames.join(', ')}`);
    const everySetting = settingNames.map((k) => config.inspect(k));
    assert.ok(!contains(everySetting, TEST_KEY), 'a setting');
  });
});
