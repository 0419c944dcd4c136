import assert from 'node:assert/strict';
import { inspectImage } from '../../src/core/image/imageHeader';
import { decodePngRgba } from '../support/png';
import { encodeWithSharp, gradientRgba, noiseRgba } from '../fixtures/pixelPatterns';
import { openHarnessPage, type HarnessPage } from './support/browserHarness';
import { labCall } from './support/labCall';

describe('prepareImage in Chromium (strict CSP)', function () {
  this.timeout(120000);
  let h: HarnessPage;
  let jpeg: Buffer;
  let png: Buffer;

  before(async () => {
    const content = gradientRgba(2048, 1536);
    jpeg = await encodeWithSharp(content, 'jpeg', { quality: 90 });
    png = await encodeWithSharp(content, 'png');
    h = await openHarnessPage({ entry: 'test/browser/pageScripts/imageLab.ts', css: ['media/maskPainter.css'] });
  });

  after(async () => {
    assert.deepEqual(h.problems(), [], 'no console errors, page errors or CSP violations');
    assert.deepEqual(h.blockedRequests, []);
    await h.close();
  });

  for (const kind of ['jpeg', 'png'] as const) {
    it(`turns a 2048x1536 ${kind.toUpperCase()} into a square 1024x1024 RGBA PNG by center crop`, async () => {
      const input = kind === 'jpeg' ? jpeg : png;
      const r = await labCall(h.page, 'prepare', input, `image/${kind}`, {
        square: 'crop',
        sizes: [256, 512, 1024],
        maxBytes: 4 * 1024 * 1024,
      });
      const info = inspectImage(r.bytes);
      assert.deepEqual([info.format, info.pngColorType, info.bitDepth, info.width, info.height], ['png', 6, 8, 1024, 1024]);
      assert.deepEqual([r.width, r.height], [1024, 1024]);
      assert.deepEqual(
        r.steps.map((s) => s.code),
        ['decoded', 'cropped', 'resized', 'encoded'],
      );
      assert.ok(r.bytes.length <= 4 * 1024 * 1024);
      // The crop is the centre: the gradient's red channel (x) spans 256..1792 of 2048 → about 32..223.
      const out = decodePngRgba(r.bytes);
      const red = (x: number) => out.data[(512 * 1024 + x) * 4]!;
      assert.ok(Math.abs(red(0) - 32) <= 8 && Math.abs(red(1023) - 223) <= 8, `edges ${red(0)} ${red(1023)}`);
      assert.ok(
        out.data.every((v, i) => i % 4 !== 3 || v === 255),
        'opaque input stays opaque',
      );
    });
  }

  it('pads to a square with transparent borders when asked', async () => {
    const r = await labCall(h.page, 'prepare', jpeg, 'image/jpeg', { square: 'pad', sizes: [512], maxBytes: 4e6 });
    assert.deepEqual([r.width, r.height], [512, 512]);
    assert.ok(r.steps.some((s) => s.code === 'padded'));
    const out = decodePngRgba(r.bytes);
    assert.equal(out.data[3], 0, 'top-left corner is padding');
    assert.equal(out.data[(256 * 512 + 256) * 4 + 3], 255, 'centre is image');
  });

  it('keeps the aspect ratio when no square is needed and caps the longest side', async () => {
    const r = await labCall(h.page, 'prepare', png, 'image/png', { maxSide: 1536, maxBytes: 50e6 });
    assert.deepEqual([r.width, r.height], [1536, 1152]);
  });

  it('steps the size down when the PNG is over the byte limit, and ends under it', async () => {
    const noise = await encodeWithSharp(noiseRgba(1024, 1024, 7), 'png');
    const limit = 1_500_000; // noise does not compress: 1024² is ~4 MB, 768² ~2.3 MB, 512² ~1 MB
    const r = await labCall(h.page, 'prepare', noise, 'image/png', { maxBytes: limit });
    assert.ok(r.bytes.length <= limit, `${r.bytes.length} bytes`);
    assert.deepEqual([r.width, r.height], [512, 512]);
    assert.deepEqual(r.steps.filter((s) => s.code === 'steppedDown').length, 2);
    assert.equal(r.timing.attempts, 3);
    const info = inspectImage(r.bytes);
    assert.deepEqual([info.width, info.height, info.pngColorType], [512, 512, 6]);
  });

  it('refuses with a typed error when even the smallest size is too big', async () => {
    const noise = await encodeWithSharp(noiseRgba(512, 512, 3), 'png');
    const error = await labCall(h.page, 'prepare', noise, 'image/png', { maxBytes: 10_000, minSide: 256 }).then(
      () => undefined,
      (e: Error) => e,
    );
    assert.match(String(error?.message), /smallest allowed size/);
  });
});
