// Real images of the requested size: PNG encoded here with node:zlib, JPEG and WebP through sharp.
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

function chunk(type: string, data: Buffer): Buffer {
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
      row[o] = r;
      row[o + 1] = g;
      row[o + 2] = (b + y) & 0xff;
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
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 1 })),
    chunk('IEND', Buffer.alloc(0)),
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
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows, { level: 1 })), chunk('IEND', Buffer.alloc(0))]);
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
