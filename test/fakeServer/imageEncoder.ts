// Real images of the requested size: PNG encoded here with node:zlib, JPEG and WebP through sharp,
// animated GIF and SVG (the 2.6 models' formats) written here too.
import { deflateSync } from 'node:zlib';
import type { Raster } from './sceneImages';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One PNG chunk: length, type, data, CRC. */
export function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** Options for a test image. */
export interface PngOptions {
  /** RGBA with a transparent left half (a mask), or RGB without alpha. */
  alpha?: 'none' | 'opaque' | 'transparent-left';
  color?: [number, number, number];
  /** Paints the left half pure green (#00ff00), as a model asked for a flat key-colour background would. */
  keyLeft?: boolean;
}

/** Encodes a solid-colour PNG of the given size (RGB, or RGBA with optional transparent region). */
export function encodePng(width: number, height: number, opts: PngOptions = {}): Buffer {
  const alpha = opts.alpha ?? 'opaque';
  const [r, g, b] = opts.color ?? [40, 120, 200];
  const channels = alpha === 'none' ? 3 : 4;
  const row = Buffer.alloc(1 + width * channels);
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = 1 + x * channels;
      const key = opts.keyLeft && x < width / 2;
      row[o] = key ? 0 : r;
      row[o + 1] = key ? 255 : g;
      row[o + 2] = key ? 0 : (b + y) & 0xff;
      if (channels === 4) row[o + 3] = alpha === 'transparent-left' && x < width / 2 ? 0 : 255;
    }
    rows.push(Buffer.from(row));
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = channels === 4 ? 6 : 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.concat(rows), { level: 1 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Encodes straight RGBA pixels as an RGBA PNG. */
export function encodeRgbaPng(raster: Raster): Buffer {
  const { width, height, data } = raster;
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) Buffer.from(data.buffer, data.byteOffset + y * width * 4, width * 4).copy(rows, y * (width * 4 + 1) + 1);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', ihdr), pngChunk('IDAT', deflateSync(rows, { level: 1 })), pngChunk('IEND', Buffer.alloc(0))]);
}

/** Encodes pixels in the format the API was asked for. */
export async function encodeRaster(raster: Raster, format: 'png' | 'jpeg' | 'webp', quality = 80): Promise<Buffer> {
  if (format === 'png') return encodeRgbaPng(raster);
  // sharp is loaded lazily: only jpeg/webp answers need it.
  const { default: sharp } = await import('sharp');
  const img = sharp(Buffer.from(raster.data.buffer, raster.data.byteOffset, raster.data.length), { raw: { width: raster.width, height: raster.height, channels: 4 } });
  return format === 'jpeg' ? img.jpeg({ quality: Math.max(1, quality) }).toBuffer() : img.webp({ quality: Math.max(1, quality) }).toBuffer();
}

/** Decodes an uploaded image (PNG, JPEG or WebP) to RGBA pixels at the given size. */
export async function decodeToRaster(bytes: Buffer, width: number, height: number): Promise<Raster> {
  const { default: sharp } = await import('sharp');
  const data = await sharp(bytes).resize(width, height, { fit: 'fill', kernel: 'nearest' }).ensureAlpha().raw().toBuffer();
  return { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

/** A small SVG of the size asked for (a real, well-formed document; the client must never inline it). */
export function encodeSvg(width: number, height: number): Buffer {
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="100%" height="100%" fill="#2878c8"/><circle cx="${width / 2}" cy="${height / 2}" r="${Math.min(width, height) / 4}" fill="#f0c020"/></svg>`, 'utf8');
}

/**
 * An animated GIF89a (looping, `frames` frames of `frameMs`), each frame a solid colour of a 4-colour
 * palette. Pixels go uncompressed: with an LZW minimum code size of 7, a clear code before every 126
 * literals keeps every code 8 bits wide, which every decoder reads.
 */
export function encodeGif(width: number, height: number, frames: number, frameMs: number): Buffer {
  const u16 = (n: number): number[] => [n & 0xff, (n >> 8) & 0xff];
  const palette = [[40, 120, 200], [240, 192, 32], [200, 60, 60], [60, 160, 80]];
  const table: number[] = [];
  for (let i = 0; i < 128; i++) table.push(...(palette[i] ?? [0, 0, 0]));
  const parts: Buffer[] = [Buffer.from('GIF89a', 'ascii'), Buffer.from([...u16(width), ...u16(height), 0xf6, 0, 0]), Buffer.from(table)];
  parts.push(Buffer.from([0x21, 0xff, 0x0b, ...Buffer.from('NETSCAPE2.0', 'ascii'), 0x03, 0x01, 0x00, 0x00, 0x00]));
  const delay = Math.max(1, Math.round(frameMs / 10));
  for (let f = 0; f < frames; f++) {
    parts.push(Buffer.from([0x21, 0xf9, 0x04, 0x04, ...u16(delay), 0x00, 0x00]));
    parts.push(Buffer.from([0x2c, 0, 0, 0, 0, ...u16(width), ...u16(height), 0x00, 0x07]));
    const pixels = width * height;
    const codes = new Uint8Array(pixels + Math.ceil(pixels / 126) + 1).fill(f % palette.length);
    for (let i = 0, o = 0; i < pixels; i += 126, o += 127) codes[o] = 0x80;
    codes[codes.length - 1] = 0x81;
    const blocks = Buffer.alloc(codes.length + Math.ceil(codes.length / 255));
    for (let i = 0, o = 0; i < codes.length; i += 255) {
      const block = codes.subarray(i, i + 255);
      blocks[o] = block.length;
      blocks.set(block, o + 1);
      o += block.length + 1;
    }
    parts.push(blocks);
    parts.push(Buffer.from([0x00]));
  }
  parts.push(Buffer.from([0x3b]));
  return Buffer.concat(parts);
}
