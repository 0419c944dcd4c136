// Corpus inputs the shared generators (test/fixtures/imageCorpus.ts) do not make, used by the CLI
// and the extension's bad-input suites.
import { encodePng as encodeSolidPng, pngChunk } from '../../support/png';
import { jpegHeader, riffWebp, vp8xData } from '../../fixtures/imageCorpus';

/** A valid PNG grown to `bytes` with a private ancillary chunk (decoders skip it; byte limits count it). */
export function paddedPng(width: number, height: number, bytes: number): Buffer {
  const png = encodeSolidPng(width, height);
  const iend = png.subarray(png.length - 12);
  return Buffer.concat([png.subarray(0, png.length - 12), pngChunk('zzPd', Buffer.alloc(bytes - png.length - 12)), iend]);
}

/** An animated WebP header: VP8X with the animation flag, ANIM and one ANMF frame. */
export function animatedWebp(width = 64, height = 64): Buffer {
  return riffWebp([
    { fourcc: 'VP8X', data: vp8xData(width, height, { animation: true }) },
    { fourcc: 'ANIM', data: Buffer.alloc(6) },
    { fourcc: 'ANMF', data: Buffer.alloc(16) },
  ]);
}

/** A JPEG header whose EXIF says "rotate 90°" (orientation 6): stored `width`x`height`, shown turned. */
export function turnedJpeg(width: number, height: number, orientation = 6): Buffer {
  const jpeg = jpegHeader({ width, height });
  const tiff = Buffer.alloc(8 + 2 + 12 + 4);
  tiff.write('MM\0*', 0, 'latin1');
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(1, 8);
  tiff.writeUInt16BE(0x0112, 10);
  tiff.writeUInt16BE(3, 12);
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt16BE(orientation, 18);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, 0, 0]), payload]);
  app1.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), app1, jpeg.subarray(2)]);
}
