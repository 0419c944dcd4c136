// WebP header inspection: the RIFF container, then the first chunk (VP8, VP8L or VP8X). For VP8X
// the later chunks are walked too, because ALPH and ANIM can say more than the flags do.
import { ascii, requireLength, u16le, u24le, u32le } from './byteReader';
import { ImageInputError } from './imageErrors';
import type { ImageInfo, WebpKind } from './imageHeaderTypes';

const WHAT = 'WebP file';

/** Reads a WebP's dimensions, alpha and animation from its chunks; throws ImageInputError when malformed. */
export function inspectWebp(bytes: Uint8Array): ImageInfo {
  requireLength(bytes, 20, WHAT);
  if (ascii(bytes, 0, 4, WHAT) !== 'RIFF' || ascii(bytes, 8, 4, WHAT) !== 'WEBP') {
    throw new ImageInputError('notAnImage', 'This is not a WebP file (no RIFF/WEBP header).');
  }
  // The RIFF size counts everything after its own field: a shorter file was cut off.
  const riffEnd = 8 + u32le(bytes, 4, WHAT);
  requireLength(bytes, riffEnd, WHAT);
  const kind = ascii(bytes, 12, 4, WHAT);
  switch (kind) {
    case 'VP8 ':
      return lossy(bytes);
    case 'VP8L':
      return lossless(bytes);
    case 'VP8X':
      return extended(bytes, riffEnd);
    default:
      throw new ImageInputError('corrupt', `The WebP starts with an unknown chunk '${kind.trim()}'. Re-export the image.`);
  }
}

function info(bytes: Uint8Array, webpKind: WebpKind, width: number, height: number, hasAlpha: boolean, animated: boolean): ImageInfo {
  if (width === 0 || height === 0)
    throw new ImageInputError('corrupt', `The WebP declares an impossible size (${width}x${height}). Re-export the image.`);
  return {
    format: 'webp',
    webpKind,
    width,
    height,
    bitDepth: 8,
    hasAlpha,
    hasAlphaChannel: hasAlpha,
    interlaced: false,
    animated,
    byteLength: bytes.length,
  };
}

function lossy(bytes: Uint8Array): ImageInfo {
  requireLength(bytes, 30, WHAT);
  // A key frame has bit 0 of the frame tag clear and carries the start code 9D 01 2A.
  if (((bytes[20] ?? 0) & 1) !== 0 || bytes[23] !== 0x9d || bytes[24] !== 0x01 || bytes[25] !== 0x2a) {
    throw new ImageInputError('corrupt', 'The lossy WebP does not start with a key frame. Re-export the image.');
  }
  // The top two bits of each 16-bit field are a scaling hint, not part of the size.
  return info(bytes, 'VP8', u16le(bytes, 26, WHAT) & 0x3fff, u16le(bytes, 28, WHAT) & 0x3fff, false, false);
}

function lossless(bytes: Uint8Array): ImageInfo {
  requireLength(bytes, 25, WHAT);
  if (bytes[20] !== 0x2f) throw new ImageInputError('corrupt', 'The lossless WebP has a bad signature byte. Re-export the image.');
  const bits = u32le(bytes, 21, WHAT);
  if (bits >>> 29 !== 0)
    throw new ImageInputError('unsupported', 'The lossless WebP uses an unknown version. Re-export it or convert it to PNG.');
  const width = (bits & 0x3fff) + 1;
  const height = ((bits >>> 14) & 0x3fff) + 1;
  return info(bytes, 'VP8L', width, height, ((bits >>> 28) & 1) === 1, false);
}

function extended(bytes: Uint8Array, riffEnd: number): ImageInfo {
  requireLength(bytes, 30, WHAT);
  const flags = bytes[20] ?? 0;
  const width = u24le(bytes, 24, WHAT) + 1;
  const height = u24le(bytes, 27, WHAT) + 1;
  let hasAlpha = (flags & 0x10) !== 0;
  let animated = (flags & 0x02) !== 0;
  // Walk the chunks: some encoders set the flags loosely, the chunks are what decoders act on.
  for (let at = 12; at + 8 <= riffEnd;) {
    const fourcc = ascii(bytes, at, 4, WHAT);
    const size = u32le(bytes, at + 4, WHAT);
    if (fourcc === 'ANIM' || fourcc === 'ANMF') animated = true;
    if (fourcc === 'ALPH') hasAlpha = true;
    if (fourcc === 'VP8L' && at + 13 <= riffEnd && ((u32le(bytes, at + 9, WHAT) >>> 28) & 1) === 1) hasAlpha = true;
    at += 8 + size + (size & 1); // chunks are padded to an even length
  }
  return info(bytes, 'VP8X', width, height, hasAlpha, animated);
}
