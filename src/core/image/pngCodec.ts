// A small PNG decoder and RGBA encoder in plain TypeScript (DecompressionStream/CompressionStream,
// in Node 18+ and browsers alike). It lets the host check masks and composite edits byte-exactly
// without a canvas, whose premultiplied alpha cannot promise identical pixels.
import { crc32 } from './byteReader';
import { ImageInputError } from './imageErrors';
import { inspectImage } from './imageHeader';
import { checkDimensions, DEFAULT_IMAGE_LIMITS, type ImageLimits } from './imageLimits';
import { concatBytes } from '../concatBytes';

/**
 * Limits for decoding what the server sent: the API's sizes with headroom (the largest is
 * 3840x2160, 8.3 MP). An 8000x8000 result is 250 KB on the wire but 256 MB of RGBA and seconds of
 * work on the extension host's event loop; it is refused from its header, before inflating.
 */
export const RESULT_DECODE_LIMITS: ImageLimits = { maxSide: 8192, maxPixels: 4096 * 4096 };

/** Straight (not premultiplied) 8-bit RGBA pixels. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

async function pipe(data: Uint8Array, transform: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(transform);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Inflates, stopping as soon as the output exceeds `limit` bytes (a deflate bomb in small dimensions). */
async function inflateAtMost(data: Uint8Array, limit: number): Promise<Uint8Array> {
  const reader = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate')).getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let step;
    try {
      step = await reader.read();
    } catch {
      // Corrupt or cut deflate data: what inflated so far is checked against the size below.
      break;
    }
    if (step.done) break;
    total += step.value.length;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw new ImageInputError('corrupt', 'The PNG image data inflates to more than its dimensions allow.');
    }
    parts.push(step.value);
  }
  return concatBytes(parts);
}

interface Chunks {
  idat: Uint8Array;
  palette?: Uint8Array;
  trns?: Uint8Array;
}

