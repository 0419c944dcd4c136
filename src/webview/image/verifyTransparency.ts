// Checks that an image asked for with a transparent background really is transparent: some models
// (and some compatible servers) return an opaque image with a painted checkerboard instead.
import { inspectImage, mimeTypeOf } from '../../core/image/imageHeader';
import { decodeRgba } from './canvasSurface';
import { looksLikeCheckerboard } from './checkerboardDetector';

/** What the pixels say about transparency. */
export interface TransparencyReport {
  /** The file format can carry alpha and this file declares it (PNG types 4/6 or tRNS, WebP alpha). */
  hasAlphaChannel: boolean;
  /** Share of pixels with alpha 0. */
  transparentPixelRatio: number;
  /** Share of pixels with 0 < alpha < 255 (soft edges). */
  translucentPixelRatio: number;
  /** Opaque image whose corners show the grey/white transparency checkerboard. */
  looksLikeCheckerboard: boolean;
}

/** Decodes `bytes` and reports real versus painted transparency. */
export async function verifyTransparency(bytes: Uint8Array): Promise<TransparencyReport> {
  const info = inspectImage(bytes);
  const pixels = await decodeRgba(bytes, mimeTypeOf(info));
  const d = pixels.data;
  let transparent = 0;
  let translucent = 0;
  for (let i = 3; i < d.length; i += 4) {
    const a = d[i] ?? 0;
    if (a === 0) transparent++;
    else if (a < 255) translucent++;
  }
  const n = pixels.width * pixels.height;
  const transparentPixelRatio = transparent / n;
  return {
    hasAlphaChannel: info.hasAlpha,
    transparentPixelRatio,
    translucentPixelRatio: translucent / n,
    // A checkerboard only matters when nothing is actually transparent.
    looksLikeCheckerboard: transparentPixelRatio < 0.01 && looksLikeCheckerboard(pixels),
  };
}
