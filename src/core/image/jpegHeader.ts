// JPEG header inspection: walk the marker segments from SOI to the first SOF. Cameras put EXIF
// (with thumbnails) and ICC profiles in APPn segments before SOF, often more than 64 KB, so a
// fixed-size prefix read is not enough; following the segment lengths is.
import { requireLength, u16be } from './byteReader';
import { ImageInputError } from './imageErrors';
import type { ImageInfo } from './imageHeaderTypes';

const WHAT = 'JPEG file';
const SOS = 0xda;
const EOI = 0xd9;

/** SOFn markers (C4 DHT, C8 JPG and CC DAC share the range but are not frames). */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** Markers that stand alone, without a length field. */
function isStandalone(marker: number): boolean {
  return marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8);
}

/** Reads a JPEG's frame header (size, components, precision, progressive); throws ImageInputError when missing or malformed. */
export function inspectJpeg(bytes: Uint8Array): ImageInfo {
  requireLength(bytes, 4, WHAT);
  let at = 2;
  let orientation: number | undefined;
  for (;;) {
    requireLength(bytes, at + 2, WHAT);
    if (bytes[at] !== 0xff) {
      throw new ImageInputError('corrupt', `The JPEG has garbage where a marker should be (byte ${at}). Re-export the image.`);
    }
    const marker = bytes[at + 1] ?? 0;
    if (marker === 0xff) {
      at += 1; // fill byte: markers may be padded with any number of 0xFF
      continue;
    }
    if (isStandalone(marker)) {
      at += 2;
      continue;
    }
    if (marker === SOS || marker === EOI) {
      throw new ImageInputError('corrupt', 'The JPEG has no frame header (SOF) before its image data. Re-export the image.');
    }
    const length = u16be(bytes, at + 2, WHAT);
    if (length < 2) throw new ImageInputError('corrupt', `The JPEG has a malformed segment at byte ${at}. Re-export the image.`);
    if (isStartOfFrame(marker))
      return { ...readFrame(bytes, at, marker, length), ...(orientation && orientation !== 1 ? { orientation } : {}) };
    if (marker === 0xe1 && orientation === undefined)
      orientation = exifOrientation(bytes.subarray(at + 4, Math.min(bytes.length, at + 2 + length)));
    at += 2 + length;
  }
}

/**
 * The EXIF orientation (1–8) of an APP1 segment's payload, or undefined. Viewers rotate the image
 * by it; the API takes the stored pixels, so a mask drawn over the rotated view does not fit.
 */
function exifOrientation(p: Uint8Array): number | undefined {
  if (p.length < 14 || String.fromCharCode(...p.subarray(0, 4)) !== 'Exif') return undefined;
  const tiff = p.subarray(6);
  const little = tiff[0] === 0x49 && tiff[1] === 0x49;
  if (!little && !(tiff[0] === 0x4d && tiff[1] === 0x4d)) return undefined;
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const u16 = (o: number): number | undefined => (o + 2 <= tiff.length ? view.getUint16(o, little) : undefined);
  const ifd = tiff.length >= 8 ? view.getUint32(4, little) : 0;
  const count = u16(ifd) ?? 0;
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (u16(entry) === undefined) return undefined;
    if (u16(entry) === 0x0112) {
      const value = u16(entry + 8);
      return value !== undefined && value >= 1 && value <= 8 ? value : undefined;
    }
  }
  return undefined;
}

function readFrame(bytes: Uint8Array, at: number, marker: number, length: number): ImageInfo {
  requireLength(bytes, at + 2 + length, WHAT);
  const precision = bytes[at + 4] ?? 0;
  const height = u16be(bytes, at + 5, WHAT);
  const width = u16be(bytes, at + 7, WHAT);
  const components = bytes[at + 9] ?? 0;
  if (length < 8 + 3 * components || ![1, 3, 4].includes(components)) {
    throw new ImageInputError(
      'corrupt',
      `The JPEG frame header declares ${components} color components, which is not a valid image. Re-export the image.`,
    );
  }
  if (width === 0) throw new ImageInputError('corrupt', 'The JPEG declares a width of 0. Re-export the image.');
  if (height === 0) {
    // Height 0 means "given later in a DNL marker": legal, but almost nothing decodes it.
    throw new ImageInputError(
      'unsupported',
      'The JPEG defers its height to a DNL marker, which browsers cannot decode. Re-save it as a normal JPEG or PNG.',
    );
  }
  // SOF2/6/10/14 are the progressive variants (Huffman/arithmetic, sequential/differential).
  const progressive = marker === 0xc2 || marker === 0xc6 || marker === 0xca || marker === 0xce;
  return {
    format: 'jpeg',
    width,
    height,
    bitDepth: precision,
    hasAlpha: false,
    hasAlphaChannel: false,
    interlaced: false,
    animated: false,
    jpegComponents: components,
    progressive,
    byteLength: bytes.length,
  };
}
