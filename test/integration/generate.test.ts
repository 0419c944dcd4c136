import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GenerateImageResult } from '../../src/host/commands/generateImage';
import { withFakeMode } from '../support/fakeImagesApi';
import { skipWithoutDriver } from './support/driver';
import { eventually } from './support/extension';
import { clickNotificationButton } from './support/notifications';
import { fakeApiForSuite, filesIn, readWorkspaceFile, setUserSettings, TEST_KEY, workspaceFolder } from './support/fakeApi';

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];

function generate(args: Record<string, unknown>): Thenable<GenerateImageResult> {
  return vscode.commands.executeCommand<GenerateImageResult>('imageStudio.generateImage', args);
}

describe('Generate Image command (fake Images API)', function () {
  this.timeout(60000);
  const api = fakeApiForSuite();

  it('writes the images and their provenance sidecars into the workspace', async () => {
    const result = await generate({
      prompt: 'A red fox, pixel art',
      model: 'gpt-image-1.5',
      n: 2,
      size: '1024x1024',
      outputFolder: 'images/basic',
    });
    assert.equal(result.error, undefined);
    assert.equal(result.saved.length, 2);
    const names = await filesIn('images/basic');
    assert.equal(names.length, 4, `two images and two sidecars, got ${names.join(', ')}`);
    for (const rel of result.saved) {
      assert.match(rel, /^images\/basic\/a-red-fox-pixel-art-\d{8}-\d{6}-\d\.png$/);
      const bytes = await readWorkspaceFile(rel);
      assert.deepEqual([...bytes.slice(0, 4)], PNG_MAGIC);
      const sidecar = JSON.parse(new TextDecoder().decode(await readWorkspaceFile(`${rel}.json`)));
      assert.equal(sidecar.prompt, 'A red fox, pixel art');
      assert.equal(sidecar.model, 'gpt-image-1.5');
      assert.equal(sidecar.parameters.size, '1024x1024');
      assert.equal(sidecar.provider.kind, 'openai');
      assert.ok(sidecar.requestIds.length >= 1);
      assert.ok(!JSON.stringify(sidecar).includes(TEST_KEY), 'the sidecar holds the key');
    }
    const sent = api().requests.filter((r) => r.endpoint === 'generations');
    assert.equal(sent.length, 1, 'n=2 fits one request for gpt-image-1.5');
    assert.equal(sent[0]!.headers.authorization, `Bearer ${TEST_KEY}`);
    assert.equal(sent[0]!.fields.model, 'gpt-image-1.5');
  });

  it('streams each image of an answer into a temp file as it arrives, then renames it into place', async () => {
    // The answer pauses once its first image is whole: that image is already on disk (a temp file)
    // while the request is still running, and nothing is saved under a real name before it ends.
    api().queueFault({ kind: 'slow_body', pauseMs: 3000 });
    const running = generate({ prompt: 'two at once', model: 'gpt-image-2', n: 2, size: '1024x1024', outputFolder: 'images/streamed' });
    const during = await eventually(
      async () => {
        const names = await filesIn('images/streamed');
        return names.some((n) => n.endsWith('.tmp')) ? names : undefined;
      },
      'a temp file while the answer is still arriving',
      10000,
    );
    assert.deepEqual(
      during.filter((n) => !n.endsWith('.tmp')),
      [],
      'a file was saved before its answer ended',
    );
    const result = await running;
    assert.equal(result.error, undefined, result.error);
    assert.equal(result.saved.length, 2);
    const names = await filesIn('images/streamed');
    assert.deepEqual(
      names.filter((n) => n.endsWith('.tmp')),
      [],
      'a temp file was left',
    );
    assert.equal(names.length, 4, names.join(', '));
    for (const rel of result.saved) assert.deepEqual([...(await readWorkspaceFile(rel)).slice(0, 4)], PNG_MAGIC);
  });

  it('splits n above the per-request limit into parallel requests', async () => {
    // Streaming asks one image per request so each preview belongs to one image.
    const result = await withFakeMode(api(), { latencyMs: 400 }, () =>
      generate({ prompt: 'three icons', model: 'gpt-image-1.5', n: 3, stream: true, outputFolder: 'images/fanout' }),
    );
    assert.equal(result.saved.length, 3);
    assert.equal(api().requests.filter((r) => r.endpoint === 'generations').length, 3);
    assert.ok(api().maxConcurrency >= 2, `requests ran one at a time (max in flight ${api().maxConcurrency})`);
  });

  it('keeps the images that arrived when part of a batch fails, and says what failed', async () => {
    api().queueFault({ kind: 'moderation', categories: ['violence'] });
    const result = await generate({ prompt: 'a castle siege', model: 'gpt-image-1.5', n: 3, stream: true, outputFolder: 'images/partial' });
    assert.equal(result.saved.length, 2);
    assert.equal(result.failures.length, 1);
    assert.match(result.failures[0]!, /safety|moderation/i);
    assert.equal((await filesIn('images/partial')).filter((n) => n.endsWith('.png')).length, 2);
  });

  it('checks that a transparent background really is transparent, and says so when it is not', async () => {
    const ok = await generate({ prompt: 'a sprite', model: 'gpt-image-2', background: 'transparent', outputFolder: 'images/alpha' });
    const okSidecar = JSON.parse(new TextDecoder().decode(await readWorkspaceFile(`${ok.saved[0]}.json`)));
    assert.equal(okSidecar.transparencyCheck, 'passed');
    api().queueFault({ kind: 'ignore_transparency' });
    const opaque = await generate({ prompt: 'a sprite', model: 'gpt-image-2', background: 'transparent', outputFolder: 'images/alpha' });
    assert.equal(opaque.saved.length, 1, 'the image is still saved');
    const sidecar = JSON.parse(new TextDecoder().decode(await readWorkspaceFile(`${opaque.saved[0]}.json`)));
    assert.match(sidecar.transparencyCheck, /failed/);
  });

  it('refuses an output folder outside the workspace and sends nothing', async () => {
    const result = await generate({ prompt: 'escape', model: 'gpt-image-1.5', outputFolder: '../outside' });
    assert.match(result.error ?? '', /outside the workspace/);
    assert.equal(api().requests.length, 0);
    const parent = vscode.Uri.joinPath(workspaceFolder().uri, '..', 'outside');
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(parent)), 'nothing was created outside');
  });

  it('never overwrites an existing file', async () => {
    const config = vscode.workspace.getConfiguration('imageStudio');
    await config.update('fileNameTemplate', 'fixed-name', vscode.ConfigurationTarget.Workspace);
    const existing = vscode.Uri.joinPath(workspaceFolder().uri, 'images', 'fixed', 'fixed-name.png');
    const original = new TextEncoder().encode('not really a png, but mine');
    await vscode.workspace.fs.writeFile(existing, original);
    try {
      const result = await generate({ prompt: 'anything', model: 'gpt-image-1.5', outputFolder: 'images/fixed' });
      assert.deepEqual(result.saved, ['images/fixed/fixed-name-2.png']);
      assert.deepEqual(Buffer.from(await readWorkspaceFile('images/fixed/fixed-name.png')), Buffer.from(original));
    } finally {
      await config.update('fileNameTemplate', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('refuses what the model does not accept before sending, naming the parameter', async () => {
    const result = await generate({ prompt: 'x', model: 'gpt-image-1.5', size: '333x333', outputFolder: 'images/invalid' });
    assert.match(result.error ?? '', /size/);
    assert.match(result.error ?? '', /333x333/);
    assert.equal(api().requests.length, 0);
  });

  it('cancels from the progress notification and leaves nothing half-written', async function () {
    skipWithoutDriver(this);
    await setUserSettings({ maxRetries: 0 });
    api().setMode({ latencyMs: 4000 });
    try {
      const running = generate({ prompt: 'slow one', model: 'gpt-image-1.5', outputFolder: 'images/cancelled' });
      await eventually(() => (api().requests.length > 0 ? true : undefined), 'the request to reach the server');
      // Headless workbenches keep toasts hidden; the notification center shows the same Cancel button.
      await clickNotificationButton('Cancel');
      const result = await running;
      assert.equal(result.cancelled, true);
      assert.deepEqual(result.saved, []);
      assert.deepEqual(await filesIn('images/cancelled'), [], 'no image and no temporary file');
    } finally {
      api().setMode({ latencyMs: 0 });
      await setUserSettings({ maxRetries: undefined });
      // An open notification center would cover the webviews later tests click in.
      await vscode.commands.executeCommand('notifications.hideList');
      await vscode.commands.executeCommand('notifications.clearAll');
    }
  });
});
