// GIF header inspection. The API takes no GIFs, but users drop them in: knowing size, transparency
// and whether it is animated lets the UI explain what a conversion will keep (the first frame).
import { ascii, requireLength, u16le } from './byteReader';
import { ImageInputError } from './imageErrors';
import type { ImageInfo } from './imageHeaderTypes';

const WHAT = 'GIF file';

/** Reads a GIF's screen size and walks its blocks for frames, transparency and interlacing. */
export function inspectGif(bytes: Uint8Array): ImageInfo {
  requireLength(bytes, 13, WHAT);
  const version = ascii(bytes, 0, 6, WHAT);
  if (version !== 'GIF87a' && version !== 'GIF89a') throw new ImageInputError('notAnImage', 'This is not a GIF file.');
  const width = u16le(bytes, 6, WHAT);
  const height = u16le(bytes, 8, WHAT);
  if (width === 0 || height === 0)
    throw new ImageInputError('corrupt', `The GIF declares an impossible size (${width}x${height}). Re-export the image.`);
  let at = 13 + colorTableSize(bytes[10] ?? 0);
  let frames = 0;
  let hasAlpha = false;
  let interlaced = false;
  for (;;) {
    requireLength(bytes, at + 1, WHAT);
    const block = bytes[at] ?? 0;
    if (block === 0x3b) break; // trailer
    if (block === 0x21) {
      requireLength(bytes, at + 2, WHAT);
      // Graphic Control Extension: bit 0 of its packed byte marks a transparent color index.
      if (bytes[at + 1] === 0xf9 && (requireLength(bytes, at + 4, WHAT), (bytes[at + 3] ?? 0) & 1)) hasAlpha = true;
      at = skipSubBlocks(bytes, at + 2);
    } else if (block === 0x2c) {
      requireLength(bytes, at + 10, WHAT);
      const packed = bytes[at + 9] ?? 0;
      if (frames === 0) interlaced = (packed & 0x40) !== 0;
      frames++;
      at = skipSubBlocks(bytes, at + 10 + colorTableSize(packed) + 1); // +1: LZW minimum code size
    } else {
      throw new ImageInputError('corrupt', `The GIF has an unknown block at byte ${at}. Re-export the image.`);
    }
  }
  if (frames === 0) throw new ImageInputError('corrupt', 'The GIF contains no image. Re-export it.');
  return {
    format: 'gif',
    width,
    height,
    bitDepth: 8,
    hasAlpha,
    hasAlphaChannel: false,
    interlaced,
    animated: frames > 1,
    byteLength: bytes.length,
  };
}

/** Bytes of the color table announced by a packed field (0 when its flag is clear). */
function colorTableSize(packed: number): number {
  return packed & 0x80 ? 3 * (1 << ((packed & 0x07) + 1)) : 0;
}

/** Offset just past a chain of data sub-blocks (length byte, data, …, zero terminator). */
function skipSubBlocks(bytes: Uint8Array, at: number): number {
  for (;;) {
    requireLength(bytes, at + 1, WHAT);
    const size = bytes[at] ?? 0;
    at += 1 + size;
    if (size === 0) return at;
  }
}
