import assert from 'node:assert/strict';
import sharp from 'sharp';
import { inspectImage } from '../../../src/core/image/imageHeader';
import { ImageInputError } from '../../../src/core/image/imageErrors';
import { riffWebp, vp8Data, vp8lData, vp8xData } from '../../fixtures/imageCorpus';
import { encodeWithSharp, gradientRgba, transparentSubjectRgba } from '../../fixtures/pixelPatterns';

describe('inspectImage: WebP', () => {
  it('reads lossy VP8 (14-bit sizes, no alpha)', () => {
    const info = inspectImage(riffWebp([{ fourcc: 'VP8 ', data: vp8Data(1234, 567) }]));
    assert.deepEqual(
      [info.format, info.webpKind, info.width, info.height, info.hasAlpha, info.animated],
      ['webp', 'VP8', 1234, 567, false, false],
    );
  });

  it('reads lossless VP8L with and without the alpha bit', () => {
    const opaque = inspectImage(riffWebp([{ fourcc: 'VP8L', data: vp8lData(16384, 3, false) }]));
    assert.deepEqual([opaque.webpKind, opaque.width, opaque.height, opaque.hasAlpha], ['VP8L', 16384, 3, false]);
    const alpha = inspectImage(riffWebp([{ fourcc: 'VP8L', data: vp8lData(5, 7, true) }]));
    assert.equal(alpha.hasAlpha, true);
    assert.equal(alpha.hasAlphaChannel, true);
  });

  it('reads extended VP8X: alpha flag, animation flag, ANIM chunk, 24-bit sizes', () => {
    const alpha = inspectImage(
      riffWebp([
        { fourcc: 'VP8X', data: vp8xData(20000, 10, { alpha: true }) },
        { fourcc: 'VP8 ', data: vp8Data(20000 & 0x3fff, 10) },
      ]),
    );
    assert.deepEqual([alpha.webpKind, alpha.width, alpha.height, alpha.hasAlpha, alpha.animated], ['VP8X', 20000, 10, true, false]);
    const anim = inspectImage(
      riffWebp([
        { fourcc: 'VP8X', data: vp8xData(64, 48, { animation: true }) },
        { fourcc: 'ANIM', data: Buffer.alloc(6) },
      ]),
    );
    assert.equal(anim.animated, true);
    assert.equal(anim.hasAlpha, false);
    const animChunkOnly = inspectImage(
      riffWebp([
        { fourcc: 'VP8X', data: vp8xData(64, 48, {}) },
        { fourcc: 'ANIM', data: Buffer.alloc(6) },
      ]),
    );
    assert.equal(animChunkOnly.animated, true);
  });

  it('agrees with libvips on real lossy, lossless and lossy-with-alpha files', async () => {
    const cases: Array<[string, Buffer, string, boolean]> = [
      ['lossy', await encodeWithSharp(gradientRgba(70, 50), 'webp'), 'VP8', false],
      ['lossless', await encodeWithSharp(gradientRgba(70, 50), 'webp', { lossless: true }), 'VP8L', false],
      ['lossless alpha', await encodeWithSharp(transparentSubjectRgba(70, 50), 'webp', { lossless: true }), 'VP8L', true],
      ['lossy alpha', await encodeWithSharp(transparentSubjectRgba(70, 50), 'webp'), 'VP8X', true],
    ];
    for (const [name, bytes, kind, alpha] of cases) {
      const meta = await sharp(bytes).metadata();
      const info = inspectImage(bytes);
      assert.deepEqual([info.webpKind, info.width, info.height, info.hasAlpha], [kind, meta.width, meta.height, alpha], name);
      assert.equal(meta.hasAlpha, alpha, name);
    }
  });

  it('reports a file shorter than its RIFF size as truncated, and an unknown first chunk as corrupt', () => {
    const bytes = riffWebp([{ fourcc: 'VP8 ', data: vp8Data(10, 10) }]);
    for (const cut of [6, 11, 16, 25, bytes.length - 1]) {
      assert.throws(
        () => inspectImage(bytes.subarray(0, cut)),
        (e: unknown) => e instanceof ImageInputError && e.kind === 'truncated',
        `cut at ${cut}`,
      );
    }
    const odd = riffWebp([{ fourcc: 'XYZW', data: Buffer.alloc(20) }]);
    assert.throws(
      () => inspectImage(odd),
      (e: unknown) => e instanceof ImageInputError && e.kind === 'corrupt',
    );
  });
});
