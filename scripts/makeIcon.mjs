// Draws the extension's 128×128 icon (media/icon.png) from code, so the repository holds no
// hand-made binary and the picture can be changed in review. A rounded indigo tile, a white
// photo frame with a mountain and a sun, and a four-pointed sparkle: "images, generated".
// `node scripts/makeIcon.mjs` writes the file; `--check` exits 1 when the committed file's
// pixels differ from what this script draws (the unit tests run that check).
import { readFileSync, writeFileSync } from 'node:fs';
import { deflateSync, inflateSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const SIZE = 128;
/** Samples per pixel along each axis: edges are anti-aliased by coverage. */
const SUPERSAMPLE = 4;

const TILE_TOP = [79, 70, 229];
const TILE_BOTTOM = [124, 58, 237];
const WHITE = [255, 255, 255];
const SKY = [224, 231, 255];
const MOUNTAIN = [67, 56, 202];
const SUN = [251, 191, 36];

function insideRoundedRect(x, y, left, top, right, bottom, radius) {
  if (x < left || x > right || y < top || y > bottom) return false;
  const cx = Math.min(Math.max(x, left + radius), right - radius);
  const cy = Math.min(Math.max(y, top + radius), bottom - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

function insideTriangle(x, y, [ax, ay], [bx, by], [cx, cy]) {
  const side = (px, py, qx, qy) => (x - qx) * (py - qy) - (px - qx) * (y - qy);
  const d1 = side(ax, ay, bx, by);
  const d2 = side(bx, by, cx, cy);
  const d3 = side(cx, cy, ax, ay);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
}

/** A four-pointed star: |dx|^p + |dy|^p <= r^p with p < 1 gives the concave sides. */
function insideSparkle(x, y, cx, cy, r) {
  const p = 0.5;
  return Math.abs(x - cx) ** p + Math.abs(y - cy) ** p <= r ** p;
}

/** The colour (RGBA) at a point of the 128-unit canvas, or undefined outside the tile. */
function colourAt(x, y) {
  if (!insideRoundedRect(x, y, 4, 4, 124, 124, 26)) return undefined;
  if (insideSparkle(x, y, 96, 30, 20)) return [...SUN, 255];
  if (insideRoundedRect(x, y, 22, 38, 100, 106, 8)) {
    if (!insideRoundedRect(x, y, 28, 44, 94, 100, 4)) return [...WHITE, 255];
    if (insideTriangle(x, y, [28, 100], [54, 62], [80, 100]) || insideTriangle(x, y, [56, 100], [74, 74], [94, 100]))
      return [...MOUNTAIN, 255];
    if ((x - 78) ** 2 + (y - 60) ** 2 <= 8 ** 2) return [...SUN, 255];
    return [...SKY, 255];
  }
  const t = (y - 4) / 120;
  return [...TILE_TOP.map((c, i) => Math.round(c + (TILE_BOTTOM[i] - c) * t)), 255];
}

/** Straight (not premultiplied) RGBA pixels, row by row. */
export function drawIcon() {
  const rgba = Buffer.alloc(SIZE * SIZE * 4);
  const n = SUPERSAMPLE * SUPERSAMPLE;
  for (let py = 0; py < SIZE; py++) {
    for (let px = 0; px < SIZE; px++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const c = colourAt(px + (sx + 0.5) / SUPERSAMPLE, py + (sy + 0.5) / SUPERSAMPLE);
          if (!c) continue;
          r += c[0] * c[3];
          g += c[1] * c[3];
          b += c[2] * c[3];
          a += c[3];
        }
      }
      const o = (py * SIZE + px) * 4;
      if (a > 0) {
        rgba[o] = Math.round(r / a);
        rgba[o + 1] = Math.round(g / a);
        rgba[o + 2] = Math.round(b / a);
      }
      rgba[o + 3] = Math.round(a / n);
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An 8-bit RGBA PNG; every row uses the Sub filter, which suits the tile's flat colours. */
export function encodePng(rgba, width = SIZE, height = SIZE) {
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 1;
    for (let i = 0; i < stride; i++) {
      const left = i >= 4 ? rgba[y * stride + i - 4] : 0;
      raw[y * (stride + 1) + 1 + i] = (rgba[y * stride + i] - left) & 0xff;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Decodes an 8-bit RGBA, non-interlaced PNG (any of the five row filters) to { width, height, rgba }. */
export function decodePng(png) {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let offset = 8;
  let width = 0,
    height = 0;
  const idat = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[9] !== 6 || data[12] !== 0) throw new Error('only 8-bit RGBA, non-interlaced');
    } else if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const rgba = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let i = 0; i < stride; i++) {
      const x = raw[y * (stride + 1) + 1 + i];
      const a = i >= 4 ? rgba[y * stride + i - 4] : 0;
      const b = y > 0 ? rgba[(y - 1) * stride + i] : 0;
      const c = i >= 4 && y > 0 ? rgba[(y - 1) * stride + i - 4] : 0;
      const paeth = () => {
        const p = a + b - c,
          pa = Math.abs(p - a),
          pb = Math.abs(p - b),
          pc = Math.abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      };
      const predictor = [0, a, b, (a + b) >> 1, filter === 4 ? paeth() : 0][filter];
      if (predictor === undefined) throw new Error(`bad filter ${filter}`);
      rgba[y * stride + i] = (x + predictor) & 0xff;
    }
  }
  return { width, height, rgba };
}

const iconPath = fileURLToPath(new URL('../media/icon.png', import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const pixels = drawIcon();
  if (process.argv.includes('--check')) {
    const committed = decodePng(readFileSync(iconPath));
    const same = committed.width === SIZE && committed.height === SIZE && committed.rgba.equals(pixels);
    console.log(
      same
        ? 'media/icon.png matches scripts/makeIcon.mjs'
        : 'media/icon.png differs from what scripts/makeIcon.mjs draws: run `node scripts/makeIcon.mjs`',
    );
    process.exit(same ? 0 : 1);
  }
  const png = encodePng(pixels);
  writeFileSync(iconPath, png);
  console.log(`wrote media/icon.png (${SIZE}×${SIZE}, ${png.length} bytes)`);
}
