// What header inspection reports. Plain data so it can cross the host/webview boundary unchanged.

/** Container formats recognised by their magic number. */
export type ImageContainer = 'png' | 'jpeg' | 'webp' | 'gif' | 'unknown';

/** PNG IHDR color types: 0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA. */
export type PngColorType = 0 | 2 | 3 | 4 | 6;

/** WebP bitstream flavours: lossy, lossless, extended (VP8X wraps either and adds alpha/animation). */
export type WebpKind = 'VP8' | 'VP8L' | 'VP8X';

/** Everything the first bytes of an image tell, without decoding pixels. */
export interface ImageInfo {
  format: ImageContainer;
  width: number;
  height: number;
  /** Bits per sample (PNG 1–16, JPEG 8/12, WebP and GIF 8). */
  bitDepth: number;
  /** PNG only. */
  pngColorType?: PngColorType;
  /** Any transparency: an alpha channel, a PNG tRNS chunk, a WebP alpha flag. JPEG never. */
  hasAlpha: boolean;
  /** Transparency comes from a real channel (PNG types 4/6, WebP alpha), not a tRNS palette/key. */
  hasAlphaChannel: boolean;
  /** PNG Adam7 or GIF interlace flag. */
  interlaced: boolean;
  /** APNG (acTL), WebP animation flag/ANIM chunk, GIF with more than one frame. */
  animated: boolean;
  /** JPEG only: 1 gray, 3 YCbCr, 4 CMYK/YCCK. */
  jpegComponents?: number;
  /** JPEG only: progressive (SOF2/SOF6/SOF10/SOF14). */
  progressive?: boolean;
  /** JPEG only, when not 1: the EXIF orientation viewers apply (5–8 swap width and height). */
  orientation?: number;
  /** WebP only. */
  webpKind?: WebpKind;
  /** Size of the whole file in bytes (what the API's byte limits apply to). */
  byteLength: number;
}
