// Reads dimensions, format and alpha from the first bytes of a PNG, JPEG or WebP without decoding:
// cheap enough to run on every input before upload (square PNG for dall-e-2, mask dimensions).
import type { ImageFormat } from '../types';

/** What a header tells about an image. `hasAlpha` is undefined when the header cannot say. */
export interface ImageInfo {
  format: ImageFormat;
  width: number;
  height: number;
  hasAlpha?: boolean;
}

/** MIME type of each output format. */
export const MIME_TYPES: Record<ImageFormat, string> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' };

/** Format from the magic number, or undefined for anything else. */
export function sniffFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'webp';
  return undefined;
}

/** Dimensions, format and alpha of an image, or undefined when the bytes are not a readable PNG/JPEG/WebP. */
export function readImageInfo(bytes: Uint8Array): ImageInfo | undefined {
  switch (sniffFormat(bytes)) {
    case 'png':
      return readPng(bytes);
    case 'jpeg':
      return readJpeg(bytes);
    case 'webp':
      return readWebp(bytes);
    default:
      return undefined;
  }
}

function ascii(b: Uint8Array, at: number, len: number): string {
  return String.fromCharCode(...b.subarray(at, at + len));
}

function u32(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) >>> 0) + (b[at + 1]! << 16) + (b[at + 2]! << 8) + b[at + 3]!;
}

function readPng(b: Uint8Array): ImageInfo | undefined {
  if (b.length < 33 || ascii(b, 12, 4) !== 'IHDR') return undefined;
  const colorType = b[25]!;
  // Color types 4 (gray+alpha) and 6 (RGBA) carry alpha; 0, 2 and 3 may still have a tRNS chunk.
  let hasAlpha = colorType === 4 || colorType === 6;
  for (let at = 8; !hasAlpha && at + 8 <= b.length; ) {
    const len = u32(b, at);
    const type = ascii(b, at + 4, 4);
    if (type === 'tRNS') hasAlpha = true;
    if (type === 'IDAT' || type === 'IEND') break;
    at += 12 + len;
  }
  return { format: 'png', width: u32(b, 16), height: u32(b, 20), hasAlpha };
}

function readJpeg(b: Uint8Array): ImageInfo | undefined {
  // Walk the marker segments: the SOF marker can sit after a long EXIF block.
  let at = 2;
  while (at + 9 < b.length) {
    if (b[at] !== 0xff) return undefined;
    const marker = b[at + 1]!;
    if (marker === 0xff) { at++; continue; }
    const len = (b[at + 2]! << 8) + b[at + 3]!;
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) return { format: 'jpeg', height: (b[at + 5]! << 8) + b[at + 6]!, width: (b[at + 7]! << 8) + b[at + 8]!, hasAlpha: false };
    at += 2 + len;
  }
  return undefined;
}

function readWebp(b: Uint8Array): ImageInfo | undefined {
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8X' && b.length >= 30) {
    const w = 1 + (b[24]! | (b[25]! << 8) | (b[26]! << 16));
    const h = 1 + (b[27]! | (b[28]! << 8) | (b[29]! << 16));
    return { format: 'webp', width: w, height: h, hasAlpha: (b[20]! & 0x10) !== 0 };
  }
  if (chunk === 'VP8L' && b.length >= 25) {
    const bits = b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24);
    return { format: 'webp', width: 1 + (bits & 0x3fff), height: 1 + ((bits >>> 14) & 0x3fff), hasAlpha: ((bits >>> 28) & 1) === 1 };
  }
  if (chunk === 'VP8 ' && b.length >= 30) {
    return { format: 'webp', width: (b[26]! | (b[27]! << 8)) & 0x3fff, height: (b[28]! | (b[29]! << 8)) & 0x3fff, hasAlpha: false };
  }
  return undefined;
}
