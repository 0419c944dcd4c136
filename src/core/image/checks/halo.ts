// The halo score: the share of a sprite's edge pixels that carry a fringe, either light (the
// white rim of a subject cut from a light backdrop) or tinted by a key colour (a green rim left
// by chroma keying). Each edge pixel is compared with the nearest solid pixel inside the shape:
// a clean edge has the subject's colour, a fringe is lighter, or closer to the key, than that.
import type { RgbaImage } from '../pngCodec';
import { colourDistance } from '../process/colour';
import type { Rgb } from '../process/processTypes';

/** Alpha from which a pixel is visible enough for its fringe to show. */
const VISIBLE = 64;
const REACH = 3;
/** Lighter than the inside by this much (luma) and light in itself. */
const LIGHTER = 48;
const LIGHT = 160;
/** Closer to the key than the inside by this factor. */
const KEY_PULL = 0.75;

const luma = (r: number, g: number, b: number): number => 0.299 * r + 0.587 * g + 0.114 * b;

/** Edge pixels and how many of them fringe. */
export interface HaloCount {
  edge: number;
  fringe: number;
}

/** Counts the visible pixels next to a mostly transparent one, and those with a light or key-coloured fringe. */
export function countHalo(image: RgbaImage, keys: readonly Rgb[]): HaloCount {
  const { width: w, height: h, data } = image;
  const alpha = (x: number, y: number): number => (x < 0 || y < 0 || x >= w || y >= h ? 255 : (data[(y * w + x) * 4 + 3] ?? 0));
  const edges = new Uint8Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      if (alpha(x, y) < VISIBLE) continue;
      for (let dy = -1; dy <= 1 && !edges[y * w + x]; dy++)
        for (let dx = -1; dx <= 1; dx++) if (alpha(x + dx, y + dy) < VISIBLE) edges[y * w + x] = 1;
    }
  let edge = 0;
  let fringe = 0;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      if (!edges[y * w + x]) continue;
      const inside = nearestSolid(image, x, y, edges);
      if (inside < 0) continue;
      edge++;
      const o = (y * w + x) * 4;
      const [r, g, b] = [data[o] ?? 0, data[o + 1] ?? 0, data[o + 2] ?? 0];
      const [ir, ig, ib] = [data[inside] ?? 0, data[inside + 1] ?? 0, data[inside + 2] ?? 0];
      const lum = luma(r, g, b);
      const light = lum > LIGHT && lum - luma(ir, ig, ib) > LIGHTER;
      const keyed = keys.some((k) => {
        const insideToKey = colourDistance(ir, ig, ib, ...k);
        return insideToKey >= 32 && colourDistance(r, g, b, ...k) < KEY_PULL * insideToKey;
      });
      if (light || keyed) fringe++;
    }
  return { edge, fringe };
}

/** Byte offset of the nearest fully opaque non-edge pixel within REACH, or -1. */
function nearestSolid(image: RgbaImage, x: number, y: number, edges: Uint8Array): number {
  const { width: w, height: h, data } = image;
  let best = -1;
  let bestD = Infinity;
  for (let sy = Math.max(0, y - REACH); sy <= Math.min(h - 1, y + REACH); sy++)
    for (let sx = Math.max(0, x - REACH); sx <= Math.min(w - 1, x + REACH); sx++) {
      const o = (sy * w + sx) * 4;
      const d = (sx - x) ** 2 + (sy - y) ** 2;
      if (d >= bestD || (data[o + 3] ?? 0) !== 255 || edges[sy * w + sx]) continue;
      best = o;
      bestD = d;
    }
  return best;
}
