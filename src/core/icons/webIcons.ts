// A site's icon set from one picture, as `favicons` and pwa-asset-generator write it: favicon.ico
// (16, 32, 48), apple-touch-icon.png (180, opaque: iOS fills transparency with black),
// icon-192.png and icon-512.png, icon-maskable-512.png (the content inside the central circle of
// 80 % diameter that every launcher mask keeps, on the background colour), and optionally an Open
// Graph image. The manifest and the <link> tags come from webManifest.ts.
import { encodeRgbaPng, type RgbaImage } from '../image/pngCodec';
import { blankImage, blitImage, filledImage, flattenOnto, type Rgba } from '../image/raster';
import { resizeRgba } from '../image/resize';
import { encodeIco } from './icoFile';

/** A binary file of the set, by its name in the output folder. */
export interface IconFile {
  name: string;
  bytes: Uint8Array;
}

/** Sizes inside favicon.ico. */
export const FAVICON_SIZES = [16, 32, 48] as const;
/** The share of the maskable icon's side the safe circle spans (the W3C manifest spec's 80 %). */
export const MASKABLE_SAFE_DIAMETER = 0.8;

/** What the set is made with. */
export interface WebIconOptions {
  /** Behind the opaque icons (touch, maskable, Open Graph). */
  background: Rgba;
  /** An Open Graph image of this size: `source` contained on the background (or `ogSource` covering it). */
  og?: { width: number; height: number };
  /** A separate picture for the Open Graph image (a generated banner), cropped to cover it. */
  ogSource?: RgbaImage;
}

/** The source as a square: letterboxed on transparency when it is not one. */
function squared(source: RgbaImage): RgbaImage {
  if (source.width === source.height) return source;
  const side = Math.max(source.width, source.height);
  return resizeRgba(source, side, side, 'contain');
}

/** The source at `size`² (Lanczos; box for the small favicon sizes, where Lanczos rings). */
function at(source: RgbaImage, size: number): RgbaImage {
  return resizeRgba(source, size, size, 'fill', size <= 48 ? 'box' : 'lanczos3');
}

/** The largest distance from the image's centre to a visible pixel's far corner, in px. */
function visibleRadius(image: RgbaImage): number {
  const cx = image.width / 2;
  const cy = image.height / 2;
  let r2 = 0;
  for (let y = 0; y < image.height; y++)
    for (let x = 0; x < image.width; x++) {
      if ((image.data[(y * image.width + x) * 4 + 3] ?? 0) === 0) continue;
      const dx = Math.max(Math.abs(x - cx), Math.abs(x + 1 - cx));
      const dy = Math.max(Math.abs(y - cy), Math.abs(y + 1 - cy));
      r2 = Math.max(r2, dx * dx + dy * dy);
    }
  return Math.sqrt(r2);
}

/** The maskable icon: the source scaled so every visible pixel lies inside the safe circle, centred on the background. */
export function maskableIcon(source: RgbaImage, size: number, background: Rgba): RgbaImage {
  const radius = visibleRadius(source);
  const safe = (size * MASKABLE_SAFE_DIAMETER) / 2;
  // Two px of slack for the half-pixel centring and the resampling's soft edge.
  const scale = radius > 0 ? Math.min(size / source.width, (safe - 2) / radius) : size / source.width;
  const inner = Math.max(1, Math.floor(source.width * scale));
  const canvas = blankImage(size, size);
  const offset = Math.floor((size - inner) / 2);
  blitImage(canvas, resizeRgba(source, inner, inner, 'fill'), offset, offset);
  return flattenOnto(canvas, background);
}

/** The Open Graph image: `ogSource` covering the box, or the icon contained in its middle half on the background. */
export function openGraphImage(source: RgbaImage, options: WebIconOptions & { og: { width: number; height: number } }): RgbaImage {
  const { width, height } = options.og;
  if (options.ogSource) return flattenOnto(resizeRgba(options.ogSource, width, height, 'cover'), options.background);
  const side = Math.round(Math.min(width, height) / 2);
  const canvas = filledImage(width, height, options.background);
  const logo = flattenOnto(resizeRgba(source, side, side, 'fill'), options.background);
  const mask = resizeRgba(source, side, side, 'fill');
  // Blit only the logo's visible pixels (already blended with the background).
  for (let y = 0; y < side; y++)
    for (let x = 0; x < side; x++) {
      if ((mask.data[(y * side + x) * 4 + 3] ?? 0) === 0) continue;
      const to = ((Math.floor((height - side) / 2) + y) * width + Math.floor((width - side) / 2) + x) * 4;
      canvas.data.set(logo.data.subarray((y * side + x) * 4, (y * side + x) * 4 + 4), to);
    }
  return canvas;
}

/** Every image file of the set, in a fixed order. */
export async function webIconImages(source: RgbaImage, options: WebIconOptions): Promise<IconFile[]> {
  const square = squared(source);
  const png = (image: RgbaImage) => encodeRgbaPng(image);
  const favicons = await Promise.all(FAVICON_SIZES.map((size) => png(at(square, size))));
  const files: IconFile[] = [
    { name: 'favicon.ico', bytes: encodeIco(favicons) },
    { name: 'apple-touch-icon.png', bytes: await png(flattenOnto(at(square, 180), options.background)) },
    { name: 'icon-192.png', bytes: await png(at(square, 192)) },
    { name: 'icon-512.png', bytes: await png(at(square, 512)) },
    { name: 'icon-maskable-512.png', bytes: await png(maskableIcon(square, 512, options.background)) },
  ];
  if (options.og) files.push({ name: 'og.png', bytes: await png(openGraphImage(square, { ...options, og: options.og })) });
  return files;
}
