// Mask pixels and files: the painter's coverage becomes the PNG the API wants (alpha 0 exactly
// where painted, 255 elsewhere, at the size of the image that is sent), and masks chosen from files
// get the checks that need decoded pixels, on top of core's header checks.
import type { ImageInfo } from '../../core/image/imageHeaderTypes';
import { inspectImage } from '../../core/image/imageHeader';
import { validateMask, type MaskProblem } from '../../core/image/maskRules';
import { createSurface, decodeRgba } from './canvasSurface';
import { encodeRgbaPng } from '../../core/image/pngCodec';
import { rasterizeOperations, type MaskCoverage, type MaskOperation } from './maskStrokes';
import { errorMessage } from '../../core/errorMessage';
import { t } from '../l10n';

/** RGBA mask pixels from coverage: painted → (0,0,0,0), elsewhere opaque black. */
export function coverageToMaskPixels(cov: MaskCoverage): ImageData {
  const pixels = new ImageData(cov.width, cov.height, { colorSpace: 'srgb' });
  const d = pixels.data;
  for (let i = 0; i < cov.data.length; i++) if (!cov.data[i]) d[i * 4 + 3] = 255;
  return pixels;
}

/** Rasterises `ops` (image coordinates of an imageWidth x imageHeight image) at width x height and encodes the mask PNG. */
export async function exportMaskPng(
  ops: readonly MaskOperation[],
  imageWidth: number,
  imageHeight: number,
  width = imageWidth,
  height = imageHeight,
): Promise<Uint8Array> {
  const cov = rasterizeOperations(ops, width, height, imageWidth, imageHeight);
  // Encoded directly (no canvas): the PNG holds exactly 0 and 255, with no idle-task encode delay.
  return encodeRgbaPng(coverageToMaskPixels(cov), 'up');
}

/** True when at least one pixel is fully transparent (alpha 0): the API edits nothing otherwise. */
export function hasTransparentPixel(pixels: ImageData): boolean {
  const d = pixels.data;
  for (let i = 3; i < d.length; i += 4) if (d[i] === 0) return true;
  return false;
}

/** A mask file problem: core's header problems plus the pixel-level ones. */
export type MaskFileProblem = MaskProblem | { kind: 'unreadable'; message: string } | { kind: 'noTransparentPixel'; message: string };

/** Checks a mask file against the image it will go with: header rules first, then at least one transparent pixel. */
export async function validateMaskFile(
  maskBytes: Uint8Array,
  image: Pick<ImageInfo, 'width' | 'height'>,
): Promise<MaskFileProblem | undefined> {
  let info: ImageInfo;
  try {
    info = inspectImage(maskBytes);
  } catch (error) {
    return { kind: 'unreadable', message: errorMessage(error) };
  }
  const headerProblem = validateMask(info, image);
  if (headerProblem) return headerProblem;
  const pixels = await decodeRgba(maskBytes, 'image/png');
  if (!hasTransparentPixel(pixels)) {
    return {
      kind: 'noTransparentPixel',
      message: t('The mask has no fully transparent pixel, so nothing would be edited. Erase (make transparent) the areas to change.'),
    };
  }
  return undefined;
}

/** Scales a mask file to width x height (for the "resize the mask" offer), keeping alpha strictly 0 or 255. */
export async function resizeMaskPng(maskBytes: Uint8Array, width: number, height: number): Promise<Uint8Array> {
  const src = await decodeRgba(maskBytes, 'image/png');
  const { canvas: srcCanvas, ctx: srcCtx } = createSurface(src.width, src.height);
  srcCtx.putImageData(src, 0, 0);
  const { ctx } = createSurface(width, height);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(srcCanvas, 0, 0, width, height);
  const scaled = ctx.getImageData(0, 0, width, height, { colorSpace: 'srgb' });
  // Smoothing blends edges; threshold at half so the edit area keeps its size and alpha stays binary.
  const out = new ImageData(width, height, { colorSpace: 'srgb' });
  for (let i = 3; i < scaled.data.length; i += 4) out.data[i] = (scaled.data[i] ?? 0) < 128 ? 0 : 255;
  return encodeRgbaPng(out, 'up');
}
