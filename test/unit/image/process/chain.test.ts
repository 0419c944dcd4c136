// The chain runner: PNG bytes and steps in, PNG bytes and one record per step out, read back with
// the tests' own PNG reader (not core's codec).
import assert from 'node:assert/strict';
import { processRgba, runChain } from '../../../../src/core/image/process/chain';
import { isProcessError, type RunnableStep } from '../../../../src/core/image/process/processTypes';
import { decodePngRgba, encodeRgbaPng } from '../../../support/png';
import { encodeWithSharp, noiseRgba } from '../../../fixtures/pixelPatterns';
import { keyedSpriteRgba, pixelAt } from '../../../fixtures/spritePatterns';

const SPRITE_CHAIN: RunnableStep[] = [
  { op: 'removeBackground', color: 'auto', tolerance: 48 },
  { op: 'trim', threshold: 0 },
  { op: 'pad', px: 4, color: [0, 0, 0, 0] },
  { op: 'resize', width: 48, height: 48, fit: 'contain', kernel: 'lanczos3' },
  { op: 'quantize', colors: 16 },
  { op: 'outline', px: 1, color: [0, 0, 0, 255] },
];

describe('process: the chain', () => {
  it('runs the steps in order on a PNG and records each', async () => {
    const png = encodeRgbaPng(keyedSpriteRgba(200, 160));
    const result = await runChain(png, SPRITE_CHAIN);
    const out = decodePngRgba(result.png);
    assert.deepEqual([out.width, out.height, result.width, result.height], [48, 48, 48, 48]);
    assert.deepEqual(
      result.records.map((r) => r.step),
      ['removeBackground', 'trim', 'pad', 'resize', 'quantize', 'outline'],
    );
    // Trimmed to the disc (radius 0.32 × 160 px, so about 102 px across).
    const [w, h] = String(result.records[1]!.to).split('x').map(Number);
    assert.ok(Math.abs(w! - 102) <= 2 && Math.abs(h! - 102) <= 2, `trimmed to ${result.records[1]!.to}`);
    assert.deepEqual(pixelAt(out, 0, 0), [0, 0, 0, 0], 'the corner should be transparent after keying and padding');
    assert.equal(pixelAt(out, 24, 24)[3], 255);
  });

  it('no steps gives the same pixels back', async () => {
    const source = noiseRgba(17, 9, 4, 200);
    const result = await runChain(encodeRgbaPng(source), []);
    assert.deepEqual(Buffer.from(decodePngRgba(result.png).data), Buffer.from(source.data));
    assert.deepEqual(result.records, []);
  });

  it('processRgba leaves its input untouched', () => {
    const source = keyedSpriteRgba(40, 40);
    const copy = new Uint8Array(source.data);
    const { image } = processRgba(source, [{ op: 'removeBackground', color: 'auto', tolerance: 48 }]);
    assert.deepEqual(source.data, copy);
    assert.notDeepEqual(image.data, copy);
  });

  it('refuses what is not a PNG, and a PNG it cannot read, with a code', async () => {
    const jpeg = await encodeWithSharp(noiseRgba(8, 8), 'jpeg');
    await assert.rejects(runChain(jpeg, SPRITE_CHAIN), (e: unknown) => isProcessError(e) && e.code === 'not_png' && /jpeg/.test(e.message));
    await assert.rejects(runChain(new Uint8Array([1, 2, 3]), SPRITE_CHAIN), (e: unknown) => isProcessError(e) && e.code === 'not_png');
    const cut = encodeRgbaPng(noiseRgba(64, 64)).subarray(0, 200);
    await assert.rejects(runChain(cut, []), (e: unknown) => isProcessError(e) && (e.code === 'unreadable' || e.code === 'not_png'));
  });

  it('a step that cannot run stops the chain with its code', async () => {
    await assert.rejects(
      runChain(encodeRgbaPng(noiseRgba(16, 16)), SPRITE_CHAIN),
      (e: unknown) => isProcessError(e) && e.code === 'no_background',
    );
  });
});
