// Fewer colours: median cut over the visible pixels' RGBA (so antialiased edges get palette
// entries of their own and the result has at most N colours, alpha included), refined by two
// rounds of k-means, mapped without dithering (pixel art and sprites want flat areas, and flat
// areas compress). Or a palette file: every visible pixel's RGB snapped to the nearest of exactly
// those colours. Fully transparent pixels become (0, 0, 0, 0) and count as no colour.
import type { RgbaImage } from '../pngCodec';
import type { LoadedPaletteStep, QuantizeColorsStep, StepResult } from './processTypes';

/** Distinct colours of the visible pixels (alpha > 0), RGBA: what the `maxColors` gate counts. Stops counting past `stopAbove`. */
export function countColours(image: RgbaImage, stopAbove = Infinity): number {
  const seen = new Set<number>();
  const d = image.data;
  for (let o = 0; o < d.length; o += 4) {
    if (d[o + 3] === 0) continue;
    seen.add((((d[o] ?? 0) << 24) | ((d[o + 1] ?? 0) << 16) | ((d[o + 2] ?? 0) << 8) | (d[o + 3] ?? 0)) >>> 0);
    if (seen.size > stopAbove) break;
  }
  return seen.size;
}

/** Histogram bins (5 bits a channel) of the visible pixels: pixel counts and the mean colour of each. */
interface Bins {
  size: number;
  count: Uint32Array;
  mean: Float64Array; // 4 per bin
}

function histogram(d: Uint8Array): Bins {
  const index = new Int32Array(1 << 20).fill(-1);
  const capacity = Math.min(1 << 20, d.length >> 2);
  const count = new Uint32Array(capacity);
  const sum = new Uint32Array(capacity * 4);
  let size = 0;
  for (let o = 0; o < d.length; o += 4) {
    const a = d[o + 3] ?? 0;
    if (a === 0) continue;
    const r = d[o] ?? 0,
      g = d[o + 1] ?? 0,
      b = d[o + 2] ?? 0;
    const key = ((r >> 3) << 15) | ((g >> 3) << 10) | ((b >> 3) << 5) | (a >> 3);
    let i = index[key] ?? -1;
    if (i < 0) i = index[key] = size++;
    count[i] = (count[i] ?? 0) + 1;
    sum[i * 4] = (sum[i * 4] ?? 0) + r;
    sum[i * 4 + 1] = (sum[i * 4 + 1] ?? 0) + g;
    sum[i * 4 + 2] = (sum[i * 4 + 2] ?? 0) + b;
    sum[i * 4 + 3] = (sum[i * 4 + 3] ?? 0) + a;
  }
  const mean = new Float64Array(size * 4);
  for (let i = 0; i < size * 4; i++) mean[i] = (sum[i] ?? 0) / (count[i >> 2] ?? 1);
  return { size, count: count.subarray(0, size), mean };
}

/** A box of bins (a run of `order`) with its pixel count and widest channel. */
interface Box {
  start: number;
  end: number;
  pixels: number;
  channel: number;
  range: number;
}

function describeBox(bins: Bins, order: Uint32Array, start: number, end: number): Box {
  const lo = [255, 255, 255, 255];
  const hi = [0, 0, 0, 0];
  let pixels = 0;
  for (let k = start; k < end; k++) {
    const i = order[k] ?? 0;
    pixels += bins.count[i] ?? 0;
    for (let c = 0; c < 4; c++) {
      const v = bins.mean[i * 4 + c] ?? 0;
      if (v < (lo[c] ?? 0)) lo[c] = v;
      if (v > (hi[c] ?? 0)) hi[c] = v;
    }
  }
  let channel = 0;
  for (let c = 1; c < 4; c++) if ((hi[c] ?? 0) - (lo[c] ?? 0) > (hi[channel] ?? 0) - (lo[channel] ?? 0)) channel = c;
  return { start, end, pixels, channel, range: end - start > 1 ? (hi[channel] ?? 0) - (lo[channel] ?? 0) : 0 };
}

/** Sorts a box's bins by one channel: (value, bin) packed in one float so a typed-array sort does it. */
function sortBox(bins: Bins, order: Uint32Array, box: Box): void {
  const keys = new Float64Array(box.end - box.start);
  for (let k = box.start; k < box.end; k++) {
    const i = order[k] ?? 0;
    keys[k - box.start] = Math.round((bins.mean[i * 4 + box.channel] ?? 0) * 16) * (1 << 20) + i;
  }
  keys.sort();
  for (let k = 0; k < keys.length; k++) order[box.start + k] = (keys[k] ?? 0) % (1 << 20);
}

/** Median cut: split the box with the most pixels × widest range at its pixel median, until `colors` boxes. */
function medianCut(bins: Bins, colors: number): Float64Array {
  const order = Uint32Array.from({ length: bins.size }, (_, i) => i);
  const boxes = [describeBox(bins, order, 0, bins.size)];
  while (boxes.length < colors) {
    let pick = -1;
    let score = 0;
    for (const [i, b] of boxes.entries()) if (b.range > 0 && b.pixels * b.range > score) [pick, score] = [i, b.pixels * b.range];
    const box = boxes[pick];
    if (!box) break;
    sortBox(bins, order, box);
    let seen = 0;
    let cut = box.start + 1;
    for (let k = box.start; k < box.end - 1; k++) {
      seen += bins.count[order[k] ?? 0] ?? 0;
      cut = k + 1;
      if (seen * 2 >= box.pixels) break;
    }
    boxes.splice(pick, 1, describeBox(bins, order, box.start, cut), describeBox(bins, order, cut, box.end));
  }
  const palette = new Float64Array(boxes.length * 4);
  for (const [j, b] of boxes.entries())
    for (let k = b.start; k < b.end; k++) {
      const i = order[k] ?? 0;
      const n = (bins.count[i] ?? 0) / b.pixels;
      for (let c = 0; c < 4; c++) palette[j * 4 + c] = (palette[j * 4 + c] ?? 0) + (bins.mean[i * 4 + c] ?? 0) * n;
    }
  return palette;
}

