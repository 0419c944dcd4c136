// A direct RGBA → PNG encoder on the browser's native deflate (CompressionStream). Used for masks:
// canvas encoding (convertToBlob/toBlob) runs as an idle task in Chromium and was measured to wait
// about a second while the pointer hovers the painter, and it goes through premultiplied storage.
// Writing the PNG ourselves is as fast for flat images and stores the given RGBA values verbatim.

/** Encodes 8-bit RGBA pixels as a non-interlaced color type 6 PNG, values written exactly as given. */
export async function encodePngDirect(pixels: { width: number; height: number; data: Uint8ClampedArray | Uint8Array }): Promise<Uint8Array> {
  const { width, height, data } = pixels;
  const stride = width * 4;
  const raw = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    // Filter 2 (Up): mask rows mostly repeat the row above, which then deflates to almost nothing.
    const row = y * (stride + 1);
    raw[row] = 2;
    for (let i = 0; i < stride; i++) {
      const at = y * stride + i;
      raw[row + 1 + i] = (data[at]! - (y > 0 ? data[at - stride]! : 0)) & 0xff;
    }
  }
  const compressed = await deflate(raw);
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', compressed), chunk('IEND', new Uint8Array(0))]);
}

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  // 'deflate' is the zlib format PNG's IDAT expects (header + Adler-32).
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out, 4, 8 + data.length));
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(b: Uint8Array, start: number, end: number): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ b[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
