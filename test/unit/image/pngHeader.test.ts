import assert from 'node:assert/strict';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { inspectImage } from '../../../src/core/image/imageHeader';
import { ImageInputError } from '../../../src/core/image/imageErrors';
import { apng, hugePngHeader, pngCorpus } from '../../fixtures/imageCorpus';
import { encodePngSpec } from '../../support/png';

function assertImageError(fn: () => unknown, kind: ImageInputError['kind']): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ImageInputError, `expected ImageInputError, got ${String(e)}`);
    assert.equal(e.kind, kind, e.message);
    assert.ok(e.message.length > 20, 'the message should say what to do');
    return true;
  });
}

describe('inspectImage: PNG', () => {
  const corpus = pngCorpus();

  it('covers every valid color type and bit depth, plain, tRNS and interlaced', () => {
    assert.equal(corpus.length, 15 * 2 + 5 + 2 + 4); // 15 type/depth pairs x2, plus tRNS on the 11 pairs of types 0, 2, 3
  });

  for (const c of corpus) {
    it(`reads ${c.name}`, () => {
      const info = inspectImage(c.bytes);
      assert.equal(info.format, 'png');
      assert.equal(info.width, 13);
      assert.equal(info.height, 7);
      assert.equal(info.bitDepth, c.spec.bitDepth);
      assert.equal(info.pngColorType, c.spec.colorType);
      const channelAlpha = c.spec.colorType === 4 || c.spec.colorType === 6;
      assert.equal(info.hasAlphaChannel, channelAlpha);
      assert.equal(info.hasAlpha, channelAlpha || c.spec.trns !== undefined);
      assert.equal(info.interlaced, c.spec.interlaced === true);
      assert.equal(info.animated, false);
      assert.equal(info.byteLength, c.bytes.length);
    });
  }

  it('agrees with libvips (sharp) on every corpus file, which also proves the files are valid', async () => {
    for (const c of corpus) {
      const meta = await sharp(c.bytes).metadata();
      const info = inspectImage(c.bytes);
      assert.equal(meta.width, info.width, c.name);
      assert.equal(meta.height, info.height, c.name);
      assert.equal(meta.hasAlpha, info.hasAlpha, c.name);
      assert.equal(meta.isProgressive, info.interlaced, c.name);
    }
  });

  it('flags an APNG (acTL before IDAT) as animated', () => {
    const info = inspectImage(apng());
    assert.equal(info.animated, true);
    assert.equal(info.hasAlpha, true);
  });

  it('reads a valid header of 100000x100000 without allocating anything', () => {
    const info = inspectImage(hugePngHeader(100000, 100000));
    assert.equal(info.width, 100000);
    assert.equal(info.height, 100000);
  });

  it('rejects a bad IHDR CRC as corrupt', () => {
    const bytes = Buffer.from(pngCorpus()[0]!.bytes);
    bytes[17]! ^= 0x01; // flip a bit of the width without fixing the CRC
    assertImageError(() => inspectImage(bytes), 'corrupt');
  });

  it('rejects a damaged signature (CRLF conversion) as corrupt', () => {
    const bytes = Buffer.from(pngCorpus()[0]!.bytes);
    bytes[4] = 0x0a;
    assertImageError(() => inspectImage(bytes), 'corrupt');
  });

  it('rejects an invalid color type / bit depth pair', () => {
    const bytes = encodePngSpec({ width: 2, height: 2, colorType: 2, bitDepth: 8 });
    bytes[24] = 4; // RGB at 4 bits is not allowed
    bytes.writeUInt32BE(crc32(bytes.subarray(12, 29)), 29);
    assertImageError(() => inspectImage(bytes), 'corrupt');
  });

  it('reports truncation at any offset: in the signature, IHDR, before and inside IDAT, before IEND', () => {
    const bytes = encodePngSpec({ width: 16, height: 16, colorType: 6, bitDepth: 8, trns: undefined });
    for (const cut of [1, 5, 8, 12, 20, 32, 33, 40, 45, bytes.length - 13, bytes.length - 1]) {
      assertImageError(() => inspectImage(bytes.subarray(0, cut)), 'truncated');
    }
    assert.doesNotThrow(() => inspectImage(bytes));
  });
});
