// Exact-size resizing in plain TypeScript over straight RGBA (the PNG codec's pixels), for the host
// and the CLI alike: no native binary, so one universal VSIX works on every platform. A separable
// Lanczos-3 filter widened by the scale factor (so downscaling averages every source pixel instead
// of skipping most of them), computed on premultiplied alpha (so transparent pixels' colours never
// bleed into the edges of a transparent-background sprite). Large reductions first average whole
// blocks of pixels (a box shrink by an integer factor, as libvips does) so the kernel only reduces
// by 2–4×: measured against sharp, that is both faster and closer to the true area average
// (`npm run bench process`).
import type { RgbaImage } from './pngCodec';

/** How the source fits the box: crop to fill it, letterbox inside it, or stretch. */
export type Fit = 'cover' | 'contain' | 'fill';
/** Filter kernels: lanczos3 (sharp, the default), box (area average) or nearest (pixel art: no new colours). */
export type Kernel = 'lanczos3' | 'box' | 'nearest';

interface Window {
  start: number;
  length: number;
}

const KERNELS: Record<Exclude<Kernel, 'nearest'>, { radius: number; f: (x: number) => number }> = {
  box: { radius: 0.5, f: (x) => (x >= -0.5 && x < 0.5 ? 1 : 0) },
  lanczos3: {
    radius: 3,
    f: (x) =>
      x === 0 ? 1 : Math.abs(x) >= 3 ? 0 : (3 * Math.sin(Math.PI * x) * Math.sin((Math.PI * x) / 3)) / (Math.PI * Math.PI * x * x),
  },
};

/** Taps for each output sample: first source index and normalised weights. */
function weights(
  srcSize: number,
  win: Window,
  outSize: number,
  kernel: Exclude<Kernel, 'nearest'>,
): { first: Int32Array; count: Int32Array; w: Float32Array; maxTaps: number } {
  const { radius, f } = KERNELS[kernel];
  const scale = win.length / outSize;
  const stretch = Math.max(scale, 1);
  const support = radius * stretch;
  const maxTaps = Math.ceil(support * 2) + 2;
  const first = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const w = new Float32Array(outSize * maxTaps);
  for (let i = 0; i < outSize; i++) {
    const center = win.start + (i + 0.5) * scale;
    // Taps stay inside the window: a cover crop is cropped first, then resized, so nothing outside it leaks in.
    const lo = Math.max(0, Math.floor(win.start), Math.floor(center - support));
    const hi = Math.min(srcSize - 1, Math.ceil(win.start + win.length) - 1, Math.ceil(center + support));
    let sum = 0;
    let n = 0;
    for (let j = lo; j <= hi && n < maxTaps; j++, n++) {
      const v = f((j + 0.5 - center) / stretch);
      w[i * maxTaps + n] = v;
      sum += v;
    }
    // A window narrower than one source pixel (extreme upscale of a box) still takes its nearest pixel.
    if (sum === 0) {
      const nearest = Math.min(srcSize - 1, Math.max(0, Math.floor(center)));
      first[i] = nearest;
      count[i] = 1;
      w[i * maxTaps] = 1;
      continue;
    }
    for (let k = 0; k < n; k++) w[i * maxTaps + k] = (w[i * maxTaps + k] ?? 0) / sum;
    first[i] = lo;
    count[i] = n;
  }
  return { first, count, w, maxTaps };
}

/** Copies the source pixel under each output pixel's centre: hard edges and only the source's colours. */
function nearest(src: RgbaImage, x: Window, y: Window, outW: number, outH: number): Uint8Array {
  const out = new Uint8Array(outW * outH * 4);
  const column = new Int32Array(outW);
  for (let i = 0; i < outW; i++) column[i] = Math.min(src.width - 1, Math.max(0, Math.floor(x.start + ((i + 0.5) * x.length) / outW)));
  for (let j = 0; j < outH; j++) {
    const row = Math.min(src.height - 1, Math.max(0, Math.floor(y.start + ((j + 0.5) * y.length) / outH))) * src.width;
    for (let i = 0; i < outW; i++) {
      const s = (row + (column[i] ?? 0)) * 4;
      out.set(src.data.subarray(s, s + 4), (j * outW + i) * 4);
    }
  }
  return out;
}