function readChunks(png: Uint8Array): Chunks {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const idat: Uint8Array[] = [];
  const out: Chunks = { idat: new Uint8Array() };
  for (let at = 8; at + 8 <= png.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(png[at + 4] ?? 0, png[at + 5] ?? 0, png[at + 6] ?? 0, png[at + 7] ?? 0);
    const body = png.subarray(at + 8, at + 8 + length);
    if (type === 'IDAT') idat.push(body);
    else if (type === 'PLTE') out.palette = body;
    else if (type === 'tRNS') out.trns = body;
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  out.idat = concatBytes(idat);
  return out;
}

/**
 * Undoes the per-row filters; returns the raw scanlines without filter bytes. One loop per filter
 * type (not a branch per byte), the first pixel of a row apart (it has no left neighbour) and a row
 * of zeros above the first: a 3840x2160 RGBA image is 33 M bytes on the extension host.
 */
async function unfilter(raw: Uint8Array, height: number, stride: number, bpp: number): Promise<Uint8Array> {
  const out = new Uint8Array(stride * height);
  const zeros = new Uint8Array(stride);
  for (let y = 0, since = 0; y < height; y++, since += stride) {
    // Let the event loop run between slices of about 2 MB: on the extension host a large image
    // would otherwise block everything else (the UI's messages, other requests) for its duration.
    if (since >= 2 * 1024 * 1024) {
      since = 0;
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    const filter = raw[y * (stride + 1)] ?? 0;
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const cur = out.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? out.subarray((y - 1) * stride, y * stride) : zeros;
    if (filter === 0) cur.set(src);
    else if (filter === 1) {
      for (let i = 0; i < bpp; i++) cur[i] = src[i] ?? 0;
      for (let i = bpp; i < stride; i++) cur[i] = ((src[i] ?? 0) + (cur[i - bpp] ?? 0)) & 0xff;
    } else if (filter === 2) {
      for (let i = 0; i < stride; i++) cur[i] = ((src[i] ?? 0) + (prev[i] ?? 0)) & 0xff;
    } else if (filter === 3) {
      for (let i = 0; i < bpp; i++) cur[i] = ((src[i] ?? 0) + ((prev[i] ?? 0) >> 1)) & 0xff;
      for (let i = bpp; i < stride; i++) cur[i] = ((src[i] ?? 0) + (((cur[i - bpp] ?? 0) + (prev[i] ?? 0)) >> 1)) & 0xff;
    } else {
      // Paeth with no left neighbour predicts from the byte above.
      for (let i = 0; i < bpp; i++) cur[i] = ((src[i] ?? 0) + (prev[i] ?? 0)) & 0xff;
      for (let i = bpp; i < stride; i++) {
        const a = cur[i - bpp] ?? 0;
        const b = prev[i] ?? 0;
        const c = prev[i - bpp] ?? 0;
        const pa = b > c ? b - c : c - b;
        const pb = a > c ? a - c : c - a;
        const pc = a + b - c - c > 0 ? a + b - c - c : c + c - a - b;
        cur[i] = ((src[i] ?? 0) + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 0xff;
      }
    }
  }
  return out;
}

/**
 * Decodes (within `limits`, checked from the header before inflating; inputs default to the
 * webview's bounds, results should pass RESULT_DECODE_LIMITS) a non-interlaced PNG of 8 bits per sample (any color type, tRNS honoured) or 16 bits
 * (reduced to 8) into straight RGBA. Throws ImageInputError('unsupported') for interlaced or
 * sub-byte PNGs, which callers hand to the webview's canvas instead.
 */
export async function decodePng(png: Uint8Array, limits: ImageLimits = DEFAULT_IMAGE_LIMITS): Promise<RgbaImage> {
  const info = inspectImage(png);
  if (info.format !== 'png') throw new ImageInputError('unsupported', 'Only PNG images can be decoded here.');
  checkDimensions(info, limits);
  if (info.interlaced || info.bitDepth < 8)
    throw new ImageInputError('unsupported', 'Interlaced or low-bit-depth PNGs are decoded by the Studio panel instead.');
  const type = info.pngColorType!;
  const channels = type === 0 ? 1 : type === 2 ? 3 : type === 3 ? 1 : type === 4 ? 2 : 4;
  const sampleBytes = info.bitDepth / 8;
  const bpp = channels * sampleBytes;
  const stride = info.width * bpp;
  const chunks = readChunks(png);
  // Rows carry one filter byte each; a little slack for encoders that pad the stream.
  const raw = await inflateAtMost(chunks.idat, (stride + 1) * info.height + 1024);
  if (raw.length < (stride + 1) * info.height) throw new ImageInputError('truncated', 'The PNG image data ends early.');
  const lines = await unfilter(raw, info.height, stride, bpp);
  // 8-bit RGBA scanlines already are the result.
  if (type === 6 && sampleBytes === 1) return { width: info.width, height: info.height, data: lines };
  const rgba = new Uint8Array(info.width * info.height * 4);
  // Sample i at full precision (16-bit samples compare with tRNS keys as 16-bit) and as 8 bits.
  const full = (i: number) => (sampleBytes === 2 ? ((lines[i * 2] ?? 0) << 8) | (lines[i * 2 + 1] ?? 0) : (lines[i] ?? 0));
  const byte = (i: number) => lines[i * sampleBytes] ?? 0;
  const trns = chunks.trns;
  const key = (k: number) => (trns && trns.length >= 2 * (k + 1) ? ((trns[2 * k] ?? 0) << 8) | (trns[2 * k + 1] ?? 0) : -1);
  const [k0, k1, k2] = [key(0), key(1), key(2)];
  const palette = chunks.palette;
  for (let p = 0, s = 0, o = 0; p < info.width * info.height; p++, s += channels, o += 4) {
    if (type === 3) {
      const idx = lines[p] ?? 0;
      rgba[o] = palette?.[idx * 3] ?? 0;
      rgba[o + 1] = palette?.[idx * 3 + 1] ?? 0;
      rgba[o + 2] = palette?.[idx * 3 + 2] ?? 0;
      rgba[o + 3] = trns && idx < trns.length ? (trns[idx] ?? 0) : 255;
    } else if (type === 0 || type === 4) {
      const g = byte(s);
      rgba[o] = g;
      rgba[o + 1] = g;
      rgba[o + 2] = g;
      rgba[o + 3] = type === 4 ? byte(s + 1) : full(s) === k0 ? 0 : 255;
    } else {
      rgba[o] = byte(s);
      rgba[o + 1] = byte(s + 1);
      rgba[o + 2] = byte(s + 2);
      const keyed = type === 2 && full(s) === k0 && full(s + 1) === k1 && full(s + 2) === k2;
      rgba[o + 3] = type === 6 ? byte(s + 3) : keyed ? 0 : 255;
    }
  }
  return { width: info.width, height: info.height, data: rgba };
}

function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(body, 8);
  view.setUint32(8 + body.length, crc32(out, 4, 8 + body.length));
  return out;
}

/**
 * Encodes straight RGBA pixels as an 8-bit RGBA PNG, values stored exactly as given. Filter
 * `sub` suits photos; `up` suits masks, whose rows mostly repeat and then deflate to almost nothing.
 */
export async function encodeRgbaPng(
  image: { width: number; height: number; data: Uint8Array | Uint8ClampedArray },
  filter: 'sub' | 'up' = 'sub',
): Promise<Uint8Array> {
  const stride = image.width * 4;
  const raw = new Uint8Array((stride + 1) * image.height);
  const back = filter === 'sub' ? 4 : stride;
  for (let y = 0; y < image.height; y++) {
    const dst = y * (stride + 1);
    raw[dst] = filter === 'sub' ? 1 : 2;
    const row = y * stride;
    for (let i = 0; i < stride; i++) {
      const previous = filter === 'sub' ? (i >= 4 ? (image.data[row + i - back] ?? 0) : 0) : y > 0 ? (image.data[row + i - back] ?? 0) : 0;
      raw[dst + 1 + i] = ((image.data[row + i] ?? 0) - previous) & 0xff;
    }
  }
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, image.width);
  v.setUint32(4, image.height);
  ihdr[8] = 8;
  ihdr[9] = 6;
  const signature = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return concatBytes([
    signature,
    chunk('IHDR', ihdr),
    chunk('IDAT', await pipe(raw, new CompressionStream('deflate'))),
    chunk('IEND', new Uint8Array()),
  ]);
}
