// Incompressible test images: a PNG of random pixels stored without compression, so a batch output
// file holds images of a real size (a solid-colour PNG compresses to almost nothing).
import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { pngChunk as chunk } from './imageEncoder';


/** An RGB PNG of `side`×`side` random pixels (about 3·side² bytes). */
export function noisyPng(side: number): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < side; y++) rows.push(Buffer.concat([Buffer.from([0]), randomBytes(side * 3)]));
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 0 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
