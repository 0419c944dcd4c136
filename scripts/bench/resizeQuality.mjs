// Chooses `resize`'s resampler by measurement: the project's pure-JS Lanczos-3 and box filters
// against sharp (libvips, native) and a nearest-neighbour baseline, downscaling a 1024² test image
// to 64² and 16². Quality is PSNR against the exact area average of the source (the ideal
// downscale at integer ratios) and aliasing is the spread left in a zone plate's band above the
// target's Nyquist frequency (ideal: flat grey, 0); time includes PNG decode and encode.
import { built, median, timeMs } from './benchUtil.mjs';

const SIZE = 1024;

/** A zone plate (every frequency up to the source's Nyquist) in the left half, a soft alpha disc and hard edges in the right. */
export function testImage() {
  const data = new Uint8Array(SIZE * SIZE * 4);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const o = (y * SIZE + x) * 4;
      const dx = x - SIZE / 2,
        dy = y - SIZE / 2;
      const zone = 127.5 + 127.5 * Math.cos((Math.PI * (dx * dx + dy * dy)) / SIZE);
      data[o] = zone;
      data[o + 1] = zone;
      data[o + 2] = x < SIZE / 2 ? zone : ((x >> 5) + (y >> 5)) % 2 ? 220 : 30;
      data[o + 3] = 255;
    }
  }
  return { width: SIZE, height: SIZE, data };
}

export function areaAverage(src, n) {
  const f = src.width / n;
  const out = new Float64Array(n * n * 4);
  for (let y = 0; y < src.height; y++)
    for (let x = 0; x < src.width; x++) {
      const o = (Math.floor(y / f) * n + Math.floor(x / f)) * 4;
      for (let c = 0; c < 4; c++) out[o + c] += src.data[(y * src.width + x) * 4 + c] / (f * f);
    }
  return out;
}

function nearest(src, n) {
  const data = new Uint8Array(n * n * 4);
  const f = src.width / n;
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++)
      data.set(
        src.data.subarray(
          (Math.floor((y + 0.5) * f) * src.width + Math.floor((x + 0.5) * f)) * 4,
          (Math.floor((y + 0.5) * f) * src.width + Math.floor((x + 0.5) * f)) * 4 + 4,
        ),
        (y * n + x) * 4,
      );
  return { width: n, height: n, data };
}

export function psnr(out, ref) {
  let se = 0;
  for (let i = 0; i < ref.length; i++) if (i % 4 !== 3) se += (out[i] - ref[i]) ** 2;
  return 10 * Math.log10((255 * 255) / (se / ((ref.length / 4) * 3)));
}

/** Std dev of the green channel where the zone plate's local frequency exceeds the target Nyquist. */
export function aliasing(out, n) {
  const values = [];
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n / 2; x++) {
      const cx = ((x + 0.5) * SIZE) / n - SIZE / 2,
        cy = ((y + 0.5) * SIZE) / n - SIZE / 2;
      // Local frequency of cos(pi r²/S) is r/S cycles per source pixel; the target's Nyquist is n/(2S).
      if (Math.hypot(cx, cy) / SIZE > (n / (2 * SIZE)) * 1.5) values.push(out[(y * n + x) * 4 + 1]);
    }
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
}

export async function benchResize() {
  const { resizeRgba } = built('src/core/image/resize');
  const { decodePng, encodeRgbaPng } = built('src/core/image/pngCodec');
  let sharp;
  try {
    sharp = (await import('sharp')).default;
  } catch {
    sharp = undefined;
  }
  const src = testImage();
  const png = await encodeRgbaPng(src);
  const contenders = {
    'pure-JS lanczos3': async (n) => {
      const img = resizeRgba(await decodePng(png), n, n, 'fill', 'lanczos3');
      return { img, png: await encodeRgbaPng(img) };
    },
    'pure-JS box': async (n) => {
      const img = resizeRgba(await decodePng(png), n, n, 'fill', 'box');
      return { img, png: await encodeRgbaPng(img) };
    },
    'nearest (baseline)': async (n) => {
      const img = nearest(await decodePng(png), n);
      return { img, png: await encodeRgbaPng(img) };
    },
    ...(sharp
      ? {
          'sharp lanczos3': async (n) => {
            const out = await sharp(Buffer.from(png)).resize(n, n, { fit: 'fill', kernel: 'lanczos3' }).png().toBuffer();
            const raw = await sharp(out).ensureAlpha().raw().toBuffer();
            return { img: { width: n, height: n, data: new Uint8Array(raw) }, png: out };
          },
        }
      : {}),
  };
  const rows = [];
  for (const n of [64, 16]) {
    const ref = areaAverage(src, n);
    for (const [name, run] of Object.entries(contenders)) {
      const times = [];
      let last;
      for (let i = 0; i < 7; i++)
        times.push(
          await timeMs(async () => {
            last = await run(n);
          }),
        );
      const ms = median(times);
      const q = psnr(last.img.data, ref);
      const alias = aliasing(last.img.data, n);
      rows.push({
        name: `resize 1024²→${n}² ${name}`,
        value: ms,
        unit: 'ms',
        target: 'figures for the note',
        pass: true,
        note: `PSNR vs area average ${q.toFixed(1)} dB, zone-plate aliasing σ ${alias.toFixed(1)}, output ${last.png.length} B`,
      });
    }
  }
  return rows;
}
