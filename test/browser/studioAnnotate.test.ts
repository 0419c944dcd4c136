// The Studio's Annotate mode in Chromium (real bundle, strict CSP): offered beside the mask painter
// for the models that take markup, the notes shown over the image before sending and sent as a
// transparent PNG at the image's size instead of a mask, Compare showing original, notes and
// result; the estimate changing with complexity; and screenshots of annotating at 600 and 1400 px.
import assert from 'node:assert/strict';
import { inspectImage } from '../../src/core/image/imageHeader';
import { modelOptions } from '../../src/core/models/capabilities';
import { DEFAULT_PRICES } from '../../src/core/pricing';
import { editingRules } from '../../src/host/services/modelInputRules';
import type { EditInputView, InitMessage, ModelChoice } from '../../src/shared/protocol';
import { decodePngRgba } from '../support/png';
import { encodeWithSharp, gradientRgba } from '../fixtures/pixelPatterns';
import { TODAY } from '../fixtures/testDay';
import { openStudioPage, type StudioPage } from './support/studioPage';
import { BUILT_IN_MODELS } from '../../src/core/models/modelCatalogue';

const MODELS: ModelChoice[] = BUILT_IN_MODELS.list().map((m) => ({
  ...modelOptions(BUILT_IN_MODELS, m.id, 'generations', 'openai', TODAY),
  transparentFormats: BUILT_IN_MODELS.capabilities(m.id).transparentFormats,
  editing: editingRules(BUILT_IN_MODELS, m.id, 'openai', TODAY),
}));

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

async function started(s: StudioPage): Promise<void> {
  const ready = await s.nextPosted('ready');
  const init: InitMessage = {
    type: 'init',
    models: MODELS,
    defaults: { model: 'gpt-image-2', size: 'auto', quality: 'auto', n: 1, background: 'auto', outputFormat: 'png' },
    results: [],
    prices: DEFAULT_PRICES,
    outputFolder: 'images',
  };
  await s.fromHost(init, ready.messageId);
  await s.page.waitForSelector('#model');
}

async function openEdit(s: StudioPage, input: EditInputView): Promise<void> {
  await s.page.evaluate(
    (input) => {
      const bytes = Uint8Array.from(atob(input.bytes), (c) => c.charCodeAt(0));
      (window as unknown as { __fromHost(b: unknown): void }).__fromHost({
        type: 'editInputs',
        mode: 'edit',
        inputs: [{ ...input, bytes }],
      });
    },
    { ...input, bytes: Buffer.from(input.bytes).toString('base64') },
  );
}

/** The markup bytes of the last posted `edit`. */
async function postedMarkup(s: StudioPage): Promise<Uint8Array | undefined> {
  const list = await s.page.evaluate(() => {
    const all = (window as unknown as { __posted: Array<{ body: { type: string; params?: { markup?: { bytes: Uint8Array } } } }> })
      .__posted;
    const b = all.filter((m) => m.body.type === 'edit').pop()?.body.params?.markup?.bytes;
    return b ? Array.from(b) : undefined;
  });
  return list && new Uint8Array(list);
}

/** A circle of pen strokes, an arrow and a label, as a user marks a door. */
async function annotate(s: StudioPage): Promise<void> {
  const box = (await (await s.page.waitForSelector('.markup-painter__overlay')).boundingBox())!;
  const at = (fx: number, fy: number) => [box.x + box.width * fx, box.y + box.height * fy] as const;
  await s.page.mouse.move(...at(0.62, 0.35));
  await s.page.mouse.down();
  for (let i = 1; i <= 24; i++) {
    const a = (i / 24) * Math.PI * 2;
    await s.page.mouse.move(...at(0.52 + 0.1 * Math.cos(a), 0.35 + 0.14 * Math.sin(a)));
  }
  await s.page.mouse.up();
  await s.page.click('.markup-painter button:text-is("Arrow")');
  await s.page.mouse.move(...at(0.15, 0.8));
  await s.page.mouse.down();
  await s.page.mouse.move(...at(0.42, 0.45), { steps: 8 });
  await s.page.mouse.up();
  await s.page.click('.markup-painter button:text-is("Yellow")');
  await s.page.click('.markup-painter button:text-is("Text")');
  await s.page.mouse.click(...at(0.08, 0.82));
  await s.page.keyboard.type('make it red');
  await s.page.keyboard.press('Enter');
}

