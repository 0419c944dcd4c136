// What the Studio says and shows (issue 26), in the real bundle in Chromium: the cost figure counts
// exactly the results the filter shows, the output folder is a real folder or a plain sentence,
// the checkerboard behind transparent images keeps visible contrast on dark and light themes, and
// a prompt over the model's limit is flagged before sending and stays in the box when refused.
import assert from 'node:assert/strict';
import type { InitMessage, ResultView } from '../../src/shared/protocol';
import { encodeWithSharp, transparentSubjectRgba } from '../fixtures/pixelPatterns';
import { decodePngRgba } from '../support/png';
import { openStudioPage, type StudioPage } from './support/studioPage';
import { SCENE_MODELS } from './support/studioScenes';

async function started(s: StudioPage, results: ResultView[] = [], extra: Partial<InitMessage> = {}): Promise<void> {
  const ready = await s.nextPosted('ready');
  const defaults = { model: 'gpt-image-2', size: 'auto', quality: 'auto', n: 1, background: 'auto', outputFormat: 'png' } as const;
  await s.fromHost({ type: 'init', models: SCENE_MODELS, defaults, results, ...extra }, ready.messageId);
  await s.page.waitForSelector('#model');
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

const text = (s: StudioPage, selector: string) => s.page.textContent(selector).then((t) => t ?? '');

describe('Studio words and tones (issue 26) in Chromium', function () {
  this.timeout(90000);
  let s: StudioPage;
  let png: Buffer;
  const files: Record<string, { body: Buffer; type: string }> = {};

  before(async () => {
    png = await encodeWithSharp(transparentSubjectRgba(96, 96), 'png');
    for (let i = 0; i < 7; i++) files[`/images/r${i}.png`] = { body: png, type: 'image/png' };
  });
  afterEach(async () => {
    const problems = s.problems();
    await s.close();
    assert.deepEqual(problems, [], 'no CSP violations, console errors or outside requests');
  });

  it('counts in the cost header exactly the results the filter shows, and says so', async () => {
    s = await openStudioPage(files);
    const results = [0, 1, 2, 3, 4, 5, 6].map((i) =>
      result(`r${i}`, `${s.baseUrl}/images/r${i}.png`, {
        requestId: `req_${i}`,
        costUsd: i < 2 ? 0.02 : 0.011,
        ...(i < 2 ? { prompt: 'A red fox in snow' } : {}),
      }),
    );
    await started(s, results);
    assert.equal(await text(s, '#total'), '≈ $0.095 for 7 requests shown (estimate from usage)');
    await s.page.fill('#filter-text', 'fox');
    await s.page.waitForFunction(() => document.querySelectorAll('#gallery li.card:not([hidden])').length === 2);
    assert.equal(await text(s, '#total'), '≈ $0.04 for the 2 requests the filter shows (estimate from usage)');
    await s.page.fill('#filter-text', '');
    assert.equal(await text(s, '#total'), '≈ $0.095 for 7 requests shown (estimate from usage)');
  });

  it('names the real output folder, or says in a plain sentence that there is none', async () => {
    s = await openStudioPage(files);
    await started(s, [], { outputFolder: 'art/generated' });
    assert.equal(await text(s, '#output-folder-line'), 'Saving to art/generated/');
    assert.equal(await text(s, '#output-folder-line code'), 'art/generated/');
    await s.fromHost({ type: 'outputFolder' });
    assert.equal(await text(s, '#output-folder-line'), 'No folder is open: open one to save images.');
    assert.equal(await s.page.locator('#output-folder-line code').count(), 0, 'no code formatting for a sentence');
  });

  it('draws the checkerboard behind transparent images in two tones apart on dark and light themes', async () => {
    s = await openStudioPage(files);
    await started(s, [result('r0', `${s.baseUrl}/images/r0.png`)]);
    await s.page.waitForFunction(() => document.querySelector<HTMLImageElement>('#gallery li img')?.complete);
    for (const theme of ['dark', 'light'] as const) {
      await s.theme(theme);
      // A corner of the frame, where the transparent subject's image shows the board alone.
      const box = (await s.page.locator('#gallery li .frame').first().boundingBox())!;
      const shot = decodePngRgba(await s.page.screenshot({ clip: { x: box.x, y: box.y, width: 16, height: 16 } }));
      const lum = (x: number, y: number) => {
        const p = (y * shot.width + x) * 4;
        return 0.2126 * shot.data[p]! + 0.7152 * shot.data[p + 1]! + 0.0722 * shot.data[p + 2]!;
      };
      const tones = [lum(5, 5), lum(13, 5)];
      assert.ok(Math.abs(tones[0]! - tones[1]!) >= 25, `${theme}: the two squares ${tones.map(Math.round)} differ enough to see`);
      await s.screenshot(`studio-checkerboard-${theme}`);
    }
  });

  it('flags a prompt over the model’s limit before sending, and keeps it in the box when refused', async () => {
    s = await openStudioPage(files);
    await started(s);
    await s.page.selectOption('#model', 'dall-e-2');
    const long = 'a lighthouse '.repeat(80).trim();
    await s.page.fill('#prompt', long);
    assert.equal(
      await text(s, '#prompt-count'),
      `${long.length.toLocaleString('en-US')} / 1,000 characters: ${long.length - 1000} too many for this model`,
    );
    assert.equal(await s.page.getAttribute('#prompt', 'aria-invalid'), 'true');
    await s.page.click('#generate');
    await s.page.waitForFunction(() => /accepts 1000/.test(document.getElementById('status')?.textContent ?? ''));
    assert.equal((await s.posted()).filter((m) => m.body.type === 'generate').length, 0, 'nothing sent');
    assert.equal(await s.page.inputValue('#prompt'), long, 'the prompt stays');

    // Within the limit it is sent; the model refuses it; the prompt is still there to change.
    const short = 'a lighthouse at dusk, forbidden';
    await s.page.fill('#prompt', short);
    assert.equal(await s.page.getAttribute('#prompt', 'aria-invalid'), 'false');
    await s.page.click('#generate');
    const sent = await s.nextPosted('generate');
    await s.fromHost({
      type: 'jobFinished',
      jobId: sent.body.jobId,
      saved: 0,
      failures: [],
      warnings: [],
      cancelled: false,
      error: 'Your request was rejected by the safety system.',
    });
    await s.page.waitForFunction(() => /safety system/.test(document.getElementById('status')?.textContent ?? ''));
    assert.equal(await s.page.inputValue('#prompt'), short, 'a refusal keeps the prompt');
  });
});
