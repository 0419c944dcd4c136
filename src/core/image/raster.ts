// Small pixel operations over straight RGBA that sheets, atlases and icon sets share: crop, copy
// into place, the bounds of what is visible, flattening onto a colour and repeating edge pixels.
// Pure code (no Node, no DOM), so it runs in the CLI, the host's worker and the webview alike.
import type { RgbaImage } from './pngCodec';

/** A rectangle in pixels. */
export interface PixelRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** An RGBA colour, 0–255 per channel. */
export type Rgba = readonly [number, number, number, number];

/** A fully transparent image of the given size. */
export function blankImage(width: number, height: number): RgbaImage {
  return { width, height, data: new Uint8Array(width * height * 4) };
}

/** An image filled with one colour. */
export function filledImage(width: number, height: number, colour: Rgba): RgbaImage {
  const image = blankImage(width, height);
  for (let i = 0; i < image.data.length; i += 4) image.data.set(colour, i);
  return image;
}

/** Copies the rectangle `rect` of `image` (clipped to the image) into a new image of the rectangle's size. */
export function cropImage(image: RgbaImage, rect: PixelRect): RgbaImage {
  const out = blankImage(rect.w, rect.h);
  blitImage(out, image, -rect.x, -rect.y);
  return out;
}

/** Writes `src` into `dst` with its top-left corner at (x, y), replacing what was there; parts outside `dst` are dropped. */
export function blitImage(dst: RgbaImage, src: RgbaImage, x: number, y: number): void {
  const x0 = Math.max(0, x);
  const x1 = Math.min(dst.width, x + src.width);
  if (x1 <= x0) return;
  for (let row = Math.max(0, y); row < Math.min(dst.height, y + src.height); row++) {
    const from = ((row - y) * src.width + (x0 - x)) * 4;
    dst.data.set(src.data.subarray(from, from + (x1 - x0) * 4), (row * dst.width + x0) * 4);
  }
}

/** The smallest rectangle holding every pixel whose alpha is above `threshold`; undefined when there is none. */
export function opaqueBounds(image: RgbaImage, threshold = 0): PixelRect | undefined {
  let minX = image.width,
    minY = image.height,
    maxX = -1,
    maxY = -1;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if ((image.data[(y * image.width + x) * 4 + 3] ?? 0) <= threshold) continue;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  return maxX < 0 ? undefined : { x: minX, y: minY, w: maxX - minX + 1, h: maxY - minY + 1 };
}

/** Lays `image` over an opaque `colour` (straight alpha, rounded), so the result has no transparency. */
export function flattenOnto(image: RgbaImage, colour: Rgba): RgbaImage {
  const out = blankImage(image.width, image.height);
  const [br, bg, bb] = colour;
  for (let i = 0; i < image.data.length; i += 4) {
    const a = (image.data[i + 3] ?? 0) / 255;
    out.data[i] = Math.round((image.data[i] ?? 0) * a + br * (1 - a));
    out.data[i + 1] = Math.round((image.data[i + 1] ?? 0) * a + bg * (1 - a));
    out.data[i + 2] = Math.round((image.data[i + 2] ?? 0) * a + bb * (1 - a));
    out.data[i + 3] = 255;
  }
  return out;
}

/**
 * Repeats the outermost pixels of `rect` in `page` outward by `amount` pixels on each side
 * (corners included), so a GPU sampling just outside a frame reads the frame's own edge colour.
 */
export function extrudeEdges(page: RgbaImage, rect: PixelRect, amount: number): void {
  if (amount <= 0 || rect.w <= 0 || rect.h <= 0) return;
  const px = (x: number, y: number) => (y * page.width + x) * 4;
  const copy = (fromX: number, fromY: number, toX: number, toY: number) => {
    if (toX < 0 || toY < 0 || toX >= page.width || toY >= page.height) return;
    page.data.copyWithin(px(toX, toY), px(fromX, fromY), px(fromX, fromY) + 4);
  };
  const right = rect.x + rect.w - 1;
  const bottom = rect.y + rect.h - 1;
  for (let d = 1; d <= amount; d++) {
    for (let y = rect.y; y <= bottom; y++) {
      copy(rect.x, y, rect.x - d, y);
      copy(right, y, right + d, y);
    }
  }
  // Rows above and below copy whole extruded rows, which carries the corners too.
  for (let d = 1; d <= amount; d++) {
    for (let x = rect.x - amount; x <= right + amount; x++) {
      if (x < 0 || x >= page.width) continue;
      copy(x, rect.y, x, rect.y - d);
      copy(x, bottom, x, bottom + d);
    }
  }
}

/** Parses `#rgb`, `#rgba`, `#rrggbb` or `#rrggbbaa`; undefined for anything else. */
export function parseHexColour(text: string): Rgba | undefined {
  const m = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(text.trim());
  if (!m) return undefined;
  let hex = m[1]!;
  if (hex.length <= 4) hex = [...hex].map((c) => c + c).join('');
  if (hex.length === 6) hex += 'ff';
  const n = (i: number) => parseInt(hex.slice(i, i + 2), 16);
  return [n(0), n(2), n(4), n(6)];
}

/** `#rrggbb` for an opaque colour (the form web manifests and meta tags expect). */
export function hexColour(colour: Rgba): string {
  return (
    '#' +
    colour
      .slice(0, 3)
      .map((c) => c.toString(16).padStart(2, '0'))
      .join('')
  );
}
