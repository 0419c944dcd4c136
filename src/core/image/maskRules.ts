// Header-level checks of an edit mask against the image it belongs to (the API's mask rules: a PNG
// with an alpha channel, the same dimensions as the first image, under 4 MB). Whether the mask has
// at least one fully transparent pixel needs the pixels, so the webview checks that after decoding
// (src/webview/image/maskValidation.ts); a mask that passes here can still be all opaque.
import type { ImageInfo } from './imageHeaderTypes';

/** The API's size limit for a mask file. */
export const MAX_MASK_BYTES = 4 * 1024 * 1024;

/** What is wrong with a mask, most fundamental first. */
export type MaskProblem =
  | { kind: 'notPng'; message: string; format: ImageInfo['format'] }
  | { kind: 'noAlphaChannel'; message: string }
  /** Transparency only via tRNS (palette or color key): the API rejects such PNGs; re-encoding as RGBA fixes it. */
  | { kind: 'alphaNotAChannel'; message: string }
  /** The UI can offer to resize the mask to `expected`. */
  | { kind: 'dimensionMismatch'; message: string; expected: { width: number; height: number }; actual: { width: number; height: number } }
  | { kind: 'tooManyBytes'; message: string; byteLength: number; maxBytes: number };

/** The first problem that stops `mask` being used with `image`, or undefined when the headers allow it. */
export function validateMask(
  mask: ImageInfo,
  image: Pick<ImageInfo, 'width' | 'height'> & Partial<Pick<ImageInfo, 'orientation'>>,
): MaskProblem | undefined {
  if (mask.format !== 'png') {
    return {
      kind: 'notPng',
      format: mask.format,
      message: `The mask must be a PNG with transparency; this one is ${mask.format.toUpperCase()}. Paint the mask here or export it as PNG with an alpha channel.`,
    };
  }
  if (!mask.hasAlpha) {
    return {
      kind: 'noAlphaChannel',
      message:
        'The mask has no alpha channel, so it cannot mark where to edit. Make the areas to change fully transparent and save it as an RGBA PNG.',
    };
  }
  if (!mask.hasAlphaChannel) {
    return {
      kind: 'alphaNotAChannel',
      message: 'The mask stores transparency in a palette or color key (tRNS), which the API rejects. It can be converted to an RGBA PNG.',
    };
  }
  const turned = image.orientation !== undefined && image.orientation >= 5;
  if (turned && mask.width === image.height && mask.height === image.width && mask.width !== mask.height) {
    return {
      kind: 'dimensionMismatch',
      expected: { width: image.width, height: image.height },
      actual: { width: mask.width, height: mask.height },
      message: `The image is stored as ${image.width}x${image.height} and only shown turned to ${image.height}x${image.width} (EXIF orientation ${image.orientation}); the API edits the stored pixels, so the mask, drawn over the turned view, does not fit. Export the image turned (without EXIF orientation) and draw the mask again, or turn the mask to ${image.width}x${image.height}.`,
    };
  }
  if (mask.width !== image.width || mask.height !== image.height) {
    return {
      kind: 'dimensionMismatch',
      expected: { width: image.width, height: image.height },
      actual: { width: mask.width, height: mask.height },
      message: `The mask is ${mask.width}x${mask.height} but the image is ${image.width}x${image.height}; they must match. The mask can be resized to fit.`,
    };
  }
  if (mask.byteLength > MAX_MASK_BYTES) {
    return {
      kind: 'tooManyBytes',
      byteLength: mask.byteLength,
      maxBytes: MAX_MASK_BYTES,
      message: `The mask file is ${(mask.byteLength / 1048576).toFixed(1)} MB; the API takes masks under 4 MB. Re-encode it (a mask compresses well when the opaque area is one flat color).`,
    };
  }
  return undefined;
}
