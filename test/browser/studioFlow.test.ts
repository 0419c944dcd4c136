// What a new user hit in the Studio (issue 14), each in the real bundle in Chromium: focus that
// jumped back into the form, the narrow layout, the variation instruction, the status line, batch
// captions, waiting cards, edit results out of sight, missing files, commands' jobs; and the
// additions: counter, estimate, reuse, copy image, lightbox, compare.
import assert from 'node:assert/strict';
import { inspectImage } from '../../src/core/image/imageHeader';
import { DEFAULT_PRICES } from '../../src/core/pricing';
import { modelOptions } from '../../src/core/models/capabilities';
import { editingRules } from '../../src/host/services/modelInputRules';
import type { EditInputView, InitMessage, ModelChoice, ResultView } from '../../src/shared/protocol';
import { encodeWithSharp, gradientRgba } from '../fixtures/pixelPatterns';
import { TODAY } from '../fixtures/testDay';
import { openStudioPage, type StudioPage } from './support/studioPage';
import { BUILT_IN_MODELS } from '../../src/core/models/modelCatalogue';

const MODELS: ModelChoice[] = BUILT_IN_MODELS.list().map((m) => ({
  ...modelOptions(BUILT_IN_MODELS, m.id, 'generations', 'compatible', TODAY),
  transparentFormats: BUILT_IN_MODELS.capabilities(m.id).transparentFormats,
  editing: editingRules(BUILT_IN_MODELS, m.id, 'compatible', TODAY),
}));

function init(results: ResultView[] = [], extra: Partial<InitMessage> = {}): InitMessage {
  return {
    type: 'init',
    models: MODELS,
    defaults: { model: 'gpt-image-2', size: 'auto', quality: 'auto', n: 1, background: 'auto', outputFormat: 'png' },
    results,
    ...extra,
  };
}