/** Premultiplied float pixels (r·a, g·a, b·a, a per pixel) of a region of the source. */
interface Premultiplied {
  width: number;
  height: number;
  data: Float32Array;
}

/** The whole-pixel span a window touches. */
function span(win: Window, size: number): { from: number; to: number } {
  return { from: Math.max(0, Math.floor(win.start)), to: Math.min(size, Math.ceil(win.start + win.length)) };
}

/**
 * Premultiplies the pixels under the window, averaging blocks of kx×ky (1×1: a plain copy); a
 * block cut by the region's edge averages the pixels it has. Returns the region and the window in
 * the region's coordinates.
 */
function shrinkRegion(src: RgbaImage, x: Window, y: Window, kx: number, ky: number): { img: Premultiplied; x: Window; y: Window } {
  const sx = span(x, src.width);
  const sy = span(y, src.height);
  const width = Math.ceil((sx.to - sx.from) / kx);
  const height = Math.ceil((sy.to - sy.from) / ky);
  const data = new Float32Array(width * height * 4);
  const sd = src.data;
  for (let row = sy.from; row < sy.to; row++) {
    const o0 = Math.floor((row - sy.from) / ky) * width * 4;
    for (let col = sx.from, s = (row * src.width + sx.from) * 4; col < sx.to; col++, s += 4) {
      const o = o0 + Math.floor((col - sx.from) / kx) * 4;
      const a = sd[s + 3] ?? 0;
      data[o] = (data[o] ?? 0) + (sd[s] ?? 0) * a;
      data[o + 1] = (data[o + 1] ?? 0) + (sd[s + 1] ?? 0) * a;
      data[o + 2] = (data[o + 2] ?? 0) + (sd[s + 2] ?? 0) * a;
      data[o + 3] = (data[o + 3] ?? 0) + a;
    }
  }
  if (kx * ky > 1)
    for (let j = 0; j < height; j++) {
      const rows = Math.min(ky, sy.to - sy.from - j * ky);
      for (let i = 0, o = j * width * 4; i < width; i++, o += 4) {
        const n = rows * Math.min(kx, sx.to - sx.from - i * kx);
        for (let c = 0; c < 4; c++) data[o + c] = (data[o + c] ?? 0) / n;
      }
    }
  return {
    img: { width, height, data },
    x: { start: (x.start - sx.from) / kx, length: x.length / kx },
    y: { start: (y.start - sy.from) / ky, length: y.length / ky },
  };
}

/**
 * Resamples the source window `x`×`y` to `outW`×`outH`: a box shrink for the integer part of a
 * large reduction, then the kernel. The horizontal pass runs over only the rows the vertical pass
 * reads, and the vertical pass adds whole rows so it reads memory in order.
 */
