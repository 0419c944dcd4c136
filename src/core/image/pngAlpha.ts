// Counts fully transparent pixels of a PNG mask without a canvas, so the host can refuse a mask
// that marks nothing before anything is sent. Handles what mask tools write: 8- or 16-bit
// gray+alpha or RGBA, non-interlaced. Uses DecompressionStream (Node 18+ and browsers alike).
import { inspectImage } from './imageHeader';

/** How many pixels are fully transparent (alpha 0) out of all pixels. */
export interface AlphaCount {
  transparent: number;
  total: number;
}

async function inflate(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function idatBytes(png: Uint8Array): Uint8Array {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const parts: Uint8Array[] = [];
  for (let at = 8; at + 8 <= png.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(png[at + 4]!, png[at + 5]!, png[at + 6]!, png[at + 7]!);
    if (type === 'IDAT') parts.push(png.subarray(at + 8, at + 8 + length));
    if (type === 'IEND') break;
    at += 12 + length;
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) { out.set(p, offset); offset += p.length; }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * Counts alpha-0 pixels; undefined when the PNG is of a kind this reader leaves to the canvas
 * (palette/tRNS, interlaced, low bit depths).
 */
export async function countTransparentPixels(png: Uint8Array): Promise<AlphaCount | undefined> {
  const info = inspectImage(png);
  if (info.format !== 'png' || info.interlaced || (info.pngColorType !== 4 && info.pngColorType !== 6) || (info.bitDepth !== 8 && info.bitDepth !== 16)) return undefined;
  const channels = info.pngColorType === 6 ? 4 : 2;
  const bpp = channels * (info.bitDepth / 8);
  const stride = info.width * bpp;
  const raw = await inflate(idatBytes(png));
  if (raw.length < (stride + 1) * info.height) return undefined;
  let prev = new Uint8Array(stride);
  let row = new Uint8Array(stride);
  let transparent = 0;
  for (let y = 0; y < info.height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? row[i - bpp]! : 0;
      const b = prev[i]!;
      const c = i >= bpp ? prev[i - bpp]! : 0;
      const x = line[i]!;
      row[i] = (filter === 0 ? x : filter === 1 ? x + a : filter === 2 ? x + b : filter === 3 ? x + ((a + b) >> 1) : x + paeth(a, b, c)) & 0xff;
    }
    // Alpha is the last sample of each pixel; for 16-bit both bytes must be zero.
    for (let p = 0; p < info.width; p++) {
      const end = (p + 1) * bpp;
      if (row[end - 1] === 0 && (info.bitDepth === 8 || row[end - 2] === 0)) transparent++;
    }
    [prev, row] = [row, prev];
  }
  return { transparent, total: info.width * info.height };
}
