// Where an edit changed pixels it was not asked to: the result against its original, outside the
// mask (alpha > 0 in the mask: protected). GPT image models treat the mask as guidance, so without
// "protect unmasked pixels" the model may repaint anything; this shows where and how much.
import { createSurface, decodeBitmap } from './canvasSurface';

/** The heat map and its summary. */
export interface ChangeHeatMap {
  /** RGBA at the result's size: red where protected pixels changed (stronger = more), clear elsewhere, `painted` inside the mask. */
  image: ImageData;
  /** Protected pixels compared. */
  protectedPixels: number;
  /** Protected pixels whose largest channel difference exceeds `threshold`. */
  changedPixels: number;
  threshold: number;
}

/** Decodes bytes into RGBA at exactly `width` × `height` (scaled when the sizes differ). */
export async function rgbaAt(bytes: Uint8Array, mime: string, width: number, height: number): Promise<ImageData> {
  const bitmap = await decodeBitmap(bytes, mime);
  try {
    const { ctx } = createSurface(width, height);
    ctx.drawImage(bitmap, 0, 0, width, height);
    return ctx.getImageData(0, 0, width, height, { colorSpace: 'srgb' });
  } finally {
    bitmap.close();
  }
}

/** How the heat map is drawn and counted. */
export interface HeatMapOptions {
  /** The colour of the painted area (the caller's theme), drawn half-transparent over the result. */
  painted?: [number, number, number];
  /** The largest channel difference that still counts as unchanged. */
  threshold?: number;
}

/**
 * Compares `result` with `original` (same size) pixel by pixel where `mask` (same size, optional)
 * protects them; without a mask every pixel counts as protected.
 */
export function changeHeatMap(
  original: ImageData,
  result: ImageData,
  mask: ImageData | undefined,
  { painted = [128, 128, 128], threshold = 12 }: HeatMapOptions = {},
): ChangeHeatMap {
  const { width, height } = result;
  const out = new ImageData(width, height);
  let protectedPixels = 0;
  let changedPixels = 0;
  const o = original.data;
  const r = result.data;
  const d = out.data;
  for (let i = 0; i < width * height; i++) {
    const p = i * 4;
    if (mask && mask.data[p + 3] === 0) {
      // Inside the mask: the model was asked to change these.
      // Half-covering: strong enough to see on a dark or a light image, the result still shows through.
      d[p] = painted[0];
      d[p + 1] = painted[1];
      d[p + 2] = painted[2];
      d[p + 3] = 128;
      continue;
    }
    protectedPixels++;
    const diff = Math.max(
      Math.abs((o[p] ?? 0) - (r[p] ?? 0)),
      Math.abs((o[p + 1] ?? 0) - (r[p + 1] ?? 0)),
      Math.abs((o[p + 2] ?? 0) - (r[p + 2] ?? 0)),
    );
    if (diff > threshold) changedPixels++;
    d[p] = 255;
    d[p + 1] = 40;
    d[p + 2] = 40;
    d[p + 3] = diff > threshold ? Math.min(255, 64 + diff * 2) : 0;
  }
  return { image: out, protectedPixels, changedPixels, threshold };
}
