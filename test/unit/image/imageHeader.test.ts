import assert from 'node:assert/strict';
import { checkDimensions, DEFAULT_IMAGE_LIMITS } from '../../../src/core/image/imageLimits';
import { detectFormat, inspectImage, isSquare, mimeTypeOf } from '../../../src/core/image/imageHeader';
import { ImageInputError, isImageInputError } from '../../../src/core/image/imageErrors';
import { gif, hugePngHeader, jpegHeader, riffWebp, vp8Data } from '../../fixtures/imageCorpus';
import { encodePngSpec } from '../../support/png';

function kindOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    assert.ok(isImageInputError(e), String(e));
    return e.kind;
  }
}

describe('inspectImage: dispatch, errors and helpers', () => {
  it('refuses zero bytes and wrong magic as notAnImage', () => {
    assert.equal(
      kindOf(() => inspectImage(new Uint8Array(0))),
      'notAnImage',
    );
    assert.equal(
      kindOf(() => inspectImage(Buffer.from('hello, this is a text file that is long enough'))),
      'notAnImage',
    );
    assert.equal(detectFormat(Buffer.from('plain text')), 'unknown');
  });

  it('names formats it recognises but cannot take', () => {
    const cases: Array<[string, Buffer]> = [
      ['BMP', Buffer.concat([Buffer.from('BM'), Buffer.alloc(60)])],
      ['TIFF', Buffer.concat([Buffer.from([0x49, 0x49, 0x2a, 0]), Buffer.alloc(20)])],
      ['HEIC', Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic'), Buffer.alloc(20)])],
      ['SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>')],
    ];
    for (const [name, bytes] of cases) {
      try {
        inspectImage(bytes);
        assert.fail(`${name} was accepted`);
      } catch (e) {
        assert.ok(e instanceof ImageInputError);
        assert.equal(e.kind, 'unsupported', name);
        assert.match(e.message, new RegExp(name.slice(0, 3)));
      }
    }
  });

  it('calls a file cut inside a signature truncated', () => {
    assert.equal(
      kindOf(() => inspectImage(Buffer.from([0x89, 0x50]))),
      'truncated',
    );
    assert.equal(
      kindOf(() => inspectImage(Buffer.from([0xff, 0xd8]))),
      'truncated',
    );
    assert.equal(
      kindOf(() => inspectImage(Buffer.from('RIFF\x10\0\0\0WE', 'latin1'))),
      'truncated',
    );
  });

  it('reads GIFs: size, transparency, interlace, animation', () => {
    const still = inspectImage(gif(30, 20));
    assert.deepEqual(
      [still.format, still.width, still.height, still.hasAlpha, still.animated, still.interlaced],
      ['gif', 30, 20, false, false, false],
    );
    const anim = inspectImage(gif(30, 20, { frames: 3, transparent: true, interlaced: true }));
    assert.deepEqual([anim.hasAlpha, anim.animated, anim.interlaced], [true, true, true]);
    assert.equal(
      kindOf(() => inspectImage(gif(30, 20).subarray(0, 25))),
      'truncated',
    );
  });

  it('gives the MIME type of each format and tells squares', () => {
    const png = inspectImage(encodePngSpec({ width: 4, height: 4, colorType: 6, bitDepth: 8 }));
    assert.equal(mimeTypeOf(png), 'image/png');
    assert.equal(isSquare(png), true);
    const jpeg = inspectImage(jpegHeader({ width: 4, height: 3 }));
    assert.equal(mimeTypeOf(jpeg), 'image/jpeg');
    assert.equal(isSquare(jpeg), false);
    assert.equal(mimeTypeOf(inspectImage(riffWebp([{ fourcc: 'VP8 ', data: vp8Data(4, 4) }]))), 'image/webp');
    assert.equal(mimeTypeOf(inspectImage(gif(2, 2))), 'image/gif');
    assert.equal(mimeTypeOf({ format: 'unknown' }), 'application/octet-stream');
  });
});

describe('checkDimensions', () => {
  it('refuses a 100000x100000 PNG from its header alone', () => {
    const info = inspectImage(hugePngHeader(100000, 100000));
    assert.equal(
      kindOf(() => checkDimensions(info)),
      'tooLarge',
    );
  });

  it('refuses a side above 16384 even when the pixel count is small', () => {
    assert.equal(
      kindOf(() => checkDimensions({ width: 16385, height: 1 })),
      'tooLarge',
    );
    assert.equal(
      kindOf(() => checkDimensions({ width: 16384, height: 16 })),
      undefined,
    );
  });

  it('refuses more than 100 megapixels and accepts up to it', () => {
    assert.equal(DEFAULT_IMAGE_LIMITS.maxPixels, 100_000_000);
    assert.equal(
      kindOf(() => checkDimensions({ width: 10000, height: 10000 })),
      undefined,
    );
    assert.equal(
      kindOf(() => checkDimensions({ width: 10000, height: 10001 })),
      'tooLarge',
    );
  });

  it('honours custom limits', () => {
    assert.equal(
      kindOf(() => checkDimensions({ width: 2048, height: 2048 }, { maxSide: 1024, maxPixels: 1e9 })),
      'tooLarge',
    );
  });
});
