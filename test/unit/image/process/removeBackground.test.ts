// Keying out a flat background: the key found at the corners or named, the hard cut, and the edge
// cleaned so no key-coloured rim is left (a sprite on a dark page must not glow green).
import assert from 'node:assert/strict';
import { cornerColour, removeBackground } from '../../../../src/core/image/process/removeBackground';
import { isProcessError, type RemoveBackgroundStep } from '../../../../src/core/image/process/processTypes';
import type { RgbaImage } from '../../../support/png';
import { noiseRgba } from '../../../fixtures/pixelPatterns';
import { keyedSpriteRgba, pixelAt, solidRgba } from '../../../fixtures/spritePatterns';

const auto: RemoveBackgroundStep = { op: 'removeBackground', color: 'auto', tolerance: 48 };
const green: RemoveBackgroundStep = { op: 'removeBackground', color: [0, 255, 0], tolerance: 48 };

/** Visible pixels (alpha ≥ 32) whose green exceeds their red: the sprite's own colours never do, a green rim does. */
function greenRim(image: RgbaImage): number {
  let tinted = 0;
  for (let o = 0; o < image.data.length; o += 4) if (image.data[o + 3]! >= 32 && image.data[o + 1]! > image.data[o]! + 8) tinted++;
  return tinted;
}

/** A plain threshold, as a naive key does: what the step must do better than. */
function thresholdOnly(image: RgbaImage): RgbaImage {
  const data = new Uint8Array(image.data);
  for (let o = 0; o < data.length; o += 4)
    if (Math.hypot(data[o]!, data[o + 1]! - 255, data[o + 2]!) / Math.sqrt(3) <= 48) data.fill(0, o, o + 4);
  return { ...image, data };
}

describe('process: removeBackground', () => {
  it('finds the flat colour at the corners and makes it transparent', () => {
    const sprite = keyedSpriteRgba(96, 80);
    assert.deepEqual(cornerColour(sprite), [0, 255, 0]);
    const { image, record } = removeBackground(sprite, auto);
    assert.deepEqual(pixelAt(image, 0, 0), [0, 0, 0, 0]);
    assert.deepEqual(pixelAt(image, 95, 79), [0, 0, 0, 0]);
    assert.equal(pixelAt(image, 47, 42)[3], 255, 'the subject’s centre lost its alpha');
    assert.equal(record.color, '#00ff00');
    assert.ok((record.removed as number) > 96 * 80 * 0.5, `removed only ${record.removed}`);
  });

  it('leaves no key-coloured rim: edge pixels become partly transparent with the subject’s colour', () => {
    const sprite = keyedSpriteRgba(128, 128);
    assert.ok(greenRim(thresholdOnly(sprite)) > 20, 'the fixture should halo under a plain threshold');
    const { image, record } = removeBackground(sprite, auto);
    assert.equal(greenRim(image), 0, 'green fringe left on the edge');
    const soft = [...Array(128 * 128).keys()].filter((p) => image.data[p * 4 + 3]! > 0 && image.data[p * 4 + 3]! < 255).length;
    assert.ok(soft > 50, `only ${soft} soft edge pixels`);
    assert.ok((record.softened as number) >= soft);
  });

  it('keys a named colour other than green, and leaves other colours alone', () => {
    const sprite = keyedSpriteRgba(64, 64, { key: [255, 0, 255] });
    const { image } = removeBackground(sprite, { op: 'removeBackground', color: [255, 0, 255], tolerance: 48 });
    assert.deepEqual(pixelAt(image, 1, 1), [0, 0, 0, 0]);
    const untouched = removeBackground(keyedSpriteRgba(64, 64, { key: [255, 0, 255] }), green);
    assert.equal(untouched.record.removed, 0, 'a green key removed pixels from a magenta backdrop');
  });

  it('tolerance 0 removes the exact colour only; 255 removes everything', () => {
    const image = solidRgba(4, 1, [0, 255, 0, 255]);
    image.data.set([0, 250, 0, 255], 4);
    const exact = removeBackground(image, { ...green, tolerance: 0 });
    assert.equal(exact.record.removed, 3);
    assert.equal(pixelAt(exact.image, 1, 0)[3], 255);
    const all = removeBackground(keyedSpriteRgba(32, 32), { ...green, tolerance: 255 });
    assert.equal(all.record.removed, 32 * 32);
    assert.ok(all.image.data.every((v) => v === 0));
  });

  it('a 1×1 image and an already transparent one', () => {
    const one = removeBackground(solidRgba(1, 1, [0, 255, 0, 255]), auto);
    assert.deepEqual(pixelAt(one.image, 0, 0), [0, 0, 0, 0]);
    const clear = removeBackground(solidRgba(8, 8, [0, 0, 0, 0]), auto);
    assert.equal(clear.record.skipped, 'transparent');
    assert.equal(clear.record.removed, 0);
  });

  it('"auto" refuses corners that are not one flat colour, saying to name it', () => {
    assert.throws(
      () => removeBackground(noiseRgba(32, 32, 5), auto),
      (e: unknown) => isProcessError(e) && e.code === 'no_background' && /name the colour/.test(e.message),
    );
  });
});
