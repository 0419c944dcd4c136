// The processing chain (issue 22): our pure-TypeScript steps against sharp doing the same steps,
// natively (the baseline) and on its WebAssembly build (what a universal VSIX could ship), plus
// resize quality and the quantizer against image-q. Ratios are measured in one run, alternating
// the contenders (benchUtil.interleaved) so load on the machine hits them alike.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { built, interleaved, root, row } from './benchUtil.mjs';
import { areaAverage, psnr, testImage } from './resizeQuality.mjs';
import { loadSharpWasm } from './sharpWasm.mjs';

const SIZE = 1024;
const OUT = 256;
const COLOURS = 32;
const PAD = 8;
const KEY_TOLERANCE = 48;

/** The chain of the bench row, as our steps. */
const STEPS = [
  { op: 'removeBackground', color: 'auto', tolerance: KEY_TOLERANCE },
  { op: 'trim', threshold: 0 },
  { op: 'pad', px: PAD, color: [0, 0, 0, 0] },
  { op: 'resize', width: OUT, height: OUT, fit: 'contain', kernel: 'lanczos3' },
  { op: 'quantize', colors: COLOURS },
];

/** The same chain with sharp: decode, the key in JS (sharp has no colour key), trim, extend, resize, palette PNG. */
async function sharpChain(sharp, png) {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const limit = 3 * KEY_TOLERANCE * KEY_TOLERANCE;
  const [kr, kg, kb] = [data[0], data[1], data[2]];
  for (let o = 0; o < data.length; o += 4) {
    const dr = data[o] - kr,
      dg = data[o + 1] - kg,
      db = data[o + 2] - kb;
    if (dr * dr + dg * dg + db * db <= limit) data[o] = data[o + 1] = data[o + 2] = data[o + 3] = 0;
  }
  const raw = { raw: { width: info.width, height: info.height, channels: 4 } };
  const trimmed = await sharp(data, raw).trim({ threshold: 0 }).raw().toBuffer({ resolveWithObject: true });
  const clear = { r: 0, g: 0, b: 0, alpha: 0 };
  return sharp(trimmed.data, { raw: { width: trimmed.info.width, height: trimmed.info.height, channels: 4 } })
    .extend({ top: PAD, bottom: PAD, left: PAD, right: PAD, background: clear })
    .resize(OUT, OUT, { fit: 'contain', kernel: 'lanczos3', background: clear })
    .png({ palette: true, colours: COLOURS, dither: 0 })
    .toBuffer();
}

/** PSNR over the visible pixels (RGBA), of a quantized image against its source. */
function psnrVisible(out, ref) {
  let se = 0;
  let n = 0;
  for (let o = 0; o < ref.length; o += 4) {
    if (ref[o + 3] === 0) continue;
    for (let c = 0; c < 4; c++) se += (out[o + c] - ref[o + c]) ** 2;
    n += 4;
  }
  return 10 * Math.log10((255 * 255) / (se / n));
}

