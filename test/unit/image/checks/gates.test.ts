// The acceptance gates on images made by code: each gate passes a good file and fails a bad one
// with its code, what was found and the limit; what cannot be read here is listed, never guessed.
import assert from 'node:assert/strict';
import { checkImageBytes, checkPixels } from '../../../../src/core/image/checks/runChecks';
import { describeChecks, parseChecks } from '../../../../src/core/image/checks/parseChecks';
import { removeBackground } from '../../../../src/core/image/process/removeBackground';
import { encodeRgbaPng, type RgbaImage } from '../../../support/png';
import { encodeWithSharp, gradientRgba, noiseRgba } from '../../../fixtures/pixelPatterns';
import { gradientTileRgba, keyedSpriteRgba, seamlessTileRgba, solidRgba } from '../../../fixtures/spritePatterns';

const GREEN: [number, number, number] = [0, 255, 0];

/** The sprite keyed with a plain threshold, as a naive tool does: its edge keeps a green rim. */
function naivelyKeyed(): RgbaImage {
  const image = keyedSpriteRgba(128, 128);
  const d = image.data;
  for (let o = 0; o < d.length; o += 4) if (Math.hypot(d[o]!, d[o + 1]! - 255, d[o + 2]!) / Math.sqrt(3) <= 48) d.fill(0, o, o + 4);
  return image;
}

/** A red disc on transparency with a one-pixel white rim (a subject cut from a white backdrop). */
function whiteRimmed(): RgbaImage {
  const image = solidRgba(64, 64, [0, 0, 0, 0]);
  for (let y = 0; y < 64; y++)
    for (let x = 0; x < 64; x++) {
      const d = Math.hypot(x - 32, y - 32);
      if (d <= 20) image.data.set(d > 19 ? [250, 250, 250, 255] : [180, 30, 30, 255], (y * 64 + x) * 4);
    }
  return image;
}

describe('acceptance gates', () => {
  it('size: exact width and height', async () => {
    const png = encodeRgbaPng(solidRgba(64, 32, [1, 2, 3, 255]));
    assert.deepEqual((await checkImageBytes(png, { size: { width: 64, height: 32 } })).failures, []);
    assert.deepEqual((await checkImageBytes(png, { size: { width: 64, height: 64 } })).failures, [
      { code: 'size_mismatch', actual: '64x32', limit: '64x64' },
    ]);
  });

  it('alpha: true needs a transparent pixel, false needs every pixel opaque', async () => {
    const opaque = encodeRgbaPng(solidRgba(8, 8, [1, 2, 3, 255]));
    const soft = solidRgba(8, 8, [1, 2, 3, 255]);
    soft.data[3] = 200;
    soft.data[7] = 0;
    assert.deepEqual((await checkImageBytes(opaque, { alpha: true })).failures, [{ code: 'alpha_missing', actual: 0, limit: 1 }]);
    assert.deepEqual((await checkImageBytes(opaque, { alpha: false })).failures, []);
    assert.deepEqual((await checkImageBytes(encodeRgbaPng(soft), { alpha: false })).failures, [
      { code: 'alpha_present', actual: 2, limit: 0 },
    ]);
    assert.deepEqual((await checkImageBytes(encodeRgbaPng(soft), { alpha: true })).failures, []);
  });

  it('maxKB: the file’s bytes, in KB of 1024', async () => {
    const noisy = encodeRgbaPng(noiseRgba(64, 64, 3));
    const kb = Math.round((noisy.length / 1024) * 10) / 10;
    assert.ok(kb > 12);
    assert.deepEqual((await checkImageBytes(noisy, { maxKB: 12 })).failures, [{ code: 'file_too_large', actual: kb, limit: 12 }]);
    assert.deepEqual((await checkImageBytes(noisy, { maxKB: 100 })).failures, []);
  });

  it('maxColors: distinct visible colours; transparent pixels do not count', async () => {
    const image = solidRgba(4, 4, [0, 0, 0, 0]);
    image.data.set([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255], 0);
    assert.deepEqual(checkPixels(image, { maxColors: 3 }), []);
    assert.deepEqual(checkPixels(image, { maxColors: 2 }), [{ code: 'too_many_colors', actual: 3, limit: 2 }]);
    assert.deepEqual(checkPixels(solidRgba(1, 1, [0, 0, 0, 0]), { maxColors: 1 }), []);
  });

  it('tileable: a seamless texture passes, a gradient (dark left, light right) shows its seam', () => {
    assert.deepEqual(checkPixels(seamlessTileRgba(64, 48), { tileable: { maxSeam: 12 } }), []);
    const [failure] = checkPixels(gradientTileRgba(64, 48), { tileable: { maxSeam: 12 } });
    assert.equal(failure?.code, 'seam_visible');
    assert.ok(Number(failure?.actual) > 200, `seam ${failure?.actual}`);
    assert.equal(failure?.limit, 12);
    assert.deepEqual(checkPixels(solidRgba(1, 1, [9, 9, 9, 255]), { tileable: { maxSeam: 0 } }), []);
  });

  it('halo: a plain threshold leaves a green rim; removeBackground does not', () => {
    const halo = { maxPercent: 5, colors: [GREEN] };
    const [failure] = checkPixels(naivelyKeyed(), { halo });
    assert.equal(failure?.code, 'halo');
    assert.ok(Number(failure?.actual) > 20, `only ${failure?.actual} % of the edge fringes`);
    const clean = removeBackground(keyedSpriteRgba(128, 128), { op: 'removeBackground', color: 'auto', tolerance: 48 }).image;
    assert.deepEqual(checkPixels(clean, { halo }), []);
  });

  it('halo: a light rim fails without any key colour; an image without edges passes', () => {
    const [failure] = checkPixels(whiteRimmed(), { halo: { maxPercent: 5, colors: [] } });
    assert.equal(failure?.code, 'halo');
    assert.deepEqual(checkPixels(gradientRgba(32, 32), { halo: { maxPercent: 0, colors: [] } }), []);
    assert.deepEqual(checkPixels(solidRgba(8, 8, [0, 0, 0, 0]), { halo: { maxPercent: 0, colors: [GREEN] } }), []);
  });

  it('several gates fail together, in the order of the list', async () => {
    const png = encodeRgbaPng(noiseRgba(32, 32, 1));
    const { failures } = await checkImageBytes(png, { size: { width: 16, height: 16 }, alpha: true, maxKB: 1, maxColors: 16 });
    assert.deepEqual(
      failures.map((f) => f.code),
      ['file_too_large', 'size_mismatch', 'alpha_missing', 'too_many_colors'],
    );
  });

  it('a JPEG: size from its header, no alpha; the pixel gates are listed as unchecked', async () => {
    const jpeg = await encodeWithSharp(noiseRgba(40, 30), 'jpeg');
    const report = await checkImageBytes(jpeg, { size: { width: 40, height: 30 }, alpha: true, maxColors: 4, tileable: { maxSeam: 12 } });
    assert.deepEqual(report.failures, [{ code: 'alpha_missing', actual: 0, limit: 1 }]);
    assert.deepEqual(
      report.unchecked.map((u) => u.gate),
      ['maxColors', 'tileable'],
    );
    assert.match(report.unchecked[0]!.reason, /Only PNG images .* jpeg/);
    const garbage = await checkImageBytes(new Uint8Array([1, 2, 3, 4]), { size: { width: 1, height: 1 }, maxKB: 1 });
    assert.deepEqual(garbage.failures, []);
    assert.deepEqual(
      garbage.unchecked.map((u) => u.gate),
      ['size'],
    );
  });
});

