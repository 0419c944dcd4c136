import assert from 'node:assert/strict';
import { inspectImage } from '../../src/core/image/imageHeader';
import { modelOptions } from '../../src/core/models/capabilities';
import { editingRules } from '../../src/host/services/modelInputRules';
import type { EditInputView, InitMessage, ModelChoice } from '../../src/shared/protocol';
import { decodePngRgba } from '../support/png';
import { encodeWithSharp, gradientRgba, noiseRgba } from '../fixtures/pixelPatterns';
import { TODAY } from '../fixtures/testDay';
import { openStudioPage, type StudioPage } from './support/studioPage';
import { BUILT_IN_MODELS } from '../../src/core/models/modelCatalogue';

// The table as a compatible server offers it: dall-e-2 edits (square PNG, 256/512/1024, < 4 MB) and gpt-image-2.
const MODELS: ModelChoice[] = BUILT_IN_MODELS.list().map((m) => ({
  ...modelOptions(BUILT_IN_MODELS, m.id, 'generations', 'compatible', TODAY),
  transparentFormats: BUILT_IN_MODELS.capabilities(m.id).transparentFormats,
  editing: editingRules(BUILT_IN_MODELS, m.id, 'compatible', TODAY),
}));

function init(models = MODELS): InitMessage {
  return {
    type: 'init',
    models,
    defaults: { model: 'gpt-image-2', size: 'auto', quality: 'auto', n: 1, background: 'auto', outputFormat: 'png' },
    results: [],
  };
}

function view(id: string, name: string, bytes: Buffer, mimeType: string): EditInputView {
  const { format, width, height, hasAlpha, hasAlphaChannel, animated, byteLength, bitDepth } = inspectImage(bytes);
  return {
    id,
    name,
    bytes: new Uint8Array(bytes),
    mimeType,
    info: { format, width, height, hasAlpha, hasAlphaChannel, animated, byteLength, bitDepth },
  };
}

/** Sends `editInputs` as the host would (bytes rebuilt as Uint8Array inside the page). */
async function openEdit(s: StudioPage, inputs: EditInputView[], mode: 'edit' | 'variation' = 'edit'): Promise<void> {
  // Base64 across page.evaluate: a plain array of a few MB takes tens of seconds to serialize.
  await s.page.evaluate(
    ({ mode, inputs }) => {
      const decode = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const body = { type: 'editInputs', mode, inputs: inputs.map((i) => ({ ...i, bytes: decode(i.bytes) })) };
      (window as unknown as { __fromHost(b: unknown): void }).__fromHost(body);
    },
    { mode, inputs: inputs.map((i) => ({ ...i, bytes: Buffer.from(i.bytes).toString('base64') })) },
  );
}

/** The bytes at `path` of the last posted `edit` message (typed arrays do not cross page.evaluate). */
async function postedBytes(s: StudioPage, path: 'mask' | 'input0' | 'saveMask'): Promise<Uint8Array | undefined> {
  const list = await s.page.evaluate((path) => {
    const all = (
      window as unknown as {
        __posted: Array<{
          body: { type: string; params?: { mask?: { bytes: Uint8Array }; inputs: Array<{ bytes?: Uint8Array }>; saveMask?: Uint8Array } };
        }>;
      }
    ).__posted;
    const p = all.filter((m) => m.body.type === 'edit').pop()?.body.params;
    const b = path === 'mask' ? p?.mask?.bytes : path === 'saveMask' ? p?.saveMask : p?.inputs[0]?.bytes;
    return b ? Array.from(b) : undefined;
  }, path);
  return list && new Uint8Array(list);
}

async function started(s: StudioPage, models = MODELS): Promise<void> {
  const ready = await s.nextPosted('ready');
  await s.fromHost(init(models), ready.messageId);
  await s.page.waitForSelector('#model');
}

/** Drags across the painter's overlay between two fractions of its displayed size. */
async function paint(s: StudioPage, from: [number, number], to: [number, number]): Promise<void> {
  const box = (await (await s.page.waitForSelector('.mask-painter__overlay')).boundingBox())!;
  await s.page.mouse.move(box.x + box.width * from[0], box.y + box.height * from[1]);
  await s.page.mouse.down();
  await s.page.mouse.move(box.x + box.width * to[0], box.y + box.height * to[1], { steps: 12 });
  await s.page.mouse.up();
}