/** Index of the palette entry (4 values each) nearest to the colour; alpha weighs 0 for an RGB-only palette. */
function nearestIndex(palette: Float64Array, r: number, g: number, b: number, a: number, alphaWeight: number): number {
  let best = 0;
  let bestD = Infinity;
  for (let i = 0, o = 0; o < palette.length; i++, o += 4) {
    const dr = r - (palette[o] ?? 0);
    const dg = g - (palette[o + 1] ?? 0);
    const db = b - (palette[o + 2] ?? 0);
    const da = (a - (palette[o + 3] ?? 0)) * alphaWeight;
    const d = dr * dr + dg * dg + db * db + da * da;
    if (d < bestD) {
      best = i;
      bestD = d;
    }
  }
  return best;
}

/** Two rounds of k-means over the bins: each palette entry moves to the mean of the bins nearest to it. */
function refine(bins: Bins, palette: Float64Array): void {
  const n = palette.length >> 2;
  for (let round = 0; round < 2; round++) {
    const acc = new Float64Array(n * 5);
    for (let i = 0; i < bins.size; i++) {
      const m = i * 4;
      const j = nearestIndex(palette, bins.mean[m] ?? 0, bins.mean[m + 1] ?? 0, bins.mean[m + 2] ?? 0, bins.mean[m + 3] ?? 0, 1);
      const weight = bins.count[i] ?? 0;
      for (let c = 0; c < 4; c++) acc[j * 5 + c] = (acc[j * 5 + c] ?? 0) + (bins.mean[m + c] ?? 0) * weight;
      acc[j * 5 + 4] = (acc[j * 5 + 4] ?? 0) + weight;
    }
    for (let j = 0; j < n; j++) {
      const weight = acc[j * 5 + 4] ?? 0;
      if (weight > 0) for (let c = 0; c < 4; c++) palette[j * 4 + c] = (acc[j * 5 + c] ?? 0) / weight;
    }
  }
}

/** Writes each visible pixel as its nearest palette entry (RGBA; or RGB only, alpha kept). */
function mapPixels(d: Uint8Array, palette: Float64Array, keepAlpha: boolean): void {
  const cache = new Map<number, number>();
  for (let o = 0; o < d.length; o += 4) {
    const a = d[o + 3] ?? 0;
    if (a === 0) {
      d[o] = d[o + 1] = d[o + 2] = 0;
      continue;
    }
    const r = d[o] ?? 0,
      g = d[o + 1] ?? 0,
      b = d[o + 2] ?? 0;
    const key = keepAlpha ? (r << 16) | (g << 8) | b : ((r << 24) | (g << 16) | (b << 8) | a) >>> 0;
    let i = cache.get(key);
    if (i === undefined) {
      i = nearestIndex(palette, r, g, b, a, keepAlpha ? 0 : 1);
      cache.set(key, i);
    }
    d[o] = palette[i * 4] ?? 0;
    d[o + 1] = palette[i * 4 + 1] ?? 0;
    d[o + 2] = palette[i * 4 + 2] ?? 0;
    if (!keepAlpha) d[o + 3] = palette[i * 4 + 3] ?? 0;
  }
}

/** Reduces the image (in place) to at most `colors` visible colours. */
export function quantizeColours(image: RgbaImage, step: QuantizeColorsStep): StepResult {
  // Already few enough: kept exactly (the histogram's bins would merge close colours for nothing).
  if (countColours(image, step.colors) > step.colors) {
    const bins = histogram(image.data);
    const palette = medianCut(bins, step.colors);
    refine(bins, palette);
    for (let o = 0; o < palette.length; o += 4) {
      for (let c = 0; c < 4; c++) palette[o + c] = Math.round(palette[o + c] ?? 0);
      // An entry rounded to alpha 0 would make visible pixels vanish.
      palette[o + 3] = Math.max(1, palette[o + 3] ?? 1);
    }
    mapPixels(image.data, palette, false);
  } else {
    for (let o = 0; o < image.data.length; o += 4) if (image.data[o + 3] === 0) image.data[o] = image.data[o + 1] = image.data[o + 2] = 0;
  }
  return { image, record: { step: 'quantize', colors: step.colors, used: countColours(image) } };
}

/** Snaps every visible pixel's RGB (in place) to the nearest colour of the loaded palette; alpha is kept. */
export function snapToPalette(image: RgbaImage, step: LoadedPaletteStep): StepResult {
  const palette = new Float64Array(step.paletteColors.length * 4);
  for (const [i, c] of step.paletteColors.entries()) palette.set([c[0], c[1], c[2], 0], i * 4);
  mapPixels(image.data, palette, true);
  return {
    image,
    record: { step: 'quantize', palette: step.palette, paletteColors: step.paletteColors.length, used: countColours(image) },
  };
}
