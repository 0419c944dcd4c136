// PNG header inspection: IHDR (checked against its CRC), then a walk over the chunk headers to the
// end of the file. The walk only jumps from length field to length field (no inflate), so it stays
// in microseconds even for 50 MB files, and it catches files cut short anywhere, not just in IHDR.
import { ascii, crc32, requireLength, u32be } from './byteReader';
import { ImageInputError } from './imageErrors';
import type { ImageInfo, PngColorType } from './imageHeaderTypes';

/** The 8-byte PNG signature. */
export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

/** Bit depths the PNG specification allows for each color type. */
const VALID_DEPTHS: Record<PngColorType, readonly number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};

const WHAT = 'PNG file';
/** The spec caps chunk lengths and dimensions at 2^31 - 1. */
const PNG_MAX_INT = 0x7fffffff;

/** Reads a PNG's header and chunk list; throws ImageInputError when it is truncated or malformed. */
export function inspectPng(bytes: Uint8Array): ImageInfo {
  requireLength(bytes, 33, WHAT);
  for (let i = 0; i < 8; i++) {
    if (bytes[i] !== PNG_SIGNATURE[i]) {
      // Bytes 4–7 get mangled by text-mode transfers (CRLF conversion): say so, it is the usual cause.
      throw new ImageInputError(
        'corrupt',
        'The PNG signature is damaged (often a text-mode transfer converted line endings). Copy the file again in binary mode.',
      );
    }
  }
  const ihdrLength = u32be(bytes, 8, WHAT);
  if (ihdrLength !== 13 || ascii(bytes, 12, 4, WHAT) !== 'IHDR') {
    throw new ImageInputError('corrupt', 'The PNG has no valid IHDR chunk where the header must start. Re-export the image.');
  }
  if (u32be(bytes, 29, WHAT) !== crc32(bytes, 12, 29)) {
    throw new ImageInputError('corrupt', 'The PNG header fails its checksum (CRC), so the file is damaged. Re-export or copy it again.');
  }
  const width = u32be(bytes, 16, WHAT);
  const height = u32be(bytes, 20, WHAT);
  const bitDepth = bytes[24] ?? 0;
  const colorType = bytes[25] ?? 0;
  const interlace = bytes[28] ?? 0;
  if (width === 0 || height === 0 || width > PNG_MAX_INT || height > PNG_MAX_INT) {
    throw new ImageInputError('corrupt', `The PNG declares an impossible size (${width}x${height}). Re-export the image.`);
  }
  if (!(colorType in VALID_DEPTHS) || !VALID_DEPTHS[colorType as PngColorType].includes(bitDepth)) {
    throw new ImageInputError(
      'corrupt',
      `The PNG declares color type ${colorType} with bit depth ${bitDepth}, which PNG does not allow. Re-export the image.`,
    );
  }
  if (bytes[26] !== 0 || bytes[27] !== 0 || interlace > 1) {
    throw new ImageInputError('corrupt', 'The PNG declares an unknown compression, filter or interlace method. Re-export the image.');
  }
  const pngColorType = colorType as PngColorType;
  const chunks = walkChunks(bytes);
  const hasAlphaChannel = pngColorType === 4 || pngColorType === 6;
  // tRNS is only meaningful (and only allowed) for types 0, 2 and 3: a color key or palette alphas.
  const hasAlpha = hasAlphaChannel || chunks.hasTrns;
  return {
    format: 'png',
    width,
    height,
    bitDepth,
    pngColorType,
    hasAlpha,
    hasAlphaChannel,
    interlaced: interlace === 1,
    animated: chunks.hasActl,
    byteLength: bytes.length,
  };
}

/** Follows the chunk lengths from after IHDR to IEND, noting tRNS and acTL before the image data. */
function walkChunks(bytes: Uint8Array): { hasTrns: boolean; hasActl: boolean } {
  let hasTrns = false;
  let hasActl = false;
  let sawIdat = false;
  let at = 33;
  for (;;) {
    const length = u32be(bytes, at, WHAT);
    const type = ascii(bytes, at + 4, 4, WHAT);
    if (length > PNG_MAX_INT || !/^[A-Za-z]{4}$/.test(type)) {
      throw new ImageInputError('corrupt', `The PNG has a malformed chunk at byte ${at}. Re-export the image.`);
    }
    // The chunk's data and CRC must be present: a short last chunk means the file was cut.
    requireLength(bytes, at + 12 + length, WHAT);
    if (type === 'IEND') break;
    if (type === 'IDAT') sawIdat = true;
    else if (!sawIdat && type === 'tRNS') hasTrns = true;
    else if (!sawIdat && type === 'acTL') hasActl = true;
    at += 12 + length;
  }
  if (!sawIdat) throw new ImageInputError('corrupt', 'The PNG has no image data (IDAT chunk). Re-export the image.');
  return { hasTrns, hasActl };
}