describe('Studio edit mode in Chromium (real bundle, strict CSP)', function () {
  this.timeout(90000);
  let s: StudioPage;
  let png: Buffer;

  before(async () => {
    png = await encodeWithSharp(gradientRgba(320, 240), 'png');
  });
  beforeEach(async () => {
    s = await openStudioPage();
  });
  afterEach(async () => {
    const problems = s.problems();
    await s.close();
    assert.deepEqual(problems, [], 'no CSP violations, console errors or outside requests');
  });

  it('paints a stroke and sends a mask of exactly the image’s dimensions: alpha 0 under the stroke, 255 elsewhere', async () => {
    await started(s);
    await openEdit(s, [view('in-a', 'scene.png', png, 'image/png')]);
    await s.page.waitForSelector('.mask-painter__overlay');
    assert.equal(await s.page.isChecked('#mode-edit'), true, 'the Studio switched to edit mode');
    assert.equal(await s.page.textContent('#generate'), 'Edit');
    assert.match(
      (await s.page.textContent('#edit-inputs .prep-steps')) ?? '',
      /Sent as it is \(320x240\)/,
      'gpt-image-2 takes the PNG as it is',
    );

    // Nothing painted: refused in words, nothing posted.
    await s.page.fill('#prompt', 'the same scene at dusk');
    await s.page.click('#generate');
    await s.page.waitForFunction(() => /Paint the area to change first/.test(document.getElementById('status')?.textContent ?? ''));
    assert.equal((await s.posted()).filter((m) => m.body.type === 'edit').length, 0);

    await paint(s, [0.25, 0.5], [0.75, 0.5]);
    await s.theme('light');
    await s.screenshot('studio-edit-light');
    await s.theme('dark');
    await s.screenshot('studio-edit-dark');
    await s.page.click('#generate');
    const edit = await s.nextPosted('edit');
    assert.equal(edit.body.params.mode, 'edit');
    assert.equal(edit.body.params.options.prompt, 'the same scene at dusk');
    assert.deepEqual(
      edit.body.params.inputs.map((i) => [i.inputId, 'bytes' in i]),
      [['in-a', false]],
      'by id, original bytes not re-sent',
    );
    const mask = decodePngRgba((await postedBytes(s, 'mask'))!);
    assert.deepEqual([mask.width, mask.height], [320, 240]);
    const radius = Math.round(240 * 0.04); // the painter's default brush
    const alpha = (x: number, y: number) => mask.data[(y * 320 + x) * 4 + 3];
    let painted = 0;
    for (let y = 0; y < 240; y++) {
      for (let x = 0; x < 320; x++) {
        const a = alpha(x, y);
        assert.ok(a === 0 || a === 255, `alpha ${a} at ${x},${y}`);
        if (a === 0) painted++;
        const along = x >= 80 && x < 240;
        if (along && Math.abs(y + 0.5 - 120) <= radius - 2) assert.equal(a, 0, `under the stroke at ${x},${y}`);
        if (Math.abs(y + 0.5 - 120) > radius + 2 || x < 80 - radius - 2 || x > 240 + radius + 2)
          assert.equal(a, 255, `outside the stroke at ${x},${y}`);
      }
    }
    assert.ok(painted > 160 * radius * 1.5, `${painted} transparent pixels`);
  });

  it('a model that needs square input makes a non-square JPEG leave as a square RGBA PNG of an accepted size, steps shown first', async () => {
    await started(s);
    await s.page.selectOption('#model', 'dall-e-2');
    const jpeg = await encodeWithSharp(gradientRgba(1200, 900), 'jpeg', { quality: 90 });
    await openEdit(s, [view('in-j', 'photo.jpg', jpeg, 'image/jpeg')]);
    await s.page.waitForSelector('#edit-inputs [data-prep="prepared"]');
    const steps = (await s.page.textContent('#edit-inputs .prep-steps')) ?? '';
    assert.match(steps, /Cropped the centre 900x900 square/);
    assert.match(steps, /Resized to 512x512/);
    assert.match(steps, /Encoded as RGBA PNG/);
    assert.match((await s.page.textContent('#edit-inputs .prep-reasons')) ?? '', /square/);
    console.log(`      prepared: ${steps}`);
    await paint(s, [0.3, 0.3], [0.6, 0.6]);
    await s.page.fill('#prompt', 'a photo of a lake at night');
    await s.page.click('#generate');
    const edit = await s.nextPosted('edit');
    const sent = (await postedBytes(s, 'input0'))!;
    const info = inspectImage(sent);
    assert.deepEqual([info.format, info.pngColorType, info.width, info.height], ['png', 6, 512, 512]);
    assert.ok(sent.length < 4 * 1024 * 1024);
    assert.ok(
      edit.body.params.inputs[0]!.steps?.some((t) => /Cropped/.test(t)),
      'the steps go along for the sidecar',
    );
    const mask = decodePngRgba((await postedBytes(s, 'mask'))!);
    assert.deepEqual([mask.width, mask.height], [512, 512], 'image and mask leave at identical dimensions');
  });

  it('shows the byte-size step-down for a noisy image under a low limit', async () => {
    const low = MODELS.map((m) =>
      m.model === 'dall-e-2' && m.editing
        ? { ...m, editing: { ...m.editing, editInput: { ...m.editing.editInput, maxBytes: 600_000 } } }
        : m,
    );
    await started(s, low);
    await s.page.selectOption('#model', 'dall-e-2');
    const noise = await encodeWithSharp(noiseRgba(1024, 1024, 11), 'png');
    await openEdit(s, [view('in-n', 'noise.png', noise, 'image/png')]);
    await s.page.waitForSelector('#edit-inputs [data-prep="prepared"]', { timeout: 60000 });
    const steps = (await s.page.textContent('#edit-inputs .prep-steps')) ?? '';
    console.log(`      prepared: ${steps}`);
    assert.match(steps, /At 1024x1024 the PNG is .* over the .* limit; trying a smaller size\./);
    assert.match(steps, /At 512x512 the PNG is .* over/);
    assert.match(steps, /Encoded as RGBA PNG, \d+ KB\./);
  });

  it('each mode’s form shows that endpoint’s options: Edit swaps Moderation for Input fidelity (not on gpt-image-1-mini or gpt-image-2), Variation keeps size and n', async () => {
    const fields = () => s.page.$$eval('#options [data-field]', (els) => els.map((e) => (e as HTMLElement).dataset.field));
    await started(s);
    assert.deepEqual(await fields(), [
      'model',
      'size',
      'quality',
      'background',
      'outputFormat',
      'moderation',
      'n',
      'stream',
      'partialImages',
    ]);
    await s.page.click('label[for="mode-edit"]');
    assert.deepEqual(
      await fields(),
      ['model', 'size', 'quality', 'background', 'outputFormat', 'n', 'stream', 'partialImages'],
      'gpt-image-2 onwards: no input_fidelity',
    );
    await s.page.selectOption('#model', 'gpt-image-1.5');
    assert.deepEqual(await fields(), [
      'model',
      'size',
      'quality',
      'background',
      'outputFormat',
      'inputFidelity',
      'n',
      'stream',
      'partialImages',
    ]);
    assert.equal(await s.page.textContent('label[for="inputFidelity"]'), 'Input fidelity');
    assert.deepEqual(await s.page.$$eval('#inputFidelity option', (os) => os.map((o) => (o as HTMLOptionElement).value)), [
      '',
      'low',
      'high',
    ]);
    await s.page.selectOption('#model', 'gpt-image-1-mini');
    assert.equal(await s.page.locator('#inputFidelity').count(), 0, 'gpt-image-1-mini takes no input_fidelity');
    assert.equal(await s.page.locator('#moderation').count(), 0);
    await s.page.selectOption('#model', 'dall-e-2');
    await s.page.click('label[for="mode-variation"]');
    assert.deepEqual(await fields(), ['model', 'size', 'n']);
    await s.page.click('label[for="mode-generate"]');
    await s.page.selectOption('#model', 'gpt-image-1.5');
    await s.page.selectOption('#moderation', 'low');

    await s.page.click('label[for="mode-edit"]');
    await s.page.selectOption('#inputFidelity', 'high');
    await openEdit(s, [view('in-f', 'face.png', png, 'image/png')]);
    await paint(s, [0.3, 0.5], [0.6, 0.5]);
    await s.page.fill('#prompt', 'the same portrait in oil paint');
    await s.page.click('#generate');
    const edit = await s.nextPosted('edit');
    assert.equal(edit.body.params.options.inputFidelity, 'high');
    assert.equal(edit.body.params.options.moderation, undefined, 'edits take no moderation');
    await s.fromHost({ type: 'jobFinished', jobId: edit.body.jobId, saved: 1, failures: [], warnings: [], cancelled: false });
    await s.page.click('label[for="mode-generate"]');
    assert.equal(await s.page.inputValue('#moderation'), 'low', 'the generation choice survived the edit');
  });

  it('variation mode takes one image and no mask; the gallery’s Variation… asks the host', async () => {
    await started(s);
    await openEdit(s, [view('in-v', 'hero.png', png, 'image/png')], 'variation');
    await s.page.waitForSelector('#edit-inputs li');
    assert.equal(await s.page.isVisible('.mask-panel'), false);
    assert.equal(await s.page.textContent('#generate'), 'Make variations');
    await s.page.click('#generate');
    const edit = await s.nextPosted('edit');
    assert.equal(edit.body.params.mode, 'variation');
    assert.equal(edit.body.params.mask, undefined);
    assert.equal(edit.body.params.options.prompt, '');
  });
});
