import assert from 'node:assert/strict';
import sharp from 'sharp';
import { inspectImage } from '../../../src/core/image/imageHeader';
import { ImageInputError } from '../../../src/core/image/imageErrors';
import { jpegHeader, withLargeAppSegments } from '../../fixtures/imageCorpus';
import { encodeWithSharp, gradientRgba } from '../../fixtures/pixelPatterns';

describe('inspectImage: JPEG', () => {
  it('reads a baseline YCbCr header', () => {
    const info = inspectImage(jpegHeader({ width: 640, height: 480 }));
    assert.deepEqual(
      {
        format: info.format,
        width: info.width,
        height: info.height,
        components: info.jpegComponents,
        progressive: info.progressive,
        hasAlpha: info.hasAlpha,
        bitDepth: info.bitDepth,
      },
      { format: 'jpeg', width: 640, height: 480, components: 3, progressive: false, hasAlpha: false, bitDepth: 8 },
    );
  });

  it('reads progressive, grayscale, CMYK and 12-bit headers', () => {
    assert.equal(inspectImage(jpegHeader({ width: 9, height: 5, progressive: true })).progressive, true);
    assert.equal(inspectImage(jpegHeader({ width: 9, height: 5, components: 1 })).jpegComponents, 1);
    assert.equal(inspectImage(jpegHeader({ width: 9, height: 5, components: 4 })).jpegComponents, 4);
    assert.equal(inspectImage(jpegHeader({ width: 9, height: 5, precision: 12 })).bitDepth, 12);
  });

  it('finds the SOF behind more than 64 KB of EXIF/ICC segments', () => {
    const bytes = jpegHeader({ width: 4000, height: 3000, appBytes: 150_000 });
    const sofAt = bytes.indexOf(Buffer.from([0xff, 0xc0]));
    assert.ok(sofAt > 65536, `SOF at ${sofAt}`);
    const info = inspectImage(bytes);
    assert.equal(info.width, 4000);
    assert.equal(info.height, 3000);
  });

  it('agrees with libvips on real JPEGs: baseline, progressive, grayscale, CMYK, and 100 KB of APP segments', async () => {
    const raw = gradientRgba(96, 64);
    const rgb = await encodeWithSharp(raw, 'jpeg');
    const cases: Array<[string, Buffer, number, boolean]> = [
      ['baseline', rgb, 3, false],
      ['progressive', await encodeWithSharp(raw, 'jpeg', { progressive: true }), 3, true],
      ['grayscale', await sharp(rgb).toColourspace('b-w').jpeg().toBuffer(), 1, false],
      ['cmyk', await sharp(rgb).toColourspace('cmyk').jpeg().toBuffer(), 4, false],
      ['big exif', withLargeAppSegments(rgb, 100_000), 3, false],
    ];
    for (const [name, bytes, components, progressive] of cases) {
      const meta = await sharp(bytes).metadata();
      const info = inspectImage(bytes);
      assert.equal(info.width, meta.width, name);
      assert.equal(info.height, meta.height, name);
      assert.equal(info.jpegComponents, components, name);
      assert.equal(meta.channels, components, name);
      assert.equal(info.progressive, progressive, name);
      assert.equal(meta.isProgressive, progressive, name);
    }
  });

  it('reports a file cut inside the EXIF block as truncated, and a missing SOF as corrupt', () => {
    const bytes = jpegHeader({ width: 10, height: 10, appBytes: 80_000 });
    for (const cut of [3, 4, 30, 70_000]) {
      assert.throws(
        () => inspectImage(bytes.subarray(0, cut)),
        (e: unknown) => e instanceof ImageInputError && e.kind === 'truncated',
      );
    }
    const noSof = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xda, 0, 2, 0xff, 0xd9]);
    assert.throws(
      () => inspectImage(noSof),
      (e: unknown) => e instanceof ImageInputError && e.kind === 'corrupt',
    );
    const garbage = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0x12, 0x34, 0, 0]);
    assert.throws(
      () => inspectImage(garbage),
      (e: unknown) => e instanceof ImageInputError && e.kind === 'corrupt',
    );
  });
});
