import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { decodePng } from '../../src/core/image/pngCodec';
import type { JobCommandResult } from '../../src/host/commands/jobReporting';
import { encodePng } from '../support/png';
import { driver, skipWithoutDriver } from './support/driver';
import { fakeApiForSuite, filesIn, setUserSettings, workspaceFolder } from './support/fakeApi';

async function put(relative: string, bytes: Uint8Array): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(workspaceFolder().uri, ...relative.split('/'));
  await vscode.workspace.fs.writeFile(uri, bytes);
  return uri;
}

function run(command: 'createVariation' | 'editImage', ...args: unknown[]): Thenable<JobCommandResult> {
  return vscode.commands.executeCommand<JobCommandResult>(`imageStudio.${command}`, ...args);
}

describe('Create Variation and Edit Image (fake Images API)', function () {
  this.timeout(60000);
  const api = fakeApiForSuite();
  afterEach(() => api().setMode({ provider: 'openai', endpoints: ['generations', 'edits', 'variations'] }));

  it('right-click Create Variation on OpenAI goes through /images/edits with the instruction, and records the route', async () => {
    const image = await put('assets/hero.png', encodePng(64, 48));
    const result = await run('createVariation', image, [image]);
    assert.equal(result.error, undefined);
    assert.equal(result.saved.length, 1);
    const [req] = api().requests;
    assert.equal(req?.endpoint, 'edits');
    assert.match(String(req?.fields.prompt), /variation/i);
    assert.equal(req?.files[0]?.field, 'image');
    assert.equal(req?.files[0]?.contentType, 'image/png');
    const sidecar = JSON.parse(
      new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspaceFolder().uri, `${result.saved[0]}.json`))),
    );
    assert.equal(sidecar.route, 'edits');
    assert.equal(sidecar.inputs[0].filename, 'hero.png');
    assert.match(sidecar.inputs[0].sha256, /^[0-9a-f]{64}$/);
  });

  it('uses /images/variations on a compatible server with dall-e-2, for each selected image', async () => {
    api().setMode({ provider: 'compatible' });
    await setUserSettings({ provider: 'compatible', model: 'dall-e-2' });
    try {
      const a = await put('assets/sq-a.png', encodePng(64, 64));
      const b = await put('assets/sq-b.png', encodePng(64, 64, { color: [200, 10, 10] }));
      const result = await run('createVariation', a, [a, b]);
      assert.equal(result.error, undefined);
      assert.equal(result.saved.length, 2);
      assert.deepEqual(
        api().requests.map((r) => r.endpoint),
        ['variations', 'variations'],
      );
      assert.equal(api().requests[0]?.fields.model, 'dall-e-2');
    } finally {
      await setUserSettings({ provider: undefined, model: undefined });
    }
  });

  /** Answers the Edit command's prompt box in the workbench, as a user types it. */
  async function typePrompt(prompt: string): Promise<void> {
    await driver.waitFor('.quick-input-widget :text("Describe the whole new image")', 15000);
    await driver.fill('.quick-input-widget .quick-input-box input', prompt);
    await driver.press('Enter', '.quick-input-widget .quick-input-box input');
  }

  /** The request carried the image and the mask, of equal dimensions, and the sidecar names both. */
  async function assertImageAndMask(result: JobCommandResult, image: string, mask: string): Promise<void> {
    assert.equal(result.error, undefined);
    assert.equal(result.saved.length, 1);
    const files = api().requests[0]!.files;
    assert.deepEqual(
      files.map((f) => f.field),
      ['image', 'mask'],
    );
    assert.deepEqual(
      files.map((f) => [f.info?.width, f.info?.height]),
      [
        [96, 64],
        [96, 64],
      ],
    );
    const sidecar = JSON.parse(
      new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspaceFolder().uri, `${result.saved[0]}.json`))),
    ) as { inputs: Array<{ role: string; filename: string }> };
    assert.deepEqual(
      sidecar.inputs.map((i) => [i.role, i.filename]),
      [
        ['image', image],
        ['mask', mask],
      ],
    );
  }

  it('edits with image and mask given as command arguments: image and mask of equal dimensions', async () => {
    await put('assets/scene.png', encodePng(96, 64));
    await put('assets/scene.mask.png', encodePng(96, 64, { alpha: 'transparent-left' }));
    const result = await run('editImage', {
      image: 'assets/scene.png',
      mask: 'assets/scene.mask.png',
      prompt: 'the same scene at night',
      model: 'gpt-image-2',
    });
    await assertImageAndMask(result, 'scene.png', 'scene.mask.png');
  });

  it('edits with a mask file selected beside the image: the mask picked in the quick pick, the prompt typed', async function () {
    skipWithoutDriver(this);
    const image = await put('assets/beside.png', encodePng(96, 64));
    await put('assets/beside.mask.png', encodePng(96, 64, { alpha: 'transparent-left' }));
    // As the Explorer's context menu calls it on one image: the command finds the mask beside it and offers it first.
    const running = run('editImage', image, [image]);
    try {
      await driver.waitFor('.quick-input-widget .quick-input-list .monaco-list-row:has-text("Use beside.mask.png")', 15000);
      await driver.click('.quick-input-widget .quick-input-list .monaco-list-row:has-text("Use beside.mask.png")');
      await typePrompt('the same scene at night');
      await assertImageAndMask(await running, 'beside.png', 'beside.mask.png');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    }
  });

  it('edits with the image and its mask both selected in the Explorer: the mask is the file named like one', async function () {
    skipWithoutDriver(this);
    const image = await put('assets/pair.png', encodePng(96, 64));
    const mask = await put('assets/pair.mask.png', encodePng(96, 64, { alpha: 'transparent-left' }));
    // The Explorer passes the clicked file and the whole selection; the mask is second here on purpose.
    const running = run('editImage', mask, [image, mask]);
    try {
      await typePrompt('the same scene at night');
      await assertImageAndMask(await running, 'pair.png', 'pair.mask.png');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    }
  });

  it('protects the pixels outside the mask: byte-identical to the original, raw result kept beside', async () => {
    const original = encodePng(96, 64, { color: [10, 200, 30] });
    await put('assets/protect.png', original);
    await put('assets/protect.mask.png', encodePng(96, 64, { alpha: 'transparent-left' }));
    const result = await run('editImage', {
      image: 'assets/protect.png',
      mask: 'assets/protect.mask.png',
      prompt: 'a sunset on the left',
      model: 'gpt-image-2',
      outputFolder: 'images/protect',
    });
    assert.equal(result.error, undefined);
    const [saved] = result.saved;
    const out = await decodePng(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspaceFolder().uri, saved!)));
    const before = await decodePng(original);
    assert.deepEqual([out.width, out.height], [96, 64], 'the composite has the original size');
    let changedInside = 0;
    for (let y = 0; y < 64; y++) {
      for (let x = 0; x < 96; x++) {
        const i = (y * 96 + x) * 4;
        const a = [...out.data.subarray(i, i + 4)];
        const b = [...before.data.subarray(i, i + 4)];
        if (x >= 48) assert.deepEqual(a, b, `pixel ${x},${y} outside the mask changed`);
        else if (a.join() !== b.join()) changedInside++;
      }
    }
    assert.ok(changedInside > 0, 'the masked half took the result');
    const sidecar = JSON.parse(
      new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspaceFolder().uri, `${saved}.json`))),
    );
    assert.equal(sidecar.protectedUnmaskedPixels, true);
    assert.ok((await filesIn('images/protect')).includes(sidecar.rawResult), 'the raw result is beside the image');
  });

  it('sends several references as image[] for GPT image models', async () => {
    await put('assets/ref-1.png', encodePng(32, 32));
    await put('assets/ref-2.png', encodePng(32, 32, { color: [0, 0, 0] }));
    const result = await run('editImage', {
      images: ['assets/ref-1.png', 'assets/ref-2.png'],
      mask: null,
      prompt: 'combine them',
      model: 'gpt-image-2',
    });
    assert.equal(result.error, undefined);
    assert.deepEqual(
      api().requests[0]!.files.map((f) => f.field),
      ['image[]', 'image[]'],
    );
  });

  describe('bad input is refused with a clear message, and nothing is sent or written', () => {
    const cases: { name: string; setup: () => Promise<Record<string, unknown>>; message: RegExp }[] = [
      {
        name: 'not an image',
        setup: async () => ({ image: (await put('bad/notes.png', new TextEncoder().encode('just text'))).path }),
        message: /not a PNG|not an image|recogni/i,
      },
      {
        name: 'a truncated PNG',
        setup: async () => ({ image: (await put('bad/truncated.png', encodePng(64, 64).subarray(0, 20))).path }),
        message: /truncated|incomplete|cut/i,
      },
      {
        name: 'decompression-bomb dimensions in a valid header',
        setup: async () => {
          const png = Buffer.from(encodePng(8, 8));
          png.writeUInt32BE(60000, 16);
          png.writeUInt32BE(60000, 20);
          // Recompute the IHDR CRC so the header is valid: the dimensions alone must refuse it.
          const { crc32 } = (await import('node:zlib')) as unknown as { crc32?: (b: Buffer) => number };
          if (crc32) png.writeUInt32BE(crc32(png.subarray(12, 29)) >>> 0, 29);
          return { image: (await put('bad/bomb.png', png)).path };
        },
        message: /too large|pixels|dimensions/i,
      },
      {
        name: 'a mask of other dimensions',
        setup: async () => ({
          image: (await put('bad/img.png', encodePng(64, 64))).path,
          mask: (await put('bad/img-small.mask.png', encodePng(32, 32, { alpha: 'transparent-left' }))).path,
        }),
        message: /32x32.*64x64|dimensions|resize/i,
      },
      {
        name: 'a mask without alpha',
        setup: async () => ({
          image: (await put('bad/img2.png', encodePng(64, 64))).path,
          mask: (await put('bad/rgb.mask.png', encodePng(64, 64, { alpha: 'none' }))).path,
        }),
        message: /alpha/i,
      },
      {
        name: 'a mask with no transparent pixel',
        setup: async () => ({
          image: (await put('bad/img3.png', encodePng(64, 64))).path,
          mask: (await put('bad/opaque.mask.png', encodePng(64, 64, { alpha: 'opaque' }))).path,
        }),
        message: /no fully transparent pixel/i,
      },
      {
        name: 'more inputs than the model accepts',
        setup: async () => {
          const paths: string[] = [];
          for (let i = 0; i < 17; i++) paths.push((await put(`bad/many-${i}.png`, encodePng(8, 8))).path);
          return { images: paths, mask: null };
        },
        message: /at most 16/i,
      },
      {
        name: 'a prompt over the model limit',
        setup: async () => ({ image: (await put('bad/img4.png', encodePng(8, 8))).path, prompt: 'x'.repeat(32001) }),
        message: /32000/,
      },
      { name: 'a file outside the workspace', setup: async () => ({ image: '/etc/hostname' }), message: /inside the workspace/i },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const args = { prompt: 'a new version', model: 'gpt-image-2', mask: null, outputFolder: 'images/bad-input', ...(await c.setup()) };
        const result = await run('editImage', args);
        assert.match(result.error ?? '', c.message);
        assert.equal(api().requests.length, 0, 'a request was sent');
        assert.deepEqual(await filesIn('images/bad-input'), [], 'something was written');
      });
    }
  });
});