function resample(src: RgbaImage, x: Window, y: Window, outW: number, outH: number, kernel: Kernel): Uint8Array {
  if (kernel === 'nearest') return nearest(src, x, y, outW, outH);
  const shrunk = shrinkRegion(src, x, y, Math.max(1, Math.floor(x.length / outW / 2)), Math.max(1, Math.floor(y.length / outH / 2)));
  const pre = shrunk.img;
  const hx = weights(pre.width, shrunk.x, outW, kernel);
  const vy = weights(pre.height, shrunk.y, outH, kernel);
  let rowsLo = pre.height;
  let rowsHi = 0;
  for (let j = 0; j < outH; j++) {
    rowsLo = Math.min(rowsLo, vy.first[j] ?? 0);
    rowsHi = Math.max(rowsHi, (vy.first[j] ?? 0) + (vy.count[j] ?? 0));
  }
  const pd = pre.data;
  const stride = outW * 4;
  const mid = new Float32Array(stride * Math.max(0, rowsHi - rowsLo));
  for (let row = rowsLo; row < rowsHi; row++) {
    const rowStart = row * pre.width;
    let o = (row - rowsLo) * stride;
    for (let i = 0; i < outW; i++, o += 4) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      const taps = hx.count[i] ?? 0;
      const wBase = i * hx.maxTaps;
      let s = (rowStart + (hx.first[i] ?? 0)) * 4;
      for (let k = 0; k < taps; k++, s += 4) {
        const wt = hx.w[wBase + k] ?? 0;
        r += (pd[s] ?? 0) * wt;
        g += (pd[s + 1] ?? 0) * wt;
        b += (pd[s + 2] ?? 0) * wt;
        a += (pd[s + 3] ?? 0) * wt;
      }
      mid[o] = r;
      mid[o + 1] = g;
      mid[o + 2] = b;
      mid[o + 3] = a;
    }
  }
  const out = new Uint8Array(outW * outH * 4);
  const acc = new Float64Array(stride);
  for (let j = 0; j < outH; j++) {
    acc.fill(0);
    const taps = vy.count[j] ?? 0;
    const wBase = j * vy.maxTaps;
    for (let k = 0; k < taps; k++) {
      const wt = vy.w[wBase + k] ?? 0;
      const from = ((vy.first[j] ?? 0) + k - rowsLo) * stride;
      for (let q = 0; q < stride; q++) acc[q] = (acc[q] ?? 0) + (mid[from + q] ?? 0) * wt;
    }
    for (let q = 0, o = j * stride; q < stride; q += 4, o += 4) {
      const alpha = acc[q + 3] ?? 0;
      if (alpha <= 0) continue;
      // Colours were weighted by alpha: dividing by the summed alpha takes that back.
      out[o] = clamp((acc[q] ?? 0) / alpha);
      out[o + 1] = clamp((acc[q + 1] ?? 0) / alpha);
      out[o + 2] = clamp((acc[q + 2] ?? 0) / alpha);
      out[o + 3] = clamp(alpha);
    }
  }
  return out;
}

function clamp(v: number): number {
  return v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
}

/** Resizes to exactly `width`×`height`; `cover` crops the centre, `contain` pads with transparency. */
export function resizeRgba(src: RgbaImage, width: number, height: number, fit: Fit = 'cover', kernel: Kernel = 'lanczos3'): RgbaImage {
  if (width < 1 || height < 1 || !Number.isInteger(width) || !Number.isInteger(height))
    throw new RangeError(`Cannot resize to ${width}x${height}.`);
  if (src.width === width && src.height === height) return { width, height, data: new Uint8Array(src.data) };
  const full = (n: number): Window => ({ start: 0, length: n });
  if (fit === 'fill') return { width, height, data: resample(src, full(src.width), full(src.height), width, height, kernel) };
  if (fit === 'cover') {
    const scale = Math.max(width / src.width, height / src.height);
    const w = width / scale;
    const h = height / scale;
    return {
      width,
      height,
      data: resample(src, { start: (src.width - w) / 2, length: w }, { start: (src.height - h) / 2, length: h }, width, height, kernel),
    };
  }
  const scale = Math.min(width / src.width, height / src.height);
  const innerW = Math.max(1, Math.min(width, Math.round(src.width * scale)));
  const innerH = Math.max(1, Math.min(height, Math.round(src.height * scale)));
  const inner = resample(src, full(src.width), full(src.height), innerW, innerH, kernel);
  const data = new Uint8Array(width * height * 4);
  const left = Math.floor((width - innerW) / 2);
  const top = Math.floor((height - innerH) / 2);
  for (let row = 0; row < innerH; row++)
    data.set(inner.subarray(row * innerW * 4, (row + 1) * innerW * 4), ((top + row) * width + left) * 4);
  return { width, height, data };
}
