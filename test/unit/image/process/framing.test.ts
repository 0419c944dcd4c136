// Trim, pad, outline and the resize step: sizes, where the pixels land, and the edge cases (a
// fully transparent image, 1×1, padding past the size limit).
import assert from 'node:assert/strict';
import { outline } from '../../../../src/core/image/process/outline';
import { isProcessError } from '../../../../src/core/image/process/processTypes';
import { resizeStep } from '../../../../src/core/image/process/resizeStep';
import { pad, trim } from '../../../../src/core/image/process/trimAndPad';
import { pixelAt, solidRgba } from '../../../fixtures/spritePatterns';
import type { RgbaImage } from '../../../support/png';

/** A transparent canvas with an opaque red w×h box at (x, y). */
function boxOn(width: number, height: number, box: { x: number; y: number; w: number; h: number }, alpha = 255): RgbaImage {
  const image = solidRgba(width, height, [0, 0, 0, 0]);
  for (let y = box.y; y < box.y + box.h; y++)
    for (let x = box.x; x < box.x + box.w; x++) image.data.set([200, 0, 0, alpha], (y * width + x) * 4);
  return image;
}

describe('process: trim, pad, outline, resize', () => {
  it('trim crops to the visible box and records where it was', () => {
    const { image, record } = trim(boxOn(20, 10, { x: 3, y: 2, w: 5, h: 4 }), { op: 'trim', threshold: 0 });
    assert.deepEqual([image.width, image.height], [5, 4]);
    assert.ok(image.data.every((v, i) => (i % 4 === 3 ? v === 255 : true)));
    assert.deepEqual(record, { step: 'trim', threshold: 0, from: '20x10', to: '5x4', x: 3, y: 2 });
  });

  it('trim’s threshold ignores faint pixels; nothing visible leaves the image as it is', () => {
    const faint = boxOn(10, 10, { x: 0, y: 0, w: 10, h: 10 }, 10);
    faint.data.set([1, 2, 3, 255], (5 * 10 + 6) * 4);
    assert.deepEqual(
      [trim(faint, { op: 'trim', threshold: 16 }).image.width, trim(faint, { op: 'trim', threshold: 16 }).image.height],
      [1, 1],
    );
    const clear = trim(solidRgba(6, 4, [0, 0, 0, 0]), { op: 'trim', threshold: 0 });
    assert.deepEqual([clear.image.width, clear.image.height, clear.record.skipped], [6, 4, 'nothing visible']);
    const one = trim(solidRgba(1, 1, [9, 9, 9, 255]), { op: 'trim', threshold: 0 });
    assert.deepEqual([one.image.width, one.image.height], [1, 1]);
  });

  it('pad adds a transparent margin by default, or a colour', () => {
    const clear = pad(solidRgba(2, 3, [5, 6, 7, 255]), { op: 'pad', px: 2, color: [0, 0, 0, 0] });
    assert.deepEqual([clear.image.width, clear.image.height], [6, 7]);
    assert.deepEqual(pixelAt(clear.image, 0, 0), [0, 0, 0, 0]);
    assert.deepEqual(pixelAt(clear.image, 2, 2), [5, 6, 7, 255]);
    assert.deepEqual(pixelAt(clear.image, 3, 4), [5, 6, 7, 255]);
    assert.deepEqual(pixelAt(clear.image, 4, 2), [0, 0, 0, 0]);
    const white = pad(solidRgba(1, 1, [5, 6, 7, 255]), { op: 'pad', px: 1, color: [255, 255, 255, 255] });
    assert.deepEqual(pixelAt(white.image, 2, 2), [255, 255, 255, 255]);
    assert.equal(white.record.color, '#ffffff');
  });

  it('pad refuses to grow an image past the size limit', () => {
    assert.throws(
      () => pad(solidRgba(8000, 1, [0, 0, 0, 255]), { op: 'pad', px: 200, color: [0, 0, 0, 0] }),
      (e: unknown) => isProcessError(e) && e.code === 'too_large' && /8400x401/.test(e.message),
    );
  });

  it('outline draws px wide outside the shape, under it, and leaves the shape alone', () => {
    const image = boxOn(20, 20, { x: 8, y: 8, w: 4, h: 4 });
    const { image: out, record } = outline(image, { op: 'outline', px: 2, color: [0, 0, 255, 255] });
    assert.deepEqual([out.width, out.height], [20, 20]);
    assert.deepEqual(pixelAt(out, 9, 9), [200, 0, 0, 255], 'the shape changed');
    assert.deepEqual(pixelAt(out, 7, 9), [0, 0, 255, 255], '1 px out is not outline');
    assert.deepEqual(pixelAt(out, 6, 9), [0, 0, 255, 255], '2 px out is not outline');
    assert.deepEqual(pixelAt(out, 4, 9), [0, 0, 0, 0], '4 px out is drawn');
    assert.deepEqual(pixelAt(out, 0, 0), [0, 0, 0, 0]);
    assert.equal(record.color, '#0000ff');
    assert.ok((record.drawn as number) > 30);
    // Nothing visible: nothing to outline.
    assert.equal(outline(solidRgba(5, 5, [0, 0, 0, 0]), { op: 'outline', px: 1, color: [0, 0, 0, 255] }).record.drawn, 0);
  });

  it('resize with nearest keeps only the source’s colours; lanczos3 blends them', () => {
    const checker = solidRgba(8, 8, [0, 0, 0, 255]);
    for (let p = 0; p < 64; p++) if (((p % 8) + (p >> 3)) % 2) checker.data.set([255, 255, 255, 255], p * 4);
    const sharp = resizeStep(checker, { op: 'resize', width: 24, height: 24, fit: 'fill', kernel: 'nearest' });
    const values = new Set(sharp.image.data);
    assert.deepEqual(
      [...values].sort((a, b) => a - b),
      [0, 255],
    );
    assert.deepEqual(pixelAt(sharp.image, 0, 0), [0, 0, 0, 255]);
    assert.deepEqual(pixelAt(sharp.image, 3, 0), [255, 255, 255, 255], 'each source pixel should become a 3×3 block');
    assert.deepEqual(sharp.record, { step: 'resize', from: '8x8', to: '24x24', fit: 'fill', kernel: 'nearest' });
    const smooth = resizeStep(checker, { op: 'resize', width: 3, height: 3, fit: 'fill', kernel: 'lanczos3' });
    assert.ok(smooth.image.data.some((v) => v > 0 && v < 255));
  });
});
