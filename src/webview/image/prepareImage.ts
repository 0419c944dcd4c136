// Turns any image the browser can decode into what a model accepts: square (center crop or
// transparent padding) when required, an accepted size, RGBA PNG, under the byte limit. PNG size
// depends on content (a noisy 1024² image can exceed 4 MB), so the encoded size is checked and
// the image stepped down (1024 → 768 → 512 …) until it fits. Call it only when core's
// needsPreparation() says so: an accepted file is better sent untouched.
import { createSurface, decodeBitmap, encodePng, now } from './canvasSurface';
import { ImageProcessingError } from './imageProcessingError';
import { t } from '../l10n';

/** What the prepared image must satisfy. */
export interface PrepareTarget {
  /** Make it square: 'crop' keeps the centre, 'pad' adds transparent borders. Absent: keep the aspect ratio. */
  square?: 'crop' | 'pad';
  /** Accepted square sides; the largest not above the source is tried first. */
  sizes?: number[];
  /** Longest output side when `sizes` is absent (default: the source's). */
  maxSide?: number;
  /** The encoded PNG must not exceed this many bytes. */
  maxBytes: number;
  /** Step-down stops below this side (default 256). */
  minSide?: number;
}

/** One thing done to the image, worded for the user. */
export interface PreparationStep {
  code: 'decoded' | 'cropped' | 'padded' | 'resized' | 'encoded' | 'steppedDown';
  message: string;
}

/** Where the time went, in milliseconds. */
export interface PreparationTiming {
  decodeMs: number;
  drawMs: number;
  encodeMs: number;
  totalMs: number;
  /** Encodings tried (more than 1 when the size had to step down). */
  attempts: number;
}

/** The prepared image. */
export interface PreparedImage {
  bytes: Uint8Array;
  width: number;
  height: number;
  mimeType: 'image/png';
  steps: PreparationStep[];
  timing: PreparationTiming;
}

/** Decodes, squares, resizes and encodes `bytes` as an RGBA PNG within `target`; throws ImageProcessingError when it cannot fit. */
export async function prepareImage(bytes: Uint8Array, mime: string, target: PrepareTarget): Promise<PreparedImage> {
  const t0 = now();
  const bitmap = await decodeBitmap(bytes, mime, 'display');
  const timing: PreparationTiming = { decodeMs: now() - t0, drawMs: 0, encodeMs: 0, totalMs: 0, attempts: 0 };
  const steps: PreparationStep[] = [
    {
      code: 'decoded',
      message: t('Read {width}x{height} {format}.', {
        width: bitmap.width,
        height: bitmap.height,
        format: mime.replace('image/', '').toUpperCase(),
      }),
    },
  ];
  try {
    const frame = squareFrame(bitmap.width, bitmap.height, target.square);
    if (frame.note) steps.push(frame.note);
    const ladder = sizeLadder(Math.max(frame.width, frame.height), target);
    for (let i = 0; i < ladder.length; i++) {
      const scale = (ladder[i] ?? 0) / Math.max(frame.width, frame.height);
      const width = Math.max(1, Math.round(frame.width * scale));
      const height = Math.max(1, Math.round(frame.height * scale));
      const t1 = now();
      const { canvas, ctx } = createSurface(width, height);
      ctx.imageSmoothingEnabled = true;
      ctx.imageSmoothingQuality = 'high';
      // The source rect may extend past the bitmap when padding: drawImage clips, the rest stays transparent.
      ctx.drawImage(bitmap, frame.sx, frame.sy, frame.width, frame.height, 0, 0, width, height);
      const t2 = now();
      const png = await encodePng(canvas);
      timing.drawMs += t2 - t1;
      timing.encodeMs += now() - t2;
      timing.attempts++;
      if (i === 0 && (width !== frame.width || height !== frame.height)) {
        steps.push({ code: 'resized', message: t('Resized to {width}x{height}.', { width, height }) });
      }
      if (png.length <= target.maxBytes) {
        steps.push({ code: 'encoded', message: t('Encoded as RGBA PNG, {size}.', { size: formatBytes(png.length) }) });
        timing.totalMs = now() - t0;
        return { bytes: png, width, height, mimeType: 'image/png', steps, timing };
      }
      const next = ladder[i + 1];
      if (next !== undefined) {
        steps.push({
          code: 'steppedDown',
          message: t('At {width}x{height} the PNG is {size}, over the {limit} limit; trying a smaller size.', {
            width,
            height,
            size: formatBytes(png.length),
            limit: formatBytes(target.maxBytes),
          }),
        });
      }
    }
  } finally {
    bitmap.close();
  }
  throw new ImageProcessingError(
    'tooLarge',
    t(
      'Even at the smallest allowed size the PNG stays over {limit}. Simplify the image (less noise or detail) or use a model with a larger limit.',
      { limit: formatBytes(target.maxBytes) },
    ),
  );
}

/** Source rectangle to draw: the whole image, its centered square, or a larger square around it. */
function squareFrame(
  w: number,
  h: number,
  square: PrepareTarget['square'],
): { sx: number; sy: number; width: number; height: number; note?: PreparationStep } {
  if (!square || w === h) return { sx: 0, sy: 0, width: w, height: h };
  if (square === 'crop') {
    const side = Math.min(w, h);
    const sx = Math.floor((w - side) / 2);
    const sy = Math.floor((h - side) / 2);
    return {
      sx,
      sy,
      width: side,
      height: side,
      note: { code: 'cropped', message: t('Cropped the centre {side}x{side} square (the model needs a square image).', { side }) },
    };
  }
  const side = Math.max(w, h);
  return {
    sx: -Math.floor((side - w) / 2),
    sy: -Math.floor((side - h) / 2),
    width: side,
    height: side,
    note: { code: 'padded', message: t('Padded to {side}x{side} with transparent borders (the model needs a square image).', { side }) },
  };
}

/** Longest-side candidates, best first: the accepted sizes, or the start size times 1, 3/4, 1/2, 3/8, 1/4 … */
export function sizeLadder(sourceSide: number, target: Pick<PrepareTarget, 'sizes' | 'maxSide' | 'minSide'>): number[] {
  const minSide = target.minSide ?? 256;
  if (target.sizes?.length) {
    const sizes = [...target.sizes].sort((a, b) => b - a);
    const fitting = sizes.filter((s) => s <= sourceSide);
    // A source smaller than every accepted size is scaled up to the smallest one: the model takes nothing else.
    return fitting.length ? fitting : [sizes[sizes.length - 1] ?? 0];
  }
  const start = Math.min(sourceSide, target.maxSide ?? sourceSide);
  const ladder = [start];
  for (let k = 1; ; k++) {
    const side = Math.round((start * (k % 2 === 1 ? 0.75 : 1)) / 2 ** Math.floor(k / 2));
    if (side < Math.min(minSide, start)) break;
    ladder.push(side);
  }
  return ladder;
}

function formatBytes(n: number): string {
  return n >= 1048576 ? `${(n / 1048576).toFixed(2)} MB` : `${Math.round(n / 1024)} KB`;
}
