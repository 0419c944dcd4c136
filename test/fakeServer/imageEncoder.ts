// Real images of the requested size: PNG through the tests' one PNG writer (test/support/png),
// JPEG and WebP through sharp, animated GIF and SVG (the 2.6 models' formats) written here.
import { encodeRgbaPng, type RgbaImage } from '../support/png';

/** Encodes pixels in the format the API was asked for. */
export async function encodeRaster(raster: RgbaImage, format: 'png' | 'jpeg' | 'webp', quality = 80): Promise<Buffer> {
  if (format === 'png') return encodeRgbaPng(raster);
  // sharp is loaded lazily: only jpeg/webp answers need it.
  const { default: sharp } = await import('sharp');
  const img = sharp(Buffer.from(raster.data.buffer, raster.data.byteOffset, raster.data.length), {
    raw: { width: raster.width, height: raster.height, channels: 4 },
  });
  return format === 'jpeg'
    ? img.jpeg({ quality: Math.max(1, quality) }).toBuffer()
    : img.webp({ quality: Math.max(1, quality) }).toBuffer();
}

/** Decodes an uploaded image (PNG, JPEG or WebP) to RGBA pixels at the given size. */
export async function decodeToRaster(bytes: Buffer, width: number, height: number): Promise<RgbaImage> {
  const { default: sharp } = await import('sharp');
  const data = await sharp(bytes).resize(width, height, { fit: 'fill', kernel: 'nearest' }).ensureAlpha().raw().toBuffer();
  return { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

/** A small SVG of the size asked for (a real, well-formed document; the client must never inline it). */
export function encodeSvg(width: number, height: number): Buffer {
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="100%" height="100%" fill="#2878c8"/><circle cx="${width / 2}" cy="${height / 2}" r="${Math.min(width, height) / 4}" fill="#f0c020"/></svg>`,
    'utf8',
  );
}

/**
 * An animated GIF89a (looping, `frames` frames of `frameMs`), each frame a solid colour of a 4-colour
 * palette. Pixels go uncompressed: with an LZW minimum code size of 7, a clear code before every 126
 * literals keeps every code 8 bits wide, which every decoder reads.
 */
export function encodeGif(width: number, height: number, frames: number, frameMs: number): Buffer {
  const u16 = (n: number): number[] => [n & 0xff, (n >> 8) & 0xff];
  const palette = [
    [40, 120, 200],
    [240, 192, 32],
    [200, 60, 60],
    [60, 160, 80],
  ];
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
