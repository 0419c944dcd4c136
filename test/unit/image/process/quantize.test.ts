// Fewer colours: at most N with median cut (alpha included), exactly the palette file's colours
// with a palette, and the palette file's own rules.
import assert from 'node:assert/strict';
import { loadPalettes, parseHexPalette } from '../../../../src/core/image/process/hexPalette';
import { isProcessError } from '../../../../src/core/image/process/processTypes';
import { countColours, quantizeColours, snapToPalette } from '../../../../src/core/image/process/quantize';
import { gradientRgba, noiseRgba } from '../../../fixtures/pixelPatterns';
import { keyedSpriteRgba, pixelAt, solidRgba } from '../../../fixtures/spritePatterns';
import { removeBackground } from '../../../../src/core/image/process/removeBackground';

/** Mean absolute RGB error of the visible pixels. */
function meanError(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  let n = 0;
  for (let o = 0; o < a.length; o += 4) {
    if (b[o + 3] === 0) continue;
    sum += Math.abs(a[o]! - b[o]!) + Math.abs(a[o + 1]! - b[o + 1]!) + Math.abs(a[o + 2]! - b[o + 2]!);
    n += 3;
  }
  return sum / n;
}

describe('process: quantize', () => {
  it('reduces a gradient to at most N colours and stays close to it', () => {
    const source = gradientRgba(64, 64);
    assert.ok(countColours(source) > 1000);
    for (const n of [2, 16, 64]) {
      const { image, record } = quantizeColours({ ...source, data: new Uint8Array(source.data) }, { op: 'quantize', colors: n });
      assert.ok(countColours(image) <= n, `${countColours(image)} colours for ${n}`);
      assert.equal(record.used, countColours(image));
      // The gradient carries ±8 of noise, so a few levels of error remain at any palette size.
      if (n === 64) assert.ok(meanError(image.data, source.data) < 8, `mean error ${meanError(image.data, source.data)}`);
    }
  });

  it('counts alpha: a keyed sprite with soft edges still ends with at most N colours, RGBA', () => {
    const sprite = removeBackground(keyedSpriteRgba(96, 96), { op: 'removeBackground', color: 'auto', tolerance: 48 }).image;
    const { image } = quantizeColours(sprite, { op: 'quantize', colors: 8 });
    assert.ok(countColours(image) <= 8);
    assert.deepEqual(pixelAt(image, 0, 0), [0, 0, 0, 0], 'transparent pixels must stay transparent');
  });

  it('an image with few colours is kept exactly; transparent pixels become 0,0,0,0', () => {
    const image = solidRgba(4, 4, [10, 20, 30, 255]);
    image.data.set([99, 98, 97, 0], 0);
    image.data.set([1, 2, 3, 255], 4);
    const { image: out } = quantizeColours(image, { op: 'quantize', colors: 2 });
    assert.deepEqual(pixelAt(out, 0, 0), [0, 0, 0, 0]);
    assert.deepEqual(pixelAt(out, 1, 0), [1, 2, 3, 255]);
    assert.deepEqual(pixelAt(out, 2, 0), [10, 20, 30, 255]);
    assert.equal(quantizeColours(solidRgba(3, 3, [0, 0, 0, 0]), { op: 'quantize', colors: 4 }).record.used, 0);
  });

  it('a palette snaps every visible pixel to exactly those colours and keeps alpha', () => {
    const palette: Array<[number, number, number]> = [
      [0, 0, 0],
      [255, 255, 255],
      [200, 30, 30],
    ];
    const source = noiseRgba(32, 32, 9, 180);
    const { image, record } = snapToPalette(source, { op: 'quantize', palette: 'p.hex', paletteColors: palette });
    for (let o = 0; o < image.data.length; o += 4) {
      const rgb = [image.data[o], image.data[o + 1], image.data[o + 2]];
      assert.ok(
        palette.some((c) => c.every((v, i) => v === rgb[i])),
        `pixel ${o / 4} is ${rgb}, not a palette colour`,
      );
      assert.equal(image.data[o + 3], 180);
    }
    assert.deepEqual([record.paletteColors, record.palette], [3, 'p.hex']);
  });
});

describe('process: .hex palette files', () => {
  it('reads RRGGBB lines with or without #, skipping blanks, comments, CRLF and a BOM', () => {
    const text = '\uFEFF; my palette\r\n1a2b3c\r\n\r\n#FFFFFF\n// note\n000000\n';
    assert.deepEqual(parseHexPalette(text, 'art/p.hex'), [
      [0x1a, 0x2b, 0x3c],
      [255, 255, 255],
      [0, 0, 0],
    ]);
  });

  it('names the file and line of a bad colour; refuses an empty or oversized palette', () => {
    const bad = (text: string, pattern: RegExp) =>
      assert.throws(
        () => parseHexPalette(text, 'art/p.hex'),
        (e: unknown) => isProcessError(e) && e.code === 'palette_invalid' && pattern.test(e.message),
      );
    bad('ffffff\nnot-a-colour\n', /art\/p\.hex line 2: "not-a-colour"/);
    bad('fff\n', /line 1/);
    bad('\n; nothing\n', /lists no colours/);
    bad(Array.from({ length: 257 }, (_, i) => i.toString(16).padStart(6, '0')).join('\n'), /257 colours/);
  });

  it('loadPalettes reads each palette step’s file and reports a missing one', async () => {
    const steps = [
      { op: 'trim' as const, threshold: 0 },
      { op: 'quantize' as const, palette: 'p.hex' },
    ];
    const ready = await loadPalettes(steps, async (path) => (path === 'p.hex' ? '000000\nffffff' : undefined));
    assert.deepEqual(ready[1], {
      op: 'quantize',
      palette: 'p.hex',
      paletteColors: [
        [0, 0, 0],
        [255, 255, 255],
      ],
    });
    await assert.rejects(
      loadPalettes([{ op: 'quantize', palette: 'gone.hex' }], async () => undefined),
      (e: unknown) => isProcessError(e) && e.code === 'palette_missing' && /gone\.hex/.test(e.message),
    );
  });
});
