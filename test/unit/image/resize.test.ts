import assert from 'node:assert/strict';
import { decodePng, encodeRgbaPng, type RgbaImage } from '../../../src/core/image/pngCodec';
import { resizeRgba } from '../../../src/core/image/resize';
import { resizePng } from '../../../src/core/save/postProcess';

function image(width: number, height: number, pixel: (x: number, y: number) => [number, number, number, number]): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * 4);
  return { width, height, data };
}
const at = (img: RgbaImage, x: number, y: number): number[] =>
  Array.from(img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4));

describe('resize (pure-JS Lanczos-3 over straight RGBA)', () => {
  it('makes exactly the asked size with every fit', () => {
    const src = image(300, 200, () => [10, 20, 30, 255]);
    for (const fit of ['cover', 'contain', 'fill'] as const) {
      const out = resizeRgba(src, 64, 48, fit);
      assert.deepEqual([out.width, out.height, out.data.length], [64, 48, 64 * 48 * 4], fit);
    }
    assert.deepEqual(at(resizeRgba(src, 64, 48, 'fill'), 31, 20), [10, 20, 30, 255], 'a flat colour changed');
  });

  it('cover crops the centre, contain pads with transparency, fill stretches', () => {
    // Left third red, middle green, right third blue.
    const src = image(300, 100, (x) => (x < 100 ? [255, 0, 0, 255] : x < 200 ? [0, 255, 0, 255] : [0, 0, 255, 255]));
    const cover = resizeRgba(src, 10, 10, 'cover');
    assert.deepEqual(at(cover, 0, 5), [0, 255, 0, 255], 'cover kept more than the centre');
    assert.deepEqual(at(cover, 9, 5), [0, 255, 0, 255]);
    const contain = resizeRgba(src, 30, 30, 'contain');
    assert.equal(at(contain, 15, 0)[3], 0, 'contain did not pad with transparency');
    assert.deepEqual(at(contain, 15, 15), [0, 255, 0, 255]);
    assert.deepEqual(at(contain, 1, 15), [255, 0, 0, 255]);
    const fill = resizeRgba(src, 3, 3, 'fill');
    // Each third becomes one pixel whose own colour dominates (Lanczos blends a little of its neighbours).
    const dominant = (p: number[]): number => p.slice(0, 3).indexOf(Math.max(...p.slice(0, 3)));
    assert.deepEqual(
      [0, 1, 2].map((x) => dominant(at(fill, x, 1))),
      [0, 1, 2],
    );
  });

  it('averages fine detail instead of aliasing it (1024² one-pixel stripes to 16²)', () => {
    const src = image(1024, 1024, (x) => (x % 2 ? [255, 255, 255, 255] : [0, 0, 0, 255]));
    const out = resizeRgba(src, 16, 16);
    for (let x = 0; x < 16; x++)
      assert.ok(Math.abs(at(out, x, 8)[0]! - 128) <= 2, `pixel ${x} is ${at(out, x, 8)[0]}, not grey: the stripes aliased`);
  });

  it('transparent pixels do not bleed their colour into a sprite’s edge', () => {
    // Opaque white sprite on a transparent *black* background: a straight-alpha average would darken the edge.
    const src = image(64, 64, (x) => (x < 32 ? [255, 255, 255, 255] : [0, 0, 0, 0]));
    const out = resizeRgba(src, 8, 8);
    for (let x = 0; x < 8; x++) {
      const [r, , , a] = at(out, x, 4);
      if (a! > 8) assert.ok(r! >= 250, `edge pixel ${x} darkened to ${r} (alpha ${a})`);
    }
    assert.equal(at(out, 7, 4)[3], 0, 'the far transparent side gained alpha');
  });

  it('nearest copies the source pixel under each output pixel: no new colours, at every fit', () => {
    const src = image(4, 4, (x, y) => [x * 60, y * 60, 7, 255]);
    const half = resizeRgba(src, 2, 2, 'fill', 'nearest');
    // Output pixel centres fall on source pixels 1 and 3.
    assert.deepEqual(at(half, 0, 0), [60, 60, 7, 255]);
    assert.deepEqual(at(half, 1, 1), [180, 180, 7, 255]);
    const up = resizeRgba(src, 12, 6, 'cover', 'nearest');
    const colours = new Set<string>();
    for (let p = 0; p < 12 * 6; p++) colours.add(at(up, p % 12, Math.floor(p / 12)).join());
    assert.ok(
      [...colours].every((c) => /^(0|60|120|180),(0|60|120|180),7,255$/.test(c)),
      [...colours].join(' '),
    );
  });

  it('a large reduction (box shrink, then the kernel) matches the exact area average of blocks', () => {
    // 256² of 16×16 blocks, each one flat colour: a 16× reduction must give each block's colour.
    const src = image(256, 256, (x, y) => [(x >> 4) * 16, (y >> 4) * 16, ((x >> 4) + (y >> 4)) * 8, 255]);
    const out = resizeRgba(src, 16, 16, 'fill');
    for (let y = 0; y < 16; y += 5)
      for (let x = 0; x < 16; x += 5) {
        const [r, g, b] = at(out, x, y);
        assert.ok(
          Math.abs(r! - x * 16) <= 3 && Math.abs(g! - y * 16) <= 3 && Math.abs(b! - (x + y) * 8) <= 3,
          `block ${x},${y} is ${r},${g},${b}`,
        );
      }
  });

  it('resizePng re-encodes a PNG at the box and passes through one already that size', async () => {
    const png = await encodeRgbaPng(image(40, 20, (x, y) => [x * 6, y * 12, 0, 255]));
    const out = await decodePng(await resizePng(png, { width: 16, height: 16, fit: 'cover' }));
    assert.deepEqual([out.width, out.height], [16, 16]);
    assert.equal(await resizePng(png, { width: 40, height: 20, fit: 'fill' }), png);
    assert.throws(
      () =>
        resizeRgba(
          image(2, 2, () => [0, 0, 0, 0]),
          0,
          4,
        ),
      RangeError,
    );
  });
});
