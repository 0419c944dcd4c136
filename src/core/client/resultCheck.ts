// Whether bytes from the server are a whole image of the kind they start as. The declared
// `output_format` is never trusted: bytes whose magic number and structure do not make a PNG,
// JPEG or WebP are not an image, whatever the answer says (they would be saved as a broken file).
import { inspectImage } from '../image/imageHeader';
import { MIME_TYPES } from '../image/imageInfo';
import type { ImageFormat } from '../types';

/** The image's format, or why the bytes are not a usable image. */
export function checkResultImage(bytes: Uint8Array): { format: ImageFormat } | { problem: string } {
  let format: string;
  try {
    format = inspectImage(bytes).format;
  } catch (e) {
    return { problem: `it is not a PNG, JPEG or WebP image (${(e as Error).message.split('. ')[0]?.replace(/\.$/, '')})` };
  }
  if (!(format in MIME_TYPES)) return { problem: `it is a ${format.toUpperCase()}, not a PNG, JPEG or WebP image` };
  const cut = `the ${format.toUpperCase()} data is cut short or malformed`;
  if (format === 'png' && !pngComplete(bytes)) return { problem: cut };
  if (format === 'jpeg' && !jpegComplete(bytes)) return { problem: cut };
  if (format === 'webp' && !webpComplete(bytes)) return { problem: cut };
  return { format: format as ImageFormat };
}

// Walks the chunk list to IEND without reading pixel data.
function pngComplete(b: Uint8Array): boolean {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let at = 8; at + 12 <= b.length;) {
    const length = view.getUint32(at);
    if (at + 12 + length > b.length) return false;
    if (b[at + 4] === 0x49 && b[at + 5] === 0x45 && b[at + 6] === 0x4e && b[at + 7] === 0x44) return true;
    at += 12 + length;
  }
  return false;
}

// The end-of-image marker, allowing a little trailing padding.
function jpegComplete(b: Uint8Array): boolean {
  for (let i = b.length - 2; i >= Math.max(2, b.length - 64); i--) if (b[i] === 0xff && b[i + 1] === 0xd9) return true;
  return false;
}

function webpComplete(b: Uint8Array): boolean {
  const riffSize = new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(4, true);
  return riffSize + 8 <= b.length;
}
