import assert from 'node:assert/strict';
import { inspectImage } from '../../../src/core/image/imageHeader';
import { MAX_MASK_BYTES, validateMask } from '../../../src/core/image/maskRules';
import { needsPreparation, type ModelImageRules } from '../../../src/core/image/preparationRules';
import { gif, jpegHeader } from '../../fixtures/imageCorpus';
import { encodePngSpec } from '../../support/png';

const rgba = (w: number, h: number) => inspectImage(encodePngSpec({ width: w, height: h, colorType: 6, bitDepth: 8 }));
const image = { width: 64, height: 64 };

describe('validateMask', () => {
  it('accepts an RGBA PNG of the image size', () => {
    assert.equal(validateMask(rgba(64, 64), image), undefined);
    assert.equal(validateMask(inspectImage(encodePngSpec({ width: 64, height: 64, colorType: 4, bitDepth: 8 })), image), undefined);
  });

  it('refuses a JPEG, an RGB PNG, and a palette PNG whose alpha is only tRNS', () => {
    assert.equal(validateMask(inspectImage(jpegHeader({ width: 64, height: 64 })), image)?.kind, 'notPng');
    assert.equal(
      validateMask(inspectImage(encodePngSpec({ width: 64, height: 64, colorType: 2, bitDepth: 8 })), image)?.kind,
      'noAlphaChannel',
    );
    const palette = inspectImage(encodePngSpec({ width: 64, height: 64, colorType: 3, bitDepth: 8, trns: Uint8Array.of(0) }));
    assert.equal(validateMask(palette, image)?.kind, 'alphaNotAChannel');
  });

  it('reports a size mismatch with both sizes so the UI can offer a resize', () => {
    const problem = validateMask(rgba(32, 64), image);
    assert.equal(problem?.kind, 'dimensionMismatch');
    assert.ok(problem?.kind === 'dimensionMismatch');
    assert.deepEqual(problem.expected, { width: 64, height: 64 });
    assert.deepEqual(problem.actual, { width: 32, height: 64 });
    assert.match(problem.message, /32x64.*64x64/);
  });

  it('refuses a mask over 4 MB', () => {
    const info = { ...rgba(64, 64), byteLength: MAX_MASK_BYTES + 1 };
    assert.equal(validateMask(info, image)?.kind, 'tooManyBytes');
  });
});

describe('needsPreparation', () => {
  const dallE2: ModelImageRules = {
    squareRequired: true,
    formats: ['png'],
    maxBytes: 4 * 1024 * 1024,
    sizes: [256, 512, 1024],
    alphaRequired: true,
  };
  const gptImage: ModelImageRules = { squareRequired: false, formats: ['image/png', 'image/jpeg', 'webp'], maxBytes: 50 * 1024 * 1024 };

  it('lets an accepted file through untouched', () => {
    assert.deepEqual(needsPreparation(rgba(1024, 1024), dallE2), []);
    assert.deepEqual(needsPreparation(inspectImage(jpegHeader({ width: 2048, height: 1536 })), gptImage), []);
  });

  it('lists every reason a file must be converted', () => {
    const codes = needsPreparation(inspectImage(jpegHeader({ width: 2048, height: 1536 })), dallE2).map((r) => r.code);
    assert.deepEqual(codes, ['format', 'notSquare', 'size', 'noAlpha']);
    assert.deepEqual(
      needsPreparation(rgba(700, 700), dallE2).map((r) => r.code),
      ['size'],
    );
    assert.deepEqual(
      needsPreparation({ ...rgba(1024, 1024), byteLength: 5e6 }, dallE2).map((r) => r.code),
      ['tooManyBytes'],
    );
  });

  it('converts formats the model does not take and animated inputs', () => {
    assert.deepEqual(
      needsPreparation(inspectImage(gif(10, 10, { frames: 2 })), gptImage).map((r) => r.code),
      ['format', 'animated'],
    );
  });
});
