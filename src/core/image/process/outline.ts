// An outline around the visible shape (alpha ≥ 128), drawn outside it and under it: the distance
// of every pixel to the shape (an exact Euclidean distance transform, linear in the pixel count
// whatever the width) gives an antialiased band `px` wide, and the image is laid over that band.
// The image keeps its size: pad first when the shape touches the border.
import type { RgbaImage } from '../pngCodec';
import { formatColour } from './colour';
import type { OutlineStep, StepResult } from './processTypes';

const FAR = 1e20;

/** One dimension of the Felzenszwalb–Huttenlocher squared distance transform, in place over `f` (n values). */
function distance1d(f: Float64Array, n: number, d: Float64Array, v: Int32Array, z: Float64Array): void {
  let k = 0;
  v[0] = 0;
  z[0] = -FAR;
  z[1] = FAR;
  const meet = (q: number, p: number): number => ((f[q] ?? 0) + q * q - ((f[p] ?? 0) + p * p)) / (2 * q - 2 * p);
  for (let q = 1; q < n; q++) {
    // z[0] is -FAR, so this stops at k = 0 at the latest.
    let s = meet(q, v[k] ?? 0);
    while (s <= (z[k] ?? -FAR)) {
      k--;
      s = meet(q, v[k] ?? 0);
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = FAR;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while ((z[k + 1] ?? FAR) < q) k++;
    const p = v[k] ?? 0;
    d[q] = (q - p) * (q - p) + (f[p] ?? 0);
  }
  f.set(d.subarray(0, n));
}

/** Squared distance of every pixel to the nearest pixel with alpha ≥ 128. */
export function distanceToShape(image: RgbaImage): Float64Array {
  const { width: w, height: h, data } = image;
  const grid = new Float64Array(w * h);
  for (let p = 0; p < w * h; p++) grid[p] = (data[p * 4 + 3] ?? 0) >= 128 ? 0 : FAR;
  const n = Math.max(w, h);
  const f = new Float64Array(n);
  const d = new Float64Array(n);
  const v = new Int32Array(n);
  const z = new Float64Array(n + 1);
  for (let x = 0; x < w; x++) {
    for (let y = 0; y < h; y++) f[y] = grid[y * w + x] ?? FAR;
    distance1d(f, h, d, v, z);
    for (let y = 0; y < h; y++) grid[y * w + x] = f[y] ?? FAR;
  }
  for (let y = 0; y < h; y++) {
    f.set(grid.subarray(y * w, (y + 1) * w));
    distance1d(f, w, d, v, z);
    grid.set(f.subarray(0, w), y * w);
  }
  return grid;
}

/** Draws the outline under the image (in place). */
export function outline(image: RgbaImage, step: OutlineStep): StepResult {
  const record = { step: 'outline' as const, px: step.px, color: formatColour(step.color) };
  const dist = distanceToShape(image);
  const [or, og, ob, oa] = step.color;
  const d = image.data;
  let drawn = 0;
  for (let p = 0, o = 0; p < image.width * image.height; p++, o += 4) {
    const squared = dist[p] ?? FAR;
    if (squared === 0 || squared >= FAR) continue;
    // Full strength for the px rings of pixels around the shape, fading over the next one (antialiased corners).
    const cover = Math.min(1, Math.max(0, step.px + 1 - Math.sqrt(squared)));
    if (cover <= 0) continue;
    const lineA = (oa / 255) * cover;
    const topA = (d[o + 3] ?? 0) / 255;
    const outA = topA + lineA * (1 - topA);
    if (outA <= 0) continue;
    // The image over the outline (straight alpha "over").
    d[o] = Math.round(((d[o] ?? 0) * topA + or * lineA * (1 - topA)) / outA);
    d[o + 1] = Math.round(((d[o + 1] ?? 0) * topA + og * lineA * (1 - topA)) / outA);
    d[o + 2] = Math.round(((d[o + 2] ?? 0) * topA + ob * lineA * (1 - topA)) / outA);
    d[o + 3] = Math.round(outA * 255);
    drawn++;
  }
  return { image, record: { ...record, drawn } };
}
