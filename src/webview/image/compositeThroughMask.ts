// Puts an edit result back through its mask: result pixels where the mask is transparent, original
// pixels elsewhere. GPT image models treat the mask as a hint and may repaint the whole image; this
// restores everything the user did not select.
//
// Guarantee: a pixel outside the mask (mask alpha 255) whose original alpha is 255 comes out
// byte-identical in RGBA to the original's stored values (decoded without color conversion), because
// opaque pixels survive the canvas's premultiplied storage unchanged. Pixels with alpha < 255 are
// not guaranteed: the 2D canvas stores premultiplied color, so their RGB may shift by rounding, and
// fully transparent pixels come out as (0,0,0,0). Mask alpha between 1 and 254 (feathered masks
// from files) blends linearly.
import { encodeRgbaPng } from '../../core/image/pngCodec';
import { createSurface, decodeBitmap, decodeRgba } from './canvasSurface';
import { ImageProcessingError } from './imageProcessingError';
import { t } from '../l10n';

/** Encoded image plus its MIME type (defaults to PNG). */
export type EncodedImage = Uint8Array | { bytes: Uint8Array; mime: string };

function split(img: EncodedImage): { bytes: Uint8Array; mime: string } {
  return img instanceof Uint8Array ? { bytes: img, mime: 'image/png' } : img;
}

/** Composites `result` over `original` where `mask` is transparent; returns an RGBA PNG at the original's size. */
export async function compositeThroughMask(original: EncodedImage, result: EncodedImage, mask: EncodedImage): Promise<Uint8Array> {
  const o = split(original);
  const orig = await decodeRgba(o.bytes, o.mime);
  const m = await decodeRgba(split(mask).bytes, split(mask).mime);
  if (m.width !== orig.width || m.height !== orig.height) {
    throw new ImageProcessingError(
      'sizeMismatch',
      t('The mask is {width}x{height} but the original is {width2}x{height3}; they must match.', {
        width: m.width,
        height: m.height,
        width2: orig.width,
        height3: orig.height,
      }),
    );
  }
  const res = await decodeResultAt(split(result), orig.width, orig.height);
  const out = new ImageData(new Uint8ClampedArray(orig.data), orig.width, orig.height, { colorSpace: 'srgb' });
  const od = out.data;
  const rd = res.data;
  const md = m.data;
  for (let i = 0; i < od.length; i += 4) {
    const keep = md[i + 3] ?? 0;
    if (keep === 255) continue;
    if (keep === 0) {
      od[i] = rd[i] ?? 0;
      od[i + 1] = rd[i + 1] ?? 0;
      od[i + 2] = rd[i + 2] ?? 0;
      od[i + 3] = rd[i + 3] ?? 0;
      continue;
    }
    for (let c = 0; c < 4; c++) od[i + c] = Math.round(((od[i + c] ?? 0) * keep + (rd[i + c] ?? 0) * (255 - keep)) / 255);
  }
  // Encoded straight from RGBA: a canvas would premultiply alpha on the way out.
  return encodeRgbaPng(out);
}

/** The result's pixels at the original's size (models return their own sizes; scale when they differ). */
async function decodeResultAt(result: { bytes: Uint8Array; mime: string }, width: number, height: number): Promise<ImageData> {
  const bitmap = await decodeBitmap(result.bytes, result.mime, 'exact');
  try {
    const { ctx } = createSurface(width, height);
    // Same size: a 1:1 draw with no resampling. Different size: high-quality scaling.
    ctx.imageSmoothingEnabled = bitmap.width !== width || bitmap.height !== height;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, 0, 0, width, height);
    return ctx.getImageData(0, 0, width, height, { colorSpace: 'srgb' });
  } finally {
    bitmap.close();
  }
}
