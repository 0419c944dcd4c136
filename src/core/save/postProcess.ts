// Post-processing between the API's image and the file: resizing to an exact box. Kept in the save
// pipeline so every writer (CLI, host, asset build) produces the same pixels.
import { decodePng, encodeRgbaPng, RESULT_DECODE_LIMITS } from '../image/pngCodec';
import { resizeRgba, type Fit } from '../image/resize';
import { inspectImage } from '../image/imageHeader';

/** Resizes PNG bytes to exactly width×height; bytes already that size pass through unchanged. */
export async function resizePng(bytes: Uint8Array, box: { width: number; height: number; fit: Fit }): Promise<Uint8Array> {
  const info = inspectImage(bytes);
  if (info.format !== 'png') throw new Error(`Resizing needs a PNG image; this one is ${info.format}.`);
  if (info.width === box.width && info.height === box.height) return bytes;
  return encodeRgbaPng(resizeRgba(await decodePng(bytes, RESULT_DECODE_LIMITS), box.width, box.height, box.fit));
}
