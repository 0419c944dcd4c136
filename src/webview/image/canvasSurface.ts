// The few canvas primitives every image module here needs: decode bytes, make a 2D surface, read
// exact RGBA, encode PNG with Chromium's encoder. OffscreenCanvas is used when present (it
// encodes without touching the DOM); HTMLCanvasElement is the fallback. Contexts are sRGB so getImageData returns what a PNG
// decoder would, not values converted to the display's color space.
import { ImageProcessingError } from './imageProcessingError';
import { t } from '../l10n';

/** A 2D drawing surface of either canvas kind. */
export interface Surface {
  canvas: OffscreenCanvas | HTMLCanvasElement;
  ctx: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;
}

/** A canvas of the given size with an sRGB 2D context tuned for readback. */
export function createSurface(width: number, height: number): Surface {
  const options: CanvasRenderingContext2DSettings = { colorSpace: 'srgb', willReadFrequently: true };
  if (typeof OffscreenCanvas !== 'undefined') {
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d', options);
    if (ctx) return { canvas, ctx };
  }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d', options);
  if (!ctx) throw new ImageProcessingError('decodeFailed', t('This view cannot create a drawing surface (canvas 2D is unavailable).'));
  return { canvas, ctx };
}

/** How to decode: 'exact' keeps stored values (no color management, no premultiplication) for pixel comparisons. */
export type DecodeMode = 'display' | 'exact';

/** Decodes image bytes with the browser's decoders (PNG, JPEG, WebP, GIF first frame, …). */
export async function decodeBitmap(bytes: Uint8Array, mime: string, mode: DecodeMode = 'display'): Promise<ImageBitmap> {
  const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mime });
  try {
    // 'display' converts embedded ICC profiles to sRGB, right for photos going to a PNG with no profile.
    return await createImageBitmap(
      blob,
      mode === 'exact'
        ? { premultiplyAlpha: 'none', colorSpaceConversion: 'none' }
        : { premultiplyAlpha: 'default', colorSpaceConversion: 'default' },
    );
  } catch (error) {
    throw new ImageProcessingError(
      'decodeFailed',
      t(
        'The image could not be decoded ({mime}): the file is damaged or in a variant this view cannot read. Re-export it as PNG. ({problem})',
        { mime, problem: String(error) },
      ),
    );
  }
}

/** Decodes bytes to RGBA pixels without color conversion (opaque pixels come out exactly as stored). */
export async function decodeRgba(bytes: Uint8Array, mime: string): Promise<ImageData> {
  const bitmap = await decodeBitmap(bytes, mime, 'exact');
  try {
    const { ctx } = createSurface(bitmap.width, bitmap.height);
    ctx.drawImage(bitmap, 0, 0);
    return ctx.getImageData(0, 0, bitmap.width, bitmap.height, { colorSpace: 'srgb' });
  } finally {
    bitmap.close();
  }
}

/** Encodes a canvas as PNG bytes with the browser's own encoder (Chromium writes 8-bit RGBA, color type 6). */
export async function encodePng(canvas: OffscreenCanvas | HTMLCanvasElement): Promise<Uint8Array> {
  let blob: Blob | null;
  if ('convertToBlob' in canvas) blob = await canvas.convertToBlob({ type: 'image/png' });
  else blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob)
    throw new ImageProcessingError('encodeFailed', t('The image could not be encoded as PNG (out of memory?). Try a smaller image.'));
  return new Uint8Array(await blob.arrayBuffer());
}

/** Milliseconds since page start, for the timings reported to the user and benchmarks. */
export function now(): number {
  return performance.now();
}
