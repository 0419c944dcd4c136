import assert from 'node:assert/strict';
import { compositeThroughMask } from '../../../src/core/image/composite';
import { countTransparentPixels } from '../../../src/core/image/pngAlpha';
import { deflateSync, inflateSync } from 'node:zlib';
import sharp from 'sharp';
import { decodePng, encodeRgbaPng, RESULT_DECODE_LIMITS } from '../../../src/core/image/pngCodec';
import { hugePngHeader, pngCorpus } from '../../fixtures/imageCorpus';
import { ihdrData, pngChunk } from '../../support/png';
import { decodeWithSharp, gradientRgba, noiseRgba } from '../../fixtures/pixelPatterns';
import { keyedSpriteRgba } from '../../fixtures/spritePatterns';

describe('PNG codec in core (host-side decode and encode)', () => {
  // sharp (libvips) is the reference decoder: every 8- and 16-bit non-interlaced PNG of the
  // corpus, with and without tRNS, must decode to the same straight RGBA (16-bit reduced to 8).
  for (const c of pngCorpus(13, 7).filter((p) => p.spec.bitDepth >= 8 && !p.spec.interlaced)) {
    it(`decodes ${c.name} like sharp does`, async () => {
      const ours = await decodePng(c.bytes);
      const ref = await decodeWithSharp(c.bytes);
      assert.equal(ours.width, ref.width);
      assert.equal(ours.height, ref.height);
      if (c.spec.bitDepth === 16) {
        // libvips rounds 16→8 bits, we take the high byte: allow one step.
        for (let i = 0; i < ours.data.length; i++) assert.ok(Math.abs(ours.data[i]! - ref.data[i]!) <= 1, `byte ${i}`);
      } else {
        assert.deepEqual(Buffer.from(ours.data), Buffer.from(ref.data));
      }
    });
  }

  it('refuses an 8000x8000 result from its header, before inflating anything', async () => {
    const bomb = hugePngHeader(8000, 8000);
    await assert.rejects(
      decodePng(bomb, RESULT_DECODE_LIMITS),
      (e: Error & { kind?: string }) => e.kind === 'tooLarge' && /8000x8000/.test(e.message),
    );
    await assert.rejects(countTransparentPixels(bomb, RESULT_DECODE_LIMITS), (e: Error & { kind?: string }) => e.kind === 'tooLarge');
  });

  it('stops inflating image data that inflates beyond its dimensions (a deflate bomb in 64x64)', async () => {
    const idat = deflateSync(Buffer.alloc(64 * 1024 * 1024));
    const bomb = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      pngChunk('IHDR', ihdrData(64, 64, 8, 6)),
      pngChunk('IDAT', idat),
      pngChunk('IEND', new Uint8Array(0)),
    ]);
    await assert.rejects(
      decodePng(bomb),
      (e: Error & { kind?: string }) => e.kind === 'corrupt' && /inflates to more than its dimensions allow/.test(e.message),
    );
  });

  it('refuses interlaced and sub-byte PNGs as unsupported (the canvas handles them)', async () => {
    const interlaced = pngCorpus(13, 7).find((p) => p.spec.interlaced && p.spec.bitDepth === 8)!;
    await assert.rejects(decodePng(interlaced.bytes), (e: Error & { kind?: string }) => e.kind === 'unsupported');
    assert.equal(await countTransparentPixels(interlaced.bytes), undefined);
  });

  it('undoes all five row filters: PNGs sharp writes with adaptive filtering decode to their pixels', async () => {
    const seen = new Set<number>();
    for (const raw of [noiseRgba(61, 37, 8, 140), gradientRgba(97, 41), keyedSpriteRgba(80, 64)]) {
      const data = Buffer.from(raw.data);
      const png = await sharp(data, { raw: { width: raw.width, height: raw.height, channels: 4 } })
        .png({ adaptiveFiltering: true })
        .toBuffer();
      // Which filters the encoder chose, read from the inflated rows.
      const rows = inflateSync(idatOf(png));
      for (let y = 0; y < raw.height; y++) seen.add(rows[y * (raw.width * 4 + 1)]!);
      const ours = await decodePng(png);
      assert.deepEqual(Buffer.from(ours.data), data);
    }
    // Filter 0 (none) is what the corpus above is written with.
    for (const filter of [1, 2, 3, 4]) assert.ok(seen.has(filter), `no row used filter ${filter}`);
  });

  it('round-trips noisy RGBA through encodeRgbaPng exactly (checked by sharp)', async () => {
    const raw = noiseRgba(37, 23, 7, 128);
    const png = await encodeRgbaPng({ width: raw.width, height: raw.height, data: new Uint8Array(raw.data) });
    const back = await decodeWithSharp(png);
    assert.deepEqual(Buffer.from(back.data), Buffer.from(raw.data));
    assert.deepEqual(Buffer.from((await decodePng(png)).data), Buffer.from(raw.data));
  });

  it('counts fully transparent pixels of a mask', async () => {
    const data = new Uint8Array(10 * 4 * 4).fill(255);
    for (let p = 0; p < 7; p++) data[p * 4 + 3] = 0;
    data[8 * 4 + 3] = 1; // nearly transparent is not transparent
    const png = await encodeRgbaPng({ width: 10, height: 4, data });
    assert.deepEqual(await countTransparentPixels(png), { transparent: 7, total: 40 });
  });
});

describe('compositeThroughMask in core', () => {
  const solid = (w: number, h: number, rgba: number[]) => ({
    width: w,
    height: h,
    data: new Uint8Array(w * h * 4).map((_, i) => rgba[i % 4]!),
  });

  it('keeps every pixel outside the mask byte-identical and takes the result inside', () => {
    const original = { width: 8, height: 8, data: new Uint8Array(noiseRgba(8, 8, 3, 255).data) };
    const result = solid(8, 8, [9, 99, 199, 255]);
    const mask = solid(8, 8, [0, 0, 0, 255]);
    for (let x = 0; x < 4; x++) mask.data[(2 * 8 + x) * 4 + 3] = 0; // row 2, left half: edit here
    const out = compositeThroughMask(original, result, mask);
    for (let p = 0; p < 64; p++) {
      const inside = Math.floor(p / 8) === 2 && p % 8 < 4;
      const expected = inside ? result.data.subarray(p * 4, p * 4 + 4) : original.data.subarray(p * 4, p * 4 + 4);
      assert.deepEqual([...out.data.subarray(p * 4, p * 4 + 4)], [...expected], `pixel ${p}`);
    }
  });

  it('scales a result of another size to the original before compositing, and refuses a mask of another size', () => {
    const original = solid(4, 4, [1, 2, 3, 255]);
    const result = solid(8, 8, [200, 100, 50, 255]);
    const mask = solid(4, 4, [0, 0, 0, 0]);
    assert.deepEqual([...compositeThroughMask(original, result, mask).data.subarray(0, 4)], [200, 100, 50, 255]);
    assert.throws(() => compositeThroughMask(original, result, solid(2, 2, [0, 0, 0, 0])), /mask is 2x2/);
  });
});

/** The concatenated IDAT data of a PNG. */
function idatOf(png: Uint8Array): Buffer {
  const b = Buffer.from(png);
  const parts: Buffer[] = [];
  for (let at = 8; at < b.length; at += 12 + b.readUInt32BE(at))
    if (b.toString('latin1', at + 4, at + 8) === 'IDAT') parts.push(b.subarray(at + 8, at + 8 + b.readUInt32BE(at)));
  return Buffer.concat(parts);
}
