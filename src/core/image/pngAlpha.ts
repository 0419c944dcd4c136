// Counts fully transparent pixels of a PNG mask without a canvas, so the host can refuse a mask
// that marks nothing before anything is sent.
import { isImageInputError } from './imageErrors';
import type { ImageLimits } from './imageLimits';
import { decodePng } from './pngCodec';

/** How many pixels are fully transparent (alpha 0) out of all pixels. */
export interface AlphaCount {
  transparent: number;
  total: number;
}

/** Counts alpha-0 pixels; undefined when this PNG needs the canvas to decode (interlaced, low bit depth). */
export async function countTransparentPixels(png: Uint8Array, limits?: ImageLimits): Promise<AlphaCount | undefined> {
  let image;
  try {
    image = await decodePng(png, limits);
  } catch (err) {
    if (isImageInputError(err) && err.kind === 'unsupported') return undefined;
    throw err;
  }
  let transparent = 0;
  for (let i = 3; i < image.data.length; i += 4) if (image.data[i] === 0) transparent++;
  return { transparent, total: image.width * image.height };
}
