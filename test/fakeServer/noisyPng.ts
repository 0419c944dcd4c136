// Incompressible test images: a PNG of random pixels stored without compression, so a batch output
// file holds images of a real size (a solid-colour PNG compresses to almost nothing).
import { randomBytes } from 'node:crypto';
import { assemblePng, ihdrData } from '../support/png';

/** An RGB PNG of `width`×`height` (square by default) random pixels (about 3·width·height bytes). */
export function noisyPng(width: number, height = width): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) rows.push(Buffer.concat([Buffer.from([0]), randomBytes(width * 3)]));
  return assemblePng(ihdrData(width, height, 8, 2), Buffer.concat(rows), { level: 0 });
}
