// Protects the pixels outside the mask: GPT image models treat the mask as guidance and may
// change anything, so the result is laid back onto the original through the mask. Works on
// straight RGBA, so every pixel outside the mask comes out byte-identical to the original.
import type { RgbaImage } from './pngCodec';

/** Samples `image` at the size of `width`x`height` (nearest neighbour: a result is scaled only when the model answered at another size). */
export function resizeNearest(image: RgbaImage, width: number, height: number): RgbaImage {
  if (image.width === width && image.height === height) return image;
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(image.height - 1, Math.floor(((y + 0.5) * image.height) / height));
    for (let x = 0; x < width; x++) {
      const sx = Math.min(image.width - 1, Math.floor(((x + 0.5) * image.width) / width));
      data.set(image.data.subarray((sy * image.width + sx) * 4, (sy * image.width + sx) * 4 + 4), (y * width + x) * 4);
    }
  }
  return { width, height, data };
}

/**
 * Result pixels where the mask is transparent (alpha 0), original pixels where it is opaque, and a
 * linear blend for partial mask alpha. The mask must have the original's dimensions.
 */
export function compositeThroughMask(original: RgbaImage, result: RgbaImage, mask: RgbaImage): RgbaImage {
  if (mask.width !== original.width || mask.height !== original.height) {
    throw new Error(`The mask is ${mask.width}x${mask.height} but the original is ${original.width}x${original.height}.`);
  }
  const fitted = resizeNearest(result, original.width, original.height);
  const data = new Uint8Array(original.data.length);
  for (let i = 0; i < data.length; i += 4) {
    const keep = mask.data[i + 3] ?? 0;
    for (let c = 0; c < 4; c++) {
      const o = original.data[i + c] ?? 0;
      const r = fitted.data[i + c] ?? 0;
      data[i + c] = keep === 255 ? o : keep === 0 ? r : Math.round((o * keep + r * (255 - keep)) / 255);
    }
  }
  return { width: original.width, height: original.height, data };
}
