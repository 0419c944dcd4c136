// Corpus inputs the shared generators (test/fixtures/imageCorpus.ts) do not make, used by the CLI
// and the extension's bad-input suites.
import { encodePng as encodeSolidPng } from '../../fakeServer/imageEncoder';
import { riffWebp, vp8xData } from '../../fixtures/imageCorpus';
import { pngChunk } from '../../fixtures/pngCodec';

/** A valid PNG grown to `bytes` with a private ancillary chunk (decoders skip it; byte limits count it). */
export function paddedPng(width: number, height: number, bytes: number): Buffer {
  const png = encodeSolidPng(width, height);
  const iend = png.subarray(png.length - 12);
  return Buffer.concat([png.subarray(0, png.length - 12), pngChunk('zzPd', Buffer.alloc(bytes - png.length - 12)), iend]);
}

/** An animated WebP header: VP8X with the animation flag, ANIM and one ANMF frame. */
export function animatedWebp(width = 64, height = 64): Buffer {
  return riffWebp([{ fourcc: 'VP8X', data: vp8xData(width, height, { animation: true }) }, { fourcc: 'ANIM', data: Buffer.alloc(6) }, { fourcc: 'ANMF', data: Buffer.alloc(16) }]);
}