export async function benchProcess() {
  const sharp = (await import('sharp')).default;
  const wasm = await loadSharpWasm();
  const { runChain, runStep } = built('src/core/image/process/chain');
  const { decodePng, encodeRgbaPng } = built('src/core/image/pngCodec');
  const { resizeRgba } = built('src/core/image/resize');
  const { keyedSpriteRgba } = built('test/fixtures/spritePatterns');
  const sprite = keyedSpriteRgba(SIZE, SIZE);
  // Encoded by sharp with adaptive filters, as an API answer is (a filter-0 PNG decodes faster than any real one).
  const png = await sharp(Buffer.from(sprite.data), { raw: { width: SIZE, height: SIZE, channels: 4 } })
    .png({ adaptiveFiltering: true })
    .toBuffer();
  const rows = [];

  const chain = await interleaved(
    () => runChain(png, STEPS),
    () => sharpChain(sharp, png),
    { runs: 11, warmup: 2 },
  );
  rows.push(
    row(`process chain ${SIZE}² (removeBackground→trim→pad→resize→quantize), pure TS vs native sharp`, {
      value: chain.a,
      baseline: chain.b,
      ratio: chain.a / chain.b,
      target: '≤ 1.5×',
      pass: chain.a / chain.b <= 1.5,
      note: `median of ${chain.runs}; ours also decontaminates the keyed edge, sharp's baseline keys with a plain threshold in JS`,
    }),
  );
  if (wasm.sharp) {
    const w = await interleaved(
      () => sharpChain(wasm.sharp, png),
      () => sharpChain(sharp, png),
      { runs: 7, warmup: 2 },
    );
    rows.push(
      row(`process chain ${SIZE}², sharp wasm32 vs native sharp`, {
        value: w.a,
        baseline: w.b,
        ratio: w.a / w.b,
        target: 'figures for the choice',
        pass: true,
      }),
    );
  } else rows.push(row('process chain, sharp wasm32', { target: 'figures for the choice', pass: true, note: wasm.why }));

  // Resize alone: time (decode + resize + encode) and PSNR against the exact area average.
  const zone = testImage();
  const zonePng = await encodeRgbaPng(zone);
  for (const n of [64, 256]) {
    const ref = areaAverage(zone, n);
    const viaSharp = (s) => async () => {
      const out = await s(Buffer.from(zonePng)).resize(n, n, { fit: 'fill', kernel: 'lanczos3' }).png().toBuffer();
      return { data: new Uint8Array(await s(out).ensureAlpha().raw().toBuffer()), bytes: out };
    };
    const contenders = {
      'pure TS lanczos3': async () => {
        const img = resizeRgba(await decodePng(zonePng), n, n, 'fill', 'lanczos3');
        return { data: img.data, bytes: await encodeRgbaPng(img) };
      },
      ...(wasm.sharp ? { 'sharp wasm32 lanczos3': viaSharp(wasm.sharp) } : {}),
    };
    for (const [name, run] of Object.entries(contenders)) {
      let last;
      const r = await interleaved(async () => (last = await run()), viaSharp(sharp), { runs: 7, warmup: 2 });
      rows.push(
        row(`resize ${SIZE}²→${n}² ${name} vs native sharp`, {
          value: r.a,
          baseline: r.b,
          ratio: r.a / r.b,
          target: 'figures for the choice',
          pass: true,
          note: `PSNR vs area average ${psnr(last.data, ref).toFixed(1)} dB (native sharp ${psnr((await viaSharp(sharp)()).data, ref).toFixed(1)} dB)`,
        }),
      );
    }
  }

  // Quantize alone, on the chain's image just before that step.
  let before = await decodePng(png);
  for (const step of STEPS.slice(0, 4)) before = runStep(before, step).image;
  const source = new Uint8Array(before.data);
  let ours;
  let theirs;
  let imageQ;
  try {
    imageQ = createRequire(join(root, 'package.json'))('image-q');
  } catch {
    imageQ = undefined;
  }
  if (imageQ) {
    // Wu is image-q's default; RGBQuant was its fastest palette builder in a trial of all three.
    for (const algorithm of ['wuquant', 'rgbquant']) {
      const viaImageQ = () => {
        const points = imageQ.utils.PointContainer.fromUint8Array(source, before.width, before.height);
        const palette = imageQ.buildPaletteSync([points], {
          colors: COLOURS,
          paletteQuantization: algorithm,
          colorDistanceFormula: 'euclidean',
        });
        theirs = imageQ
          .applyPaletteSync(points, palette, { imageQuantization: 'nearest', colorDistanceFormula: 'euclidean' })
          .toUint8Array();
      };
      const q = await interleaved(
        () => {
          ours = runStep({ width: before.width, height: before.height, data: new Uint8Array(source) }, { op: 'quantize', colors: COLOURS })
            .image.data;
        },
        viaImageQ,
        { runs: 5, warmup: 1 },
      );
      rows.push(
        row(`quantize ${OUT}² to ${COLOURS} colours, own median cut vs image-q (${algorithm})`, {
          value: q.a,
          baseline: q.b,
          ratio: q.a / q.b,
          target: 'figures for the choice',
          pass: true,
          note: `PSNR of the visible pixels: ours ${psnrVisible(ours, source).toFixed(1)} dB, image-q ${psnrVisible(theirs, source).toFixed(1)} dB`,
        }),
      );
    }
  } else
    rows.push(row('quantize, image-q', { target: 'figures for the choice', pass: true, note: 'image-q is not installed (npm install)' }));
  return rows;
}
