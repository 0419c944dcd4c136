// Exact-size resizing in plain TypeScript over straight RGBA (the PNG codec's pixels), for the host
// and the CLI alike: no native binary, so one universal VSIX works on every platform. A separable
// Lanczos-3 filter widened by the scale factor (so downscaling averages every source pixel instead
// of skipping most of them), computed on premultiplied alpha (so transparent pixels' colours never
// bleed into the edges of a transparent-background sprite).
import type { RgbaImage } from './pngCodec';

/** How the source fits the box: crop to fill it, letterbox inside it, or stretch. */
export type Fit = 'cover' | 'contain' | 'fill';
/** Filter kernels: lanczos3 (sharp, the default) or box (area average). */
export type Kernel = 'lanczos3' | 'box';

interface Window {
  start: number;
  length: number;
}

const KERNELS: Record<Kernel, { radius: number; f: (x: number) => number }> = {
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
  kernel: Kernel,
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

/** Resamples the source window `x`×`y` to `outW`×`outH` (premultiplied float in between). */
function resample(src: RgbaImage, x: Window, y: Window, outW: number, outH: number, kernel: Kernel): Uint8Array {
  const pre = new Float32Array(src.width * src.height * 4);
  for (let p = 0; p < src.width * src.height; p++) {
    const a = (src.data[p * 4 + 3] ?? 0) / 255;
    pre[p * 4] = (src.data[p * 4] ?? 0) * a;
    pre[p * 4 + 1] = (src.data[p * 4 + 1] ?? 0) * a;
    pre[p * 4 + 2] = (src.data[p * 4 + 2] ?? 0) * a;
    pre[p * 4 + 3] = src.data[p * 4 + 3] ?? 0;
  }
  const hx = weights(src.width, x, outW, kernel);
  const rowsLo = Math.max(0, Math.floor(y.start - KERNELS[kernel].radius * Math.max(y.length / outH, 1)) - 1);
  const rowsHi = Math.min(src.height, Math.ceil(y.start + y.length + KERNELS[kernel].radius * Math.max(y.length / outH, 1)) + 1);
  // Horizontal pass over only the rows the vertical pass will read.
  const mid = new Float32Array(outW * src.height * 4);
  for (let row = rowsLo; row < rowsHi; row++) {
    for (let i = 0; i < outW; i++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      const base = i * hx.maxTaps;
      for (let k = 0; k < (hx.count[i] ?? 0); k++) {
        const s = (row * src.width + (hx.first[i] ?? 0) + k) * 4;
        const wt = hx.w[base + k] ?? 0;
        r += (pre[s] ?? 0) * wt;
        g += (pre[s + 1] ?? 0) * wt;
        b += (pre[s + 2] ?? 0) * wt;
        a += (pre[s + 3] ?? 0) * wt;
      }
      const o = (row * outW + i) * 4;
      mid[o] = r;
      mid[o + 1] = g;
      mid[o + 2] = b;
      mid[o + 3] = a;
    }
  }
  const vy = weights(src.height, y, outH, kernel);
  const out = new Uint8Array(outW * outH * 4);
  for (let j = 0; j < outH; j++) {
    const base = j * vy.maxTaps;
    for (let i = 0; i < outW; i++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let k = 0; k < (vy.count[j] ?? 0); k++) {
        const s = (((vy.first[j] ?? 0) + k) * outW + i) * 4;
        const wt = vy.w[base + k] ?? 0;
        r += (mid[s] ?? 0) * wt;
        g += (mid[s + 1] ?? 0) * wt;
        b += (mid[s + 2] ?? 0) * wt;
        a += (mid[s + 3] ?? 0) * wt;
      }
      const o = (j * outW + i) * 4;
      const alpha = Math.min(255, Math.max(0, a));
      const un = alpha > 0 ? 255 / alpha : 0;
      out[o] = clamp(r * un);
      out[o + 1] = clamp(g * un);
      out[o + 2] = clamp(b * un);
      out[o + 3] = Math.round(alpha);
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