describe('Studio Annotate mode in Chromium (real bundle, strict CSP)', function () {
  this.timeout(120000);
  let s: StudioPage;
  let png: Buffer;

  before(async () => {
    png = await encodeWithSharp(gradientRgba(320, 240), 'png');
  });
  afterEach(async () => {
    const problems = s.problems();
    await s.close();
    assert.deepEqual(problems, [], 'no CSP violations, console errors or outside requests');
  });

  it('is offered for markup models only, sends the notes instead of a mask at the image’s size, and Compare shows them', async () => {
    s = await openStudioPage();
    await started(s);
    await openEdit(s, view('in-a', 'door.png', png));
    await s.page.waitForSelector('.mask-painter__overlay');
    assert.equal(await s.page.isVisible('#mask-source-annotate-label'), false, 'gpt-image-2 takes no markup');
    await s.page.selectOption('#model', 'gpt-image-2.6-flare');
    await s.page.waitForSelector('#mask-source-annotate-label', { state: 'visible' });
    assert.equal(await s.page.textContent('#mask-source-annotate-label'), 'Draw notes on the image (markup)');
    await s.page.check('#mask-source-annotate');
    await s.page.waitForSelector('.markup-painter__overlay', { state: 'visible' });
    assert.equal(await s.page.isVisible('.mask-painter__overlay'), false, 'the mask painter gives way');

    await s.page.fill('#prompt', 'paint the circled door red');
    await s.page.click('#generate');
    await s.page.waitForFunction(() => /Draw a note on the image first/.test(document.getElementById('status')?.textContent ?? ''));
    assert.equal((await s.posted()).filter((m) => m.body.type === 'edit').length, 0, 'no notes, nothing sent');

    await annotate(s);
    await s.page.click('#generate');
    const edit = await s.nextPosted('edit');
    assert.equal(edit.body.params.mask, undefined, 'a markup edit has no mask');
    const bytes = (await postedMarkup(s))!;
    const info = inspectImage(bytes);
    assert.deepEqual(
      [info.format, info.width, info.height, info.hasAlphaChannel],
      ['png', 320, 240, true],
      'a transparent PNG at the image’s size',
    );
    const notes = decodePngRgba(bytes);
    let drawn = 0;
    for (let i = 3; i < notes.data.length; i += 4) if (notes.data[i]! > 0) drawn++;
    assert.ok(drawn > 300 && drawn < 320 * 240 * 0.3, `only the notes are drawn (${drawn} pixels)`);
    assert.equal(notes.data[(5 * 320 + 315) * 4 + 3], 0, 'transparent away from the notes');

    // The result arrives; Compare opens side by side with the notes between original and result.
    const result = await encodeWithSharp(gradientRgba(320, 240), 'png');
    await s.fromHost({
      type: 'imageSaved',
      jobId: edit.body.jobId,
      result: {
        id: 'r1',
        image: { kind: 'bytes', bytes: new Uint8Array(result), mimeType: 'image/png' },
        relativePath: 'images/door-red.png',
        fileName: 'door-red.png',
        prompt: 'paint the circled door red',
        model: 'gpt-image-2.6-flare',
        index: 0,
        hasSidecar: true,
        kind: 'edit',
      },
    });
    await s.fromHost({ type: 'jobFinished', jobId: edit.body.jobId, saved: 1, failures: [], warnings: [], cancelled: false });
    await s.page.click('#gallery li[data-result-id="r1"] [data-action="more"]');
    await s.page.click('#gallery li[data-result-id="r1"] [data-action="compare"]');
    const ask = await s.nextPosted('imageBytes');
    await s.page.evaluate(
      ({ inReplyTo, b64 }) => {
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        (window as unknown as { __fromHost(b: unknown, r?: number): void }).__fromHost(
          { type: 'imageBytes', resultId: 'r1', bytes, mimeType: 'image/png' },
          inReplyTo,
        );
      },
      { inReplyTo: ask.messageId, b64: result.toString('base64') },
    );
    await s.page.waitForSelector('dialog#compare[open] .compare-side');
    assert.equal(await s.page.isChecked('#compare-side'), true, 'side by side first, where the notes show');
    assert.deepEqual(await s.page.$$eval('dialog#compare figcaption', (f) => f.map((x) => x.textContent)), [
      'Original',
      'Your notes',
      'Result',
    ]);
    assert.equal(await s.page.getByRole('img', { name: 'Your notes over the original' }).count(), 1);
    await s.page.waitForFunction(() => [...document.querySelectorAll('dialog#compare img')].every((i) => (i as HTMLImageElement).complete));
    await s.screenshot('studio-annotate-compare');
  });

  it('the estimate changes with complexity and names it', async () => {
    s = await openStudioPage();
    await started(s);
    await s.page.selectOption('#model', 'gpt-image-2.6-flare');
    await s.page.selectOption('#quality', 'low');
    await s.page.selectOption('#size', '1024x1024');
    await s.page.selectOption('#complexity', 'low');
    await s.page.waitForFunction(() => /complexity low/.test(document.getElementById('estimate')?.textContent ?? ''));
    const low = (await s.page.textContent('#estimate')) ?? '';
    assert.match(low, /Estimated cost: \$0\.033–\$0\.044 for 1 image, complexity low ×3–4 \(docs\.laozhang\.ai/);
    await s.page.selectOption('#complexity', 'high');
    await s.page.waitForFunction(() => /complexity high/.test(document.getElementById('estimate')?.textContent ?? ''));
    assert.match((await s.page.textContent('#estimate')) ?? '', /Estimated cost: \$0\.011 for 1 image, complexity high ×1/);
  });

  for (const width of [600, 1400]) {
    for (const theme of ['dark', 'light'] as const) {
      it(`screenshot of annotating at ${width} px, ${theme}`, async () => {
        s = await openStudioPage({}, { width, height: 1000 });
        await started(s);
        await s.theme(theme);
        await openEdit(s, view('in-s', 'storefront.png', png));
        await s.page.selectOption('#model', 'gpt-image-2.6-sunburst');
        await s.page.check('#mask-source-annotate');
        await annotate(s);
        await s.page.fill('#prompt', 'Paint the circled door red; keep everything else as it is');
        await s.page.focus('.markup-painter__stage');
        const overflow = await s.page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
        assert.ok(overflow <= 0, `no horizontal scrolling (${overflow} px too wide)`);
        const path = await s.screenshot(`h24-annotate-${width}-${theme}`);
        console.log(`      ${path}`);
      });
    }
  }
});
