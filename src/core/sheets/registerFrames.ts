// The cell pipeline: key each cell, drop what is not the figure, trim, then register every frame on
// one shared canvas (core column over core column, baseline on baseline), scale that canvas once
// for all frames to the uniform cell size, and place it at the pivot. Frames share one canvas and
// one scale, so their registration survives resampling exactly.
import type { RgbaImage } from '../image/pngCodec';
import { blankImage, blitImage, cropImage, opaqueBounds } from '../image/raster';
import { resizeRgba, type Kernel } from '../image/resize';
import { keepFigureBlobs } from './cellCleanup';
import type { PixelSize } from './gridCut';
import type { Keyer } from './keying';
import { registrationPoint, type RegistrationPoint } from './registration';

/** How the frames are registered and placed. */
export interface RegisterOptions {
  /** The output size of every frame. */
  cell: PixelSize;
  /** Where the registration point goes in the cell (fractions of its width and height); centred as a group when absent. */
  pivot?: readonly [number, number];
  /** Alpha above which a pixel is opaque for trimming and registration. */
  alphaThreshold?: number;
  /** Resampling when the frames are scaled down to the cell. */
  kernel?: Kernel;
  /** Drop specks and the tips of neighbouring cells (default true). */
  cleanup?: boolean;
}

/** One registered frame, at the cell size. */
export interface RegisteredFrame {
  image: RgbaImage;
  /** False when keying left nothing in the cell (the frame is transparent). */
  hasContent: boolean;
}

/** Frames at the cell size, registered on one point. */
export interface RegisteredFrames {
  frames: RegisteredFrame[];
  /** Where the registration point ended up, as fractions of the cell (the frames' anchor). */
  anchor: { x: number; y: number };
  /** The one scale applied to every frame (1 when they already fit). */
  scale: number;
}

interface Trimmed {
  image: RgbaImage;
  point: RegistrationPoint;
}

/** Keys, cleans, trims and registers `cells`, then lays each out at `options.cell`. */
export async function registerFrames(cells: readonly RgbaImage[], keyer: Keyer, options: RegisterOptions): Promise<RegisteredFrames> {
  const threshold = options.alphaThreshold ?? 127;
  const trimmed: Array<Trimmed | undefined> = [];
  for (const cell of cells) {
    const keyed = await keyer(cell);
    const own = keyed === cell ? { ...cell, data: new Uint8Array(cell.data) } : keyed;
    if (options.cleanup !== false) keepFigureBlobs(own);
    const bounds = opaqueBounds(own, 0);
    const image = bounds && cropImage(own, bounds);
    const point = image && registrationPoint(image, threshold);
    trimmed.push(image && point ? { image, point } : undefined);
  }
  const present = trimmed.filter((t): t is Trimmed => t !== undefined);
  const { width: cw, height: ch } = options.cell;
  if (present.length === 0) {
    return { frames: cells.map(() => ({ image: blankImage(cw, ch), hasContent: false })), anchor: { x: 0.5, y: 0.5 }, scale: 1 };
  }
  // The shared canvas: room left of the core column, right of it (the column included), above
  // the baseline (the baseline row included) and below it (soft pixels under the feet).
  const left = Math.max(...present.map((t) => t.point.column));
  const right = Math.max(...present.map((t) => t.image.width - t.point.column));
  const up = Math.max(...present.map((t) => t.point.baseline + 1));
  const down = Math.max(...present.map((t) => t.image.height - t.point.baseline - 1));
  const canvasW = left + right;
  const canvasH = up + down;
  const px = left + 0.5; // the core column's centre on the canvas
  const py = up; // the baseline's bottom edge on the canvas
  const pivot = options.pivot;
  const scale = Math.min(
    1,
    ...(pivot
      ? [(pivot[0] * cw) / px, ((1 - pivot[0]) * cw) / (canvasW - px), (pivot[1] * ch) / py, down > 0 ? ((1 - pivot[1]) * ch) / down : 1]
      : [cw / canvasW, ch / canvasH]),
  );
  if (!(scale > 0)) throw new RangeError(`The pivot [${pivot?.join(', ')}] leaves no room for the frames in a ${cw}x${ch} cell.`);
  const outW = Math.max(1, Math.min(cw, Math.round(canvasW * scale)));
  const outH = Math.max(1, Math.min(ch, Math.round(canvasH * scale)));
  const sx = outW / canvasW;
  const sy = outH / canvasH;
  const targetX = pivot ? pivot[0] * cw : (cw - outW) / 2 + px * sx;
  const targetY = pivot ? pivot[1] * ch : (ch - outH) / 2 + py * sy;
  const offsetX = Math.round(targetX - px * sx);
  const offsetY = Math.round(targetY - py * sy);
  const frames = trimmed.map((t): RegisteredFrame => {
    const cell = blankImage(cw, ch);
    if (!t) return { image: cell, hasContent: false };
    const canvas = blankImage(canvasW, canvasH);
    blitImage(canvas, t.image, left - t.point.column, up - 1 - t.point.baseline);
    const scaled = outW === canvasW && outH === canvasH ? canvas : resizeRgba(canvas, outW, outH, 'fill', options.kernel ?? 'lanczos3');
    blitImage(cell, scaled, offsetX, offsetY);
    return { image: cell, hasContent: true };
  });
  const round = (v: number) => Math.round(v * 10000) / 10000;
  return { frames, anchor: { x: round((offsetX + px * sx) / cw), y: round((offsetY + py * sy) / ch) }, scale: round(Math.min(sx, sy)) };
}
