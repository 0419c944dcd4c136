// Issue 26: the painted mask is what the user made, and the Studio keeps it. "Paint a mask in the
// Studio" opens on the painter even when `name.mask.png` lies beside the image (the file stays
// offered as "Use a mask file"); and a panel hidden behind another tab, or a reloaded window
// (the page starts again from its webview state), comes back with the same choice and the same
// strokes, so Edit sends the mask that was painted, not the file beside.
import assert from 'node:assert/strict';
import { inspectImage } from '../../src/core/image/imageHeader';
import { modelOptions } from '../../src/core/models/capabilities';
import { editingRules } from '../../src/host/services/modelInputRules';
import type { EditInputsMessage, EditInputView, InitMessage, ModelChoice } from '../../src/shared/protocol';
import { decodePngRgba } from '../support/png';
import { encodeWithSharp, gradientRgba } from '../fixtures/pixelPatterns';
import { TODAY } from '../fixtures/testDay';
import { openStudioPage, type StudioPage } from './support/studioPage';
import { BUILT_IN_MODELS } from '../../src/core/models/modelCatalogue';

const MODELS: ModelChoice[] = BUILT_IN_MODELS.list().map((m) => ({
  ...modelOptions(BUILT_IN_MODELS, m.id, 'generations', 'compatible', TODAY),
  transparentFormats: BUILT_IN_MODELS.capabilities(m.id).transparentFormats,
  editing: editingRules(BUILT_IN_MODELS, m.id, 'compatible', TODAY),
}));

function init(extra: Partial<InitMessage> = {}): InitMessage {
  return {
    type: 'init',
    models: MODELS,
    defaults: { model: 'gpt-image-2', size: 'auto', quality: 'auto', n: 1, background: 'auto', outputFormat: 'png' },
    results: [],
    ...extra,
  };
}

function view(id: string, name: string, bytes: Buffer): EditInputView {
  const { format, width, height, hasAlpha, hasAlphaChannel, animated, byteLength, bitDepth } = inspectImage(bytes);
  return {
    id,
    name,
    bytes: new Uint8Array(bytes),
    mimeType: 'image/png',
    info: { format, width, height, hasAlpha, hasAlphaChannel, animated, byteLength, bitDepth },
  };
}

/** Sends a host message whose bytes may be nested (an input's mask file), as base64 across page.evaluate. */
async function send(s: StudioPage, body: unknown, inReplyTo?: number): Promise<void> {
  const pack = (v: unknown): unknown =>
    v instanceof Uint8Array
      ? { b64: Buffer.from(v).toString('base64') }
      : Array.isArray(v)
        ? v.map(pack)
        : v && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, pack(x)]))
          : v;
  await s.page.evaluate(
    ({ body, inReplyTo }) => {
      const unpack = (v: unknown): unknown => {
        if (Array.isArray(v)) return v.map(unpack);
        if (!v || typeof v !== 'object') return v;
        const o = v as Record<string, unknown>;
        if (typeof o.b64 === 'string' && Object.keys(o).length === 1) return Uint8Array.from(atob(o.b64), (c) => c.charCodeAt(0));
        return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, unpack(x)]));
      };
      (window as unknown as { __fromHost(b: unknown, r?: number): void }).__fromHost(unpack(body), inReplyTo);
    },
    { body: pack(body), inReplyTo },
  );
}

/** Answers the page's `ready` with `init` (after a reload too: the page posts `ready` again). */
async function started(s: StudioPage, extra: Partial<InitMessage> = {}): Promise<void> {
  const ready = await s.nextPosted('ready');
  await send(s, init(extra), ready.messageId);
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

/** Presses Edit and returns the alpha plane of the mask the page posts. */
async function sentMaskAlpha(s: StudioPage): Promise<number[]> {
  const before = (await s.posted()).length;
  await s.page.click('#generate');
  await s.nextPosted('edit', before);
  const bytes = await s.page.evaluate(() => {
    const all = (
      window as unknown as { __posted: Array<{ body: { type: string; params?: { mask?: { bytes: Uint8Array; fileId?: string } } } }> }
    ).__posted;
    const mask = all.filter((m) => m.body.type === 'edit').pop()?.body.params?.mask;
    return mask && !mask.fileId ? Array.from(mask.bytes) : undefined;
  });
  assert.ok(bytes, 'Edit sent no painted mask (a mask file, or nothing)');
  const png = decodePngRgba(new Uint8Array(bytes));
  return Array.from({ length: png.width * png.height }, (_, i) => png.data[i * 4 + 3]!);
}

describe('Studio keeps the painted mask (Chromium, real bundle)', function () {
  this.timeout(90000);
  let s: StudioPage;
  let image: EditInputView;

  before(async () => {
    const png = await encodeWithSharp(gradientRgba(320, 240), 'png');
    // `hero.png` with `hero.mask.png` beside it, as the host finds and sends it.
    image = { ...view('in-hero', 'hero.png', png), maskFile: view('mask-hero', 'hero.mask.png', png) };
  });
  beforeEach(async () => {
    s = await openStudioPage();
  });
  afterEach(async () => {
    const problems = s.problems();
    await s.close();
    assert.deepEqual(problems, [], 'no CSP violations, console errors or outside requests');
  });

  it('"Paint a mask in the Studio" opens on the painter; the mask file beside is offered, not chosen', async () => {
    await started(s);
    await send(s, { type: 'editInputs', mode: 'edit', inputs: [image], maskSource: 'paint' });
    await s.page.waitForSelector('.mask-painter__overlay', { state: 'visible' });
    assert.equal(await s.page.isChecked('#mask-source-paint'), true, 'the choice is "Paint the area to change"');
    assert.equal(await s.page.isChecked('#mask-source-file'), false);
    await s.page.click('#mask-source-file');
    assert.match((await s.page.textContent('.mask-file-name')) ?? '', /^hero\.mask\.png \(320x240\)$/, 'the file is one click away');
  });

  it('a painted mask survives the page starting again (hidden tab, reload): same choice, same strokes', async () => {
    await started(s);
    const edit: EditInputsMessage = { type: 'editInputs', mode: 'edit', inputs: [image] };
    // From the gallery's "Edit…": the file beside is chosen first; the user switches to painting.
    await send(s, edit);
    await s.page.waitForFunction(() => (document.getElementById('mask-source-file') as HTMLInputElement | null)?.checked === true);
    await s.page.click('#mask-source-paint');
    await paint(s, [0.2, 0.3], [0.7, 0.6]);
    await s.page.fill('#prompt', 'the same hero at night');
    const painted = await sentMaskAlpha(s);
    assert.ok(painted.filter((a) => a === 0).length > 1000, 'the stroke is in the mask');

    // VS Code starts a hidden webview again from its state; the host sends the last edit's inputs.
    await s.page.reload();
    await started(s, { lastEdit: edit });
    await s.page.waitForSelector('.mask-painter__overlay', { state: 'visible' });
    assert.equal(await s.page.isChecked('#mask-source-paint'), true, 'the choice flipped to the mask file');
    assert.equal(await s.page.inputValue('#prompt'), 'the same hero at night');
    const again = await sentMaskAlpha(s);
    const differing = again.filter((a, i) => a !== painted[i]).length;
    assert.equal(differing, 0, `${differing} pixels of the mask sent after the page started again differ from the painted one`);
  });
});
