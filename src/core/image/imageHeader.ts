// Entry point of header inspection: recognise the container by its magic number and hand over to
// the format's reader. Everything here reads headers only (microseconds, no pixel decode), so it
// runs on every input before anything heavy: upload checks, mask checks, decompression-bomb checks.
import { inspectGif } from './gifHeader';
import { ImageInputError } from './imageErrors';
import type { ImageContainer, ImageInfo } from './imageHeaderTypes';
import { inspectJpeg } from './jpegHeader';
import { PNG_SIGNATURE, inspectPng } from './pngHeader';
import { inspectWebp } from './webpHeader';

const SIGNATURES: ReadonlyArray<{ format: Exclude<ImageContainer, 'unknown'>; magic: readonly number[] }> = [
  // Only "\x89PNG": bytes 4–7 are what text-mode transfers damage, and the PNG reader explains that.
  { format: 'png', magic: PNG_SIGNATURE.slice(0, 4) },
  { format: 'jpeg', magic: [0xff, 0xd8, 0xff] },
  { format: 'gif', magic: [0x47, 0x49, 0x46, 0x38] },
];

/** Formats people try that the API and the webview cannot take, with what to tell them. */
const UNSUPPORTED: ReadonlyArray<{ name: string; test: (b: Uint8Array) => boolean }> = [
  { name: 'BMP', test: (b) => startsWith(b, [0x42, 0x4d]) && b.length >= 26 },
  { name: 'TIFF', test: (b) => startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a]) },
  {
    name: 'HEIC/AVIF',
    test: (b) => b.length >= 12 && text(b, 4, 4) === 'ftyp' && /^(heic|heix|hevc|mif1|msf1|avif|avis)$/.test(text(b, 8, 4)),
  },
  { name: 'JPEG XL', test: (b) => startsWith(b, [0xff, 0x0a]) || startsWith(b, [0, 0, 0, 0x0c, 0x4a, 0x58, 0x4c, 0x20]) },
  { name: 'ICO', test: (b) => startsWith(b, [0, 0, 1, 0]) && b.length >= 22 },
  { name: 'SVG', test: (b) => /^\s*(<\?xml|<svg)/i.test(text(b, 0, Math.min(b.length, 64))) },
];

/** The container format from the magic number alone; 'unknown' when nothing matches. */
export function detectFormat(bytes: Uint8Array): ImageContainer {
  for (const { format, magic } of SIGNATURES) if (startsWith(bytes, magic)) return format;
  if (bytes.length >= 12 && text(bytes, 0, 4) === 'RIFF' && text(bytes, 8, 4) === 'WEBP') return 'webp';
  return 'unknown';
}

/** Reads an image's header (format, size, depth, alpha, animation…) without decoding; throws ImageInputError for anything unusable. */
export function inspectImage(bytes: Uint8Array): ImageInfo {
  if (bytes.length === 0)
    throw new ImageInputError('notAnImage', 'The file is empty (0 bytes). Pick the image again or check that it finished saving.');
  switch (detectFormat(bytes)) {
    case 'png':
      return inspectPng(bytes);
    case 'jpeg':
      return inspectJpeg(bytes);
    case 'webp':
      return inspectWebp(bytes);
    case 'gif':
      return inspectGif(bytes);
    case 'unknown':
      break;
  }
  const unsupported = UNSUPPORTED.find((u) => u.test(bytes));
  if (unsupported) {
    throw new ImageInputError('unsupported', `${unsupported.name} images are not supported. Convert it to PNG (or JPEG/WebP) first.`);
  }
  if (isSignaturePrefix(bytes)) {
    throw new ImageInputError(
      'truncated',
      `The file ends after ${bytes.length} bytes, inside the image signature: it was cut short. Save or copy it again.`,
    );
  }
  throw new ImageInputError('notAnImage', 'This file is not a PNG, JPEG, WebP or GIF image (its first bytes match none of them).');
}

/** True when the bytes are too short to finish a known signature but match it so far (a cut-off file). */
function isSignaturePrefix(bytes: Uint8Array): boolean {
  const riff = [0x52, 0x49, 0x46, 0x46];
  const magics = [...SIGNATURES.map((s) => s.magic), riff];
  return (
    magics.some((magic) => bytes.length < magic.length && startsWith(bytes, magic.slice(0, bytes.length))) ||
    (bytes.length < 12 && startsWith(bytes, riff))
  );
}

/** MIME type for an inspected image ('application/octet-stream' when unknown). */
export function mimeTypeOf(info: Pick<ImageInfo, 'format'>): string {
  switch (info.format) {
    case 'png':
      return 'image/png';
    case 'jpeg':
      return 'image/jpeg';
    case 'webp':
      return 'image/webp';
    case 'gif':
      return 'image/gif';
    default:
      return 'application/octet-stream';
  }
}

/** True when width equals height (dall-e-2 edits and variations need square input). */
export function isSquare(info: Pick<ImageInfo, 'width' | 'height'>): boolean {
  return info.width === info.height;
}

function startsWith(b: Uint8Array, magic: readonly number[]): boolean {
  if (b.length < magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (b[i] !== magic[i]) return false;
  return true;
}

function text(b: Uint8Array, at: number, len: number): string {
  let s = '';
  for (let i = at; i < at + len && i < b.length; i++) s += String.fromCharCode(b[i] ?? 0);
  return s;
}
