// The mask as data: a history of operations in image coordinates, rasterised by an exact rule
// instead of canvas antialiasing. A pixel is painted when its centre (x + 0.5, y + 0.5) lies within
// `radius` of a stroke's polyline (a single point paints a disc). Every pixel is therefore fully
// in or out, the export needs no thresholding, and a test can recompute the coverage exactly.

/** Brush paints the area to edit; eraser unpaints it. */
export type MaskTool = 'brush' | 'eraser';

/** A point in image pixels (fractional). */
export interface MaskPoint {
  x: number;
  y: number;
}

/** One pointer drag. */
export interface MaskStroke {
  kind: 'stroke';
  tool: MaskTool;
  /** Brush radius in image pixels. */
  radius: number;
  points: MaskPoint[];
}

/** Everything that can be undone. */
export type MaskOperation = MaskStroke | { kind: 'invert' } | { kind: 'clear' };

/** Coverage bitmap: 1 where the mask is painted (will be transparent), 0 elsewhere. */
export interface MaskCoverage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Pixel bounds touched by an operation (inclusive start, exclusive end). */
export interface DirtyRect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Marks (value 1) or clears (value 0) the pixels within `r` of segment a–b; returns the touched rect. */
export function rasterizeSegment(cov: MaskCoverage, a: MaskPoint, b: MaskPoint, r: number, value: 0 | 1): DirtyRect {
  const x0 = Math.max(0, Math.floor(Math.min(a.x, b.x) - r - 0.5));
  const y0 = Math.max(0, Math.floor(Math.min(a.y, b.y) - r - 0.5));
  const x1 = Math.min(cov.width, Math.ceil(Math.max(a.x, b.x) + r + 0.5));
  const y1 = Math.min(cov.height, Math.ceil(Math.max(a.y, b.y) + r + 0.5));
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const r2 = r * r;
  for (let y = y0; y < y1; y++) {
    const cy = y + 0.5;
    for (let x = x0; x < x1; x++) {
      const cx = x + 0.5;
      const t = len2 > 0 ? Math.min(1, Math.max(0, ((cx - a.x) * dx + (cy - a.y) * dy) / len2)) : 0;
      const qx = cx - (a.x + t * dx);
      const qy = cy - (a.y + t * dy);
      if (qx * qx + qy * qy <= r2) cov.data[y * cov.width + x] = value;
    }
  }
  return { x0, y0, x1: Math.max(x0, x1), y1: Math.max(y0, y1) };
}

/** Applies one operation to a coverage bitmap; `scaleX`/`scaleY` map image coordinates to the bitmap's. */
export function applyOperation(cov: MaskCoverage, op: MaskOperation, scaleX = 1, scaleY = 1): DirtyRect {
  if (op.kind === 'clear') {
    cov.data.fill(0);
    return { x0: 0, y0: 0, x1: cov.width, y1: cov.height };
  }
  if (op.kind === 'invert') {
    for (let i = 0; i < cov.data.length; i++) cov.data[i] = cov.data[i] ? 0 : 1;
    return { x0: 0, y0: 0, x1: cov.width, y1: cov.height };
  }
  const value = op.tool === 'brush' ? 1 : 0;
  // Unequal scales would turn the disc into an ellipse; the geometric mean keeps the area right.
  const r = scaleX === scaleY ? op.radius * scaleX : op.radius * Math.sqrt(scaleX * scaleY);
  const pts = scaleX === 1 && scaleY === 1 ? op.points : op.points.map((p) => ({ x: p.x * scaleX, y: p.y * scaleY }));
  let dirty: DirtyRect = { x0: cov.width, y0: cov.height, x1: 0, y1: 0 };
  pts.forEach((p, i) => {
    dirty = union(dirty, rasterizeSegment(cov, pts[i - 1] ?? p, p, r, value));
  });
  return dirty;
}

/** Replays `ops` onto a fresh width x height bitmap (image coordinates scaled from `imageWidth` x `imageHeight`). */
export function rasterizeOperations(
  ops: readonly MaskOperation[],
  width: number,
  height: number,
  imageWidth = width,
  imageHeight = height,
): MaskCoverage {
  const cov: MaskCoverage = { width, height, data: new Uint8Array(width * height) };
  for (const op of ops) applyOperation(cov, op, width / imageWidth, height / imageHeight);
  return cov;
}

/** Smallest rect containing both. */
export function union(a: DirtyRect, b: DirtyRect): DirtyRect {
  return { x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) };
}

/** Undo/redo over mask operations; a new operation clears the redo stack. */
export class MaskHistory {
  private readonly done: MaskOperation[] = [];
  private readonly undone: MaskOperation[] = [];

  /** Operations currently in effect, oldest first. */
  get operations(): readonly MaskOperation[] {
    return this.done;
  }

  /** Records a finished operation. */
  push(op: MaskOperation): void {
    this.done.push(op);
    this.undone.length = 0;
  }

  /** Takes back the last operation; false when there is none. */
  undo(): boolean {
    const op = this.done.pop();
    if (op) this.undone.push(op);
    return op !== undefined;
  }

  /** Re-applies the last undone operation; false when there is none. */
  redo(): boolean {
    const op = this.undone.pop();
    if (op) this.done.push(op);
    return op !== undefined;
  }

  /** Whether undo/redo would do anything (for enabling buttons). */
  get canUndo(): boolean {
    return this.done.length > 0;
  }

  /** See canUndo. */
  get canRedo(): boolean {
    return this.undone.length > 0;
  }
}
