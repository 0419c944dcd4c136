import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { decodePng } from '../../src/core/image/pngCodec';
import { encodePng } from '../support/png';
import type { FakeImagesApi } from '../fakeServer/server';
import { driver, skipWithoutDriver } from './support/driver';
import { activateExtension, eventually } from './support/extension';
import { filesIn, readWorkspaceFile, resetSettings, useFakeApi, workspaceFolder } from './support/fakeApi';

async function waitForStatus(pattern: RegExp, what: string): Promise<string> {
  return eventually(
    async () => {
      const text = await driver.text('#status');
      return pattern.test(text) ? text : undefined;
    },
    what,
    30000,
  ).catch(async (err: Error) => {
    throw new Error(`${err.message}; the Studio says: ${await driver.text('#status')}`);
  });
}

function sidecarOf(relative: string): Promise<Record<string, unknown>> {
  return readWorkspaceFile(`${relative}.json`).then((b) => JSON.parse(new TextDecoder().decode(b)) as Record<string, unknown>);
}

describe('Studio edit and variation end to end (real webview, fake Images API)', function () {
  this.timeout(120000);
  let fake: FakeImagesApi;

  before(async function () {
    skipWithoutDriver(this);
    await activateExtension();
    fake = await useFakeApi();
  });
  after(async () => {
    if (!fake) return;
    await resetSettings();
    await fake.close();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('paints a mask over a workspace PNG, sends image and mask of equal dimensions, protects unpainted pixels, saves the mask beside', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('notifications.clearAll');
    const original = encodePng(96, 64, { color: [10, 200, 30] });
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(workspaceFolder().uri, 'assets', 'studio-edit.png'), original);
    const before = await filesIn('images');
    fake.reset();

    await vscode.commands.executeCommand('imageStudio.openStudio', { editImage: 'assets/studio-edit.png' });
    await driver.waitFor('.mask-painter__overlay', 20000);
    assert.match(await driver.text('#edit-inputs .prep-steps'), /Sent as it is \(96x64\)/);
    await driver.drag('.mask-painter__overlay', [0.1, 0.5], [0.45, 0.5]);
    await driver.fill('#prompt', 'the same meadow with a red barn on the left');
    // gpt-image-2 onwards take no input_fidelity: pick a model that does, as a user would.
    await driver.evaluate(
      '#model',
      `(() => {
      const select = document.getElementById('model');
      select.value = 'gpt-image-1.5';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    })()`,
    );
    // Chosen as a user would: the change event makes the form read it back.
    await driver.evaluate(
      '#inputFidelity',
      `(() => {
      const select = document.getElementById('inputFidelity');
      select.value = 'high';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    })()`,
    );
    await driver.click('#save-mask');
    await driver.screenshot('studio-edit-e2e');
    await driver.click('#generate');
    await waitForStatus(/1 image saved/, 'the edit to be saved');

    const [req] = fake.requests;
    assert.equal(req?.endpoint, 'edits');
    assert.deepEqual(
      req.files.map((f) => f.field),
      ['image', 'mask'],
    );
    assert.equal(req.fields.input_fidelity, 'high', 'the Studio’s input fidelity reaches /edits');
    assert.equal(req.fields.moderation, undefined);
    assert.deepEqual(
      req.files.map((f) => [f.info?.width, f.info?.height]),
      [
        [96, 64],
        [96, 64],
      ],
      'image and mask of equal dimensions',
    );

    const added = (await filesIn('images')).filter((f) => !before.includes(f));
    const result = added.find((f) => f.endsWith('.png') && !f.includes('.raw'));
    assert.ok(result, `a result was written (${added.join(', ')})`);
    const sidecar = await sidecarOf(`images/${result}`);
    const inputs = sidecar.inputs as Array<{ role: string; filename: string; sha256: string }>;
    assert.deepEqual(
      inputs.map((i) => [i.role, i.filename]),
      [
        ['image', 'studio-edit.png'],
        ['mask', 'studio-edit.mask.png'],
      ],
    );
    for (const i of inputs) assert.match(i.sha256, /^[0-9a-f]{64}$/);
    assert.equal((sidecar.studioInputs as Array<{ prepared: boolean }>)[0]?.prepared, false);
    assert.equal(sidecar.maskSource, 'painted');
    assert.equal(sidecar.protectedUnmaskedPixels, true);

    // The mask saved beside the image is the one that was sent (no preparation: same size).
    assert.ok((await filesIn('assets')).includes('studio-edit.mask.png'), 'the mask was saved next to the image');
    const mask = await decodePng(await readWorkspaceFile('assets/studio-edit.mask.png'));
    const out = await decodePng(await readWorkspaceFile(`images/${result}`));
    const src = await decodePng(original);
    assert.deepEqual([out.width, out.height, mask.width, mask.height], [96, 64, 96, 64]);
    let kept = 0;
    let changed = 0;
    for (let i = 0; i < 96 * 64; i++) {
      const a = [...out.data.subarray(i * 4, i * 4 + 4)].join();
      const b = [...src.data.subarray(i * 4, i * 4 + 4)].join();
      if (mask.data[i * 4 + 3] === 255) {
        assert.equal(a, b, `unpainted pixel ${i % 96},${Math.floor(i / 96)} changed`);
        kept++;
      } else if (a !== b) changed++;
    }
    assert.ok(kept > (96 * 64) / 2 && changed > 0, `kept ${kept}, changed ${changed}`);
    assert.equal((await readWorkspaceFile('assets/studio-edit.png')).length, original.length, 'the original is untouched');
  });

  it('"Variation…" on the result goes through /images/edits on OpenAI, and the details say so', async () => {
    await vscode.commands.executeCommand('notifications.clearAll');
    fake.reset();
    await driver.click('#gallery li[data-result-id] [data-action="more"]');
    await driver.click('#gallery li[data-result-id] [data-action="useAsVariation"]');
    await driver.waitFor('#mode-variation:checked', 15000);
    await driver.waitFor('#edit-inputs li .prep-steps', 15000);
    await driver.fill('#prompt', '');
    await driver.click('#generate');
    await waitForStatus(/1 image saved/, 'the variation to be saved');
    const [req] = fake.requests;
    assert.equal(req?.endpoint, 'edits');
    assert.match(String(req?.fields.prompt), /variation/i);
    assert.deepEqual(
      req.files.map((f) => f.field),
      ['image'],
    );
    // Named after its source like the CLI, not after the instruction /edits carries.
    assert.match(await driver.text('#gallery li[data-result-id] .path'), /^images\/variation-/);
    await driver.click('#gallery li[data-result-id] [data-action="details"]');
    await driver.waitFor('#gallery li[data-result-id] .details pre', 10000);
    assert.match(await driver.text('#gallery li[data-result-id] .details dl'), /Variation through \/images\/edits/);
    assert.match(await driver.text('#gallery li[data-result-id] .details pre'), /"route": "edits"/);
  });
});
