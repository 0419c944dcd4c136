import assert from 'node:assert/strict';
import sharp from 'sharp';
import { decodePngRgba, encodePngSpec } from '../support/png';
import {
  checkerboardRgba,
  decodeWithSharp,
  encodeWithSharp,
  gradientRgba,
  noiseRgba,
  transparentSubjectRgba,
} from '../fixtures/pixelPatterns';
import { openHarnessPage, type HarnessPage } from './support/browserHarness';
import { labCall } from './support/labCall';

const S = 256;
/** The edit area of the test mask: a disc of radius 60 around (100, 120). */
const inMask = (x: number, y: number) => (x - 100) ** 2 + (y - 120) ** 2 <= 3600;

describe('compositeThroughMask and verifyTransparency in Chromium', function () {
  this.timeout(120000);
  let h: HarnessPage;

  before(async () => {
    h = await openHarnessPage({ entry: 'test/browser/pageScripts/imageLab.ts' });
  });

  after(async () => {
    assert.deepEqual(h.problems(), []);
    await h.close();
  });

  it('keeps every pixel outside the mask byte-identical to the original and takes the result inside', async () => {
    const original = await encodeWithSharp(noiseRgba(S, S, 11), 'png');
    const result = await encodeWithSharp(gradientRgba(S, S, 12), 'png');
    const mask = encodePngSpec({
      width: S,
      height: S,
      colorType: 6,
      bitDepth: 8,
      sample: (x, y, c) => (c === 3 ? (inMask(x, y) ? 0 : 255) : 0),
    });
    const out = decodePngRgba(await labCall(h.page, 'composite', original, result, mask));
    const o = await decodeWithSharp(original);
    const r = await decodeWithSharp(result);
    let inside = 0;
    for (let y = 0; y < S; y++) {
      for (let x = 0; x < S; x++) {
        const i = (y * S + x) * 4;
        const want = inMask(x, y) ? r.data : o.data;
        if (inMask(x, y)) inside++;
        for (let c = 0; c < 4; c++) assert.equal(out.data[i + c], want[i + c], `pixel (${x}, ${y}) channel ${c}`);
      }
    }
    assert.ok(inside > 10000);
  });

  it('scales a result of another size to the original and still protects the outside exactly', async () => {
    const original = await encodeWithSharp(noiseRgba(S, S, 21), 'png');
    const result = await encodeWithSharp(gradientRgba(S * 2, S * 2), 'png');
    const mask = encodePngSpec({
      width: S,
      height: S,
      colorType: 6,
      bitDepth: 8,
      sample: (x, y, c) => (c === 3 ? (inMask(x, y) ? 0 : 255) : 0),
    });
    const out = decodePngRgba(await labCall(h.page, 'composite', original, result, mask));
    const o = await decodeWithSharp(original);
    assert.deepEqual([out.width, out.height], [S, S]);
    for (let p = 0; p < S * S; p++) {
      if (inMask(p % S, Math.floor(p / S))) continue;
      assert.deepEqual([...out.data.subarray(p * 4, p * 4 + 4)], [...o.data.subarray(p * 4, p * 4 + 4)], `pixel ${p}`);
    }
  });

  it('refuses a mask whose size differs from the original', async () => {
    const original = await encodeWithSharp(noiseRgba(S, S), 'png');
    const mask = encodePngSpec({ width: 64, height: 64, colorType: 6, bitDepth: 8 });
    const error = await labCall(h.page, 'composite', original, original, mask).then(
      () => undefined,
      (e: Error) => e,
    );
    assert.match(String(error?.message), /must match/);
  });

  it('tells a real transparent PNG from an opaque painted checkerboard', async () => {
    const transparent = await labCall(h.page, 'verifyTransparency', await encodeWithSharp(transparentSubjectRgba(512, 512), 'png'));
    assert.equal(transparent.hasAlphaChannel, true);
    assert.ok(transparent.transparentPixelRatio > 0.6, String(transparent.transparentPixelRatio));
    assert.equal(transparent.looksLikeCheckerboard, false);

    const board = await sharp(checkerboardRgba(512, 512).data, { raw: { width: 512, height: 512, channels: 4 } })
      .removeAlpha()
      .png()
      .toBuffer();
    const painted = await labCall(h.page, 'verifyTransparency', board);
    assert.deepEqual([painted.hasAlphaChannel, painted.transparentPixelRatio, painted.looksLikeCheckerboard], [false, 0, true]);

    // As a model would return it: JPEG artifacts and another cell size.
    const jpegBoard = await encodeWithSharp(checkerboardRgba(1024, 1024, 24), 'jpeg', { quality: 75 });
    assert.equal((await labCall(h.page, 'verifyTransparency', jpegBoard)).looksLikeCheckerboard, true);
  });

  it('does not call photos, noise or stripes a checkerboard', async () => {
    const stripes = { width: 512, height: 512, data: Buffer.alloc(512 * 512 * 4) };
    for (let p = 0; p < 512 * 512; p++) stripes.data.set(Math.floor(p / 512 / 16) % 2 ? [255, 255, 255, 255] : [204, 204, 204, 255], p * 4);
    for (const [name, raw] of [
      ['gradient', gradientRgba(512, 512)],
      ['noise', noiseRgba(512, 512, 5)],
      ['stripes', stripes],
    ] as const) {
      const report = await labCall(h.page, 'verifyTransparency', await encodeWithSharp(raw, 'png'));
      assert.equal(report.looksLikeCheckerboard, false, name);
      assert.equal(report.transparentPixelRatio, 0, name);
    }
  });
});
