// Incompressible test images: a PNG of random pixels stored without compression, so a batch output
// file holds images of a real size (a solid-colour PNG compresses to almost nothing).
import { randomBytes } from 'node:crypto';
import { assemblePng, ihdrData } from '../support/png';

/** An RGB PNG of `side`×`side` random pixels (about 3·side² bytes). */
export function noisyPng(side: number): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < side; y++) rows.push(Buffer.concat([Buffer.from([0]), randomBytes(side * 3)]));
  return assemblePng(ihdrData(side, side, 8, 2), Buffer.concat(rows), { level: 0 });
}