describe('acceptance gates: parsing `checks`', () => {
  it('reads every gate with its defaults', () => {
    const { checks, problems } = parseChecks({
      size: '64x64',
      alpha: true,
      maxKB: 20,
      maxColors: 16,
      tileable: true,
      halo: { color: '#00ff00' },
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(checks, {
      size: { width: 64, height: 64 },
      alpha: true,
      maxKB: 20,
      maxColors: 16,
      tileable: { maxSeam: 12 },
      halo: { maxPercent: 5, colors: [[0, 255, 0]] },
    });
    assert.deepEqual(describeChecks(checks), {
      size: '64x64',
      alpha: true,
      maxKB: 20,
      maxColors: 16,
      tileable: { maxSeam: 12 },
      halo: { maxPercent: 5, colors: ['#00ff00'] },
    });
    assert.deepEqual(parseChecks({ tileable: { maxSeam: 4 }, halo: true }).checks, {
      tileable: { maxSeam: 4 },
      halo: { maxPercent: 5, colors: [] },
    });
  });

  it('says what is wrong with each bad gate', () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ size: '64' }, /WIDTHxHEIGHT/],
      [{ alpha: 'yes' }, /true \(has transparent pixels\) or false/],
      [{ maxKB: 0 }, /positive number/],
      [{ maxColors: 2.5 }, /whole number/],
      [{ tileable: { maxSeam: -1 } }, /"tileable" is true or/],
      [{ tileable: { seam: 3 } }, /"tileable" is true or/],
      [{ halo: { color: 'green' } }, /"halo" is true or/],
      [{ sharpness: 3 }, /Unknown gate "sharpness"/],
    ];
    for (const [value, message] of cases) {
      const { checks, problems } = parseChecks(value);
      assert.deepEqual(checks, {}, JSON.stringify(value));
      assert.equal(problems[0]?.field, Object.keys(value)[0]);
      assert.match(problems[0]!.message, message);
    }
    assert.match(parseChecks([1]).problems[0]!.message, /must be an object of gates/);
  });
});