function result(id: string, uri: string, extra: Partial<ResultView> = {}): ResultView {
  return {
    id,
    image: { kind: 'uri', uri },
    relativePath: `images/${id}.png`,
    fileName: `${id}.png`,
    prompt: 'A lighthouse on a cliff at dusk',
    model: 'gpt-image-2',
    index: 0,
    hasSidecar: true,
    ...extra,
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

async function started(s: StudioPage, results: ResultView[] = [], extra: Partial<InitMessage> = {}): Promise<void> {
  const ready = await s.nextPosted('ready');
  await s.fromHost(init(results, extra), ready.messageId);
  await s.page.waitForSelector('#model');
}

async function openEdit(s: StudioPage, inputs: EditInputView[], mode: 'edit' | 'variation' = 'edit'): Promise<void> {
  await s.page.evaluate(
    ({ mode, inputs }) => {
      const decode = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      (window as unknown as { __fromHost(b: unknown): void }).__fromHost({
        type: 'editInputs',
        mode,
        inputs: inputs.map((i) => ({ ...i, bytes: decode(i.bytes) })),
      });
    },
    { mode, inputs: inputs.map((i) => ({ ...i, bytes: Buffer.from(i.bytes).toString('base64') })) },
  );
}

/** Answers a request with bytes (typed arrays do not cross page.evaluate: base64 does). */
async function replyBytes(s: StudioPage, inReplyTo: number, resultId: string, bytes: Buffer): Promise<void> {
  await s.page.evaluate(
    ({ inReplyTo, resultId, b64 }) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      (window as unknown as { __fromHost(b: unknown, r?: number): void }).__fromHost(
        { type: 'imageBytes', resultId, bytes, mimeType: 'image/png' },
        inReplyTo,
      );
    },
    { inReplyTo, resultId, b64: bytes.toString('base64') },
  );
}

const text = (s: StudioPage, selector: string) => s.page.textContent(selector).then((t) => t ?? '');

describe('Studio as a new user meets it (issue 14) in Chromium', function () {
  this.timeout(90000);
  let s: StudioPage;
  let png: Buffer;
  const files: Record<string, { body: Buffer; type: string }> = {};

  before(async () => {
    png = await encodeWithSharp(gradientRgba(96, 96), 'png');
    for (let i = 0; i < 8; i++) files[`/images/r${i}.png`] = { body: png, type: 'image/png' };
  });
  afterEach(async () => {
    const problems = s.problems();
    await s.close();
    assert.deepEqual(problems, [], 'no CSP violations, console errors or outside requests');
  });

  it('keeps focus where the user clicks after typing in Images or Custom size (no keys sent back to the field)', async () => {
    s = await openStudioPage(files);
    await started(s);
    await s.page.click('#n');
    await s.page.keyboard.press('Control+A');
    await s.page.keyboard.type('3');
    await s.page.click('#prompt');
    await s.page.keyboard.type('he');
    await s.page.selectOption('#size', 'custom');
    await s.page.click('#customSize');
    await s.page.keyboard.type('2048x1152');
    await s.page.click('#prompt');
    await s.page.keyboard.type('llo');
    assert.equal(await s.page.inputValue('#prompt'), 'hello', 'the prompt got every key');
    assert.equal(await s.page.inputValue('#customSize'), '2048x1152');
    assert.equal(await s.page.inputValue('#n'), '3');
    assert.equal(await s.page.evaluate(() => document.activeElement?.id), 'prompt');
  });

  it('at 600 px stacks the form above the results and never covers them while scrolling', async () => {
    s = await openStudioPage(files, { width: 600, height: 700 });
    await started(
      s,
      Array.from({ length: 8 }, (_, i) => result(`r${i}`, `${s.baseUrl}/images/r${i}.png`)),
    );
    await s.theme('dark');
    const layout = await s.page.evaluate(() => {
      const composer = document.querySelector('.composer')!.getBoundingClientRect();
      const gallery = document.getElementById('gallery')!.getBoundingClientRect();
      return {
        position: getComputedStyle(document.querySelector('.composer')!).position,
        composerBottom: composer.bottom,
        galleryTop: gallery.top,
        scrollWidth: document.documentElement.scrollWidth,
      };
    });
    assert.equal(layout.position, 'static', 'the stacked form is not sticky');
    assert.ok(layout.galleryTop >= layout.composerBottom, 'the results come below the form');
    assert.ok(layout.scrollWidth <= 600, `no horizontal scrolling (${layout.scrollWidth} px)`);
    // Scroll each card into the middle of the view: what is drawn there must be the card itself.
    for (const id of ['r3', 'r7']) {
      const hit = await s.page.evaluate((id) => {
        const card = document.querySelector<HTMLElement>(`#gallery li[data-result-id="${id}"]`)!;
        card.scrollIntoView({ block: 'center' });
        const r = card.getBoundingClientRect();
        return card.contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2));
      }, id);
      assert.ok(hit, `${id} is visible, not covered by the form`);
    }
  });

  it('gives Variation its own instruction: the edit prompt is not reused silently', async () => {
    s = await openStudioPage(files);
    await started(s);
    const big = await encodeWithSharp(gradientRgba(256, 256), 'png');
    await openEdit(s, [view('in-1', 'scene.png', big, 'image/png')]);
    await s.page.fill('#prompt', 'Add a red kite to the sky');
    await s.page.click('label[for="mode-variation"]');
    assert.equal(await s.page.inputValue('#prompt'), '', 'the variation instruction starts empty');
    assert.equal(await text(s, '#prompt-label'), 'Instruction (optional)');
    await s.page.selectOption('#model', 'dall-e-2');
    await s.page.click('#generate');
    const sent = await s.nextPosted('edit');
    assert.equal(sent.body.params.mode, 'variation');
    assert.equal(sent.body.params.options.prompt, '', 'the edit prompt did not become the instruction');
    await s.fromHost({ type: 'jobFinished', jobId: sent.body.jobId, saved: 0, failures: [], warnings: [], cancelled: true });
    await s.page.click('label[for="mode-edit"]');
    assert.equal(await s.page.inputValue('#prompt'), 'Add a red kite to the sky', 'the edit prompt is back in edit mode');
  });

  it('clears the last job’s status when a new one starts, and errors look unlike successes', async () => {
    s = await openStudioPage(files);
    await started(s);
    await s.theme('dark');
    await s.page.fill('#prompt', 'A fox');
    await s.page.click('#generate');
    const first = await s.nextPosted('generate');
    await s.fromHost({ type: 'jobFinished', jobId: first.body.jobId, saved: 0, failures: [], warnings: [], cancelled: true });
    await s.page.waitForFunction(() => document.getElementById('status')?.textContent?.includes('Cancelled'));
    const count = (await s.posted()).length;
    await s.page.click('#generate');
    const second = await s.nextPosted('generate', count);
    assert.equal(await text(s, '#status'), '', '“Cancelled.” does not stay during the next job');
    await s.fromHost({ type: 'jobFinished', jobId: second.body.jobId, saved: 1, failures: [], warnings: [], cancelled: false });
    await s.page.waitForFunction(() => document.getElementById('status')?.dataset.kind === 'ok');
    const ok = await s.page.evaluate(() => {
      const el = document.getElementById('status')!;
      return { kind: el.dataset.kind, color: getComputedStyle(el).color, edge: getComputedStyle(el).borderLeftColor };
    });
    const third = (await s.posted()).length;
    await s.page.click('#generate');
    const failed = await s.nextPosted('generate', third);
    await s.fromHost({
      type: 'jobFinished',
      jobId: failed.body.jobId,
      saved: 0,
      failures: [],
      warnings: [],
      cancelled: false,
      error: 'The API key was refused.',
    });
    await s.page.waitForFunction(() => document.getElementById('status')?.dataset.kind === 'error');
    const err = await s.page.evaluate(() => {
      const el = document.getElementById('status')!;
      return {
        kind: el.dataset.kind,
        color: getComputedStyle(el).color,
        edge: getComputedStyle(el).borderLeftColor,
        role: el.getAttribute('role'),
        text: el.textContent,
      };
    });
    assert.equal(ok.kind, 'ok');
    assert.equal(err.kind, 'error');
    assert.equal(err.role, 'alert', 'an error is announced');
    assert.match(err.text ?? '', /^✕Error: The API key was refused\./);
    assert.notEqual(err.color, ok.color, 'an error has its own colour');
    assert.notEqual(err.edge, ok.edge, 'and its own edge');
  });

  it('shows waiting cards for every image at once, and batch captions keep their distinct ends', async () => {
    s = await openStudioPage(files);
    await started(s);
    await s.page.fill('#prompt', 'A lighthouse on a cliff at dusk, oil painting, dramatic clouds');
    await s.page.fill('#n', '4');
    await s.page.press('#n', 'Tab');
    await s.page.click('#generate');
    const { body } = await s.nextPosted('generate');
    assert.equal(await s.page.locator('#gallery li.pending').count(), 4, 'four waiting cards before any preview');
    const stem = 'images/a-lighthouse-on-a-cliff-at-dusk-oil-painting-dramatic-20261201-101500';
    for (let i = 0; i < 4; i++) {
      await s.fromHost({
        type: 'imageSaved',
        jobId: body.jobId,
        result: result(`r${i}`, `${s.baseUrl}/images/r${i}.png`, {
          index: i,
          relativePath: `${stem}-${i + 1}.png`,
          fileName: `x-${i + 1}.png`,
        }),
      });
    }
    await s.page.waitForFunction(() => document.querySelectorAll('#gallery li[data-result-id]').length === 4);
    const tails = await s.page.$$eval('#gallery li[data-result-id]', (cards) =>
      cards.map((c) => {
        const tail = c.querySelector<HTMLElement>('.path-tail')!;
        const box = tail.getBoundingClientRect();
        const card = c.getBoundingClientRect();
        return { text: tail.textContent, visible: box.width > 0 && box.right <= card.right + 0.5 };
      }),
    );
    assert.deepEqual(
      tails.map((t) => t.text),
      [1, 2, 3, 4].map((i) => `101500-${i}.png`),
      'the ends (index, extension) stay',
    );
    assert.ok(
      tails.every((t) => t.visible),
      'each end is drawn inside its card',
    );
    assert.equal(await s.page.getAttribute('#gallery li[data-result-id="r0"] .path', 'title'), `${stem}-1.png`);
  });

  it('brings an edit’s first result card into view instead of leaving it below the mask canvas', async () => {
    s = await openStudioPage(files, { width: 1100, height: 700 });
    await started(
      s,
      Array.from({ length: 4 }, (_, i) => result(`r${i}`, `${s.baseUrl}/images/r${i}.png`)),
    );
    const big = await encodeWithSharp(gradientRgba(1024, 1024), 'png');
    await openEdit(s, [view('in-1', 'big.png', big, 'image/png')]);
    await s.page.waitForSelector('.mask-painter__overlay');
    const canvasHeight = await s.page.evaluate(() => document.querySelector('.mask-painter__overlay')!.getBoundingClientRect().height);
    assert.ok(canvasHeight <= 700 * 0.5, `the mask canvas leaves room (${canvasHeight} px of 700)`);
    await s.page.check('#mask-source-none');
    await s.page.fill('#prompt', 'The same scene at night');
    await s.page.click('#generate');
    const sent = await s.nextPosted('edit');
    const inView = await s.page.evaluate((jobId) => {
      const card = document.querySelector<HTMLElement>(`#gallery li[data-job="${jobId}"]`);
      if (!card) return 'no waiting card';
      const r = card.getBoundingClientRect();
      return r.top >= 0 && r.top < innerHeight ? 'in view' : `at ${Math.round(r.top)} px of ${innerHeight}`;
    }, sent.body.jobId);
    assert.equal(inView, 'in view');
  });

  it('marks a card whose file is gone, offering only what still works', async () => {
    s = await openStudioPage(files);
    await started(s, [result('r0', `${s.baseUrl}/images/r0.png`), result('r1', `${s.baseUrl}/images/r1.png`)]);
    await s.fromHost({ type: 'resultsMissing', resultIds: ['r1'] });
    await s.page.waitForSelector('#gallery li.missing[data-result-id="r1"]');
    assert.match(await text(s, '#gallery li[data-result-id="r1"] .frame'), /File missing/);
    assert.equal(await s.page.locator('#gallery li[data-result-id="r1"] img[src]').count(), 0, 'no broken image');
    const actions = await s.page.$$eval('#gallery li[data-result-id="r1"] [role="menuitem"]', (els) =>
      els.map((e) => e.getAttribute('data-action')),
    );
    assert.deepEqual(actions, ['useSettings', 'removeResult']);
    await s.page.click('#gallery li[data-result-id="r1"] [data-action="more"]');
    await s.page.click('#gallery li[data-result-id="r1"] [data-action="removeResult"]');
    const removal = await s.nextPosted('removeResult');
    assert.deepEqual(removal.body, { type: 'removeResult', resultId: 'r1' });
    await s.fromHost(
      { type: 'actionResult', status: 'done', message: 'Removed images/r1.png from the gallery; the file stays in the workspace.' },
      removal.messageId,
    );
    await s.fromHost({ type: 'resultsRemoved', resultIds: ['r1'] });
    await s.page.waitForFunction(() => !document.querySelector('#gallery li[data-result-id="r1"]'));
  });

  it('"Add to Image Assets" on a card asks the host to declare that result, and shows its answer', async () => {
    s = await openStudioPage(files);
    await started(s, [result('r0', `${s.baseUrl}/images/r0.png`)]);
    await s.page.click('#gallery li[data-result-id="r0"] [data-action="more"]');
    const item = s.page.locator('#gallery li[data-result-id="r0"] [data-action="addToAssets"]');
    assert.equal(await item.textContent(), 'Add to Image Assets');
    await item.click();
    const asked = await s.nextPosted('addToAssets');
    assert.deepEqual(asked.body, { type: 'addToAssets', resultId: 'r0' });
    await s.fromHost({ type: 'actionResult', status: 'done', message: 'Added images/r0.png to image-studio.json.' }, asked.messageId);
    await s.page.waitForFunction(() => document.body.textContent?.includes('Added images/r0.png to image-studio.json.'));
  });

  it('names commands’ jobs in the Studio while they run', async () => {
    s = await openStudioPage(files);
    await started(s);
    await s.fromHost({
      type: 'externalJob',
      jobId: 'cmd-1',
      title: 'Image Studio: “a lighthouse…”',
      text: 'Asking gpt-image-2 for 1 image…',
      done: false,
    });
    await s.fromHost({
      type: 'externalJob',
      jobId: 'cmd-2',
      title: 'Image Studio: “a red fox…”',
      text: 'Asking gpt-image-2 for 4 images…',
      done: false,
    });
    await s.page.waitForFunction(() => document.querySelectorAll('#external-jobs li').length === 2);
    assert.deepEqual(await s.page.$$eval('#external-jobs li strong', (els) => els.map((e) => e.textContent)), [
      'Image Studio: “a lighthouse…”',
      'Image Studio: “a red fox…”',
    ]);
    await s.fromHost({ type: 'externalJob', jobId: 'cmd-1', title: 'Image Studio: “a lighthouse…”', text: '', done: true });
    await s.page.waitForFunction(() => document.querySelectorAll('#external-jobs li').length === 1);
    assert.equal(await s.page.textContent('#external-jobs li strong'), 'Image Studio: “a red fox…”');
  });

  it('counts the prompt’s characters and estimates the cost before sending, labelled as an estimate', async () => {
    s = await openStudioPage(files);
    await started(s, [], { prices: DEFAULT_PRICES });
    await s.page.fill('#prompt', 'A fox');
    assert.equal(await text(s, '#prompt-count'), '5 / 32,000 characters');
    await s.page.selectOption('#model', 'gpt-image-1');
    await s.page.selectOption('#quality', 'high');
    await s.page.selectOption('#size', '1024x1024');
    assert.match(await text(s, '#estimate'), /^Estimated cost: \$0\.167 for 1 image\. Prices of 2025-10-06; not a bill\.$/);
    await s.page.fill('#n', '4');
    await s.page.press('#n', 'Tab');
    assert.match(await text(s, '#estimate'), /\$0\.668 for 4 images/);
    await s.page.selectOption('#quality', 'auto');
    assert.match(await text(s, '#estimate'), /\$0\.044–\$0\.668 for 4 images \(auto picks the quality\)/);
    await s.page.selectOption('#model', 'dall-e-2');
    assert.equal(
      await s.page.evaluate(() => document.getElementById('prompt-count')?.textContent),
      '5 / 1,000 characters',
      'the limit follows the model',
    );
  });

  it('shows a running total from the results’ usage, each request once', async () => {
    s = await openStudioPage(files);
    await started(s, [
      result('r0', `${s.baseUrl}/images/r0.png`, { requestId: 'req_a', costUsd: 0.2 }),
      result('r1', `${s.baseUrl}/images/r1.png`, { requestId: 'req_a', costUsd: 0.2, index: 1 }),
      result('r2', `${s.baseUrl}/images/r2.png`, { requestId: 'req_b', costUsd: 0.05 }),
    ]);
    assert.equal(await text(s, '#total'), '≈ $0.25 for 2 requests shown (estimate from usage)');
  });

  it('“Use these settings” and “Regenerate” put a result’s request back into the form', async () => {
    s = await openStudioPage(files);
    await started(s, [result('r0', `${s.baseUrl}/images/r0.png`)]);
    await s.page.click('#gallery [data-action="more"]');
    await s.page.click('#gallery [data-action="useSettings"]');
    const ask = await s.nextPosted('reuse');
    await s.fromHost(
      {
        type: 'reuseSettings',
        resultId: 'r0',
        settings: {
          mode: 'generate',
          prompt: 'A lighthouse, ink',
          model: 'gpt-image-1.5',
          size: '1536x1024',
          quality: 'high',
          n: 2,
          outputFormat: 'webp',
          background: 'opaque',
        },
      },
      ask.messageId,
    );
    await s.page.waitForFunction(() => (document.getElementById('prompt') as HTMLTextAreaElement).value === 'A lighthouse, ink');
    assert.deepEqual(
      await s.page.evaluate(() =>
        ['model', 'size', 'quality', 'n', 'outputFormat', 'background'].map(
          (id) => (document.getElementById(id) as HTMLInputElement).value,
        ),
      ),
      ['gpt-image-1.5', '1536x1024', 'high', '2', 'webp', 'opaque'],
    );
    const count = (await s.posted()).length;
    await s.page.click('#gallery [data-action="more"]');
    await s.page.click('#gallery [data-action="regenerate"]');
    const again = await s.nextPosted('reuse', count);
    await s.fromHost(
      {
        type: 'reuseSettings',
        resultId: 'r0',
        settings: { mode: 'generate', prompt: 'A lighthouse, ink', model: 'gpt-image-2', size: '2048x1152' },
      },
      again.messageId,
    );
    const sent = await s.nextPosted('generate', count);
    assert.equal(sent.body.params.prompt, 'A lighthouse, ink');
    assert.equal(sent.body.params.size, '2048x1152', 'a non-preset size comes back as the typed custom size');
  });

  it('copies the image itself to the clipboard, and shows it at full size in a lightbox', async () => {
    s = await openStudioPage(files);
    await s.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: s.baseUrl });
    await started(s, [result('r0', `${s.baseUrl}/images/r0.png`)]);
    await s.page.click('#gallery [data-action="more"]');
    await s.page.click('#gallery [data-action="copyImage"]');
    const ask = await s.nextPosted('imageBytes');
    await replyBytes(s, ask.messageId, 'r0', png);
    await s.page.waitForFunction(() => document.getElementById('status')?.textContent?.includes('Copied the image'));
    const copied = await s.page.evaluate(async () => {
      const [item] = await navigator.clipboard.read();
      const blob = await item!.getType('image/png');
      const bitmap = await createImageBitmap(blob);
      return { types: item!.types, width: bitmap.width };
    });
    assert.deepEqual(copied, { types: ['image/png'], width: 96 });

    await s.page.click('#gallery [data-action="lightbox"]');
    await s.page.waitForSelector('dialog#lightbox[open] img');
    assert.equal(await s.page.getAttribute('dialog#lightbox img', 'src'), `${s.baseUrl}/images/r0.png`);
    await s.page.keyboard.press('Escape');
    await s.page.waitForFunction(() => !document.querySelector('dialog#lightbox'));
    assert.equal(await s.page.isVisible('#cancel'), false, 'Escape closed the lightbox, nothing else');
  });

  it('compares an edit with its original: slider, side by side, and a heat map of changes outside the mask', async () => {
    const original = await encodeWithSharp(gradientRgba(64, 64), 'png');
    // The result: the original with its left half inverted (the model "changed" pixels outside the mask).
    const rgba = gradientRgba(64, 64);
    for (let y = 0; y < 64; y++)
      for (let x = 0; x < 32; x++) for (let c = 0; c < 3; c++) rgba.data[(y * 64 + x) * 4 + c] = 255 - rgba.data[(y * 64 + x) * 4 + c]!;
    const edited = await encodeWithSharp(rgba, 'png');
    s = await openStudioPage({ ...files, '/images/e0.png': { body: edited, type: 'image/png' } });
    await started(s);
    await openEdit(s, [view('in-1', 'scene.png', original, 'image/png')]);
    await s.page.check('#mask-source-none');
    await s.page.fill('#prompt', 'Invert the left half');
    await s.page.click('#generate');
    const sent = await s.nextPosted('edit');
    await s.fromHost({ type: 'imageSaved', jobId: sent.body.jobId, result: result('e0', `${s.baseUrl}/images/e0.png`, { kind: 'edit' }) });
    await s.fromHost({ type: 'jobFinished', jobId: sent.body.jobId, saved: 1, failures: [], warnings: [], cancelled: false });
    await s.page.click('#gallery li[data-result-id="e0"] [data-action="more"]');
    await s.page.click('#gallery li[data-result-id="e0"] [data-action="compare"]');
    const ask = await s.nextPosted('imageBytes');
    await replyBytes(s, ask.messageId, 'e0', edited);
    await s.page.waitForSelector('dialog#compare[open] #compare-position');
    await s.page.fill('#compare-position', '25');
    assert.match(
      await s.page.evaluate(() => document.querySelector<HTMLElement>('.compare-top')!.style.clipPath),
      /inset\(0(px)? 75% 0(px)? 0(px)?\)/,
    );
    await s.page.check('#compare-side');
    assert.equal(await s.page.locator('.compare-side img').count(), 2);
    await s.page.check('#compare-heat');
    await s.page.waitForFunction(() => document.getElementById('compare-summary')?.dataset.changedShare !== undefined);
    const share = Number(await s.page.evaluate(() => document.getElementById('compare-summary')!.dataset.changedShare));
    assert.ok(share > 45 && share < 55, `about half the pixels changed (${share}%)`);
  });

  it('takes an image dropped from the Explorer as an input (by its URI; the host checks it), and says what to do with bare files', async () => {
    s = await openStudioPage(files);
    await started(s);
    const drop = (data: Record<string, string>, files = false) =>
      s.page.evaluate(
        ({ data, files }) => {
          const dt = new DataTransfer();
          for (const [type, value] of Object.entries(data)) dt.setData(type, value);
          if (files) dt.items.add(new File([new Uint8Array([1, 2, 3])], 'outside.png', { type: 'image/png' }));
          document.body.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
          const over = document.body.classList.contains('drop-target');
          document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
          return over;
        },
        { data, files },
      );
    assert.equal(
      await drop({ 'text/uri-list': '# from the Explorer\r\nfile:///ws/assets/kite.png\r\n' }),
      true,
      'the panel shows it is a drop target',
    );
    const ask = await s.nextPosted('dropInput');
    assert.deepEqual(ask.body, { type: 'dropInput', uri: 'file:///ws/assets/kite.png' });
    const png64 = await encodeWithSharp(gradientRgba(64, 64), 'png');
    await s.page.evaluate(
      ({ inReplyTo, input }) => {
        const bytes = Uint8Array.from(atob(input.bytes), (c) => c.charCodeAt(0));
        (window as unknown as { __fromHost(b: unknown, r?: number): void }).__fromHost(
          { type: 'inputChosen', input: { ...input, bytes } },
          inReplyTo,
        );
      },
      { inReplyTo: ask.messageId, input: { ...view('in-drop', 'kite.png', png64, 'image/png'), bytes: png64.toString('base64') } },
    );
    await s.page.waitForSelector('#edit-inputs li[data-input-id="in-drop"]');
    assert.equal(await s.page.isChecked('#mode-edit'), true, 'Generate switched to Edit');
    const count = (await s.posted()).length;
    await drop({}, true);
    await s.page.waitForFunction(() => document.getElementById('status')?.textContent?.includes('copied into it first'));
    assert.equal((await s.posted()).length, count, 'a bare file is not sent anywhere');
  });
});
