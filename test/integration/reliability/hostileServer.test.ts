// The extension against a hostile or broken server, through its commands: a redirect to another
// origin never carries the key, an echoed key reaches no sidecar, a broken image among good ones
// and a shortfall are named in the result's failures (the message the user reads), and an output
// folder that is a symbolic link to a folder outside the workspace is refused before sending.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { GenerateImageResult } from '../../../src/host/commands/generateImage';
import { startFakeImagesApi, type FakeImagesApi } from '../../fakeServer/server';
import { fakeApiForSuite, readWorkspaceFile, TEST_KEY, workspaceFolder } from '../support/fakeApi';

function generate(args: Record<string, unknown>): Thenable<GenerateImageResult> {
  return vscode.commands.executeCommand<GenerateImageResult>('imageStudio.generateImage', {
    model: 'gpt-image-2',
    size: '1024x1024',
    ...args,
  });
}

describe('reliability: a hostile server, through the extension commands', function () {
  this.timeout(60000);
  const api = fakeApiForSuite();
  let elsewhere: FakeImagesApi;
  before(async () => (elsewhere = await startFakeImagesApi({ apiKey: '' })));
  after(() => elsewhere.close());

  it('a redirect to another origin is refused and nothing reaches it', async () => {
    api().queueFault({ kind: 'redirect', status: 307, location: `${elsewhere.baseUrl}/images/generations` });
    const result = await generate({ prompt: 'redirected', outputFolder: 'images/hostile-redirect' });
    assert.match(
      result.error ?? '',
      /redirected \/images\/generations to another origin .* it was not followed, so your API key stayed with/,
    );
    assert.equal(elsewhere.requests.length, 0);
  });

  it('a server that echoes the key everywhere: no sidecar holds it', async () => {
    api().queueFault({ kind: 'echo_key' });
    const result = await generate({ prompt: 'echo', outputFolder: 'images/hostile-echo' });
    assert.equal(result.error, undefined, result.error);
    assert.equal(result.saved.length, 1);
    const sidecar = new TextDecoder().decode(await readWorkspaceFile(`${result.saved[0]}.json`));
    assert.ok(!sidecar.includes(TEST_KEY), 'the sidecar holds the key');
    assert.match(sidecar, /\[redacted\]/);
  });

  it('one image that is not an image among three: two saved, the third named as failed', async () => {
    api().queueFault({ kind: 'bad_images', at: { 1: 'not_an_image' } });
    const result = await generate({ prompt: 'three', n: 3, outputFolder: 'images/hostile-mixed' });
    assert.equal(result.saved.length, 2);
    assert.equal(result.failures.length, 1);
    assert.match(result.failures[0]!, /image 2 was not saved: it is not a PNG, JPEG(, WebP or GIF| or WebP) image/);
  });

  it('asked for 3, got 1: the shortfall is a failure the user is told about', async () => {
    api().queueFault({ kind: 'image_count', count: 1 });
    const result = await generate({ prompt: 'short', n: 3, outputFolder: 'images/hostile-short' });
    assert.equal(result.saved.length, 1);
    assert.match(result.failures.join('\n'), /returned 1 of the 3 image\(s\) asked for; 2 did not arrive/);
  });

  it('an output folder that is a link to a folder outside the workspace is refused before sending', async function () {
    if (workspaceFolder().uri.scheme !== 'file') this.skip();
    const outside = mkdtempSync(join(tmpdir(), 'image-studio-outside-'));
    const link = join(workspaceFolder().uri.fsPath, 'linked-out');
    symlinkSync(outside, link);
    try {
      for (const folder of ['linked-out', 'linked-out/deeper']) {
        const result = await generate({ prompt: 'escape by link', outputFolder: folder });
        assert.match(result.error ?? '', /is a link to .* outside the workspace folder/);
      }
      assert.equal(api().requests.length, 0);
      assert.deepEqual(readdirSync(outside), []);
    } finally {
      rmSync(link, { force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('a disk that fills while writing (a 200 KB tmpfs): no temp file, no empty file, every loss named', async function () {
    if (workspaceFolder().uri.scheme !== 'file') this.skip();
    const disk = join(workspaceFolder().uri.fsPath, 'images', 'full-disk');
    mkdirSync(disk, { recursive: true });
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=200k', 'tmpfs', disk]).status !== 0) {
      rmSync(disk, { recursive: true, force: true });
      this.skip();
    }
    try {
      for (const freeKb of [0, 20, 36, 52]) {
        const filler = join(disk, 'filler');
        const avail = Number(spawnSync('df', ['--output=avail', '-k', disk], { encoding: 'utf8' }).stdout.trim().split('\n').pop());
        try {
          writeFileSync(filler, Buffer.alloc(Math.max(0, avail - freeKb) * 1024));
        } catch {
          // tmpfs rounds to pages: what fitted is enough filling.
        }
        const out = `images/full-disk/run-${freeKb}`;
        mkdirSync(join(disk, `run-${freeKb}`));
        const result = await generate({ prompt: 'a full disk', n: 4, outputFolder: out });
        const files = readdirSync(join(disk, `run-${freeKb}`));
        assert.deepEqual(
          files.filter((f) => f.endsWith('.tmp')),
          [],
          `${freeKb} KB free: a temp file was left`,
        );
        for (const f of files) assert.ok(statSync(join(disk, `run-${freeKb}`, f)).size > 0, `${freeKb} KB free: ${f} is empty`);
        const images = files.filter((f) => f.endsWith('.png'));
        // An image saved without its sidecar is saved (and its sidecar's failure reported too).
        const lost = result.failures.filter((f) => !/sidecar could not be written/.test(f));
        assert.equal(result.saved.length + lost.length, 4, `${freeKb} KB free: ${JSON.stringify(result)}`);
        assert.ok(images.length >= result.saved.length, `${freeKb} KB free: a saved image is missing`);
        rmSync(filler, { force: true });
        rmSync(join(disk, `run-${freeKb}`), { recursive: true, force: true });
      }
    } finally {
      spawnSync('umount', ['-l', disk]);
      rmSync(join(workspaceFolder().uri.fsPath, 'images', 'full-disk'), { recursive: true, force: true });
    }
  });
});
